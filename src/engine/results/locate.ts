/**
 * Finds results tables (DOMAIN.md §4) on a sheet by their headers: long (one row per school ×
 * year × procedure) or wide (one row per school, a merged header block per procedure), one or
 * several tables per sheet.
 */
import { SheetView, CellValue } from '../snapshot';
import { normalizeLabel } from '../text';
import { parseSchoolYear, SchoolYear } from '../years';
import { classifyHeader, GROUP_NOISE, ResultsRole } from './descriptor';

export type IdentityRole = 'number' | 'id' | 'name' | 'municipality' | 'year' | 'procedure' | 'subject' | 'grade';
export type MetricRole = 'participants' | 'failed' | 'failedShare' | 'band61' | 'band81' | 'mean';

export interface MetricGroup {
  /** Header path above the metric columns, noise removed (`ВПР / Математика 5 класс`). */
  context: string;
  year: SchoolYear | null;
  cols: Partial<Record<MetricRole, number>>;
  /** Band columns hold shares (percent) rather than counts. */
  bandIsShare: boolean;
}

export interface ResultsTable {
  sheet: string;
  headerTop: number;
  headerBottom: number;
  dataStart: number;
  /** Exclusive end row of this table's data (the next table's title or the sheet end). */
  dataEnd: number;
  cols: Partial<Record<IdentityRole, number>>;
  groups: MetricGroup[];
  /** Sheet name and the title lines above the table. */
  context: string;
  layout: 'long' | 'wide';
}

const MAX_HEADER_SCAN = 80;
const MAX_COLS = 400;
const METRIC_ROLES = new Set<ResultsRole>(['participants', 'failed', 'failedShare', 'band61', 'band81', 'mean']);

function str(v: CellValue): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  return null;
}

/** True when the row looks like a row of column numbers (1 2 3 4 …) under a header. */
function isNumberingRow(view: SheetView, r: number, c0: number, c1: number): boolean {
  let prev: number | null = null;
  let count = 0;
  for (let c = c0; c < c1; c++) {
    const v = view.get(r, c);
    if (v === null) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+\.?$/.test(v.trim()) ? parseInt(v, 10) : NaN;
    if (!Number.isInteger(n)) return false;
    if (prev !== null && n !== prev + 1) return false;
    prev = n;
    count++;
  }
  return count >= 3;
}

function rowHasNumbers(view: SheetView, r: number, from: number, to: number): boolean {
  for (let c = from; c < to; c++) {
    const v = view.get(r, c);
    if (typeof v === 'number') return true;
  }
  return false;
}

function distinctTextAnchors(view: SheetView, r: number, from: number, to: number): number {
  const seen = new Set<string>();
  for (let c = from; c < to; c++) {
    if (str(view.get(r, c)) === null) continue;
    const a = view.anchor(r, c);
    seen.add(`${a.row}:${a.col}`);
  }
  return seen.size;
}

/** Builds the table whose name header sits at (h0, nameCol); null when it has no result columns. */
function buildTable(view: SheetView, h0: number, nameCol: number, contextTop: number): ResultsTable | null {
  // Columns that matter are those of the titles and the header block (a few rows below h0).
  const cEnd = Math.min(view.widthOf(contextTop, h0 + 8), view.firstCol + MAX_COLS);
  // Header block downwards: the name cell's own merge, merges starting in the block, and rows whose
  // name cell is empty while other cells carry text but no numbers.
  let h1 = h0;
  const nameMerge = view.mergeAt(h0, nameCol);
  if (nameMerge) h1 = Math.max(h1, nameMerge.r2);
  for (let guard = 0; guard < 6; guard++) {
    let grew = false;
    for (let r = h0; r <= h1; r++) {
      for (let c = view.firstCol; c < cEnd; c++) {
        const m = view.mergeAt(r, c);
        if (m && m.r2 > h1 && m.r2 <= h0 + 5) {
          h1 = m.r2;
          grew = true;
        }
      }
    }
    const next = h1 + 1;
    if (
      next < view.rowCount &&
      next <= h0 + 5 &&
      str(view.get(next, nameCol)) === null &&
      !rowHasNumbers(view, next, view.firstCol, cEnd) &&
      distinctTextAnchors(view, next, nameCol + 1, cEnd) > 0
    ) {
      h1 = next;
      grew = true;
    }
    if (!grew) break;
  }
  // Group rows above the name header: several separate texts, nothing over the name column.
  let hTop = h0;
  while (hTop - 1 >= contextTop && hTop > h0 - 3) {
    const r = hTop - 1;
    if (str(view.get(r, nameCol)) !== null && !view.isCovered(r, nameCol)) break;
    if (rowHasNumbers(view, r, view.firstCol, cEnd)) break;
    if (distinctTextAnchors(view, r, nameCol + 1, cEnd) < 2) break;
    hTop = r;
  }
  let dataStart = h1 + 1;
  if (dataStart < view.rowCount && isNumberingRow(view, dataStart, view.firstCol, cEnd)) dataStart++;

  const cols: Partial<Record<IdentityRole, number>> = { name: nameCol };
  const groups = new Map<string, MetricGroup>();
  for (let c = view.firstCol; c < cEnd; c++) {
    const path: string[] = [];
    for (let r = hTop; r <= h1; r++) {
      const v = view.get(r, c);
      const t = typeof v === 'number' && Number.isInteger(v) && r < h1 ? String(v) : str(v);
      if (t !== null && path[path.length - 1] !== t) path.push(t);
    }
    if (path.length === 0) continue;
    const leaf = path[path.length - 1];
    const role = classifyHeader(leaf);
    if (role === null) continue;
    if (!METRIC_ROLES.has(role)) {
      const idRole = role as IdentityRole;
      if (cols[idRole] === undefined && c !== nameCol) cols[idRole] = c;
      continue;
    }
    const ctxParts = path.slice(0, -1).filter((p) => !GROUP_NOISE.includes(normalizeLabel(p)));
    const context = ctxParts.join(' / ');
    let g = groups.get(context);
    if (!g) {
      let year: SchoolYear | null = null;
      for (const p of ctxParts) {
        year = parseSchoolYear(p, true);
        if (year !== null) break;
      }
      g = { context, year, cols: {}, bandIsShare: false };
      groups.set(context, g);
    }
    const m = role as MetricRole;
    if (g.cols[m] === undefined) g.cols[m] = c;
    if ((m === 'band61' || m === 'band81') && /доля|%/.test(normalizeLabel(path.join(' ')))) g.bandIsShare = true;
  }
  const usable = [...groups.values()].filter((g) => g.cols.failed !== undefined || g.cols.failedShare !== undefined);
  if (usable.length === 0) return null;

  const titleLines: string[] = [view.name];
  for (let r = contextTop; r < hTop; r++) {
    for (let c = view.firstCol; c < cEnd; c++) {
      const t = str(view.raw(r, c));
      if (t !== null) titleLines.push(t);
    }
  }
  const long = cols.procedure !== undefined || cols.subject !== undefined || cols.year !== undefined;
  return {
    sheet: view.name,
    headerTop: hTop,
    headerBottom: h1,
    dataStart,
    dataEnd: view.rowCount,
    cols,
    groups: usable,
    context: titleLines.join(' / '),
    layout: usable.length > 1 || !long ? 'wide' : 'long',
  };
}

/** Finds the header row of a table at or after `from`: a cell naming the school column. */
function findHeader(view: SheetView, from: number, limit: number): { row: number; col: number } | null {
  const cEnd = Math.min(view.widthOf(from, limit), view.firstCol + MAX_COLS);
  for (let r = from; r < Math.min(view.rowCount, limit); r++) {
    for (let c = view.firstCol; c < cEnd; c++) {
      if (view.isCovered(r, c)) continue;
      const t = str(view.raw(r, c));
      if (t === null || t.length > 80) continue;
      if (classifyHeader(t) === 'name') return { row: r, col: c };
    }
  }
  return null;
}

/** Locates the first results table on the sheet, searching the top rows. */
export function locateFirstTable(view: SheetView, from = view.firstRow): ResultsTable | null {
  let start = from;
  const limit = from + MAX_HEADER_SCAN;
  while (start < Math.min(view.rowCount, limit)) {
    const h = findHeader(view, start, limit);
    if (!h) return null;
    const t = buildTable(view, h.row, h.col, from);
    if (t) return t;
    start = h.row + 1;
  }
  return null;
}

/** Locates a further table whose header row is `row` (found while reading data), with titles from `contextTop`. */
export function locateTableAt(view: SheetView, row: number, nameCol: number, contextTop: number): ResultsTable | null {
  return buildTable(view, row, nameCol, contextTop);
}
