/** The issues identification reports, at most 500 of each code (then one line saying how many more). */
import { CellValue, isCellError } from '../../snapshot';
import { Issue, IssueCode, makeIssue } from '../../issues';

const SECTION = 'Результаты';
const MAX_ISSUES_PER_CODE = 500;

export class IssueSink {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  add(code: IssueCode, sheet: string | null, cell: string | null, message: string, value?: CellValue): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n > MAX_ISSUES_PER_CODE) return;
    const v =
      value === undefined
        ? undefined
        : value === null
          ? null
          : isCellError(value)
            ? value.error
            : typeof value === 'boolean'
              ? String(value)
              : value;
    this.issues.push(makeIssue(code, { sheet, cell, section: SECTION }, message, v));
  }
  finish(): Issue[] {
    for (const [code, n] of this.counts) {
      if (n > MAX_ISSUES_PER_CODE) {
        const first = this.issues.find((i) => i.code === code)!;
        this.issues.push(
          makeIssue(
            code as IssueCode,
            { sheet: first.sheet, section: SECTION },
            `И ещё ${n - MAX_ISSUES_PER_CODE} таких же замечаний (показаны первые ${MAX_ISSUES_PER_CODE}).`,
          ),
        );
      }
    }
    return this.issues;
  }
}
