/**
 * Reads an `.xlsx` file into engine snapshots (values, number formats, merged areas), over
 * `@e965/xlsx` (SheetJS CE). Never throws: a file that cannot be read gives a Russian reason.
 */
import * as XLSX from '@e965/xlsx';
import { CellValue, Merge, SheetSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { SNIFF_MESSAGES, sniff } from './sniff';

export type ReadResult = { ok: true; workbook: WorkbookSnapshot } | { ok: false; message: string };

const ERRORS: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

interface DenseCell {
  t: string;
  v?: unknown;
  z?: string | number;
  w?: string;
}

function cellValue(cell: DenseCell): CellValue {
  switch (cell.t) {
    case 'n':
      return typeof cell.v === 'number' ? cell.v : null;
    case 's':
    case 'str':
      return typeof cell.v === 'string' ? cell.v : cell.v === undefined ? null : String(cell.v);
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return {
        error: typeof cell.v === 'number' ? (ERRORS[cell.v] ?? cell.w ?? '#VALUE!') : String(cell.w ?? '#VALUE!'),
      };
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString() : String(cell.v);
    default:
      return null;
  }
}

/** Names the package a zip holds when it is not a workbook (a Word document, an ODS sheet …). */
function notWorkbookMessage(buf: Uint8Array): string | null {
  const text = new TextDecoder('latin1').decode(buf.subarray(0, Math.min(buf.length, 4096)));
  if (text.includes('word/document.xml')) return 'это документ Word, а не книга Excel.';
  if (text.includes('ppt/presentation.xml')) return 'это презентация PowerPoint, а не книга Excel.';
  if (text.includes('application/vnd.oasis.opendocument.spreadsheet'))
    return 'это таблица OpenDocument (.ods). Откройте её и сохраните как «Книга Excel (*.xlsx)».';
  return null;
}

export function snapshotFromSheetJS(wb: XLSX.WorkBook): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  wb.SheetNames.forEach((name, i) => {
    const ws = wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: DenseCell[][] };
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden;
    const visibility = hidden === 2 ? 'veryHidden' : hidden === 1 ? 'hidden' : 'visible';
    const data = ws?.['!data'] ?? [];
    const values: CellValue[][] = new Array(data.length);
    let formats: (string | null)[][] | undefined;
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) {
        values[r] = [];
        continue;
      }
      const out: CellValue[] = new Array(row.length);
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) {
          out[c] = null;
          continue;
        }
        out[c] = cellValue(cell);
        const z = cell.z;
        if (typeof z === 'string' && z !== 'General' && cell.t === 'n') {
          if (!formats) formats = [];
          (formats[r] ??= [])[c] = z;
        }
      }
      values[r] = out;
    }
    const merges: Merge[] = (ws?.['!merges'] ?? []).map((m) => ({ r1: m.s.r, c1: m.s.c, r2: m.e.r, c2: m.e.c }));
    sheets.push({ name, values, formats, merges, visibility });
  });
  return { sheets };
}

/** The options of `XLSX.read`: dense rows, number formats; no formulas, HTML, text, styles or macros. */
export const READ_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  cellNF: true,
  cellFormula: false,
  cellHTML: false,
  cellText: false,
  cellStyles: false,
  bookVBA: false,
};

/** Parses `.xlsx` bytes; `fileLabel` is only for messages. */
export function readWorkbook(buf: Uint8Array): ReadResult {
  const s = sniff(buf);
  if (!s.ok) return { ok: false, message: SNIFF_MESSAGES[s.reason] };
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, { ...READ_OPTIONS });
  } catch (e) {
    const other = notWorkbookMessage(buf);
    if (other) return { ok: false, message: other };
    const detail = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(detail)) return { ok: false, message: SNIFF_MESSAGES.encrypted };
    return {
      ok: false,
      message:
        'книгу не удалось разобрать: файл повреждён или сохранён программой с ошибками. Откройте его в Excel и сохраните заново.',
    };
  }
  if (!wb.SheetNames || wb.SheetNames.length === 0) {
    const other = notWorkbookMessage(buf);
    return { ok: false, message: other ?? 'в книге нет ни одного листа: файл повреждён или сохранён с ошибками.' };
  }
  return { ok: true, workbook: snapshotFromSheetJS(wb) };
}
