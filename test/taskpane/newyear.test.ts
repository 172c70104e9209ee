/**
 * The pane's «Новый учебный год» (prepare, then apply after the user confirms) on both hosts: the
 * web page's file host gives the same copy as `shnor new-year` (the patcher), and the simulated
 * Excel ends with the same cell values; a results workbook is refused with a Russian message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { newYearEdits } from '../../src/engine/dtk/newyear';
import { STATE_SHEET } from '../../src/engine/edits';
import { OfficeHost } from '../../src/excel/officeHost';
import { applyNewYear, prepareNewYear } from '../../src/taskpane/actions';
import { FileHost } from '../../src/taskpane/fileHost';
import { applyEdits } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { createSimulatedExcel } from '../excel-host';

const ROOT = path.resolve(__dirname, '..', '..');
const bytes = (f: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(ROOT, f)));

function values(b: Uint8Array): Record<string, unknown> {
  const r = readWorkbook(b);
  if (!r.ok) throw new Error(r.message);
  const out: Record<string, unknown> = {};
  for (const s of r.workbook.sheets)
    if (s.name !== STATE_SHEET)
      s.values.forEach((row, i) => row?.forEach((v, c) => v !== null && v !== '' && (out[`${s.name}!${i}:${c}`] = v)));
  return out;
}

test('file host: prepare names the years, apply gives the same copy as the CLI', async () => {
  const src = bytes('samples/dtk-correct.xlsx');
  const host = FileHost.open('dtk-correct.xlsx', src);
  const plan = await prepareNewYear(host);
  expect(plan.ok).toBe(true);
  expect(plan.to).toEqual(['2021-2022', '2022-2023', '2023-2024']);
  expect(host.changed).toBe(false); // nothing written before the user confirms
  const out = await applyNewYear(host, plan);
  expect(out.skipped).toEqual([]);
  const r = readWorkbook(src);
  if (!r.ok) throw new Error(r.message);
  expect(values(host.copy())).toEqual(values(applyEdits(src, newYearEdits(r.workbook).edits)));
});

test('simulated Excel: the rolled workbook has the values the patcher gives', async () => {
  const src = bytes('samples/dtk-correct.xlsx');
  const sim = createSimulatedExcel(src, { apiVersion: '1.9' });
  const host = new OfficeHost({
    excel: sim.Excel as unknown as typeof Excel,
    office: sim.Office as unknown as typeof Office,
  });
  const plan = await prepareNewYear(host);
  await applyNewYear(host, plan);
  const r = readWorkbook(applyEdits(src, plan.edits));
  if (!r.ok) throw new Error(r.message);
  const sheet = r.workbook.sheets.find((s) => s.name === plan.edits.find((e) => e.kind === 'setValue')!.sheet)!;
  const got = sim.workbook.values(sheet.name);
  let compared = 0;
  for (const [cell, v] of got) {
    const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    expect([cell, v]).toEqual([cell, sheet.values[Number(m[2]) - 1]?.[col] ?? '']);
    compared++;
  }
  expect(compared).toBeGreaterThan(100);
});

test('a results workbook is refused with a Russian message and nothing to apply', async () => {
  const host = FileHost.open('results-long.xlsx', bytes('samples/results-long.xlsx'));
  const plan = await prepareNewYear(host);
  expect(plan.ok).toBe(false);
  expect(plan.message).toMatch(/не похожа на ДТК/);
  expect(plan.edits).toEqual([]);
});
