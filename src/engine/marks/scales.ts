/**
 * Cut scores (DOMAIN.md §7): how a ВПР total (первичный балл) becomes a mark, per procedure and
 * year. A scale is data — a zod-validated descriptor `{ procedure, year, scale: [{ from, to, mark }] }`
 * — so the user can replace it: a sheet «Шкала перевода» in the workbook (columns процедура / год /
 * от / до / отметка) overrides the shipped tables for the same procedure and year.
 *
 * The shipped tables are EXAMPLES: the official values are published by ФИОКО each year and we do
 * not ship what we could not check against them. Every shipped table says so (`example: true`), and
 * a protocol marked by one gets an info issue asking the user to check it.
 */
import { z } from 'zod';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { parseSchoolYear } from '../years';
import { readNumber } from '../values';
import { parseProcedure } from '../results/procedure';

export const ScaleBandSchema = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  mark: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
});

export const CutScoresSchema = z.object({
  /** Procedure name as users write it (`ВПР математика 5`); compared after parsing. */
  procedure: z.string().min(1),
  /** The calendar year the work was written (ВПР are written in spring: 2024 ↔ 2023-2024). */
  year: z.number().int().min(2000).max(2100),
  scale: z.array(ScaleBandSchema).min(1),
  /** True for a table shipped as an example, not checked against the year's official recommendations. */
  example: z.boolean().default(false),
  /** Where the table comes from: a sheet cell, «пример». */
  source: z.string().optional(),
});

export type ScaleBand = z.output<typeof ScaleBandSchema>;
export type CutScores = z.output<typeof CutScoresSchema>;
export type CutScoresInput = z.input<typeof CutScoresSchema>;

export const EXAMPLE_NOTE = 'пример — проверьте по рекомендациям ФИОКО на ваш год';

const band = (from: number, to: number, mark: 2 | 3 | 4 | 5): ScaleBand => ({ from, to, mark });

/**
 * Shipped tables. Examples only (see the file comment): the user's «Шкала перевода» sheet replaces
 * them. Kept for the programme's ВПР of grades 5 and 6 so the protocol check works out of the box.
 */
export const DEFAULT_CUT_SCORES: readonly CutScores[] = [
  {
    procedure: 'ВПР математика 5',
    year: 2024,
    scale: [band(0, 4, 2), band(5, 9, 3), band(10, 14, 4), band(15, 20, 5)],
    example: true,
    source: EXAMPLE_NOTE,
  },
  {
    procedure: 'ВПР математика 6',
    year: 2024,
    scale: [band(0, 5, 2), band(6, 9, 3), band(10, 13, 4), band(14, 20, 5)],
    example: true,
    source: EXAMPLE_NOTE,
  },
  {
    procedure: 'ВПР русский язык 5',
    year: 2024,
    scale: [band(0, 17, 2), band(18, 28, 3), band(29, 38, 4), band(39, 45, 5)],
    example: true,
    source: EXAMPLE_NOTE,
  },
  {
    procedure: 'ВПР русский язык 6',
    year: 2024,
    scale: [band(0, 24, 2), band(25, 34, 3), band(35, 44, 4), band(45, 51, 5)],
    example: true,
    source: EXAMPLE_NOTE,
  },
];

/** A procedure's canonical key (`ВПР математика 5`) from any spelling (`впр по математике, 5 класс`). */
export function procedureKey(text: string): string {
  const p = parseProcedure({ procedure: text });
  return p.name !== '' ? p.name : normalizeLabel(text);
}

/** The largest total a scale knows (its maximum primary score). */
export function scaleMax(s: CutScores): number {
  return Math.max(...s.scale.map((b) => b.to));
}

/** The mark for a total, or null when the total lies outside the scale. */
export function markFor(s: CutScores, total: number): 2 | 3 | 4 | 5 | null {
  for (const b of s.scale) if (total >= b.from && total <= b.to) return b.mark;
  return null;
}

/**
 * Checks a scale: from ≤ to, bands neither overlapping nor leaving gaps from 0 to the maximum
 * (totals are whole points), marks not falling as the total grows. Returns Russian problems.
 */
export function scaleProblems(s: CutScores): { code: 'MARKS-SCALE-OVERLAP' | 'MARKS-SCALE-GAP'; message: string }[] {
  const out: { code: 'MARKS-SCALE-OVERLAP' | 'MARKS-SCALE-GAP'; message: string }[] = [];
  const name = `Шкала «${s.procedure}» ${s.year} г.`;
  for (const b of s.scale)
    if (b.from > b.to)
      out.push({
        code: 'MARKS-SCALE-GAP',
        message: `${name}: у отметки «${b.mark}» начало (${b.from}) больше конца (${b.to}).`,
      });
  const bands = [...s.scale].filter((b) => b.from <= b.to).sort((a, b) => a.from - b.from || a.to - b.to);
  if (bands.length > 0 && bands[0].from > 0)
    out.push({
      code: 'MARKS-SCALE-GAP',
      message: `${name}: баллы от 0 до ${bands[0].from - 1} не переводятся ни в какую отметку.`,
    });
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1];
    const cur = bands[i];
    if (cur.from <= prev.to)
      out.push({
        code: 'MARKS-SCALE-OVERLAP',
        message: `${name}: баллы ${cur.from}–${Math.min(prev.to, cur.to)} попадают и в отметку «${prev.mark}», и в «${cur.mark}».`,
      });
    else if (cur.from > prev.to + 1)
      out.push({
        code: 'MARKS-SCALE-GAP',
        message: `${name}: баллы ${prev.to + 1}–${cur.from - 1} не переводятся ни в какую отметку.`,
      });
    if (cur.mark < prev.mark)
      out.push({
        code: 'MARKS-SCALE-OVERLAP',
        message: `${name}: за больший балл (${cur.from}) стоит меньшая отметка («${cur.mark}» после «${prev.mark}»).`,
      });
  }
  return out;
}

/** The sheet that overrides the shipped scales. */
export const SCALE_SHEET = 'Шкала перевода';

const COLS = {
  procedure: ['процедура', 'оценочная процедура'],
  year: ['год', 'учебный год'],
  from: ['от', 'балл от', 'от балла', 'минимальный балл'],
  to: ['до', 'балл до', 'до балла', 'максимальный балл'],
  mark: ['отметка', 'оценка'],
};

function textOf(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** The calendar year from a cell: 2024, «2024», «2023-2024» (the spring of the school year). */
function calendarYear(v: CellValue): number | null {
  const sy = parseSchoolYear(v);
  return sy === null ? null : sy + 1;
}

/**
 * Reads the user's «Шкала перевода» sheet (a header row with процедура / год / от / до / отметка,
 * one band per row). Rows of one procedure and year make one scale; each scale is checked.
 */
export function readScaleSheet(wb: WorkbookSnapshot): { scales: CutScores[]; issues: Issue[] } {
  const snap = wb.sheets.find((s) => normalizeLabel(s.name) === normalizeLabel(SCALE_SHEET));
  if (!snap) return { scales: [], issues: [] };
  const view = new SheetView(snap);
  const issues: Issue[] = [];
  const where = (row: number, col: number): { sheet: string; cell: string; section: string } => ({
    sheet: snap.name,
    cell: a1(row, col),
    section: 'Шкала перевода',
  });
  // the header row: the first of the first 20 rows that names all five columns
  let header = -1;
  const col: Partial<Record<keyof typeof COLS, number>> = {};
  for (let r = view.firstRow; r < Math.min(view.rowCount, view.firstRow + 20) && header < 0; r++) {
    const found: Partial<Record<keyof typeof COLS, number>> = {};
    for (let c = view.firstCol; c < Math.min(view.colCount, 40); c++) {
      const t = normalizeLabel(textOf(view.get(r, c)));
      for (const k of Object.keys(COLS) as (keyof typeof COLS)[])
        if (found[k] === undefined && COLS[k].includes(t)) found[k] = c;
    }
    if (Object.keys(found).length === 5) {
      header = r;
      Object.assign(col, found);
    }
  }
  if (header < 0) {
    issues.push(
      makeIssue(
        'MISSING-ROW',
        { sheet: snap.name, cell: null, section: 'Шкала перевода' },
        `На листе «${snap.name}» не найдена строка заголовков «процедура | год | от | до | отметка»; шкалы из него не взяты.`,
      ),
    );
    return { scales: [], issues };
  }
  const groups = new Map<string, CutScores & { rows: number[] }>();
  for (let r = header + 1; r < view.rowCount; r++) {
    const proc = textOf(view.get(r, col.procedure!)).trim();
    const raw = {
      year: view.get(r, col.year!),
      from: view.get(r, col.from!),
      to: view.get(r, col.to!),
      mark: view.get(r, col.mark!),
    };
    if (proc === '' && Object.values(raw).every((v) => v === null || textOf(v).trim() === '')) continue;
    if (proc === '') {
      issues.push(
        makeIssue('MISSING-VALUE', where(r, col.procedure!), `Строка ${r + 1} шкалы без процедуры: не учтена.`),
      );
      continue;
    }
    const year = calendarYear(raw.year);
    if (year === null) {
      issues.push(
        makeIssue(
          'NOT-A-NUMBER',
          where(r, col.year!),
          `Год «${textOf(raw.year)}» в строке ${r + 1} шкалы не распознан (пишите 2024 или 2023-2024): строка не учтена.`,
        ),
      );
      continue;
    }
    const nums: Partial<Record<'from' | 'to' | 'mark', number>> = {};
    let bad = false;
    for (const k of ['from', 'to', 'mark'] as const) {
      const v = readNumber(raw[k]);
      const c = col[k]!;
      if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0) {
        issues.push(
          makeIssue(
            k === 'mark' ? 'MARKS-BAD-MARK' : 'OUT-OF-RANGE',
            where(r, c),
            `В строке ${r + 1} шкалы «${textOf(raw[k]) || 'пусто'}» — не целое неотрицательное число: строка не учтена.`,
          ),
        );
        bad = true;
      } else nums[k] = v.value;
    }
    if (!bad && (nums.mark! < 2 || nums.mark! > 5)) {
      issues.push(
        makeIssue(
          'MARKS-BAD-MARK',
          where(r, col.mark!),
          `Отметка ${nums.mark} в строке ${r + 1} шкалы: бывают только 2, 3, 4, 5. Строка не учтена.`,
          nums.mark,
        ),
      );
      bad = true;
    }
    if (bad) continue;
    const key = `${procedureKey(proc)}|${year}`;
    let g = groups.get(key);
    if (!g) {
      g = { procedure: proc, year, scale: [], example: false, source: `лист «${snap.name}»`, rows: [] };
      groups.set(key, g);
    }
    g.scale.push({ from: nums.from!, to: nums.to!, mark: nums.mark as 2 | 3 | 4 | 5 });
    g.rows.push(r);
  }
  const scales: CutScores[] = [];
  for (const g of groups.values()) {
    const { rows, ...scale } = g;
    const problems = scaleProblems(scale);
    for (const p of problems)
      issues.push(
        makeIssue(
          p.code,
          {
            sheet: snap.name,
            cell: `${a1(rows[0], col.from!)}:${a1(rows[rows.length - 1], col.to!)}`,
            section: 'Шкала перевода',
          },
          `${p.message} Исправьте шкалу: пока она не исправлена, отметки по ней не выставляются.`,
        ),
      );
    // a faulty scale still overrides the shipped one (the user meant to replace it) but marks nothing
    scales.push({ ...scale, scale: problems.length > 0 ? [] : scale.scale });
  }
  return { scales, issues };
}

/** A set of scales to look up from: the user's first, then the shipped ones. */
export class ScaleBook {
  private readonly byKey = new Map<string, CutScores>();

  constructor(user: readonly CutScores[] = [], shipped: readonly CutScores[] = DEFAULT_CUT_SCORES) {
    for (const s of shipped) this.byKey.set(`${procedureKey(s.procedure)}|${s.year}`, s);
    for (const s of user) this.byKey.set(`${procedureKey(s.procedure)}|${s.year}`, s);
  }

  /** The scale of a procedure and year; null when there is none. */
  find(procedure: string, year: number): CutScores | null {
    return this.byKey.get(`${procedureKey(procedure)}|${year}`) ?? null;
  }

  all(): CutScores[] {
    return [...this.byKey.values()];
  }
}

/** The scales of a workbook: its «Шкала перевода» sheet over the shipped examples. */
export function scaleBookOf(wb: WorkbookSnapshot): { book: ScaleBook; issues: Issue[] } {
  const { scales, issues } = readScaleSheet(wb);
  return { book: new ScaleBook(scales), issues };
}

/** Validates a descriptor that crosses a boundary (a settings file, a test): zod first, then the bands. */
export function parseCutScores(input: unknown): { ok: true; value: CutScores } | { ok: false; problems: string[] } {
  const r = CutScoresSchema.safeParse(input);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const p = scaleProblems(r.data);
  if (p.length > 0) return { ok: false, problems: p.map((x) => x.message) };
  return { ok: true, value: r.data };
}
