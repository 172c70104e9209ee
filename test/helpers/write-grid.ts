/**
 * Writes a workbook from plain grids with @e965/xlsx (not our own writer), for the variant corpora
 * of the card and the roadmap: text and number cells, Excel dates (a serial with a date format),
 * Excel errors, merged areas, hidden columns, cell comments and hidden sheets.
 */
import * as XLSX from '@e965/xlsx';

export type GridCell =
  | string
  | number
  | null
  | undefined
  | { error: '#REF!' | '#DIV/0!' | '#VALUE!' | '#N/A' }
  | { serial: number; format: string };

export interface GridSheet {
  name: string;
  rows: GridCell[][];
  /** [r1, c1, r2, c2], 0-based inclusive. */
  merges?: [number, number, number, number][];
  hiddenCols?: number[];
  /** Cell comments (notes): [row, col, text]. */
  comments?: [number, number, string][];
  hidden?: boolean;
}

const ERROR_CODES: Record<string, number> = { '#REF!': 0x17, '#DIV/0!': 0x07, '#VALUE!': 0x0f, '#N/A': 0x2a };

/** An Excel serial day number for a calendar date (1900 date system). */
export function dateSerial(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86400000 + 25569;
}

export function writeGrid(sheets: GridSheet[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws: XLSX.WorkSheet = {};
    let maxR = 0;
    let maxC = 0;
    s.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === undefined || v === '') return;
        const addr = XLSX.utils.encode_cell({ r, c });
        if (typeof v === 'string') ws[addr] = { t: 's', v };
        else if (typeof v === 'number') ws[addr] = { t: 'n', v };
        else if ('error' in v) ws[addr] = { t: 'e', v: ERROR_CODES[v.error], w: v.error };
        else ws[addr] = { t: 'n', v: v.serial, z: v.format };
        maxR = Math.max(maxR, r);
        maxC = Math.max(maxC, c);
      }),
    );
    for (const [r, c, text] of s.comments ?? []) {
      const addr = XLSX.utils.encode_cell({ r, c });
      ws[addr] ??= { t: 'z' };
      const cell = ws[addr] as XLSX.CellObject;
      cell.c = [{ a: 'Методист', t: text }];
      maxR = Math.max(maxR, r);
      maxC = Math.max(maxC, c);
    }
    for (const [, , r2, c2] of s.merges ?? []) {
      maxR = Math.max(maxR, r2);
      maxC = Math.max(maxC, c2);
    }
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxR, c: maxC } });
    if (s.merges?.length)
      ws['!merges'] = s.merges.map(([r1, c1, r2, c2]) => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } }));
    if (s.hiddenCols?.length) {
      const cols: XLSX.ColInfo[] = [];
      for (let c = 0; c <= maxC; c++) cols.push(s.hiddenCols.includes(c) ? { hidden: true, wch: 10 } : { wch: 14 });
      ws['!cols'] = cols;
    }
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  const hidden = sheets.map((s) => (s.hidden ? 1 : 0));
  if (hidden.some(Boolean))
    wb.Workbook = { Sheets: sheets.map((s, i) => ({ name: s.name, Hidden: hidden[i] as 0 | 1 })) };
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
