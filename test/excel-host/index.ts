/**
 * The simulated Excel host: an in-memory workbook (model.ts) behind the subset of the Excel
 * JavaScript API the add-in uses (api.ts), loaded from real `.xlsx` bytes. No Node APIs, so the
 * same code runs in jest and, bundled, in the browser page of the end-to-end test:
 *
 *   const sim = installSimulatedExcel(bytes, { apiVersion: '1.9' });   // sets globalThis.Excel / Office
 *   … the add-in runs …
 *   sim.host.stats.syncs, sim.workbook.value('Лист', 'B2')
 */
import * as XLSX from '@e965/xlsx';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { SimHost, SimExcel, SimOffice, makeExcel, makeOffice } from './api';
import { SimCell, SimSheet, SimVisibility, SimWorkbook } from './model';

export { SimHost, REQUEST_LIMIT, RESPONSE_LIMIT, CELL_LIMIT } from './api';
export type { SimStats } from './api';
export { SimWorkbook, SimSheet, SimError, parseAddress } from './model';
export type { SimCell } from './model';

export interface SimOptions {
  /** The ExcelApi version the host claims (isSetSupported answers by it); default 1.20. */
  apiVersion?: string;
}

export interface SimulatedExcel {
  host: SimHost;
  workbook: SimWorkbook;
  Excel: SimExcel;
  Office: SimOffice;
}

interface SheetJSCell {
  t: string;
  v?: unknown;
  f?: string;
  z?: string | number;
  w?: string;
  s?: { patternType?: string; fgColor?: { rgb?: string } };
}

const ERRORS: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
};

const PATTERNS: Record<string, string> = {
  solid: 'Solid',
  gray125: 'Gray16',
  gray0625: 'Gray8',
  darkGray: 'Gray75',
  mediumGray: 'Gray50',
  lightGray: 'Gray25',
};

/** Reads `.xlsx` bytes into a simulated workbook: values, formulas, number formats, fills, merges, visibility, names. */
export function workbookFromXlsx(bytes: Uint8Array): SimWorkbook {
  const book = XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true, cellStyles: true, cellNF: true });
  const wb = new SimWorkbook();
  book.SheetNames.forEach((name, i) => {
    const ws = book.Sheets[name] as XLSX.WorkSheet & { '!data'?: (SheetJSCell | null)[][] };
    const sheet = new SimSheet(name);
    const hidden = book.Workbook?.Sheets?.[i]?.Hidden;
    sheet.visibility = hidden === 2 ? 'VeryHidden' : hidden === 1 ? 'Hidden' : 'Visible';
    const data = ws?.['!data'] ?? [];
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) {
        const x = row[c];
        if (!x) continue;
        const cell: SimCell = {};
        if (x.f !== undefined) cell.f = x.f;
        switch (x.t as string) {
          case 'n':
            if (typeof x.v === 'number') cell.v = x.v;
            break;
          case 's':
          case 'str':
            if (x.v !== undefined && x.v !== '') cell.v = String(x.v);
            break;
          case 'b':
            cell.v = Boolean(x.v);
            break;
          case 'e':
            cell.v = typeof x.v === 'number' ? (ERRORS[x.v] ?? x.w ?? '#VALUE!') : String(x.w ?? '#VALUE!');
            break;
          case 'z':
            if (x.f !== undefined) cell.v = 0;
            break;
        }
        if (typeof x.z === 'string' && x.z !== 'General') cell.nf = x.z;
        const fill = x.s?.patternType && x.s.patternType !== 'none' ? x.s.fgColor?.rgb : undefined;
        if (fill && /^[0-9A-Fa-f]{6,8}$/.test(fill)) {
          cell.fill = '#' + fill.slice(-6).toUpperCase();
          const p = PATTERNS[x.s!.patternType!];
          if (p && p !== 'Solid') cell.pattern = p;
        }
        if (Object.keys(cell).length) sheet.cells.set(SimSheet.key(r, c), cell);
      }
    }
    sheet.merges = (ws?.['!merges'] ?? []).map((m) => ({ r1: m.s.r, c1: m.s.c, r2: m.e.r, c2: m.e.c }));
    wb.sheets.push(sheet);
  });
  for (const n of book.Workbook?.Names ?? []) if (n.Name && n.Ref) wb.names.set(n.Name, n.Ref);
  const firstVisible = wb.sheets.findIndex((s) => s.visibility === 'Visible');
  wb.activeSheet = Math.max(0, firstVisible);
  wb.selection = { sheet: wb.sheets[wb.activeSheet]?.name ?? '', address: 'A1' };
  return wb;
}

/** A simulated workbook from engine snapshots (generated data in the benchmark). */
export function workbookFromSnapshot(snap: WorkbookSnapshot): SimWorkbook {
  const wb = new SimWorkbook();
  for (const s of snap.sheets) {
    const sheet = new SimSheet(s.name);
    const r0 = s.origin?.row ?? 0;
    const c0 = s.origin?.col ?? 0;
    s.values.forEach((row, r) =>
      row?.forEach((v, c) => {
        if (v === null || v === undefined || v === '') return;
        const cell: SimCell = { v: typeof v === 'object' ? v.error : v };
        const nf = s.formats?.[r]?.[c];
        if (nf) cell.nf = nf;
        sheet.cells.set(SimSheet.key(r0 + r, c0 + c), cell);
      }),
    );
    sheet.merges = s.merges.map((m) => ({ ...m }));
    sheet.visibility = ({ visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' } as const)[
      s.visibility ?? 'visible'
    ] as SimVisibility;
    wb.sheets.push(sheet);
  }
  wb.selection = { sheet: wb.sheets[0]?.name ?? '', address: 'A1' };
  return wb;
}

export function createSimulatedExcel(source: Uint8Array | SimWorkbook, options: SimOptions = {}): SimulatedExcel {
  const workbook = source instanceof SimWorkbook ? source : workbookFromXlsx(source);
  const host = new SimHost(workbook, options.apiVersion ?? '1.20');
  return { host, workbook, Excel: makeExcel(host), Office: makeOffice(host) };
}

/** Creates the host and sets `Excel` and `Office` on `target` (the page's window in the browser). */
export function installSimulatedExcel(
  source: Uint8Array | SimWorkbook,
  options: SimOptions = {},
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): SimulatedExcel {
  const sim = createSimulatedExcel(source, options);
  target.Excel = sim.Excel;
  target.Office = sim.Office;
  target.shnorExcelSim = sim;
  // Tests in the page read counts and cells through window.shnorExcelSim.host.stats and .workbook.
  return sim;
}
