/**
 * Applies the engine's edits to the open workbook through Office.js, under the write-back rules
 * (PRODUCT.md), in a number of syncs that does not grow with the number of cells:
 *
 * 1. the sheet list and the workbook's tables;
 * 2. the state sheet, the current content of every cell a value goes to (a formula is never
 *    replaced; a user's own text is kept) and the original fill/font of every cell about to be
 *    highlighted — per cell on ExcelApi 1.7, per row run with `getCellProperties` on 1.9;
 * 3. only when earlier highlights are cleared: their cells' current fill (a cell the user
 *    recoloured since is left alone);
 * 4. the writes, with calculation suspended: owned sheets (values in one write per ~2 MB, then
 *    tables, links, merges, formats), values, restored formats and highlights grouped by colour
 *    (RangeAreas on 1.9, else merged rectangles of adjacent cells), and the state sheet.
 *
 * Each step is one sync unless its bytes exceed the request budget (Batch), so a command costs a
 * handful of syncs however many cells it touches. Strings are written with a leading apostrophe,
 * so Excel keeps `=HYPERLINK(…)`, `+7 …` or `001` as the text they are (the apostrophe is not
 * part of the value; it is Excel's own «text» prefix) without changing the cell's number format.
 */
import {
  ColumnValidation,
  Edit,
  EditValue,
  HIGHLIGHT_COLORS,
  HighlightTone,
  OwnedSheet,
  STATE_SHEET,
  editValueText,
} from '../engine/edits';
import { CellValue, a1, isErrorText } from '../engine/snapshot';
import { HighlightRecord, ShnorState, WrittenRecord, emptyState, parseState } from '../engine/state';
import { CHUNK } from '../xlsx/state';
import { Box, boxAddress, cellKey, coverCells, parseBox, quoteSheet } from './address';
import { Batch, checkAbort, jsonBytes, utf8Length } from './batch';
import { CellStyle, SheetPlan, planSheet } from './layout';

export interface ApplyOptions {
  overwrite?: string[];
  onProgress?: (p: { done: number; total: number; stage: string }) => void;
  signal?: AbortSignal;
  supports: (version: string) => boolean;
}

export interface Skipped {
  sheet: string;
  cell: string;
  reason: string;
  ownText?: string;
}

/** The same reasons the file host gives (src/taskpane/fileHost.ts, src/xlsx/cells.ts). */
export const REASONS = {
  ownText: 'в ячейке ваш собственный текст, программа его не заменяет',
  filled: 'ячейка уже заполнена, программа пишет только в пустые',
  formula: 'в ячейке формула, её значение не заменяется',
  noSheet: 'лист не найден в книге',
  badCell: 'адрес ячейки не распознан',
  badValue: 'значение не является конечным числом или текстом',
};

function skipMessage(sheet: string, cell: string, reason: keyof typeof REASONS): string {
  return `Лист «${sheet}», ячейка ${cell}: ${REASONS[reason]}.`;
}

/** Excel's colours of the highlight tones, `#RRGGBB`. */
const TONE = Object.fromEntries(
  Object.entries(HIGHLIGHT_COLORS).map(([k, v]) => [k, { fill: '#' + v.fill, font: '#' + v.font }]),
) as Record<HighlightTone, { fill: string; font: string }>;
const TONE_FILLS = new Set(Object.values(TONE).map((t) => t.fill));

const FORM_FILL: Partial<Record<CellStyle, string>> = { criterion: '#BDD7EE', section: '#DDEBF7', header: '#F2F2F2' };
const BOLD = new Set<CellStyle>(['title', 'heading', 'criterion', 'section', 'header', 'strong']);
const NOTE_COLOR = '#7F7F7F';
const LINK_COLOR = '#0563C1';

/** At most this many cells from one range in a highlight edit (as the file patcher). */
const MAX_RANGE_CELLS = 1_000_000;
/** Characters of one RangeAreas address (many areas written at once). */
const AREAS_CHARS = 8000;

interface SheetInfo {
  name: string;
  ws: Excel.Worksheet;
  position: number;
  visibility: string;
}

interface CellFormat {
  fill: string | null;
  pattern?: string;
  font: string | null;
}

interface FormatProbe {
  /** Either one cell per probe (1.7) or a row run read with getCellProperties (1.9). */
  sheet: string;
  row: number;
  col: number;
  n: number;
  read(): CellFormat[];
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function normColor(c: unknown): string | null {
  if (typeof c !== 'string') return null;
  const h = c.replace(/^#/, '').toUpperCase();
  return /^[0-9A-F]{6}$/.test(h) ? '#' + h : null;
}

/** A string goes to Excel with the text prefix, so it stays text whatever it looks like. */
function asText(v: string | number | boolean | null): string | number | boolean {
  if (v === null) return '';
  return typeof v === 'string' ? (v === '' ? '' : "'" + v) : v;
}

/**
 * An edit's value as Office.js writes it: text with the text prefix, an Excel error value by its
 * code without it (Excel enters `#DIV/0!` typed into a cell as the error value), numbers and booleans as they are.
 */
function editCell(v: EditValue): string | number | boolean {
  return typeof v === 'object' ? v.error : asText(v);
}

export async function applyEdits(ctx: Excel.RequestContext, edits: Edit[], options: ApplyOptions): Promise<Skipped[]> {
  const { supports, signal, onProgress } = options;
  const has19 = supports('1.9');
  const skipped: Skipped[] = [];
  const total = edits.length;
  checkAbort(signal);
  onProgress?.({ done: 0, total, stage: 'Подготовка изменений…' });

  // ---- 1: sheets and tables ----
  const list = ctx.workbook.worksheets.load('items/name,items/visibility,items/position');
  const tables = ctx.workbook.tables.load('items/name,items/worksheet/name');
  await ctx.sync();
  const sheets = new Map<string, SheetInfo>();
  for (const ws of list.items)
    sheets.set(ws.name.toLowerCase(), { name: ws.name, ws, position: ws.position, visibility: ws.visibility });
  const sheetOf = (name: string): SheetInfo | undefined => sheets.get(name.toLowerCase());
  const replaced = new Set(
    edits.filter((e) => e.kind === 'replaceSheet').map((e) => (e as { sheet: OwnedSheet }).sheet.name.toLowerCase()),
  );
  const tableNames = new Set<string>();
  for (const t of tables.items) {
    const on = (t as unknown as { worksheet: { name: string } }).worksheet.name.toLowerCase();
    if (!replaced.has(on)) tableNames.add(t.name.toLowerCase());
  }

  // ---- 2: state, target cells, original formats ----
  checkAbort(signal);
  const probe = new Batch(ctx, { write: false, suspend: false, signal });
  const stateInfo = sheetOf(STATE_SHEET);
  let stateRange: Excel.Range | null = null;
  if (stateInfo) {
    await probe.room(0, 100_000);
    stateRange = stateInfo.ws.getUsedRangeOrNullObject(true).load('values,rowIndex,rowCount,columnIndex,columnCount');
  }

  // Values: the cell's content now, and whether it is a formula.
  const sets: {
    edit: Extract<Edit, { kind: 'setValue' } | { kind: 'clearValue' }>;
    sheet: SheetInfo;
    range: Excel.Range;
  }[] = [];
  for (const e of edits) {
    if (e.kind !== 'setValue' && e.kind !== 'clearValue') continue;
    const info = sheetOf(e.sheet);
    if (!info) {
      skipped.push({ sheet: e.sheet, cell: e.cell, reason: skipMessage(e.sheet, e.cell, 'noSheet') });
      continue;
    }
    const box = parseBox(e.cell);
    if (!box || box.r1 !== box.r2 || box.c1 !== box.c2) {
      skipped.push({ sheet: e.sheet, cell: e.cell, reason: skipMessage(e.sheet, e.cell, 'badCell') });
      continue;
    }
    if (e.kind === 'setValue' && typeof e.value === 'number' && !Number.isFinite(e.value)) {
      skipped.push({ sheet: e.sheet, cell: e.cell, reason: skipMessage(e.sheet, e.cell, 'badValue') });
      continue;
    }
    await probe.room(60, 200 + utf8Length(e.kind === 'setValue' ? editValueText(e.value) : '') * 2);
    sets.push({ edit: e, sheet: info, range: info.ws.getRange(a1(box.r1, box.c1)).load('formulas,values') });
  }

  // Highlights: the cells each tone ends on, the records that are cleared, the originals to read.
  // The state is read in this same sync, so cells get a first guess of "new" and are corrected below.
  interface Target {
    sheet: string;
    row: number;
    col: number;
    tone: HighlightTone;
  }
  const toneOf = new Map<string, Target>();
  const touchedCells: { sheet: string; row: number; col: number }[] = [];
  const keyOf = (sheet: string, row: number, col: number): string => `${sheet}\u0000${row}\u0000${col}`;
  const clearAt: number[] = [];
  edits.forEach((e, i) => {
    if (e.kind === 'clearHighlights') clearAt.push(i);
  });
  const hlEdits: { index: number; sheet: string; row: number; col: number; tone: HighlightTone }[] = [];
  edits.forEach((e, index) => {
    if (e.kind !== 'highlight') return;
    const info = sheetOf(e.sheet);
    for (const ref of e.cells) {
      const box = parseBox(ref);
      if (!info || !box || (box.r2 - box.r1 + 1) * (box.c2 - box.c1 + 1) > MAX_RANGE_CELLS) {
        skipped.push({ sheet: e.sheet, cell: ref, reason: skipMessage(e.sheet, ref, info ? 'badCell' : 'noSheet') });
        continue;
      }
      for (let r = box.r1; r <= box.r2; r++)
        for (let c = box.c1; c <= box.c2; c++) hlEdits.push({ index, sheet: info.name, row: r, col: c, tone: e.tone });
    }
  });
  // Originals of every highlighted cell (whether or not it is on record: the state is not read yet).
  const seen = new Set<string>();
  for (const h of hlEdits) {
    const k = keyOf(h.sheet, h.row, h.col);
    if (seen.has(k)) continue;
    seen.add(k);
    touchedCells.push({ sheet: h.sheet, row: h.row, col: h.col });
  }
  const readOriginals = await probeFormats(probe, sheets, touchedCells, has19);
  await probe.flush();
  const originals = readOriginals();

  // ---- the state ----
  let initialJson: string | null = null;
  let state: ShnorState = emptyState();
  let stateRows = 0;
  let stateCols = 0;
  if (stateRange && !stateRange.isNullObject) {
    const vals = stateRange.values;
    stateRows = stateRange.rowIndex + stateRange.rowCount;
    stateCols = stateRange.columnIndex + stateRange.columnCount;
    // The used range may start below A1 when the first rows are empty; column A is read in order.
    const text = vals.map((row) => (row[0] === '' || row[0] === null ? '' : String(row[0]))).join('');
    const parsed = text ? parseState(text) : null;
    if (parsed) {
      state = parsed;
      initialJson = JSON.stringify(parsed);
    }
  }
  const records = new Map<string, HighlightRecord>();
  const recKey = (rec: { sheet: string; cell: string }): string | null => {
    const box = parseBox(rec.cell);
    const info = sheetOf(rec.sheet);
    return box ? keyOf(info?.name ?? rec.sheet, box.r1, box.c1) : null;
  };
  for (const h of state.highlights) {
    const k = recKey(h);
    if (k) records.set(k, h);
  }
  const written = new Map<string, WrittenRecord>();
  for (const w of state.written) written.set(`${w.sheet}!${w.cell}`, w);

  // Replay the edits in order on the records: clear moves records to "restore", highlight takes them back.
  const restores = new Map<string, HighlightRecord>();
  let hi = 0;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    if (e.kind === 'clearHighlights') {
      for (const [k, rec] of records) restores.set(k, rec);
      records.clear();
      toneOf.clear();
    } else if (e.kind === 'highlight') {
      for (; hi < hlEdits.length && hlEdits[hi].index === i; hi++) {
        const h = hlEdits[hi];
        const k = keyOf(h.sheet, h.row, h.col);
        if (!records.has(k)) {
          const back = restores.get(k);
          if (back) {
            restores.delete(k);
            records.set(k, back);
          } else {
            const o = originals.get(k) ?? { fill: null, font: null };
            const rec: HighlightRecord = {
              sheet: h.sheet,
              cell: a1(h.row, h.col),
              s: null,
              created: false,
              fill: o.fill,
              font: o.font,
            };
            if (o.pattern !== undefined) rec.pattern = o.pattern;
            records.set(k, rec);
          }
        }
        toneOf.set(k, h);
      }
    } else if (e.kind === 'replaceSheet') {
      // The sheet's cells go away with it: nothing of it is restored later.
      const low = e.sheet.name.toLowerCase();
      for (const m of [records, restores] as Map<string, unknown>[])
        for (const k of [...m.keys()]) if (k.split('\u0000')[0].toLowerCase() === low) m.delete(k);
      for (const k of [...toneOf.keys()]) if (k.split('\u0000')[0].toLowerCase() === low) toneOf.delete(k);
    }
  }

  // ---- 3: cleared cells still showing a highlight (the user may have recoloured some) ----
  const restoreList: { k: string; rec: HighlightRecord; row: number; col: number; sheet: string }[] = [];
  for (const [k, rec] of restores) {
    const box = parseBox(rec.cell);
    const info = sheetOf(rec.sheet);
    if (!box || !info) continue;
    restoreList.push({ k, rec, row: box.r1, col: box.c1, sheet: info.name });
  }
  let current = new Map<string, CellFormat>();
  if (restoreList.length) {
    const batch = new Batch(ctx, { write: false, suspend: false, signal });
    const readCurrent = await probeFormats(batch, sheets, restoreList, has19);
    await batch.flush();
    current = readCurrent();
  }

  // ---- 4: writes ----
  checkAbort(signal);
  onProgress?.({ done: 0, total, stage: 'Запись в книгу…' });
  const w = new Batch(ctx, { write: true, suspend: supports('1.6') });
  const overwrite = new Set(options.overwrite ?? []);

  let done = 0;
  for (const e of edits) {
    if (e.kind !== 'replaceSheet') continue;
    await writeOwned(ctx, w, e.sheet, sheets, tableNames, supports);
    onProgress?.({ done: ++done, total, stage: `Лист «${e.sheet.name}»…` });
  }

  for (const { edit: e, sheet, range } of sets) {
    const formula = range.formulas[0][0];
    const now = range.values[0][0];
    // A formula shows as `=…` in formulas and as its result in values; a text that merely starts
    // with `=` (written with the text prefix) is the same in both.
    if (typeof formula === 'string' && formula.startsWith('=') && formula !== now) {
      skipped.push({ sheet: e.sheet, cell: e.cell, reason: skipMessage(e.sheet, e.cell, 'formula') });
      continue;
    }
    const key = `${e.sheet}!${e.cell}`;
    if (e.kind === 'clearValue') {
      // Emptied keeping the cell's format and validation (the new school year, a conclusion of the product's).
      written.delete(key);
      if (now === null || now === undefined || now === '') continue;
      await w.room(40);
      sheet.ws.getRange(e.cell).values = [['']];
      continue;
    }
    const shown = typeof now === 'string' && isErrorText(now) ? now : valueText(now);
    const allowed =
      isEmptyValue(now) ||
      overwrite.has(key) ||
      e.purpose === 'user' ||
      shown === editValueText(e.value) ||
      (e.purpose === 'conclusion' && written.get(key)?.text === shown);
    if (!allowed) {
      if (e.purpose === 'conclusion')
        skipped.push({ sheet: e.sheet, cell: e.cell, reason: REASONS.ownText, ownText: shown });
      else skipped.push({ sheet: e.sheet, cell: e.cell, reason: REASONS.filled });
      continue;
    }
    await w.room(utf8Length(editValueText(e.value)) + 40);
    sheet.ws.getRange(e.cell).values = [[editCell(e.value)]];
    if (e.purpose === 'conclusion') {
      written.delete(key);
      written.set(key, {
        sheet: sheet.name,
        cell: e.cell.replace(/\$/g, '').toUpperCase(),
        text: editValueText(e.value),
      });
    }
  }

  // Restores, grouped by the format they go back to.
  const restoreGroups = new Map<string, { sheet: string; format: CellFormat; cells: number[] }>();
  for (const r of restoreList) {
    const now = current.get(r.k);
    // A cell whose fill is no longer a highlight colour was recoloured by the user: left alone.
    if (!now || now.fill === null || !TONE_FILLS.has(now.fill)) continue;
    const format: CellFormat =
      r.rec.fill !== undefined
        ? { fill: r.rec.fill, pattern: r.rec.pattern, font: r.rec.font ?? null }
        : // Written by the file adapter, which keeps style indices: back to no fill and automatic font.
          { fill: null, font: null };
    const gk = `${r.sheet}\u0000${format.fill}\u0000${format.pattern ?? ''}\u0000${format.font}`;
    let g = restoreGroups.get(gk);
    if (!g) restoreGroups.set(gk, (g = { sheet: r.sheet, format, cells: [] }));
    g.cells.push(cellKey(r.row, r.col));
  }
  for (const g of restoreGroups.values()) {
    await paint(w, sheetOf(g.sheet)!.ws, g.cells, has19, (fmt) => {
      if (g.format.fill === null) fmt.fill.clear();
      else {
        fmt.fill.color = g.format.fill;
        if (has19 && g.format.pattern && g.format.pattern !== 'Solid')
          fmt.fill.pattern = g.format.pattern as Excel.FillPattern;
      }
      fmt.font.color = g.format.font ?? '#000000';
    });
  }

  // Highlights, grouped by sheet and tone.
  const toneGroups = new Map<string, { sheet: string; tone: HighlightTone; cells: number[] }>();
  for (const t of toneOf.values()) {
    const gk = `${t.sheet}\u0000${t.tone}`;
    let g = toneGroups.get(gk);
    if (!g) toneGroups.set(gk, (g = { sheet: t.sheet, tone: t.tone, cells: [] }));
    g.cells.push(cellKey(t.row, t.col));
  }
  for (const g of toneGroups.values()) {
    const colors = TONE[g.tone];
    await paint(w, sheetOf(g.sheet)!.ws, g.cells, has19, (fmt) => {
      fmt.fill.color = colors.fill;
      fmt.font.color = colors.font;
    });
  }

  // The state sheet.
  const next: ShnorState = { version: 1, highlights: [...records.values()], written: [...written.values()] };
  const json = JSON.stringify(next);
  const empty = next.highlights.length === 0 && next.written.length === 0;
  if (json !== initialJson && !(initialJson === null && empty && !stateInfo)) {
    const parts: string[][] = [];
    for (let pos = 0; pos < json.length;) {
      let end = Math.min(json.length, pos + CHUNK);
      const c = json.charCodeAt(end - 1);
      if (end < json.length && c >= 0xd800 && c <= 0xdbff) end--;
      parts.push(["'" + json.slice(pos, end)]);
      pos = end;
    }
    let ws: Excel.Worksheet;
    if (stateInfo) {
      ws = stateInfo.ws;
      if (stateRows > 0) {
        await w.room(60);
        ws.getRangeByIndexes(0, 0, stateRows, Math.max(1, stateCols)).clear('Contents' as Excel.ClearApplyTo);
      }
    } else {
      await w.room(80);
      ws = ctx.workbook.worksheets.add(STATE_SHEET);
      ws.visibility = 'VeryHidden' as Excel.SheetVisibility;
    }
    // One request per chunk group: a state of many megabytes still goes under the request budget.
    for (let i = 0; i < parts.length;) {
      let n = 0;
      let bytes = 0;
      while (i + n < parts.length && (n === 0 || bytes + utf8Length(parts[i + n][0]) < 1_500_000)) {
        bytes += utf8Length(parts[i + n][0]);
        n++;
      }
      await w.room(bytes + 40);
      ws.getRangeByIndexes(i, 0, n, 1).values = parts.slice(i, i + n);
      i += n;
    }
    if (stateInfo && stateInfo.visibility !== 'VeryHidden') {
      await w.room(40);
      ws.visibility = 'VeryHidden' as Excel.SheetVisibility;
    }
  }
  await w.flush();
  onProgress?.({ done: total, total, stage: 'Готово.' });
  return skipped;
}

/**
 * Queues reads of the fill colour (and pattern on 1.9) and font colour of cells: on 1.9 one
 * `getCellProperties` per run of adjacent cells in a row, on 1.7 one load per cell. The returned
 * function gives the formats once the caller has synced.
 */
async function probeFormats(
  batch: Batch,
  sheets: Map<string, SheetInfo>,
  cells: { sheet: string; row: number; col: number }[],
  has19: boolean,
): Promise<() => Map<string, CellFormat>> {
  const bySheet = new Map<string, number[]>();
  for (const c of cells) {
    let list = bySheet.get(c.sheet);
    if (!list) bySheet.set(c.sheet, (list = []));
    list.push(cellKey(c.row, c.col));
  }
  const probes: FormatProbe[] = [];
  for (const [sheet, keys] of bySheet) {
    const ws = sheets.get(sheet.toLowerCase())!.ws;
    // Runs of adjacent cells in a row.
    const sorted = [...new Set(keys)].sort((a, b) => a - b);
    const runs: Box[] = [];
    for (const k of sorted) {
      const r = Math.floor(k / 16384);
      const c = k % 16384;
      const last = runs[runs.length - 1];
      if (has19 && last && last.r1 === r && last.c2 === c - 1 && last.c2 - last.c1 < 200) last.c2 = c;
      else runs.push({ r1: r, c1: c, r2: r, c2: c });
    }
    for (const run of runs) {
      const n = run.c2 - run.c1 + 1;
      if (has19) {
        await batch.room(120, 90 * n);
        const res = ws
          .getRangeByIndexes(run.r1, run.c1, 1, n)
          .getCellProperties({ format: { fill: { color: true, pattern: true }, font: { color: true } } });
        probes.push({
          sheet,
          row: run.r1,
          col: run.c1,
          n,
          read: () =>
            res.value[0].map((p) => {
              const pattern = p.format?.fill?.pattern as string | undefined;
              const none = pattern === 'None';
              const f: CellFormat = {
                fill: none ? null : normColor(p.format?.fill?.color),
                font: normColor(p.format?.font?.color),
              };
              if (!none && pattern && pattern !== 'Solid') f.pattern = pattern;
              return f;
            }),
        });
      } else {
        await batch.room(100, 120);
        const format = ws.getRangeByIndexes(run.r1, run.c1, 1, 1).format;
        const fillNow = format.fill.load('color');
        const fontNow = format.font.load('color');
        probes.push({
          sheet,
          row: run.r1,
          col: run.c1,
          n: 1,
          read: () => {
            // ExcelApi 1.7 has no fill pattern: white is read as "no fill" (they look the same).
            const fill = normColor(fillNow.color);
            return [{ fill: fill === '#FFFFFF' ? null : fill, font: normColor(fontNow.color) }];
          },
        });
      }
    }
  }
  return () => {
    const out = new Map<string, CellFormat>();
    for (const p of probes) p.read().forEach((f, i) => out.set(`${p.sheet}\u0000${p.row}\u0000${p.col + i}`, f));
    return out;
  };
}

/** Applies a format to cells: a RangeAreas per ~8,000 address characters on 1.9, else one range per rectangle. */
async function paint(
  batch: Batch,
  ws: Excel.Worksheet,
  cells: number[],
  has19: boolean,
  fn: (format: Excel.RangeFormat) => void,
): Promise<void> {
  await paintBoxes(batch, ws, coverCells(cells), has19, fn);
}

async function paintBoxes(
  batch: Batch,
  ws: Excel.Worksheet,
  boxes: Box[],
  has19: boolean,
  fn: (format: Excel.RangeFormat) => void,
): Promise<void> {
  if (has19) {
    let group: string[] = [];
    let chars = 0;
    const send = async (): Promise<void> => {
      if (!group.length) return;
      const address = group.join(',');
      await batch.room(utf8Length(address) + 200);
      fn(ws.getRanges(address).format as unknown as Excel.RangeFormat);
      group = [];
      chars = 0;
    };
    for (const b of boxes) {
      const a = boxAddress(b);
      if (chars + a.length + 1 > AREAS_CHARS) await send();
      group.push(a);
      chars += a.length + 1;
    }
    await send();
    return;
  }
  for (const b of boxes) {
    await batch.room(150);
    fn(ws.getRangeByIndexes(b.r1, b.c1, b.r2 - b.r1 + 1, b.c2 - b.c1 + 1).format);
  }
}

function validationRule(v: ColumnValidation, source?: string): Excel.DataValidationRule {
  if (v.kind === 'list') return { list: { inCellDropDown: true, source: source ?? v.items.join(',') } };
  const rule = {
    formula1: v.min,
    ...(v.max !== undefined ? { formula2: v.max } : {}),
    operator: (v.max !== undefined ? 'Between' : 'GreaterThanOrEqualTo') as Excel.DataValidationOperator,
  };
  return v.kind === 'whole' ? { wholeNumber: rule } : { decimal: rule };
}

/**
 * The sheet's charts (OwnedSheet.charts), clustered columns over its tables' columns, where the
 * `.xlsx` writer anchors them. On ExcelApi 1.7 each series is set by hand (its values, the
 * categories, its name), so any columns of the table may be drawn; on 1.1–1.6 a chart whose
 * categories and series are adjacent columns is made from that block, whose header row names the
 * series, and a chart over columns apart is left out (the sheet's tables hold the same numbers).
 */
async function writeCharts(
  w: Batch,
  ws: Excel.Worksheet,
  plan: SheetPlan,
  supports: (v: string) => boolean,
): Promise<void> {
  const bySeries = supports('1.7');
  for (const ch of plan.charts) {
    const n = ch.last - ch.first + 1;
    const adjacent = ch.series.every((x, i) => x.col === ch.categories + 1 + i);
    if (!bySeries && !adjacent) continue;
    await w.room(400 + 200 * ch.series.length + utf8Length(ch.title + ch.series.map((x) => x.name).join('')));
    let chart: Excel.Chart;
    if (bySeries) {
      const cats = (): Excel.Range => ws.getRangeByIndexes(ch.first, ch.categories, n, 1);
      const values = (col: number): Excel.Range => ws.getRangeByIndexes(ch.first, col, n, 1);
      chart = ws.charts.add(
        'ColumnClustered' as Excel.ChartType,
        values(ch.series[0].col),
        'Columns' as Excel.ChartSeriesBy,
      );
      const s0 = chart.series.getItemAt(0);
      s0.name = ch.series[0].name;
      s0.setXAxisValues(cats());
      for (const x of ch.series.slice(1)) {
        const s = chart.series.add(x.name);
        s.setValues(values(x.col));
        s.setXAxisValues(cats());
      }
    } else {
      const block = ws.getRangeByIndexes(ch.headerRow, ch.categories, n + 1, ch.series.length + 1);
      chart = ws.charts.add('ColumnClustered' as Excel.ChartType, block, 'Columns' as Excel.ChartSeriesBy);
    }
    chart.title.text = ch.title;
    chart.legend.position = 'Bottom' as Excel.ChartLegendPosition;
    const { col, row, cols, rows } = ch.anchor;
    chart.setPosition(ws.getRangeByIndexes(row, col, 1, 1), ws.getRangeByIndexes(row + rows - 1, col + cols - 1, 1, 1));
  }
}

/** Adds the sheet, or replaces it whole (a new sheet takes the old one's place and name). */
async function writeOwned(
  ctx: Excel.RequestContext,
  w: Batch,
  sheet: OwnedSheet,
  sheets: Map<string, SheetInfo>,
  tableNames: Set<string>,
  supports: (v: string) => boolean,
): Promise<void> {
  if (sheet.name.toLowerCase() === STATE_SHEET.toLowerCase())
    throw new Error(`Имя листа «${sheet.name}» занято служебным листом программы.`);
  const plan: SheetPlan = planSheet(sheet);
  const old = sheets.get(sheet.name.toLowerCase());
  await w.room(200);
  let ws: Excel.Worksheet;
  if (old) {
    let tmp = 'shnor_new';
    for (let k = 2; sheets.has(tmp); k++) tmp = `shnor_new_${k}`;
    ws = ctx.workbook.worksheets.add(tmp);
    old.ws.delete();
    ws.name = sheet.name;
    ws.position = old.position;
    sheets.set(sheet.name.toLowerCase(), { name: sheet.name, ws, position: old.position, visibility: 'Visible' });
  } else {
    ws = ctx.workbook.worksheets.add(sheet.name);
    if (sheet.position === 'first') ws.position = 0;
    sheets.set(sheet.name.toLowerCase(), { name: sheet.name, ws, position: 0, visibility: 'Visible' });
  }

  // Values, in row blocks under the request budget.
  const width = Math.max(1, plan.width);
  const rows = plan.rows.map((r) => {
    const out: (string | number | boolean)[] = new Array(width);
    for (let c = 0; c < width; c++) out[c] = asText(r[c] ?? null);
    return out;
  });
  for (let i = 0; i < rows.length;) {
    let n = 0;
    let bytes = 0;
    while (i + n < rows.length && (n === 0 || bytes < 1_500_000)) {
      bytes += jsonBytes(rows[i + n]);
      n++;
    }
    await w.room(bytes + 60);
    ws.getRangeByIndexes(i, 0, n, width).values = rows.slice(i, i + n);
    i += n;
  }
  for (const f of plan.formats) {
    const h = f.box.r2 - f.box.r1 + 1;
    const wd = f.box.c2 - f.box.c1 + 1;
    const grid = Array.from({ length: h }, () => new Array(wd).fill(f.code));
    await w.room(jsonBytes(grid) + 60);
    ws.getRangeByIndexes(f.box.r1, f.box.c1, h, wd).numberFormat = grid;
  }
  for (const m of plan.merges) {
    await w.room(80);
    ws.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);
  }
  for (const t of plan.tables) {
    const base =
      t.name.replace(/[^A-Za-z0-9_.\u0400-\u04FF]/g, '_').replace(/^([^A-Za-z_\u0400-\u04FF])/, '_$1') || 'shnor';
    let name = base;
    for (let k = 2; tableNames.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    tableNames.add(name.toLowerCase());
    await w.room(200);
    const table = ws.tables.add(boxAddress(t.box), true);
    table.name = name;
    table.style = 'TableStyleMedium2';
  }
  await writeCharts(w, ws, plan, supports);
  for (const l of plan.links) {
    await w.room(utf8Length(l.text + l.sheet) + 120);
    ws.getRangeByIndexes(l.row, l.col, 1, 1).hyperlink = {
      documentReference: `${quoteSheet(l.sheet)}!${l.cell}`,
      textToDisplay: l.text,
    };
  }
  // Looks: bold headings, form fills, note and link colours, tones.
  const groups = new Map<string, number[]>();
  const add = (key: string, row: number, col: number): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(cellKey(row, col));
  };
  for (const s of plan.styles) {
    if (BOLD.has(s.style)) add('bold', s.row, s.col);
    const fill = FORM_FILL[s.style];
    if (fill) add('fill' + fill, s.row, s.col);
    if (s.style === 'note') add('font' + NOTE_COLOR, s.row, s.col);
  }
  for (const l of plan.links) add('font' + LINK_COLOR, l.row, l.col);
  for (const t of plan.tables) for (let c = t.box.c1; c <= t.box.c2; c++) add('bold', t.box.r1, c);
  const has19 = supports('1.9');
  for (const [key, cells] of groups) {
    await paint(w, ws, cells, has19, (fmt) => {
      if (key === 'bold') fmt.font.bold = true;
      else if (key.startsWith('fill')) fmt.fill.color = key.slice(4);
      else fmt.font.color = key.slice(4);
    });
  }
  const tones = new Map<HighlightTone, number[]>();
  for (const t of plan.tones) {
    let g = tones.get(t.tone);
    if (!g) tones.set(t.tone, (g = []));
    g.push(cellKey(t.row, t.col));
  }
  for (const [tone, cells] of tones) {
    await paint(w, ws, cells, has19, (fmt) => {
      fmt.fill.color = TONE[tone].fill;
      fmt.font.color = TONE[tone].font;
    });
  }
  if (supports('1.8')) {
    for (const v of plan.validations) {
      await w.room(jsonBytes(v.rule) + 100);
      ws.getRangeByIndexes(v.box.r1, v.box.c1, v.box.r2 - v.box.r1 + 1, v.box.c2 - v.box.c1 + 1).dataValidation.rule =
        validationRule(v.rule, v.source);
    }
  }
  // Notes (ExcelApi 1.18); older Excel shows the template without them.
  if (supports('1.18')) {
    for (const n of plan.notes) {
      await w.room(utf8Length(n.text) + 80);
      ws.notes.add(a1(n.row, n.col), n.text);
    }
  }
  for (const c of plan.hiddenColumns) {
    await w.room(80);
    ws.getRangeByIndexes(0, c, 1, 1).columnHidden = true;
  }
  // Borders of form cells, wrapped texts, taller rows.
  // Inside lines exist only across two or more columns (rows): areas are grouped by their shape.
  const shapes = new Map<string, Box[]>();
  for (const b of coverCells(plan.borders.map((x) => cellKey(x.row, x.col)))) {
    const key = `${b.c2 > b.c1 ? 'V' : ''}${b.r2 > b.r1 ? 'H' : ''}`;
    let g = shapes.get(key);
    if (!g) shapes.set(key, (g = []));
    g.push(b);
  }
  for (const [key, boxes] of shapes) {
    const edges = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
    if (key.includes('V')) edges.push('InsideVertical');
    if (key.includes('H')) edges.push('InsideHorizontal');
    await paintBoxes(w, ws, boxes, has19, (fmt) => {
      for (const edge of edges)
        fmt.borders.getItem(edge as Excel.BorderIndex).style = 'Continuous' as Excel.BorderLineStyle;
    });
  }
  const wrapCells = plan.wrap.map((b) => cellKey(b.row, b.col));
  if (wrapCells.length) await paint(w, ws, wrapCells, has19, (fmt) => (fmt.wrapText = true));
  const byHeight = new Map<number, number[]>();
  for (const [row, pts] of plan.rowHeights) {
    let g = byHeight.get(pts);
    if (!g) byHeight.set(pts, (g = []));
    g.push(cellKey(row, 0));
  }
  for (const [pts, rows] of byHeight) await paint(w, ws, rows, has19, (fmt) => (fmt.rowHeight = pts));
  await w.room(100 * (plan.widths.length + 3));
  plan.widths.forEach((chars, c) => {
    // Excel's width of n characters is about 7n + 5 pixels, 0.75 point each.
    ws.getRangeByIndexes(0, c, 1, 1).format.columnWidth = Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
  });
  if (plan.freezeRows > 0) ws.freezePanes.freezeRows(plan.freezeRows);
  const tab = sheet.tabColor ? normColor('#' + sheet.tabColor.replace(/^#/, '').slice(-6)) : null;
  if (tab) ws.tabColor = tab;
  if (sheet.landscape && has19) ws.pageLayout.orientation = 'Landscape' as Excel.PageOrientation;
}

export type { CellValue };
