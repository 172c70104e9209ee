/**
 * «Новый учебный год» through the Office.js adapter (simulated Excel) against the `.xlsx` patcher
 * on the same real ДТК files: a checked copy (with the product's conclusions and highlights) and the
 * plain sample. The edits computed from the Excel snapshot equal those from the file; applied, they
 * leave the same values in every sheet, the same written conclusions on record and no highlight.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
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

/** The transposed layout (an #DIV/0! of its own) with TRUE/FALSE answers put by openpyxl in kept years. */
function withBooleans(): Uint8Array {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newyear-excel-'));
  const out = path.join(dir, 'bool.xlsx');
  const py = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["ДТК"]
ws["E96"] = True
ws["F96"] = False
ws["F97"] = True
wb.save(sys.argv[2])
`;
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', py, path.join(ROOT, 'test', 'fixtures', 'dtk', 'transposed.xlsx'), out],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const bytes = fs.readFileSync(out);
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

test.each([
  ['the sample', sample],
  ['a checked copy', checked],
  ['a layout with an Excel error value and booleans', withBooleans()],
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

test('an Excel error value and booleans move as they are through the adapter', async () => {
  const bytes = withBooleans();
  const { sim, host } = simHost(new Uint8Array(bytes), '1.20');
  const plan = newYearEdits(await host.read());
  await host.apply(plan.edits);
  const v = new Map(simValues(sim.workbook));
  // The yes/no answers of 2021-2022 (E) and 2022-2023 (F) are one year earlier (C, E); F is empty.
  expect([v.get('ДТК!E96'), v.get('ДТК!C96'), v.get('ДТК!E97'), v.get('ДТК!F96')]).toEqual([
    false,
    true,
    true,
    undefined,
  ]);
  const file = new Map(fileValues(snap(applyEditsWithReport(bytes, plan.edits).bytes)));
  expect([file.get('ДТК!E96'), file.get('ДТК!C96'), file.get('ДТК!E97')]).toEqual([false, true, true]);
  // «Доля учащихся, продолжающих обучение на уровне СОО»: #DIV/0! in 2022-2023 (F27) before, in 2021-2022 (E27) after.
  expect([...file].filter(([, x]) => x === '#DIV/0!').map(([k]) => k)).toEqual(['ДТК!E27']);
  expect([v.get('ДТК!E27'), v.get('ДТК!F27')]).toEqual(['#DIV/0!', undefined]);
});
