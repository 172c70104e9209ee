/**
 * «Отметки» on a selected range: tells what the range holds — counts of marks (a header «5» «4»
 * «3» «2» [«н/а»] over rows of numbers, or the same transposed), a ВПР protocol (a header with a
 * total or task columns), or plain marks (a column or block of 2–5 and «н/а») — computes the §7
 * indicators for each group, and builds the small result table written next to the selection.
 */
import { Edit } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetSnapshot, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel, roundTo } from '../text';
import { readNumber } from '../values';
import {
  DEFAULT_MARKS_SETTINGS,
  MarkCounts,
  MarksResult,
  MarksSettings,
  computeMarks,
  countMarkGrid,
  countsProblem,
  emptyCounts,
  readMark,
} from './formulas';
import { readProtocol } from './protocol';
import { scaleBookOf } from './scales';

export type MarksSource = 'counts' | 'marks' | 'protocol';

export interface MarksGroup {
  /** A class or subject label from the range, or «Выделение». */
  label: string;
  result: MarksResult;
}

export interface MarksAnalysis {
  source: MarksSource;
  groups: MarksGroup[];
  issues: Issue[];
  /** For a protocol: the procedure, year and where the scale came from. */
  note?: string;
}

type Key = keyof MarkCounts;

/** A header cell naming a count column: `5`, «5», `"5"`, `кол-во «5»`, `на 5`, `н/а`. */
export function countLabel(v: CellValue | undefined): Key | null {
  if (typeof v === 'number') return v === 5 || v === 4 || v === 3 || v === 2 ? (`n${v}` as Key) : null;
  if (typeof v !== 'string') return null;
  const t = normalizeLabel(v).replace(/[«»"“”']/g, '');
  if (/^(кол-?во |количество )?(н\/а|на|не аттестовано|не аттестованы|неаттестованных)$/.test(t)) return 'na';
  const m = /^(?:кол-?во |количество |отметка |оценка |на |отметок |оценок )*([2-5])$/.exec(t);
  return m ? (`n${m[1]}` as Key) : null;
}

function textOf(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** Counts laid out with a header row; null when the first row is not such a header. */
function countsByRows(
  grid: (CellValue | undefined)[][],
  at: (r: number, c: number) => string,
  settings: MarksSettings,
  sheet: string,
): { groups: MarksGroup[]; issues: Issue[] } | null {
  if (grid.length < 2) return null;
  const head = grid[0];
  const keys = new Map<number, Key>();
  const seen = new Set<Key>();
  let textLabels = 0;
  head.forEach((v, c) => {
    const k = countLabel(v);
    if (k && !seen.has(k)) {
      keys.set(c, k);
      seen.add(k);
      if (typeof v === 'string') textLabels++;
    }
  });
  if (!['n5', 'n4', 'n3', 'n2'].every((k) => seen.has(k as Key))) return null;
  // a block of plain marks whose first row happens to read 5 4 3 2: every cell a mark or empty
  if (textLabels === 0 && grid.every((line) => line.every((v) => readMark(v).kind !== 'bad'))) return null;
  const labelCol = head.findIndex((_, c) => !keys.has(c));
  const groups: MarksGroup[] = [];
  const issues: Issue[] = [];
  for (let r = 1; r < grid.length; r++) {
    const line = grid[r] ?? [];
    const counts = emptyCounts();
    let any = false;
    let bad = false;
    for (const [c, k] of keys) {
      const v = readNumber(line[c] ?? null);
      if (v.kind === 'number') {
        counts[k] = v.value;
        any = true;
      } else if (v.kind === 'text' || v.kind === 'error') {
        issues.push(
          makeIssue(
            'NOT-A-NUMBER',
            { sheet, cell: at(r, c), section: 'Отметки' },
            `«${textOf(line[c])}» — не количество отметок.`,
          ),
        );
        bad = true;
      }
    }
    if (!any && !bad) continue;
    const label =
      labelCol >= 0 && textOf(line[labelCol]).trim() !== '' ? textOf(line[labelCol]).trim() : `строка ${r + 1}`;
    const problem = countsProblem(counts);
    if (problem) {
      issues.push(
        makeIssue(
          'OUT-OF-RANGE',
          { sheet, cell: at(r, [...keys.keys()][0]), section: 'Отметки' },
          `${label}: ${problem} Строка не посчитана.`,
        ),
      );
      continue;
    }
    if (bad) continue;
    groups.push({ label, result: computeMarks(counts, settings) });
  }
  return { groups, issues };
}

/**
 * Analyses a selected range (a snapshot of just that range, with its `origin`) against the workbook
 * it comes from (for the «Шкала перевода» sheet).
 */
export function analyzeMarksRange(
  range: SheetSnapshot,
  wb: WorkbookSnapshot,
  settings: MarksSettings = DEFAULT_MARKS_SETTINGS,
): MarksAnalysis {
  const r0 = range.origin?.row ?? 0;
  const c0 = range.origin?.col ?? 0;
  const sheet = range.name;
  const grid = range.values.map((line) => [...(line ?? [])]);
  const width = Math.max(0, ...grid.map((l) => l.length));
  // counts: a header row, or a header column (transposed)
  const byRows = countsByRows(grid, (r, c) => a1(r0 + r, c0 + c), settings, sheet);
  if (byRows) return { source: 'counts', ...byRows };
  const transposed = Array.from({ length: width }, (_, c) => grid.map((l) => l[c]));
  const byCols = countsByRows(transposed, (c, r) => a1(r0 + r, c0 + c), settings, sheet);
  if (byCols) return { source: 'counts', ...byCols };
  // a protocol
  const { book, issues: scaleIssues } = scaleBookOf(wb);
  const protocol = readProtocol(range, book, { settings });
  if (protocol && (protocol.columns.total !== null || protocol.columns.tasks.length > 0)) {
    const label = protocol.procedure ?? 'Протокол';
    return {
      source: 'protocol',
      groups: [{ label, result: protocol.result }],
      issues: [...scaleIssues, ...protocol.issues],
      note: protocol.scale
        ? `Шкала «${protocol.scale.procedure}» ${protocol.scale.year} г. (${protocol.scale.source ?? ''})`
        : undefined,
    };
  }
  // a list of pupils with a «Отметка» column (ФИО | Отметка): only that column is counted
  if (protocol && protocol.columns.mark !== null)
    return {
      source: 'marks',
      groups: [
        {
          label: textOf(range.values[protocol.columns.header - r0]?.[protocol.columns.mark - c0]).trim() || 'Отметка',
          result: protocol.result,
        },
      ],
      issues: protocol.issues,
    };
  // plain marks: a header row of text above them is skipped
  let from = 0;
  while (
    from < grid.length &&
    grid[from].some((v) => readMark(v).kind === 'bad') &&
    grid[from].every((v) => {
      const m = readMark(v);
      return m.kind !== 'mark';
    })
  )
    from++;
  if (from > 2) from = 0;
  const label =
    from > 0 ? (grid[from - 1].map((v) => textOf(v).trim()).find((t) => t !== '') ?? 'Выделение') : 'Выделение';
  const { counts, bad } = countMarkGrid(grid.slice(from));
  const issues = bad.map((b) =>
    makeIssue(
      'MARKS-BAD-MARK',
      { sheet, cell: a1(r0 + from + b.row, c0 + b.col), section: 'Отметки' },
      `Отметка ${b.shown} — не 2, 3, 4, 5 и не «н/а»: не учтена.`,
      b.shown,
    ),
  );
  return { source: 'marks', groups: [{ label, result: computeMarks(counts, settings) }], issues };
}

/** The rows of the result table: a label and how to read each group's value. */
const ROWS: [string, (r: MarksResult) => number | null, number][] = [
  ['Учащихся (n)', (r) => r.n, 0],
  ['«5»', (r) => r.counts.n5, 0],
  ['«4»', (r) => r.counts.n4, 0],
  ['«3»', (r) => r.counts.n3, 0],
  ['«2»', (r) => r.counts.n2, 0],
  ['«н/а»', (r) => r.counts.na, 0],
  ['Успеваемость, %', (r) => r.passRate, 1],
  ['Качество знаний, %', (r) => r.quality, 1],
  ['Средний балл', (r) => r.average, 2],
  ['СОУ, %', (r) => r.sou, 1],
];

export const NO_DATA = 'нет данных';

/** The result table as rows of cells: a header, then one row per indicator, a column per group. */
export function marksTable(groups: readonly MarksGroup[]): (string | number)[][] {
  const out: (string | number)[][] = [['Показатель', ...groups.map((g) => g.label)]];
  for (const [label, get, decimals] of ROWS)
    out.push([
      label,
      ...groups.map((g) => {
        const v = get(g.result);
        return v === null ? NO_DATA : roundTo(v, decimals);
      }),
    ]);
  return out;
}

/**
 * The edits that write the result table next to the selection (one empty column to its right).
 * Written as the product's own values: a second run replaces them; a cell with the user's own
 * data in the way is left alone and reported by the host.
 */
export function marksEdits(range: SheetSnapshot, analysis: MarksAnalysis): { edits: Edit[]; address: string } {
  const r0 = range.origin?.row ?? 0;
  const c0 = range.origin?.col ?? 0;
  const width = Math.max(1, ...range.values.map((l) => l?.length ?? 0));
  const col = c0 + width + 1;
  const table = marksTable(analysis.groups);
  const edits: Edit[] = [];
  table.forEach((line, r) =>
    line.forEach((value, c) =>
      edits.push({ kind: 'setValue', sheet: range.name, cell: a1(r0 + r, col + c), value, purpose: 'conclusion' }),
    ),
  );
  const address = `${a1(r0, col)}:${a1(r0 + table.length - 1, col + table[0].length - 1)}`;
  return { edits, address };
}
