/**
 * The locator of the «план мероприятий» (issue 15; the plans of seeds 000, 002, 003, 004).
 *
 * A plan table is found by its header row — «Мероприятие» and «Сроки» (or «Дата», «Дата
 * реализации» …) and at least one of «Ответственные» / «Результат» (the descriptor's wordings;
 * a re-typed header by similarity) — in any column order, anywhere on any sheet, with a title
 * block above. Under a merged header («Дата» over «Федеральный проект | Региональный проект»,
 * seed 003) the sub-header row is passed over and every sub-column is read as the date.
 *
 * Rows of the table:
 * - the header typed again after a page break, or a row of column numbers, is passed over;
 * - a section: one text over a wide merge, or a first-level number («1.», «2») with nothing in
 *   the date, responsible and result cells when two-level numbers («1.1») follow it;
 * - a measure: a numbered row, or (in a plan without numbers) any row with a text;
 * - a continuation: a row without a number after a measure (the text carried over a page
 *   break, seeds 000 and 003, or a sub-item with its own date, seed 002) — joined to it.
 * The table ends at a wide one-cell title or note, or after ten empty rows. The plan's period
 * is read from the lines above the header («на 2023 год», «в 2022-2023 учебном году»).
 */
import {
  HeaderColumn,
  anchorValue,
  cellText,
  endsTable,
  isDateFormat,
  isHeaderAgain,
  labelSet,
  readHeader,
  rowWidth,
  serialToDate,
} from '../grid';
import { Issue, makeIssue } from '../issues';
import { SIMILAR_THRESHOLD, formatScore, scoreLabel } from '../match';
import { CHECK_SHEET } from '../report';
import { SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { MonthSpan, readPlanDate, readPlanPeriod } from './dates';
import { PLAN, PlanColumnId, PlanDescriptor } from './descriptor';
import { clipText } from '../text';

export interface PlanMeasure {
  /** The measure's first row. */
  row: number;
  /** Its number as written («1.1.», «12.»), or null. */
  no: string | null;
  /** The section heading it sits under, or null. */
  section: string | null;
  /** Column → text (continuation rows joined); null when empty. */
  text: Partial<Record<PlanColumnId, string | null>>;
  /** Column → the A1 cell of the first row (the merge's top-left when merged). */
  cells: Partial<Record<PlanColumnId, string>>;
}

export interface PlanTable {
  sheet: string;
  /** First and last row of the header (two for a header with sub-columns). */
  headerRow: number;
  lastHeaderRow: number;
  headerCell: string;
  /** Column id → column index. */
  cols: Partial<Record<PlanColumnId, number>>;
  /** Every column the date is read from (several under a merged «Дата»). */
  dateCols: number[];
  /** Columns found by a similar header: id → score. */
  similar: Partial<Record<PlanColumnId, number>>;
  /** The plan's period from its title, the line it came from and its cell. */
  period: MonthSpan | null;
  periodText: string | null;
  periodCell: string | null;
  sections: { row: number; title: string }[];
  measures: PlanMeasure[];
}

export interface PlanLocation {
  tables: PlanTable[];
  issues: Issue[];
  isPlan: boolean;
}

const MAX_ROWS = 3000;
/** Rows above a header looked at for the plan's period. */
const TITLE_ROWS = 25;

const MEASURE_WORD = /мероприят|действи|содержани|наименовани/i;
const DATE_WORD = /срок|дата|период|когда/i;

function columns(d: PlanDescriptor): HeaderColumn[] {
  return d.columns.map((c) => ({ id: c.id, header: c.header, synonyms: c.synonyms }));
}

/** A cheap first test of a header row: one short text naming a measure and one naming a date. */
function headerCandidate(view: SheetView, r: number): boolean {
  let measure = false;
  let date = false;
  let n = 0;
  const w = rowWidth(view, r);
  for (let c = view.firstCol; c < w; c++) {
    const v = anchorValue(view, r, c);
    if (typeof v !== 'string' || v.length > 120) continue;
    n++;
    if (!measure && MEASURE_WORD.test(v)) measure = true;
    if (!date && DATE_WORD.test(v)) date = true;
  }
  return n >= 3 && measure && date;
}

/** The header's text cells (anchors only) of the header rows. */
function headerTexts(view: SheetView, r1: number, r2: number): { row: number; col: number; text: string }[] {
  const out: { row: number; col: number; text: string }[] = [];
  for (let r = r1; r <= r2; r++) {
    const w = rowWidth(view, r);
    for (let c = view.firstCol; c < w; c++) {
      const t = cellText(anchorValue(view, r, c));
      if (t && t.length <= 200) out.push({ row: r, col: c, text: t });
    }
  }
  return out;
}

/**
 * Reads a header at row r: the columns by the descriptor's wordings, then the ones still
 * missing by similarity among the header's other cells. Null when it is not a plan's header.
 */
function readPlanHeader(
  view: SheetView,
  r: number,
  d: PlanDescriptor,
  issues: Issue[],
): Omit<PlanTable, 'period' | 'periodText' | 'periodCell' | 'sections' | 'measures'> | null {
  const h = readHeader(view, r, columns(d));
  const cols: Partial<Record<PlanColumnId, number>> = { ...(h.cols as Partial<Record<PlanColumnId, number>>) };
  // Columns still missing: the most similar header cell left, each cell for one column.
  const similar: Partial<Record<PlanColumnId, number>> = {};
  const found: { id: PlanColumnId; row: number; col: number; text: string; score: number }[] = [];
  const used = new Set(Object.values(cols));
  const cells = headerTexts(view, r, h.lastRow).filter((x) => !used.has(x.col));
  for (const c of d.columns) {
    if (cols[c.id] !== undefined || c.id === 'no') continue;
    const spec = { label: c.header, synonyms: c.synonyms };
    let best: (typeof found)[number] | null = null;
    for (const x of cells) {
      if (used.has(x.col)) continue;
      const score = scoreLabel(spec, { text: x.text }).score;
      if (score >= SIMILAR_THRESHOLD && (!best || score > best.score)) best = { id: c.id, ...x, score };
    }
    if (best) {
      cols[c.id] = best.col;
      similar[c.id] = best.score;
      used.add(best.col);
      found.push(best);
    }
  }
  if (cols.measure === undefined || cols.date === undefined) return null;
  if (cols.responsible === undefined && cols.result === undefined) return null;
  for (const f of found) {
    const col = d.columns.find((c) => c.id === f.id)!;
    const cell = a1(f.row, f.col);
    issues.push(
      makeIssue(
        'LABEL-SIMILAR',
        { sheet: view.name, cell, section: null },
        `Столбец ${cell} «${clipText(f.text)}» плана мероприятий принят за столбец «${col.header}»: заголовки похожи (сходство ${formatScore(f.score)}). Если это не он, исправьте заголовок.`,
      ),
    );
  }
  // The date's sub-columns (seed 003: «Дата» over «Федеральный проект | Региональный проект»): the
  // merged header cell's span, or — where merged areas are not known (Excel before ExcelApi 1.13)
  // — the empty header cells right of «Дата» with a text under them. The row under the header is
  // then a sub-header when its texts sit only under the date and none of them is a deadline.
  let lastRow = h.lastRow;
  const taken = new Set(Object.values(cols));
  const below = r + 1;
  const m = view.mergeAt(r, cols.date);
  const dateCols: number[] = [cols.date];
  if (m && m.r1 === r && m.c2 > m.c1) {
    for (let c = m.c1 + 1; c <= m.c2; c++) if (!taken.has(c)) dateCols.push(c);
  } else if (below < view.rowCount) {
    for (let c = cols.date + 1; !taken.has(c) && c < rowWidth(view, below); c++) {
      if (cellText(anchorValue(view, r, c)) !== null || view.isCovered(r, c)) break;
      if (cellText(anchorValue(view, below, c)) === null) break;
      dateCols.push(c);
    }
  }
  if (dateCols.length > 1 && lastRow === r && below < view.rowCount) {
    const w = rowWidth(view, below);
    let texts = 0;
    let outside = false;
    for (let c = view.firstCol; c < w; c++) {
      const t = cellText(anchorValue(view, below, c));
      if (!t) continue;
      texts++;
      if (!dateCols.includes(c) || readPlanDate(t).readable) outside = true;
    }
    if (texts > 0 && !outside) lastRow = below;
  }
  return {
    sheet: view.name,
    headerRow: r,
    lastHeaderRow: lastRow,
    headerCell: a1(r, cols.measure),
    cols,
    dateCols,
    similar,
  };
}

/** A number as a plan writes it: «1.», «1.1», «1.1.», «2.10», with OCR's «1,3;», «2:14.»; its levels or null. */
export function numberLevels(no: string | null): number[] | null {
  if (!no) return null;
  const m = /^\s*(\d{1,3}(?:\s*[.,:;]\s*\d{1,3}){0,3})\s*[.,:;)]?\s*$/.exec(no);
  if (!m) return null;
  return m[1].split(/\s*[.,:;]\s*/).map(Number);
}

/** A date cell's text: an Excel date (a number with a date format, or an ISO date) as «ДД.ММ.ГГГГ». */
function dateCellText(view: SheetView, r: number, c: number): string | null {
  const v = view.get(r, c);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (typeof v === 'number' && isDateFormat(view.format(r, c))) {
    const d = serialToDate(v);
    return d ? `${pad(d.day)}.${pad(d.month)}.${d.year}` : String(v);
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(?:T|$)/.test(v))
    return `${v.slice(8, 10)}.${v.slice(5, 7)}.${v.slice(0, 4)}`;
  return cellText(v);
}

interface RawRow {
  row: number;
  no: string | null;
  /** The row's own texts (through merges for the columns a merge covers from above). */
  text: Partial<Record<PlanColumnId, string | null>>;
  cells: Partial<Record<PlanColumnId, string>>;
  /** Columns with text in a cell of this row itself (not carried down from a merge above). */
  own: Set<PlanColumnId>;
  /** One text over a wide merge: a section heading. */
  wide: string | null;
}

function readRow(view: SheetView, t: Omit<PlanTable, 'measures' | 'sections'>, r: number): RawRow {
  const text: Partial<Record<PlanColumnId, string | null>> = {};
  const cells: Partial<Record<PlanColumnId, string>> = {};
  const own = new Set<PlanColumnId>();
  for (const [id, c] of Object.entries(t.cols) as [PlanColumnId, number][]) {
    const a = view.anchor(r, c);
    cells[id] = a1(a.row, a.col);
    if (id === 'date') {
      const parts: string[] = [];
      for (const dc of t.dateCols) {
        if (dc !== c && view.isCovered(r, dc) && view.anchor(r, dc).col === a.col) continue;
        const x = dateCellText(view, r, dc);
        if (x && !/^[-–—_.\s]+$/.test(x) && !parts.includes(x)) parts.push(x);
        if (x && cellText(anchorValue(view, r, dc))) own.add('date');
      }
      text.date = parts.length ? parts.join('; ') : null;
      continue;
    }
    // The number is the row's own (a number merged down over a measure's second row is not repeated
    // there); the other columns read through merges (one «Ответственные» over several measures).
    text[id] = cellText(id === 'no' ? anchorValue(view, r, c) : view.get(r, c));
    if (cellText(anchorValue(view, r, c))) own.add(id);
  }
  // A section over the whole row: one text, merged over three columns or more.
  let wide: string | null = null;
  const w = rowWidth(view, r);
  const texts: { c: number; t: string }[] = [];
  for (let c = view.firstCol; c < w; c++) {
    const x = cellText(anchorValue(view, r, c));
    if (x) texts.push({ c, t: x });
  }
  if (texts.length === 1) {
    const m = view.mergeAt(r, texts[0].c);
    if (m && m.r1 === r && m.c2 - m.c1 >= 2) wide = texts[0].t;
  }
  return { row: r, no: text.no ?? null, text, cells, own, wide };
}

const FIELDS: PlanColumnId[] = ['method', 'date', 'responsible', 'result'];

function joinText(a: string | null | undefined, b: string | null | undefined, sep: string): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return `${a}${sep}${b}`;
}

/** Rows looked at below a doubtful row for a numbered measure that continues the table. */
const LOOKAHEAD = 12;

/** A numbered measure (a number and a text of its own) in the next rows. */
function numberedBelow(view: SheetView, t: Omit<PlanTable, 'measures' | 'sections'>, r: number): boolean {
  if (t.cols.no === undefined || t.cols.measure === undefined) return false;
  const end = Math.min(view.rowCount, r + 1 + LOOKAHEAD);
  for (let k = r + 1; k < end; k++)
    if (numberLevels(cellText(anchorValue(view, k, t.cols.no))) && cellText(anchorValue(view, k, t.cols.measure)))
      return true;
  return false;
}

/** The rows of a table into sections and measures. */
function readRows(
  view: SheetView,
  t: Omit<PlanTable, 'measures' | 'sections'>,
  d: PlanDescriptor,
): Pick<PlanTable, 'measures' | 'sections'> {
  const table = columns(d);
  const rows: RawRow[] = [];
  let blank = 0;
  const end = Math.min(view.rowCount, t.lastHeaderRow + 1 + MAX_ROWS);
  const titles = [labelSet({ label: d.title, synonyms: d.titles })];
  for (let r = t.lastHeaderRow + 1; r < end; r++) {
    const raw = readRow(view, t, r);
    if (raw.own.size === 0 && !raw.wide) {
      if (++blank >= 10) break;
      continue;
    }
    if (isHeaderAgain(view, r, t.cols as Record<string, number>, table)) continue;
    // A sub-header typed again after a page break («Федеральный проект | Региональный проект»): only date texts.
    if (t.lastHeaderRow > t.headerRow && [...raw.own].every((id) => id === 'date') && !raw.no) {
      const sub = cellText(anchorValue(view, t.lastHeaderRow, t.dateCols[0]));
      if (sub && raw.text.date?.startsWith(sub)) continue;
    }
    if (!raw.wide && endsTable(view, r, titles)) break;
    // After empty rows, a row with no measure and no number is what follows the table (a signature, a
    // note) — unless numbered measures follow it: then it is a text carried over a page break (seed 002).
    if (
      blank > 0 &&
      rows.length > 0 &&
      !raw.own.has('measure') &&
      numberLevels(raw.no) === null &&
      !raw.wide &&
      !numberedBelow(view, t, r)
    )
      break;
    blank = 0;
    rows.push(raw);
  }
  const numbered = rows.some((x) => numberLevels(x.no) !== null);
  const twoLevel = rows.some((x) => (numberLevels(x.no)?.length ?? 0) >= 2);
  const sections: { row: number; title: string }[] = [];
  const measures: PlanMeasure[] = [];
  let section: string | null = null;
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i];
    if (x.wide) {
      section = x.wide;
      sections.push({ row: x.row, title: x.wide });
      continue;
    }
    const levels = numberLevels(x.no);
    const noFields = FIELDS.every((id) => !x.own.has(id));
    // «1. | Задача: …» or «1. Развитие кадрового потенциала» with nothing else, before «1.1».
    if (twoLevel && noFields && (levels === null ? false : levels.length === 1)) {
      section = [x.no, x.text.measure].filter(Boolean).join(' ');
      sections.push({ row: x.row, title: section });
      continue;
    }
    if (twoLevel && noFields && levels === null && x.own.has('no') && !x.own.has('measure')) {
      // A section written in the number column alone (a merged «1. Нормативное обеспечение» that
      // reaches only the first columns).
      section = x.no;
      sections.push({ row: x.row, title: x.no! });
      continue;
    }
    const prev = measures[measures.length - 1];
    const isContinuation = numbered && levels === null && !x.own.has('no') && prev !== undefined;
    if (isContinuation) {
      for (const id of Object.keys(x.text) as PlanColumnId[]) {
        if (id === 'no' || !x.own.has(id)) continue;
        prev.text[id] = joinText(prev.text[id], x.text[id], id === 'date' ? '; ' : ' ');
      }
      continue;
    }
    if (!numbered && !x.own.has('measure') && prev !== undefined && !x.own.has('date')) {
      // A plan without numbers: a row with only a responsible or result carried on from the measure above.
      for (const id of Object.keys(x.text) as PlanColumnId[])
        if (x.own.has(id)) prev.text[id] = joinText(prev.text[id], x.text[id], ' ');
      continue;
    }
    measures.push({ row: x.row, no: x.no, section, text: { ...x.text }, cells: { ...x.cells } });
  }
  // A heading after the last measure is a note under the table, not a section.
  const lastMeasure = measures.length ? measures[measures.length - 1].row : -1;
  return { sections: sections.filter((x) => x.row < lastMeasure), measures };
}

/** The plan's period from the lines above its header (nearest first), or the sheet's name. */
function findPeriod(view: SheetView, headerRow: number): Pick<PlanTable, 'period' | 'periodText' | 'periodCell'> {
  for (let r = headerRow - 1; r >= Math.max(view.firstRow, headerRow - TITLE_ROWS); r--) {
    const w = rowWidth(view, r);
    for (let c = view.firstCol; c < w; c++) {
      const t = cellText(anchorValue(view, r, c));
      if (!t) continue;
      const p = readPlanPeriod(t);
      if (p) return { period: p, periodText: t, periodCell: a1(r, c) };
    }
  }
  const p = readPlanPeriod(view.name);
  return p
    ? { period: p, periodText: view.name, periodCell: null }
    : { period: null, periodText: null, periodCell: null };
}

export function locatePlan(wb: WorkbookSnapshot, d: PlanDescriptor = PLAN): PlanLocation {
  const tables: PlanTable[] = [];
  const issues: Issue[] = [];
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden' || s.name === CHECK_SHEET) continue;
    const view = new SheetView(s);
    const last = Math.min(view.rowCount, view.firstRow + MAX_ROWS);
    for (let r = view.firstRow; r < last; r++) {
      if (!headerCandidate(view, r)) continue;
      const found: Issue[] = [];
      const h = readPlanHeader(view, r, d, found);
      if (!h) continue;
      const period = findPeriod(view, r);
      const head = { ...h, ...period };
      const body = readRows(view, head, d);
      // A table typed again after a page break is one plan: its rows join the table above.
      const prev = tables[tables.length - 1];
      if (prev && prev.sheet === s.name && body.measures.length === 0 && body.sections.length === 0) continue;
      tables.push({ ...head, ...body });
      issues.push(...found);
      const lastRow = Math.max(
        head.lastHeaderRow,
        ...body.measures.map((m) => m.row),
        ...body.sections.map((x) => x.row),
      );
      r = lastRow;
    }
  }
  return { tables, issues, isPlan: tables.length > 0 };
}
