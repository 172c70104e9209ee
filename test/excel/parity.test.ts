/**
 * The add-in path against the CLI path on the same real workbooks (results samples, the ДТК,
 * card and roadmap fixtures written by openpyxl and LibreOffice): the snapshot the Office.js
 * adapter reads through the simulated Excel gives the same kind, findings and edits as the
 * snapshot src/xlsx/read.ts reads from the file; the edits applied by the adapter leave the same
 * cell values in every sheet (user sheets and owned sheets) as the `.xlsx` patcher, with the same
 * tables; and the written conclusions are recorded in the same state sheet format.
 *
 * Merged areas can be read from ExcelApi 1.13 on, so on 1.7 and 1.9 a workbook with merges is
 * compared on its kind only; 1.20 is compared in full on every workbook.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import { checkWorkbook } from '../../src/engine/check';
import { STATE_SHEET } from '../../src/engine/edits';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { CellValue, WorkbookSnapshot, a1 } from '../../src/engine/snapshot';
import { stateFromSnapshot } from '../../src/engine/state';
import { applyEditsWithReport, readState } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { SimWorkbook } from '../excel-host';
import { DATE, ROOT, simHost } from './helpers';

const FILES = [
  'samples/results-long.xlsx',
  'samples/results-wide.xlsx',
  ...['dtk', 'card', 'roadmap', 'results'].flatMap((d) =>
    fs
      .readdirSync(path.join(ROOT, 'test', 'fixtures', d))
      .filter((f) => f.endsWith('.xlsx'))
      .map((f) => `test/fixtures/${d}/${f}`),
  ),
];

const settings = parseIdentifySettings({});

function fileSnapshot(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

function plain(v: CellValue | undefined): string | number | boolean | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'object' ? v.error : v;
}

/** Non-empty cell values of every sheet but the state sheet, as `Sheet!A1 → value`. */
function fileValues(snap: WorkbookSnapshot): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const s of snap.sheets) {
    if (s.name === STATE_SHEET) continue;
    s.values.forEach((row, r) =>
      row?.forEach((v, c) => {
        const p = plain(v);
        if (p !== null) out.set(`${s.name}!${a1(r, c)}`, p);
      }),
    );
  }
  return out;
}

function simValues(wb: SimWorkbook): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const s of wb.sheets) {
    if (s.name === STATE_SHEET) continue;
    for (const [cell, v] of wb.values(s.name)) out.set(`${s.name}!${cell}`, v);
  }
  return out;
}

/** Tables of a package: `sheet name → [name, ref]` read from the parts (not through a library). */
function fileTables(bytes: Uint8Array): string[] {
  const zip = unzipSync(bytes);
  const out: string[] = [];
  for (const [name, data] of Object.entries(zip)) {
    if (!/^xl\/tables\/table\d+\.xml$/.test(name)) continue;
    const xml = strFromU8(data);
    const m =
      /<table[^>]*\bname="([^"]+)"[^>]*\bref="([^"]+)"/.exec(xml) ??
      /<table[^>]*\bref="([^"]+)"[^>]*\bname="([^"]+)"/.exec(xml);
    if (m) out.push(xml.indexOf('name=') < xml.indexOf('ref=') ? `${m[1]} ${m[2]}` : `${m[2]} ${m[1]}`);
  }
  return out.sort();
}

function sorted(m: Map<string, unknown>): [string, unknown][] {
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

describe.each(['1.7', '1.9', '1.20'])('ExcelApi %s', (version) => {
  test.each(FILES)('%s: same findings and the same written cells as `shnor check`', async (file) => {
    const { sim, host, bytes } = simHost(path.join(ROOT, file), version);
    const fromFile = fileSnapshot(bytes!);
    const fromExcel = await host.read();
    const reads = sim.host.stats.syncs;
    const hasMerges = fromFile.sheets.some((s) => s.merges.length > 0);

    const a = checkWorkbook(fromExcel, settings, DATE);
    const b = checkWorkbook(fromFile, settings, DATE);
    expect(a.kind).toBe(b.kind);
    // Merged areas are read from ExcelApi 1.13 on: below it the findings are not compared, and the
    // writing is checked with the edits found in the file.
    const mergesRead = Number(version.split('.')[1]) >= 13 || !hasMerges;
    if (mergesRead) {
      expect(a.issues).toEqual(b.issues);
      expect(a.indicators).toEqual(b.indicators);
      expect(a.edits).toEqual(b.edits);
    }
    expect(reads).toBeLessThanOrEqual(3);

    // Write back through the adapter and through the file patcher.
    sim.host.resetStats();
    const outcome = await host.apply(mergesRead ? a.edits : b.edits);
    const writes = { ...sim.host.stats };
    const patched = applyEditsWithReport(bytes!, b.edits);
    expect(outcome.skipped.map((s) => `${s.sheet}!${s.cell}`).sort()).toEqual(
      patched.skipped.map((s) => `${s.sheet}!${s.cell}`).sort(),
    );
    const after = fileSnapshot(patched.bytes);
    expect(sorted(simValues(sim.workbook))).toEqual(sorted(fileValues(after)));
    expect(sim.workbook.sheets.map((s) => s.name)).toEqual(after.sheets.map((s) => s.name));
    expect(sim.workbook.sheets.map((s) => s.visibility)).toEqual(
      after.sheets.map(
        (s) => ({ visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' })[s.visibility ?? 'visible'],
      ),
    );
    // The same tables, named and placed alike.
    const simTables = sim.workbook.tables
      .map((t) => `${t.name} ${a1(t.rect.r1, t.rect.c1)}:${a1(t.rect.r2, t.rect.c2)}`)
      .sort();
    expect(simTables).toEqual(fileTables(patched.bytes));
    const fileState = readState(patched.bytes);
    // Highlighted cells have the same fill in both.
    const styled = XLSX.read(patched.bytes, { type: 'array', cellStyles: true, dense: false });
    for (const h of fileState?.highlights ?? []) {
      const cell = (styled.Sheets[h.sheet] as Record<string, { s?: { fgColor?: { rgb?: string } } }>)[h.cell];
      expect([h.sheet, h.cell, sim.workbook.cell(h.sheet, h.cell)?.fill]).toEqual([
        h.sheet,
        h.cell,
        '#' + cell?.s?.fgColor?.rgb,
      ]);
    }
    // Conclusions written are on record alike; the records of highlights name the same cells.
    const excelState = stateFromSnapshot(await host.read({ sheets: [STATE_SHEET] }));
    expect(excelState?.written ?? []).toEqual(fileState?.written ?? []);
    expect((excelState?.highlights ?? []).map((h) => `${h.sheet}!${h.cell}`).sort()).toEqual(
      (fileState?.highlights ?? []).map((h) => `${h.sheet}!${h.cell}`).sort(),
    );
    // Writes in a few syncs, all with calculation suspended, one undo step where 1.20 allows.
    expect(writes.syncs).toBeLessThanOrEqual(4);
    expect(writes.suspendedWriteSyncs).toBe(writes.writeSyncs);
    if (version === '1.20' && writes.writeSyncs > 0) expect(writes.undoSteps).toBe(1);
  });
});
