/**
 * The worksheet functions' work, without Office: ranges come in as 2-D arrays (Excel passes an
 * empty cell as ""), answers go out as numbers, rows to spill, or a failure (an Excel error kind
 * and a Russian message) that functions.ts turns into a CustomFunctions.Error. Nothing here throws.
 */
import { MarkCounts, MarksResult, computeMarks, countMarkGrid, countsProblem } from '../engine/marks/formulas';
import { CutScores, scaleProblems, markFor, scaleMax } from '../engine/marks/scales';
import { readNumber } from '../engine/values';

export type Cell = string | number | boolean | null;
export type Grid = Cell[][];

export interface Failure {
  fail: 'invalidValue' | 'notAvailable' | 'invalidNumber';
  message: string;
}

export type Answer<T> = T | Failure;

export function isFailure(x: unknown): x is Failure {
  return typeof x === 'object' && x !== null && 'fail' in x;
}

const NO_DATA: Failure = { fail: 'notAvailable', message: 'нет данных: в диапазоне нет ни одной отметки' };

function at(row: number, col: number): string {
  return `строка ${row + 1}, столбец ${col + 1} диапазона`;
}

/** Counts the marks of a range; a cell that is not 2–5, «н/а» or empty makes the answer #VALUE!. */
export function countsOfMarks(marks: Grid): Answer<MarkCounts> {
  const { counts, bad } = countMarkGrid(marks.map((line) => line.map((v) => (v === '' ? null : v))));
  if (bad.length > 0)
    return {
      fail: 'invalidValue',
      message: `Не отметка ${bad[0].shown} (${at(bad[0].row, bad[0].col)}): бывают 2, 3, 4, 5 и «н/а».`,
    };
  return counts;
}

/** Counts given as a range of 4 or 5 numbers: n5, n4, n3, n2 [, nНА], in a row or a column. */
export function countsOfRange(counts: Grid): Answer<MarkCounts> {
  const flat = counts.flat().filter((v) => v !== '' && v !== null);
  if (flat.length < 4 || flat.length > 5)
    return {
      fail: 'invalidValue',
      message: `Нужно 4 или 5 чисел: количество «5», «4», «3», «2» и, если есть, «н/а»; в диапазоне ${flat.length}.`,
    };
  const nums: number[] = [];
  for (const v of flat) {
    const r = readNumber(v);
    if (r.kind !== 'number') return { fail: 'invalidValue', message: `«${String(v)}» — не количество отметок.` };
    nums.push(r.value);
  }
  const c: MarkCounts = { n5: nums[0], n4: nums[1], n3: nums[2], n2: nums[3], na: nums[4] ?? 0 };
  const p = countsProblem(c);
  return p ? { fail: 'invalidNumber', message: p } : c;
}

function result(counts: Answer<MarkCounts>, includeNa: boolean | null | undefined): Answer<MarksResult> {
  if (isFailure(counts)) return counts;
  return computeMarks(counts, { includeNotAssessed: includeNa === true });
}

function pick(r: Answer<MarksResult>, get: (x: MarksResult) => number | null): Answer<number> {
  if (isFailure(r)) return r;
  const v = get(r);
  return v === null ? NO_DATA : v;
}

export const passRate = (marks: Grid, includeNa?: boolean | null): Answer<number> =>
  pick(result(countsOfMarks(marks), includeNa), (r) => r.passRate);
export const quality = (marks: Grid, includeNa?: boolean | null): Answer<number> =>
  pick(result(countsOfMarks(marks), includeNa), (r) => r.quality);
export const averageMark = (marks: Grid): Answer<number> => pick(result(countsOfMarks(marks), false), (r) => r.average);
export const sou = (marks: Grid, includeNa?: boolean | null): Answer<number> =>
  pick(result(countsOfMarks(marks), includeNa), (r) => r.sou);

/** The columns of the row that SHNOR.MARKS and SHNOR.FROM_COUNTS spill. */
export const ROW_COLUMNS = [
  'n',
  '«5»',
  '«4»',
  '«3»',
  '«2»',
  '«н/а»',
  'Успеваемость, %',
  'Качество, %',
  'Средний балл',
  'СОУ, %',
];

function row(r: Answer<MarksResult>): Answer<(number | string)[][]> {
  if (isFailure(r)) return r;
  const c = r.counts;
  const show = (v: number | null): number | string => (v === null ? 'нет данных' : v);
  return [[r.n, c.n5, c.n4, c.n3, c.n2, c.na, show(r.passRate), show(r.quality), show(r.average), show(r.sou)]];
}

export const marksRow = (marks: Grid, includeNa?: boolean | null): Answer<(number | string)[][]> =>
  row(result(countsOfMarks(marks), includeNa));
export const fromCountsRow = (counts: Grid, includeNa?: boolean | null): Answer<(number | string)[][]> =>
  row(result(countsOfRange(counts), includeNa));

/** A mark from a total by a scale range of three columns: от | до | отметка (a header row is skipped). */
export function markOf(total: Cell, scale: Grid): Answer<number> {
  const t = readNumber(total === '' ? null : total);
  if (t.kind !== 'number') return { fail: 'invalidValue', message: 'Балл — не число.' };
  const bands: CutScores['scale'] = [];
  for (const line of scale) {
    if (line.length < 3) return { fail: 'invalidValue', message: 'Шкала — три столбца: от, до, отметка.' };
    const [a, b, m] = line.slice(0, 3).map((v) => readNumber(v === '' ? null : v));
    if (a.kind === 'empty' && b.kind === 'empty' && m.kind === 'empty') continue;
    if (a.kind !== 'number' || b.kind !== 'number' || m.kind !== 'number') {
      if (bands.length === 0 && a.kind === 'text') continue; // the header row
      return { fail: 'invalidValue', message: 'В шкале не число: нужны от, до и отметка в каждой строке.' };
    }
    if (![2, 3, 4, 5].includes(m.value))
      return { fail: 'invalidValue', message: `Отметка ${m.value} в шкале: бывают только 2, 3, 4, 5.` };
    bands.push({ from: a.value, to: b.value, mark: m.value as 2 | 3 | 4 | 5 });
  }
  if (bands.length === 0) return { fail: 'invalidValue', message: 'Шкала пуста.' };
  const s: CutScores = { procedure: 'шкала', year: 2000, scale: bands, example: false };
  const problems = scaleProblems(s);
  if (problems.length > 0) return { fail: 'invalidValue', message: problems[0].message.replace(/^[^:]*: /, 'Шкала: ') };
  if (t.value < 0 || t.value > scaleMax(s))
    return { fail: 'invalidNumber', message: `Балл ${t.value} вне шкалы (0–${scaleMax(s)}).` };
  const mark = markFor(s, t.value);
  return mark === null ? { fail: 'invalidNumber', message: `Балл ${t.value} не попадает в шкалу.` } : mark;
}
