/**
 * Reads sheets of the open workbook into engine snapshots (values, number formats, merged areas)
 * through Office.js, in a number of syncs that grows only with the bytes read:
 *
 * 1. the sheet list (names, visibility);
 * 2. each wanted sheet's used range (by values) and, on ExcelApi 1.13, its merged areas;
 * 3. row chunks of `values` + `numberFormat`, several per sync, each sync's answer kept under
 *    RESPONSE_BUDGET (far below Excel on the web's 5 MB). The first chunk is sized by a
 *    conservative guess of bytes per cell; later chunks by what the sheet really took.
 *
 * Snapshots keep sheet coordinates from A1 (like the file reader), so a finding names the same
 * cell whichever door it came through. On ExcelApi 1.7–1.12 merged areas cannot be read and the
 * snapshot has none (DOMAIN values in merged cells are then read only from their top-left cell).
 * Excel lists at most 512 merged areas per request; a sheet with more is asked band by band.
 */
import { STATE_SHEET } from '../engine/edits';
import { CellValue, Merge, SheetSnapshot, WorkbookSnapshot, isErrorText } from '../engine/snapshot';
import { Batch, RESPONSE_BUDGET, checkAbort, utf8Length } from './batch';
import { parseAreas } from './address';

export interface ReadOptions {
  sheets?: string[];
  range?: { sheet: string; address: string };
  onProgress?: (p: { done: number; total: number; stage: string }) => void;
  signal?: AbortSignal;
  supports: (version: string) => boolean;
}

/** A first guess of the answer's bytes per cell (values and number formats), on the safe side. */
const FIRST_GUESS_BYTES_PER_CELL = 64;
/** Rows per request for merged areas when a sheet has more than Excel lists at once (512). */
const MERGE_BAND = 50;
/** Never read more cells in one load (Excel refuses reads over 5,000,000 cells). */
const MAX_CELLS_PER_LOAD = 1_000_000;

const VISIBILITY: Record<string, SheetSnapshot['visibility']> = {
  Visible: 'visible',
  Hidden: 'hidden',
  VeryHidden: 'veryHidden',
};

function cellValue(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  return isErrorText(s) ? { error: s } : s;
}

interface Wanted {
  name: string;
  visibility: SheetSnapshot['visibility'];
  ws: Excel.Worksheet;
  used?: Excel.Range;
  merges?: Excel.RangeAreas;
  /** The rectangle to read (0-based, inclusive); null when the sheet is empty. */
  box?: { r1: number; c1: number; r2: number; c2: number } | null;
  snapshot: SheetSnapshot;
  bytesPerCell: number;
}

export async function readSnapshot(ctx: Excel.RequestContext, options: ReadOptions): Promise<WorkbookSnapshot> {
  const { signal, onProgress, supports } = options;
  checkAbort(signal);
  onProgress?.({ done: 0, total: 0, stage: 'Чтение списка листов…' });
  const list = ctx.workbook.worksheets.load('items/name,items/visibility');
  await ctx.sync();

  const byName = new Map(list.items.map((w) => [w.name.toLowerCase(), w]));
  let chosen: Excel.Worksheet[];
  let range: { r1: number; c1: number; r2: number; c2: number } | null = null;
  if (options.range) {
    const ws = byName.get(options.range.sheet.toLowerCase());
    if (!ws) throw new Error(`В книге нет листа «${options.range.sheet}».`);
    range = parseBox(options.range.address);
    if (!range) throw new Error(`«${options.range.address}» — не адрес диапазона; пишите так: A1:F200.`);
    chosen = [ws];
  } else if (options.sheets) {
    chosen = options.sheets.map((n) => byName.get(n.toLowerCase())).filter((w): w is Excel.Worksheet => !!w);
  } else {
    // What the file host reads too: every sheet but the merely hidden ones (the very-hidden state sheet included).
    chosen = list.items.filter((w) => w.visibility !== 'Hidden' || w.name === STATE_SHEET);
  }

  // ---- used ranges and merged areas ----
  const mergesSupported = supports('1.13');
  const wanted: Wanted[] = chosen.map((ws) => ({
    name: ws.name,
    visibility: VISIBILITY[ws.visibility] ?? 'visible',
    ws,
    snapshot: { name: ws.name, values: [], merges: [], visibility: VISIBILITY[ws.visibility] ?? 'visible' },
    bytesPerCell: FIRST_GUESS_BYTES_PER_CELL,
  }));
  const queueUsed = (withMerges: boolean): void => {
    for (const w of wanted) {
      w.used = w.ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      if (withMerges) {
        const area = range
          ? w.ws.getRangeByIndexes(range.r1, range.c1, range.r2 - range.r1 + 1, range.c2 - range.c1 + 1)
          : w.ws.getRange();
        w.merges = area.getMergedAreasOrNullObject().load('address');
      } else w.merges = undefined;
    }
  };
  checkAbort(signal);
  queueUsed(mergesSupported);
  let mergesInBands = false;
  try {
    await ctx.sync();
  } catch (e) {
    // Excel refuses to list more than 512 merged areas at once: used ranges first, merges by row bands below.
    if (!mergesSupported) throw e;
    queueUsed(false);
    await ctx.sync();
    mergesInBands = true;
  }
  let totalRows = 0;
  for (const w of wanted) {
    const u = w.used!;
    let box = u.isNullObject
      ? null
      : { r1: 0, c1: 0, r2: u.rowIndex + u.rowCount - 1, c2: u.columnIndex + u.columnCount - 1 };
    if (box && range) {
      box = {
        r1: Math.max(range.r1, box.r1),
        c1: Math.max(range.c1, box.c1),
        r2: Math.min(range.r2, box.r2),
        c2: Math.min(range.c2, box.c2),
      };
      if (box.r1 > box.r2 || box.c1 > box.c2) box = null;
    }
    w.box = box;
    if (range) w.snapshot.origin = { row: range.r1, col: range.c1 };
    if (w.merges && !w.merges.isNullObject) w.snapshot.merges = clip(parseAreas(w.merges.address), range);
    if (box) totalRows += box.r2 - box.r1 + 1;
  }
  if (mergesInBands) {
    // A sheet with very many merged areas: ask for them band by band, in one more sync.
    const bands: { w: Wanted; areas: Excel.RangeAreas }[] = [];
    for (const w of wanted) {
      if (!w.box) continue;
      for (let r = w.box.r1; r <= w.box.r2; r += MERGE_BAND) {
        const n = Math.min(MERGE_BAND, w.box.r2 - r + 1);
        const band = w.ws.getRangeByIndexes(r, 0, n, w.box.c2 + 1);
        bands.push({ w, areas: band.getMergedAreasOrNullObject().load('address') });
      }
    }
    try {
      await ctx.sync();
      const seen = new Map<Wanted, Map<string, Merge>>();
      for (const { w, areas } of bands) {
        if (areas.isNullObject) continue;
        let m = seen.get(w);
        if (!m) seen.set(w, (m = new Map()));
        for (const a of parseAreas(areas.address)) m.set(`${a.r1}:${a.c1}:${a.r2}:${a.c2}`, a);
      }
      for (const [w, m] of seen) w.snapshot.merges = clip([...m.values()], range);
    } catch {
      // Still too many in a band of rows: the snapshot goes without merged areas.
    }
  }

  // ---- values and number formats, in row chunks; one sync carries chunks of several sheets ----
  let done = 0;
  const batch = new Batch(ctx, { write: false, suspend: false, signal });
  const todo = wanted.filter((w) => w.box);
  const next = new Map(todo.map((w) => [w, w.box!.r1]));
  const formats = new Map<Wanted, (string | null)[][]>();
  while (todo.length) {
    const pending: { w: Wanted; r: number; n: number; range: Excel.Range }[] = [];
    let budget = RESPONSE_BUDGET;
    while (todo.length && budget > 0) {
      const w = todo[0];
      const box = w.box!;
      const width = box.c2 - box.c1 + 1;
      const row = next.get(w)!;
      const rowsFit = Math.floor(budget / (w.bytesPerCell * width));
      if (rowsFit < 1 && pending.length) break;
      const n = Math.max(1, Math.min(box.r2 - row + 1, rowsFit, Math.floor(MAX_CELLS_PER_LOAD / width)));
      await batch.room(0, n * width * w.bytesPerCell);
      pending.push({ w, r: row, n, range: w.ws.getRangeByIndexes(row, box.c1, n, width).load('values,numberFormat') });
      budget -= n * width * w.bytesPerCell;
      if (row + n > box.r2) todo.shift();
      else next.set(w, row + n);
    }
    onProgress?.({ done, total: totalRows, stage: `Чтение листа «${pending[0].w.name}»…` });
    await batch.flush();
    const measured = new Map<Wanted, { bytes: number; cells: number }>();
    for (const p of pending) {
      const { w } = p;
      const box = w.box!;
      const width = box.c2 - box.c1 + 1;
      const origin = w.snapshot.origin ?? { row: 0, col: 0 };
      const values = w.snapshot.values;
      const vals = p.range.values;
      const fmts = p.range.numberFormat as string[][];
      const m = measured.get(w) ?? { bytes: 0, cells: 0 };
      m.bytes += utf8Length(JSON.stringify(vals)) + utf8Length(JSON.stringify(fmts));
      m.cells += p.n * width;
      measured.set(w, m);
      const lead = box.c1 - origin.col;
      for (let i = 0; i < p.n; i++) {
        const src = vals[i];
        const out: CellValue[] = new Array(lead + width);
        for (let c = 0; c < lead; c++) out[c] = null;
        let last = -1;
        for (let j = 0; j < width; j++) {
          const v = cellValue(src[j]);
          out[lead + j] = v;
          if (v !== null) last = lead + j;
          const f = fmts[i]?.[j];
          if (typeof v === 'number' && typeof f === 'string' && f !== 'General') {
            let grid = formats.get(w);
            if (!grid) formats.set(w, (grid = []));
            (grid[p.r + i - origin.row] ??= [])[lead + j] = f;
          }
        }
        out.length = last + 1;
        values[p.r + i - origin.row] = out;
      }
      done += p.n;
    }
    // Later chunks are sized by what each sheet really took (with a margin for longer texts below).
    for (const [w, m] of measured) if (m.cells > 0) w.bytesPerCell = Math.max(4, Math.ceil((m.bytes / m.cells) * 1.15));
  }
  for (const w of wanted) {
    const values = w.snapshot.values;
    for (let r = 0; r < values.length; r++) if (!values[r]) values[r] = [];
    const grid = formats.get(w);
    if (grid) w.snapshot.formats = grid;
  }
  onProgress?.({ done: totalRows, total: totalRows, stage: 'Прочитано.' });
  return { sheets: wanted.map((w) => w.snapshot) };
}

/** Merged areas clipped to the range read (all of them when the whole sheet is read). */
function clip(merges: Merge[], range: { r1: number; c1: number; r2: number; c2: number } | null): Merge[] {
  if (!range) return merges;
  const b = range;
  return merges
    .filter((m) => m.r1 <= b.r2 && m.r2 >= b.r1 && m.c1 <= b.c2 && m.c2 >= b.c1)
    .map((m) => ({
      r1: Math.max(m.r1, b.r1),
      c1: Math.max(m.c1, b.c1),
      r2: Math.min(m.r2, b.r2),
      c2: Math.min(m.c2, b.c2),
    }));
}

function parseBox(address: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const areas = parseAreas(address.includes('!') ? address : 'x!' + address);
  return areas.length === 1 ? areas[0] : null;
}
