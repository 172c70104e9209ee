/**
 * «Отметки» through the Office.js adapter on the simulated Excel (test/excel-host) loaded from the
 * openpyxl fixture, on ExcelApi 1.7 (Excel 2019): the selection is read, the «Шкала перевода» sheet
 * is found, the table is written next to the selection, a rerun replaces the product's own values.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createSimulatedExcel } from '../excel-host';
import { OfficeHost } from '../../src/excel/officeHost';
import { runMarks } from '../../src/taskpane/actions';
import { computeMarks } from '../../src/engine/marks/formulas';

const FILE = path.join(__dirname, '..', 'fixtures', 'marks', 'protocol_openpyxl.xlsx');
const expected = JSON.parse(fs.readFileSync(FILE.replace(/\.xlsx$/, '.expected.json'), 'utf8'));

function hostOf(apiVersion = '1.7') {
  const sim = createSimulatedExcel(new Uint8Array(fs.readFileSync(FILE)), { apiVersion });
  const host = new OfficeHost({
    excel: sim.Excel as unknown as typeof Excel,
    office: sim.Office as unknown as typeof Office,
  });
  return { sim, host };
}

test('a ВПР protocol selected in Excel: marks by the user scale sheet, the table beside it', async () => {
  const { sim, host } = hostOf();
  sim.workbook.selection = { sheet: 'Протокол', address: 'A1:N34' };
  const r = await runMarks(host, { includeNotAssessed: false });
  expect(r.analysis.source).toBe('protocol');
  expect(r.analysis.note).toMatch(/лист «Шкала перевода»/);
  expect(r.written).toBe('Протокол!P1:Q11');
  const res = computeMarks(expected.protocol.counts);
  expect(sim.workbook.value('Протокол', 'P1')).toBe('Показатель');
  expect(sim.workbook.value('Протокол', 'Q1')).toBe('ВПР математика 5');
  expect(sim.workbook.value('Протокол', 'Q2')).toBe(res.n);
  expect(sim.workbook.value('Протокол', 'Q8')).toBe(Math.round(res.passRate! * 10) / 10);
  expect(sim.workbook.value('Протокол', 'Q11')).toBe(Math.round(res.sou! * 10) / 10);
  // the special rows of the generator are named
  const codes = r.analysis.issues.map((i) => i.code);
  expect(codes).toEqual(expect.arrayContaining(['MARKS-OVER-MAX', 'MARKS-TOTAL-MISMATCH', 'MARKS-MARK-MISMATCH']));
  // a second run writes the same table again without complaints
  const again = await runMarks(host, { includeNotAssessed: false });
  expect(again.outcome.skipped).toEqual([]);
});

test('counts in Excel: a rerun with «н/а» counted replaces the product’s own numbers (kept in shnor_state)', async () => {
  const { sim, host } = hostOf();
  sim.workbook.selection = { sheet: 'Количества', address: 'A1:F4' };
  await runMarks(host, { includeNotAssessed: false });
  expect(sim.workbook.value('Количества', 'K2')).toBe(24);
  const again = await runMarks(host, { includeNotAssessed: true });
  expect(again.outcome.skipped).toEqual([]);
  expect(sim.workbook.value('Количества', 'K2')).toBe(25);
  expect(sim.workbook.value('Количества', 'K11')).toBe(56.8);
});
