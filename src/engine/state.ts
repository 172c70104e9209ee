/**
 * The product's state inside the workbook (PRODUCT.md, write-back rules): what it highlighted and
 * which conclusion texts it wrote, kept as JSON in column A of the very-hidden sheet STATE_SHEET
 * (split into cells of fewer than 32,000 characters). The types and the pure parser live here so
 * the engine can read the state from a snapshot; the `.xlsx` adapter (src/xlsx/state.ts) writes it.
 */
import { STATE_SHEET } from './edits';
import { WorkbookSnapshot } from './snapshot';

/** A cell the product highlighted, with what it was before. */
export interface HighlightRecord {
  sheet: string;
  cell: string;
  /** The cell's original style index; null when it had none or did not exist. */
  s: number | null;
  /** The cell element did not exist and was created for the highlight. */
  created: boolean;
  /** The row element was created (or expanded from `<row/>`) for this cell. */
  row?: 'created' | 'expanded';
  /** The sheet's `<sheetData/>` was expanded for this cell. */
  sheetData?: 'expanded';
  /** The original `s` attribute text when it was not a plain index (such as `s=""`). */
  raw?: string;
  /**
   * Written by the Excel add-in, which sees colours, not style indices: the cell's original fill
   * colour (`#RRGGBB`; null for no fill), fill pattern (ExcelApi 1.9 names, absent when unknown)
   * and font colour (`#RRGGBB`).
   */
  fill?: string | null;
  pattern?: string;
  font?: string | null;
}

/** A conclusion text the product wrote, so a later run can tell it from the user's own text. */
export interface WrittenRecord {
  sheet: string;
  cell: string;
  text: string;
}

export interface ShnorState {
  version: 1;
  highlights: HighlightRecord[];
  written: WrittenRecord[];
}

export function emptyState(): ShnorState {
  return { version: 1, highlights: [], written: [] };
}

/** Parses the state JSON; null when it is not the product's state. */
export function parseState(json: string): ShnorState | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.version !== 1) return null;
  const state = emptyState();
  if (Array.isArray(o.highlights)) {
    for (const h of o.highlights as Record<string, unknown>[]) {
      if (!h || typeof h.sheet !== 'string' || typeof h.cell !== 'string') continue;
      const rec: HighlightRecord = {
        sheet: h.sheet,
        cell: h.cell,
        s: typeof h.s === 'number' && Number.isInteger(h.s) && h.s >= 0 ? h.s : null,
        created: h.created === true,
      };
      if (h.row === 'created' || h.row === 'expanded') rec.row = h.row;
      if (h.sheetData === 'expanded') rec.sheetData = 'expanded';
      if (typeof h.raw === 'string') rec.raw = h.raw;
      if (typeof h.fill === 'string' || h.fill === null) rec.fill = h.fill;
      if (typeof h.pattern === 'string') rec.pattern = h.pattern;
      if (typeof h.font === 'string' || h.font === null) rec.font = h.font;
      state.highlights.push(rec);
    }
  }
  if (Array.isArray(o.written)) {
    for (const w of o.written as Record<string, unknown>[]) {
      if (w && typeof w.sheet === 'string' && typeof w.cell === 'string' && typeof w.text === 'string') {
        state.written.push({ sheet: w.sheet, cell: w.cell, text: w.text });
      }
    }
  }
  return state;
}

/** The state kept in a workbook snapshot (its very-hidden state sheet, column A in row order); null when none. */
export function stateFromSnapshot(wb: WorkbookSnapshot): ShnorState | null {
  const sheet = wb.sheets.find((s) => s.name.toLowerCase() === STATE_SHEET.toLowerCase());
  if (!sheet) return null;
  const c0 = sheet.origin?.col ?? 0;
  if (c0 > 0) return null;
  let text = '';
  for (const row of sheet.values) {
    const v = row?.[0];
    if (typeof v === 'string') text += v;
    else if (typeof v === 'number') text += String(v);
  }
  return text ? parseState(text) : null;
}

/** The text the product last wrote into a cell, or null. */
export function writtenText(state: ShnorState | null, sheet: string, cell: string): string | null {
  if (!state) return null;
  for (let i = state.written.length - 1; i >= 0; i--) {
    const w = state.written[i];
    if (w.sheet === sheet && w.cell === cell) return w.text;
  }
  return null;
}
