/**
 * Problems of reading a ФИС ОКО report (docs/identification.md, «Отчёты ФИС ОКО»): what `shnor
 * check`, `shnor identify` and the pane report about the report itself, each with its cell.
 *
 * - no hierarchy: no region or municipality rows, or schools above the first municipality
 *   (FISOKO-NO-HIERARCHY): the schools get no municipality and the means are unknown;
 * - a row that looks like a school but has no login «(sch…)» (FISOKO-NO-LOGIN): it was read as a
 *   municipality, so that school is not identified;
 * - «Статистика по отметкам»: the shares of the marks of a row not summing to 100 % within the
 *   rounding of the report (FISOKO-SHARES-SUM);
 * - a share (or percent of completion) that is not a number or outside 0…100, a count that is not
 *   a whole number (NOT-A-NUMBER, OUT-OF-RANGE) — on the hierarchy rows and the columns the
 *   identification does not read (it reports the participants and the «2» share of schools itself);
 * - a municipality or region row whose participants or «Кол-во ОО» differ from its schools'
 *   (RESULTS-TOTAL-MISMATCH).
 */
import { Issue, makeIssue } from '../issues';
import { SheetSnapshot, SheetView, a1 } from '../snapshot';
import { formatNumberRu } from '../text';
import { readNumber, showValue } from '../values';
import { FisOkoReport } from './fisoko';

/** A name that reads as a school's, not a municipality's: kinds of schools and their abbreviations. */
const SCHOOL_NAME =
  /(^|[^а-яё])(м[абк]?оу|г[аб]?оу|ч?оу|н?сош|оош|нош|сош|лицей|лицея|гимнази[яи]|школа|школы|кадетск[а-я]*|интернат)([^а-яё]|$)/i;
const PLACE_NAME = /(район|округ|город|г\.|муниципал|област|край|республик|поселени)/i;

function decimals(v: unknown): number {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /[.,](\d+)(?:\s*%)?$/.exec(s);
  return m ? m[1].length : 0;
}

interface RowLike {
  row: number;
  name: string;
}

/** The reading problems of one report; `sheet` is the name its issues carry (`файл: лист` with several files). */
export function fisOkoProblems(rep: FisOkoReport, snapshot: SheetSnapshot, sheet: string, file?: string): Issue[] {
  const view = new SheetView(snapshot);
  const issues: Issue[] = [];
  const where = file ? `«${file}», лист «${rep.sheet}»` : `Лист «${rep.sheet}»`;
  const at = (r: number, c: number): { sheet: string; cell: string } => ({ sheet, cell: a1(r, c) });
  const rowName = (x: RowLike): string => `строка ${x.row + 1} («${x.name}»)`;
  const marks = rep.kind === 'marks';
  const what = marks ? 'доля' : 'выполнение';

  // --- The hierarchy: the region and the municipalities above the schools.
  const schoolRows: (RowLike & { code: string | null; municipality: string | null })[] = marks
    ? rep.schools
    : (rep.tasks ?? []).filter((t) => t.level === 'school');
  const meanRows: (RowLike & { level: string })[] = marks
    ? rep.means
    : (rep.tasks ?? []).filter((t) => t.level !== 'school');
  const municipalities = meanRows.filter((m) => m.level === 'municipality');
  if (schoolRows.length > 0 && meanRows.length === 0) {
    issues.push(
      makeIssue(
        'FISOKO-NO-HIERARCHY',
        at(schoolRows[0].row, rep.groupCol),
        `${where}: в отчёте ФИС ОКО нет строк «Вся выборка», региона и муниципалитетов — только школы. Муниципалитет школ не указан, средние по региону и муниципалитетам для сравнения не известны.`,
      ),
    );
  } else if (schoolRows.length > 0 && municipalities.length === 0) {
    issues.push(
      makeIssue(
        'FISOKO-NO-HIERARCHY',
        at(schoolRows[0].row, rep.groupCol),
        `${where}: в отчёте ФИС ОКО нет строк муниципалитетов над школами: муниципалитет школ не указан, средние по муниципалитетам не известны.`,
      ),
    );
  } else {
    const orphans = schoolRows.filter((s) => s.municipality === null);
    if (orphans.length > 0)
      issues.push(
        makeIssue(
          'FISOKO-NO-HIERARCHY',
          at(orphans[0].row, rep.groupCol),
          `${where}: ${orphans.length === 1 ? 'школа стоит' : `${orphans.length} школ стоят`} выше первой строки муниципалитета (первая — ${rowName(orphans[0])}): муниципалитет не указан.`,
        ),
      );
  }
  for (const m of municipalities) {
    if (!SCHOOL_NAME.test(m.name) || PLACE_NAME.test(m.name)) continue;
    issues.push(
      makeIssue(
        'FISOKO-NO-LOGIN',
        at(m.row, rep.groupCol),
        `${where}, ${rowName(m)}: похоже на школу, но логина ОО в скобках нет («(sch740101) МБОУ «СОШ № 1»»). Строка прочитана как муниципалитет, эта школа в идентификации не участвует.`,
      ),
    );
  }

  // --- Numbers the identification does not read: every column of the hierarchy rows, the other marks of schools.
  const checkShare = (r: number, c: number, label: string): number | null => {
    const v = view.raw(r, c);
    const rv = readNumber(v, view.format(r, c));
    if (rv.kind === 'empty' || rv.kind === 'na') return null;
    if (rv.kind !== 'number') {
      issues.push(
        makeIssue(
          'NOT-A-NUMBER',
          at(r, c),
          `${where}, ячейка ${a1(r, c)} (${what} «${label}»): ${showValue(v)} — не число.`,
          plain(v),
        ),
      );
      return null;
    }
    if (rv.value < 0 || rv.value > 100) {
      issues.push(
        makeIssue(
          'OUT-OF-RANGE',
          at(r, c),
          `${where}, ячейка ${a1(r, c)} (${what} «${label}»): ${showValue(v)} — должно быть от 0 до 100 %.`,
          rv.value,
        ),
      );
      return null;
    }
    return rv.value;
  };
  const checkCount = (r: number, c: number | null, label: string): number | null => {
    if (c === null) return null;
    const v = view.raw(r, c);
    const rv = readNumber(v, null);
    if (rv.kind === 'empty' || rv.kind === 'na') return null;
    if (rv.kind !== 'number' || rv.value < 0 || !Number.isInteger(rv.value)) {
      issues.push(
        makeIssue(
          rv.kind === 'number' ? 'OUT-OF-RANGE' : 'NOT-A-NUMBER',
          at(r, c),
          `${where}, ячейка ${a1(r, c)} («${label}»): ${showValue(v)} — нужно целое неотрицательное число.`,
          rv.kind === 'number' ? rv.value : plain(v),
        ),
      );
      return null;
    }
    return rv.value;
  };

  const schoolSet = new Set(schoolRows.map((s) => s.row));
  const rows = [...meanRows, ...schoolRows].sort((a, b) => a.row - b.row);
  for (const x of rows) {
    const school = schoolSet.has(x.row);
    if (!school || !marks) {
      checkCount(x.row, rep.participantsCol, 'Кол-во участников');
      if (!school) checkCount(x.row, rep.schoolsCol, 'Кол-во ОО');
    }
    const shares: number[] = [];
    let places = 0;
    for (const l of rep.labels) {
      if (school && marks && l.col === rep.failedCol) {
        // read by the identification, which reports it; counted in the sum here
        const rv = readNumber(view.raw(x.row, l.col), view.format(x.row, l.col));
        if (rv.kind === 'number' && rv.value >= 0 && rv.value <= 100) shares.push(rv.value);
        else if (rv.kind !== 'empty' && rv.kind !== 'na') shares.push(NaN);
      } else {
        const v = checkShare(x.row, l.col, l.label);
        if (v !== null) shares.push(v);
        else if (!isBlank(view.raw(x.row, l.col))) shares.push(NaN);
      }
      places = Math.max(places, decimals(view.raw(x.row, l.col)));
    }
    if (!marks || shares.length === 0 || shares.some((s) => Number.isNaN(s))) continue;
    const sum = shares.reduce((a, b) => a + b, 0);
    // Each share rounded to `places` decimals may be off by half a unit of the last place.
    const tolerance = rep.labels.length * 0.5 * 10 ** -places + 1e-9;
    if (Math.abs(sum - 100) > tolerance) {
      const cols = rep.labels.map((l) => l.col);
      const range = `${a1(x.row, Math.min(...cols))}:${a1(x.row, Math.max(...cols))}`;
      issues.push(
        makeIssue(
          'FISOKO-SHARES-SUM',
          { sheet, cell: range },
          `${where}, ${rowName(x)}: доли отметок ${rep.labels.map((l) => `«${l.label}»`).join(', ')} в сумме ${shortNumber(sum)} %, а не 100 % (ячейки ${range}).`,
          Math.round(sum * 100) / 100,
        ),
      );
    }
  }

  // --- Totals: a municipality (and the region) against the schools under it.
  const schoolsByRow = schoolRows.map((s) => ({
    row: s.row,
    participants: readCount(view, s.row, rep.participantsCol),
  }));
  const totals = meanRows.filter((m) => m.level === 'municipality' || m.level === 'region');
  for (const m of totals) {
    let end = Infinity;
    if (m.level === 'municipality') {
      const next = meanRows.find((n) => n.row > m.row);
      end = next ? next.row : Infinity;
    }
    const mine = schoolsByRow.filter((s) => s.row > m.row && s.row < end);
    if (mine.length === 0) continue;
    const part = readCount(view, m.row, rep.participantsCol);
    const sum = mine.reduce((a, s) => a + (s.participants ?? 0), 0);
    const level = m.level === 'region' ? 'региона' : 'муниципалитета';
    if (part !== null && mine.every((s) => s.participants !== null) && part !== sum)
      issues.push(
        makeIssue(
          'RESULTS-TOTAL-MISMATCH',
          at(m.row, rep.participantsCol),
          `${where}, ${rowName(m)}: участников ${level} ${part}, а у его школ в отчёте вместе ${sum}.`,
          part,
        ),
      );
    const oo = rep.schoolsCol === null ? null : readCount(view, m.row, rep.schoolsCol);
    if (oo !== null && rep.schoolsCol !== null && oo !== mine.length)
      issues.push(
        makeIssue(
          'RESULTS-TOTAL-MISMATCH',
          at(m.row, rep.schoolsCol),
          `${where}, ${rowName(m)}: «Кол-во ОО» ${level} ${oo}, а школ под ним в отчёте ${mine.length}.`,
          oo,
        ),
      );
  }
  return issues;
}

/** A number with up to two decimals and no trailing zeros: 107, 99,97. */
function shortNumber(v: number): string {
  return formatNumberRu(v, 2)
    .replace(/,(\d*?)0+$/, ',$1')
    .replace(/,$/, '');
}

/** A cell's value as an issue's `value`: texts and numbers as they are, anything else none. */
function plain(v: unknown): string | number | null {
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function readCount(view: SheetView, r: number, c: number): number | null {
  const rv = readNumber(view.raw(r, c), null);
  return rv.kind === 'number' && rv.value >= 0 && Number.isInteger(rv.value) ? rv.value : null;
}
