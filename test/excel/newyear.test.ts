/**
 * «Новый учебный год» through the Office.js adapter (simulated Excel) against the `.xlsx` patcher
 * on the same real ДТК files: a checked copy (with the product's conclusions and highlights) and the
 * plain sample. The edits computed from the Excel snapshot equal those from the file; applied, they
 * leave the same values in every sheet, the same written conclusions on record and no highlight.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { newYearEdits } from '../../src/engine/dtk/newyear';
import { STATE_SHEET } from '../../src/engine/edits';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { CellValue, WorkbookSnapshot, a1 } from '../../src/engine/snapshot';
import { stateFromSnapshot } from '../../src/engine/state';
import { applyEdits, applyEditsWithReport, readState } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { SimWorkbook } from '../excel-host';
import { DATE, ROOT, simHost } from './helpers';

function snap(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

const plain = (v: CellValue | undefined): string | number | boolean | null =>
  v === null || v === undefined || v === '' ? null : typeof v === 'object' ? v.error : v;

function fileValues(s: WorkbookSnapshot): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const sh of s.sheets) {
    if (sh.name === STATE_SHEET) continue;
    sh.values.forEach((row, r) =>
      row?.forEach((v, c) => {
        const p = plain(v);
        if (p !== null) out.push([`${sh.name}!${a1(r, c)}`, p]);
      }),
    );
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function simValues(wb: SimWorkbook): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const s of wb.sheets) {
    if (s.name === STATE_SHEET) continue;
    for (const [cell, v] of wb.values(s.name)) if (v !== '' && v !== null) out.push([`${s.name}!${cell}`, v]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const sample = fs.readFileSync(path.join(ROOT, 'samples', 'dtk-mistakes.xlsx'));
const checked = applyEdits(sample, checkWorkbook(snap(sample), parseIdentifySettings({}), DATE).edits);

test.each([
  ['the sample', sample],
  ['a checked copy', checked],
])('%s: the adapter and the patcher roll the ДТК alike', async (_name, bytes) => {
  const { sim, host } = simHost(new Uint8Array(bytes), '1.20');
  const fromExcel = await host.read();
  const a = newYearEdits(fromExcel);
  const b = newYearEdits(snap(bytes));
  expect(a.ok).toBe(true);
  expect(a.edits).toEqual(b.edits);
  const outcome = await host.apply(a.edits);
  const patched = applyEditsWithReport(bytes, b.edits);
  expect(outcome.skipped.map((s) => `${s.sheet}!${s.cell}`)).toEqual(
    patched.skipped.map((s) => `${s.sheet}!${s.cell}`),
  );
  expect(simValues(sim.workbook)).toEqual(fileValues(snap(patched.bytes)));
  const excelState = stateFromSnapshot(await host.read({ sheets: [STATE_SHEET] }));
  const fileState = readState(patched.bytes);
  expect(excelState?.written ?? []).toEqual(fileState?.written ?? []);
  expect(excelState?.highlights ?? []).toEqual([]);
  expect(fileState?.highlights ?? []).toEqual([]);
  expect(b.moved).toBeGreaterThan(40);
});
