/**
 * School marks (DOMAIN.md §7): общая успеваемость, качество знаний, средний балл and СОУ (степень
 * обученности по В. П. Симонову) from the counts of marks «5», «4», «3», «2» (and of pupils not
 * assessed, «н/а», when the user includes them). Nothing here divides by zero: n = 0 gives null,
 * shown to users as «нет данных».
 */
import { CellValue, isCellError } from '../snapshot';
import { parseNumberText } from '../values';

export interface MarkCounts {
  n5: number;
  n4: number;
  n3: number;
  n2: number;
  /** Pupils not assessed («н/а»). */
  na: number;
}

export interface MarksSettings {
  /** Count «н/а» pupils in n (and in СОУ with weight 0,07). Off by default. */
  includeNotAssessed: boolean;
}

export const DEFAULT_MARKS_SETTINGS: MarksSettings = { includeNotAssessed: false };

/** Weights of СОУ by В. П. Симонов. */
export const SOU_WEIGHTS = { n5: 1, n4: 0.64, n3: 0.36, n2: 0.16, na: 0.07 } as const;

export interface MarksResult {
  counts: MarkCounts;
  /** n: pupils with a mark, plus «н/а» when they are included. */
  n: number;
  /** Общая успеваемость, % (null: нет данных). */
  passRate: number | null;
  /** Качество знаний (качественная успеваемость), %. */
  quality: number | null;
  /** Средний балл, over the pupils with a mark «2»–«5» («н/а» has no mark). */
  average: number | null;
  /** СОУ, %. */
  sou: number | null;
}

/** Removes binary noise (0.64·1 + … = 52.00000000000001). */
function clean(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** The four indicators of §7. Counts are taken as given; validate them with `countsProblem` first. */
export function computeMarks(counts: MarkCounts, settings: MarksSettings = DEFAULT_MARKS_SETTINGS): MarksResult {
  const { n5, n4, n3, n2 } = counts;
  const na = settings.includeNotAssessed ? counts.na : 0;
  const marked = n5 + n4 + n3 + n2;
  const n = marked + na;
  const share = (x: number): number | null => (n > 0 ? clean((x / n) * 100) : null);
  const w = SOU_WEIGHTS;
  return {
    counts: { ...counts },
    n,
    passRate: share(n5 + n4 + n3),
    quality: share(n5 + n4),
    average: marked > 0 ? clean((5 * n5 + 4 * n4 + 3 * n3 + 2 * n2) / marked) : null,
    sou: share(w.n5 * n5 + w.n4 * n4 + w.n3 * n3 + w.n2 * n2 + w.na * na),
  };
}

/** Why a set of counts cannot be used (Russian), or null when it can: counts are whole and not negative. */
export function countsProblem(counts: MarkCounts): string | null {
  const names: [keyof MarkCounts, string][] = [
    ['n5', '«5»'],
    ['n4', '«4»'],
    ['n3', '«3»'],
    ['n2', '«2»'],
    ['na', '«н/а»'],
  ];
  for (const [k, label] of names) {
    const v = counts[k];
    if (!Number.isFinite(v)) return `Количество отметок ${label} — не число.`;
    if (v < 0) return `Количество отметок ${label} отрицательное (${String(v).replace('.', ',')}).`;
    if (!Number.isInteger(v)) return `Количество отметок ${label} дробное (${String(v).replace('.', ',')}).`;
  }
  return null;
}

export function emptyCounts(): MarkCounts {
  return { n5: 0, n4: 0, n3: 0, n2: 0, na: 0 };
}

/** What one cell of a column of marks holds. */
export type MarkCell =
  { kind: 'mark'; mark: 2 | 3 | 4 | 5 } | { kind: 'na' } | { kind: 'empty' } | { kind: 'bad'; shown: string };

const NA_MARKS = new Set(['н/а', 'на', 'н/a', 'н.а', 'н', 'н/я', 'не аттестован', 'не аттестована', 'неаттестован']);
const SKIP = new Set(['-', '—', '–', 'осв', 'освобожден', 'освобождена', 'зач', 'зачет']);

/** Reads a cell of a column of marks: 2–5 (a number or its text), «н/а», empty; anything else is bad. */
export function readMark(v: CellValue | undefined): MarkCell {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'boolean') return { kind: 'bad', shown: v ? 'ИСТИНА' : 'ЛОЖЬ' };
  if (isCellError(v)) return { kind: 'bad', shown: v.error };
  let num: number | null = null;
  if (typeof v === 'number') num = v;
  else {
    const t = v
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .trim()
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[«»"'.]+$/g, '')
      .replace(/^[«»"']+/g, '')
      .replace(/\s+/g, ' ');
    if (t === '') return { kind: 'empty' };
    if (NA_MARKS.has(t)) return { kind: 'na' };
    if (SKIP.has(t)) return { kind: 'empty' };
    const p = parseNumberText(t);
    if (p && !p.percent) num = p.value;
    else return { kind: 'bad', shown: `«${v.trim().slice(0, 40)}»` };
  }
  if (num === 2 || num === 3 || num === 4 || num === 5) return { kind: 'mark', mark: num };
  return { kind: 'bad', shown: String(num).replace('.', ',') };
}

export interface BadMark {
  /** Row and column inside the given grid, 0-based. */
  row: number;
  col: number;
  shown: string;
}

/** Counts the marks of a grid (a column, a row or a block of cells); bad cells are listed, not counted. */
export function countMarkGrid(grid: readonly (readonly (CellValue | undefined)[])[]): {
  counts: MarkCounts;
  bad: BadMark[];
} {
  const counts = emptyCounts();
  const bad: BadMark[] = [];
  grid.forEach((line, row) =>
    line.forEach((v, col) => {
      const m = readMark(v);
      if (m.kind === 'mark') counts[`n${m.mark}`]++;
      else if (m.kind === 'na') counts.na++;
      else if (m.kind === 'bad') bad.push({ row, col, shown: m.shown });
    }),
  );
  return { counts, bad };
}
