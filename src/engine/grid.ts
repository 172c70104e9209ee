/**
 * Small helpers shared by the locators of the information card, the roadmap and the plan (DOMAIN.md §1.1):
 * label matching after normalisation, header rows of a table (one or two rows, merged cells),
 * reporting dates (`31.03`, `31.03.2023`, Excel dates) and highlight edits grouped by tone.
 */
import { Edit, HighlightTone } from './edits';
import { Issue } from './issues';
import { CellValue, SheetView, isCellError } from './snapshot';
import { normalizeLabel } from './text';

/** Leading numbering: `1.`, `1.1`, `1)`, `(1)`, `а)`, `IV.`, `Раздел 1.` — not part of a label. */
const NUMBERING = /^(?:раздел\s+)?(?:(?:\d+\.)+\d*\)?|\d+\)|\(\d+\)|[а-яa-z]\)|[ivx]+\.)\s*/;

/** A normalised label without its leading numbering. */
export function bareLabel(norm: string): string {
  return norm
    .replace(NUMBERING, '')
    .replace(/^[\s\-–.]+/, '')
    .trim();
}

/** True for a cell that holds only numbering (`1`, `1.`, `(1)`, `а)`): it is not a label. */
export function isNumberingOnly(norm: string): boolean {
  return norm.length < 8 && /^(?:\(?\d+[.)]?)*$|^[а-яa-z]\)?$/.test(norm);
}

const cache = new Map<string, string[]>();

/** The normalised label and synonyms, with and without numbering (cached). */
export function labelSet(x: { label: string; synonyms: readonly string[] }): string[] {
  const key = [x.label, ...x.synonyms].join('\u0001');
  let hit = cache.get(key);
  if (!hit) {
    const out = new Set<string>();
    for (const l of [x.label, ...x.synonyms]) {
      const n = normalizeLabel(l);
      out.add(n);
      out.add(bareLabel(n));
    }
    out.delete('');
    hit = [...out];
    cache.set(key, hit);
  }
  return hit;
}

/** A label at least this long may be followed by more words in the cell (`…, %` or an explanation). */
const PREFIX_MIN = 12;

/** 2 = the text is the label or a synonym, 1 = it starts with a long one, 0 = no match. */
export function matchText(text: string, labels: readonly string[]): 0 | 1 | 2 {
  const norm = normalizeLabel(text);
  return matchNorm(norm, bareLabel(norm), labels);
}

/** As `matchText`, for a text already normalised (and without its numbering). */
export function matchNorm(norm: string, bare: string, labels: readonly string[]): 0 | 1 | 2 {
  if (norm === '') return 0;
  for (const l of labels) if (norm === l || bare === l) return 2;
  for (const l of labels) {
    if (l.length < PREFIX_MIN) continue;
    for (const t of [norm, bare]) if (t.startsWith(l) && /^[\s,;:.(—–-]/.test(t.slice(l.length))) return 1;
  }
  return 0;
}

/** The value of a cell as text (trimmed), or null for empty / non-text cells; numbers as written. */
export function cellText(v: CellValue): string | null {
  if (v === null || v === undefined || isCellError(v) || typeof v === 'boolean') return null;
  const t = String(v)
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .trim();
  return t === '' ? null : t;
}

/** The value of a cell that is the top-left of its merge (or not merged); covered cells read as empty. */
export function anchorValue(view: SheetView, row: number, col: number): CellValue {
  return view.isCovered(row, col) ? null : view.raw(row, col);
}

const mergeWidths = new WeakMap<SheetView, Map<number, number>>();

/** One past the last column holding data in a row (merged areas over the row included), at most `max` columns. */
export function rowWidth(view: SheetView, row: number, max = 60): number {
  let widths = mergeWidths.get(view);
  if (!widths) {
    widths = new Map();
    const last = view.rowCount - 1;
    for (const m of view.snapshot.merges) {
      // Tall merges (whole columns) count on their first rows only: the map stays small.
      const to = Math.min(m.r2, last, m.r1 + 200);
      for (let r = m.r1; r <= to; r++) if ((widths.get(r) ?? 0) < m.c2 + 1) widths.set(r, m.c2 + 1);
    }
    mergeWidths.set(view, widths);
  }
  const line = view.snapshot.values[row - view.firstRow];
  const own = line ? view.firstCol + line.length : 0;
  return Math.min(Math.max(own, widths.get(row) ?? 0), view.firstCol + max);
}

export interface HeaderColumn {
  id: string;
  header: string;
  synonyms: readonly string[];
}

/**
 * Reads a table's header at `row` (and the row under it when that row names columns too, the way a
 * merged «Фактор» over «наименование | параметры | код» is written): column id → column index.
 * A sub-header under a merged header wins over the merged text. Exact matches only for short texts.
 */
export function readHeader(
  view: SheetView,
  row: number,
  columns: readonly HeaderColumn[],
): { cols: Record<string, number>; lastRow: number } {
  const width = Math.max(rowWidth(view, row), rowWidth(view, row + 1));
  const sets = columns.map((c) => labelSet({ label: c.header, synonyms: c.synonyms }));
  const match = (r: number): Map<number, string> => {
    const out = new Map<number, string>();
    for (let c = view.firstCol; c < width; c++) {
      const v = view.get(r, c);
      if (typeof v === 'string' && v.length > 300) continue;
      const t = cellText(v);
      if (!t) continue;
      const norm = normalizeLabel(t);
      const b = bareLabel(norm);
      let best: { id: string; score: number } | null = null;
      columns.forEach((col, i) => {
        const s = matchNorm(norm, b, sets[i]);
        if (s > 0 && (!best || s > best.score)) best = { id: col.id, score: s };
      });
      if (best) out.set(c, (best as { id: string }).id);
    }
    return out;
  };
  const top = match(row);
  const below = row + 1 < view.rowCount ? match(row + 1) : new Map<number, string>();
  // The row below is a sub-header when it names a column in a cell that is not merged down from the top.
  // Two of its own cells at least: a data row with one cell that happens to read like a header is not one.
  const sub = [...below.keys()].filter((c) => view.anchor(row + 1, c).row === row + 1).length >= 2;
  const byCol = new Map(top);
  if (sub) for (const [c, id] of below) byCol.set(c, id);
  const cols: Record<string, number> = {};
  for (const [c, id] of [...byCol].sort((a, b) => a[0] - b[0])) {
    if (cols[id] === undefined) cols[id] = c;
  }
  // A merged header over several columns names only its first column unless a sub-header says otherwise.
  return { cols, lastRow: sub ? row + 1 : row };
}

/** A row that ends a table: a title or note in one wide merged cell, or a heading naming a table. */
export function endsTable(view: SheetView, r: number, titles: string[][]): boolean {
  const w = rowWidth(view, r);
  const texts: { c: number; t: string }[] = [];
  for (let c = view.firstCol; c < w; c++) {
    const t = cellText(anchorValue(view, r, c));
    if (t) texts.push({ c, t });
  }
  if (texts.length !== 1) return false;
  const m = view.mergeAt(r, texts[0].c);
  if (m && m.c2 - m.c1 >= 3) return true;
  return titles.some((l) => matchText(texts[0].t, l) > 0);
}

/**
 * A row that is not data: the header typed again after a page break (two cells or more read as
 * their own column's header), or the row of column numbers under a header (`1 | 2 | 3 | …`).
 */
export function isHeaderAgain(
  view: SheetView,
  r: number,
  cols: Record<string, number>,
  table: HeaderColumn[],
): boolean {
  let same = 0;
  let other = 0;
  const nums: number[] = [];
  for (const [id, c] of Object.entries(cols).sort((x, y) => x[1] - y[1])) {
    const v = anchorValue(view, r, c);
    const t = typeof v === 'string' ? v.trim() : '';
    if (typeof v === 'number') nums.push(v);
    else if (/^\d+$/.test(t)) nums.push(Number(t));
    else if (t !== '') {
      other++;
      const col = table.find((x) => x.id === id);
      if (col && t.length < 200 && matchText(t, labelSet({ label: col.header, synonyms: col.synonyms })) > 0) same++;
    }
  }
  if (same >= 2) return true;
  // Column numbers: whole numbers rising by one (or two, over a column the table does not read), from 1 or 2.
  if (other > 0 || nums.length < 3) return false;
  return nums.every((n, i) => Number.isInteger(n) && (i === 0 ? n <= 2 : n > nums[i - 1] && n - nums[i - 1] <= 2));
}

// ---------------------------------------------------------------------------------------------
// Dates.

/** True for a number format that shows a date (d, m, y tokens outside quotes). */
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  const f = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  return /[dmy]/.test(f) && !f.includes('%') && !/^[0#.,\s]*$/.test(f);
}

/** An Excel serial day number (1900 date system) as a calendar date; null when out of range. */
export function serialToDate(serial: number): { year: number; month: number; day: number } | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const ms = Math.round((serial - 25569) * 86400000);
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** A day and month (and year when written) in a cell: `31.03`, `на 31.03.2023`, `31.03.23 г.`, an Excel date, an ISO date. */
export function readDayMonth(
  v: CellValue,
  format?: string | null,
): { day: number; month: number; year: number | null } | null {
  if (typeof v === 'number') {
    if (isDateFormat(format)) {
      const d = serialToDate(v);
      return d ? { day: d.day, month: d.month, year: d.year } : null;
    }
    // 31.03 typed as a number.
    const s = v.toFixed(2);
    const m = /^(\d{1,2})\.(\d{2})$/.exec(s);
    if (m && Math.abs(v - Number(s)) < 1e-9) return valid(Number(m[1]), Number(m[2]), null);
    return null;
  }
  if (typeof v !== 'string' || v.length > 100) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T|$)/.exec(v.trim());
  if (iso) return valid(Number(iso[3]), Number(iso[2]), Number(iso[1]));
  const m = /(?:^|[^\d])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?!\d)/.exec(v);
  if (!m) return null;
  let year: number | null = null;
  if (m[3]) year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return valid(Number(m[1]), Number(m[2]), year);
}

function valid(
  day: number,
  month: number,
  year: number | null,
): { day: number; month: number; year: number | null } | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { day, month, year };
}

/** `31.03` */
export function dayMonthKey(d: { day: number; month: number }): string {
  return `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Edits.

/** One highlight edit per sheet and tone, for the cells of the issues (severity → tone). */
export function highlightEdits(issues: readonly Issue[]): Edit[] {
  const edits: Edit[] = [];
  for (const tone of ['error', 'warning', 'info'] as HighlightTone[]) {
    const bySheet = new Map<string, Set<string>>();
    for (const i of issues) {
      if (i.severity !== tone || !i.sheet || !i.cell) continue;
      let set = bySheet.get(i.sheet);
      if (!set) bySheet.set(i.sheet, (set = new Set()));
      set.add(i.cell);
    }
    for (const [sheet, cells] of bySheet) edits.push({ kind: 'highlight', sheet, cells: [...cells], tone });
  }
  return edits;
}
