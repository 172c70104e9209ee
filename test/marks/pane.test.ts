/**
 * «Отметки» in the task pane over the file host (the web page's host): the selection of the
 * openpyxl fixture is analysed, the result table is written to the right of it in the patched
 * copy, a second run with the «н/а» setting replaces the product's own numbers, and a user's own
 * value in the way is left alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileHost } from '../../src/taskpane/fileHost';
import { runMarks } from '../../src/taskpane/actions';
import { readWorkbook } from '../../src/xlsx/read';
import { SheetView, WorkbookSnapshot } from '../../src/engine/snapshot';
import { computeMarks } from '../../src/engine/marks/formulas';
import { roundTo } from '../../src/engine/text';

const FILE = path.join(__dirname, '..', 'fixtures', 'marks', 'protocol_openpyxl.xlsx');

function open(): FileHost {
  return FileHost.open('protocol_openpyxl.xlsx', new Uint8Array(fs.readFileSync(FILE)));
}

function cells(bytes: Uint8Array, sheet: string, r1: number, c1: number, rows: number, cols: number): unknown[][] {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  const wb: WorkbookSnapshot = r.workbook;
  const view = new SheetView(wb.sheets.find((s) => s.name === sheet)!);
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => view.get(r1 + i, c1 + j)));
}

test('counts per class: the table lands one column right of the selection, in the saved copy', async () => {
  const host = open();
  host.setSelection('Количества', 'A1:F4');
  const r = await runMarks(host, { includeNotAssessed: false });
  expect(r.analysis.source).toBe('counts');
  expect(r.written).toBe('Количества!H1:K11');
  expect(r.outcome.skipped).toEqual([]);
  const got = cells(host.copy(), 'Количества', 0, 7, 11, 4);
  expect(got[0]).toEqual(['Показатель', '5А', '5Б', '5В']);
  const a = computeMarks({ n5: 4, n4: 10, n3: 9, n2: 2, na: 0 });
  const v = computeMarks({ n5: 6, n4: 8, n3: 7, n2: 3, na: 1 });
  expect(got.map((l) => l[0])).toEqual([
    'Показатель',
    'Учащихся (n)',
    '«5»',
    '«4»',
    '«3»',
    '«2»',
    '«н/а»',
    'Успеваемость, %',
    'Качество знаний, %',
    'Средний балл',
    'СОУ, %',
  ]);
  expect(got[7]).toEqual(['Успеваемость, %', a.passRate, 'нет данных', roundTo(v.passRate!, 1)]);
  expect(got[10]).toEqual(['СОУ, %', roundTo(a.sou!, 1), 'нет данных', roundTo(v.sou!, 1)]);
});

test('a second run with «н/а» counted replaces the product’s own numbers', async () => {
  const host = open();
  host.setSelection('Количества', 'A1:F4');
  await runMarks(host, { includeNotAssessed: false });
  const again = await runMarks(host, { includeNotAssessed: true });
  expect(again.outcome.skipped).toEqual([]);
  const v = computeMarks({ n5: 6, n4: 8, n3: 7, n2: 3, na: 1 }, { includeNotAssessed: true });
  const got = cells(host.copy(), 'Количества', 1, 10, 10, 1).map((l) => l[0]);
  expect(got[0]).toBe(25);
  expect(got[9]).toBe(roundTo(v.sou!, 1)); // (14,12 + 0,07) / 25 × 100 = 56,76 → 56,8
  expect(got[9]).toBe(56.8);
});

test('a column of marks; a cell of the user in the way is not overwritten', async () => {
  const host = open();
  // the journal: A1 «Отметка», marks below; the table goes to C1:D11 — a value of the user's at D3 first
  await host.apply([{ kind: 'setValue', sheet: 'Журнал', cell: 'D3', value: 'моё', purpose: 'derived' }]);
  host.setSelection('Журнал', 'A1:A12');
  const first = await runMarks(host, { includeNotAssessed: false });
  expect(first.written).toBe('Журнал!C1:D11');
  expect(first.outcome.skipped.map((k) => [k.cell, k.ownText])).toEqual([['D3', 'моё']]);
  expect(cells(host.copy(), 'Журнал', 2, 3, 1, 1)[0][0]).toBe('моё');
  expect(first.analysis.issues.map((i) => [i.code, i.cell])).toEqual([['MARKS-BAD-MARK', 'A8']]);
  const got = cells(host.copy(), 'Журнал', 0, 2, 11, 2);
  expect(got[1]).toEqual(['Учащихся (n)', 7]);
  expect(got[7]).toEqual(['Успеваемость, %', roundTo((6 / 7) * 100, 1)]);
});

test('without a range selected the pane says what to select', async () => {
  const host = open();
  host.setSelection('Журнал', 'A1');
  await expect(runMarks(host, { includeNotAssessed: false })).rejects.toThrow(/Выделите диапазон/);
});
