/**
 * The task pane in Excel (simulated host over a real .xlsx, as test/e2e/pane.e2e.ts) on forms typed
 * from seed 003 as printed (issue 11): the ДТК written by test/fixtures/dtk/make_seed003.py
 * (openpyxl) and the information card of test/fixtures/make_seed_forms.ts (@e965/xlsx). «Проверить»
 * shows no error; «Записать выводы» fills every «Вывод» / «Проблема» row the form has — the cells
 * are those the fixture generators recorded (or, for the card, found here by a plain scan).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { bundleSim } from './sim-bundle';
import { ROOT, Served, serve, watch, openSimPane } from './browser';

let s: Served;
let simJs: string;

beforeAll(async () => {
  [s, simJs] = await Promise.all([serve(), bundleSim()]);
});

afterAll(async () => {
  await s?.close();
});

function openPane(book: string): Promise<Page> {
  return openSimPane(s, simJs, path.join(ROOT, book));
}

const value = (page: Page, sheet: string, cell: string): Promise<unknown> =>
  page.evaluate(
    ([sh, c]) =>
      (
        window as unknown as { shnorExcelSim: { workbook: { value(s: string, a: string): unknown } } }
      ).shnorExcelSim.workbook.value(sh, c),
    [sheet, cell],
  );

/** Check, then write conclusions; returns the verdict line. */
async function checkAndWrite(page: Page, kindName: string): Promise<string> {
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  const verdict = page.getByText(new RegExp(`^Вид книги: ${kindName}\\. Ошибок: \\d+`)).first();
  await verdict.waitFor();
  const text = (await verdict.textContent())!;
  await page.getByRole('button', { name: 'Записать выводы' }).click();
  await page.getByText(/^Записано ячеек: [1-9]/).waitFor();
  return text;
}

test('ДТК typed from seed 003 as printed: no error, every «Вывод» / «Проблема» row written', async () => {
  const page = await openPane('test/fixtures/dtk/seed003_valid.xlsx');
  const w = watch(page, s.base);
  await page.getByText('Лист «ДТК»: ДТК (диагностико-технологическая карта).').waitFor();
  const rows = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/dtk/seed003_valid.expected.json'), 'utf8')) as {
      conclusions: { cell: string }[];
    }
  ).conclusions;
  expect(rows.length).toBe(10);
  for (const r of rows) expect([r.cell, await value(page, 'ДТК', r.cell)]).toEqual([r.cell, '']);
  const verdict = await checkAndWrite(page, 'ДТК \\(диагностико-технологическая карта\\)');
  expect(verdict).toMatch(/Ошибок: 0, предупреждений: 0,/);
  const texts: string[] = [];
  for (const r of rows) texts.push(String(await value(page, 'ДТК', r.cell)));
  expect(texts.filter((t) => t.length < 10)).toEqual([]);
  // Each row closes its own subsections: the conclusions of 1.1, 1.2 and 1.3 differ.
  expect(new Set(texts.filter((_, i) => i % 2 === 0)).size).toBe(rows.length / 2);
  expect(w.errors).toEqual([]);
  await page.close();
});

test('information card typed from seed 003 as printed: no error, «Вывод:» and «Проблема:» written', async () => {
  const page = await openPane('test/fixtures/card/seed003.xlsx');
  const w = watch(page, s.base);
  await page.getByText('Лист «Информационная карта»: информационная карта МОУО.').waitFor();
  // The rows as the fixture writes them: «Вывод:» and «Проблема:» in column B, the text to their right.
  const targets: string[] = [];
  for (let r = 1; r <= 60; r++) {
    const v = await value(page, 'Информационная карта', `B${r}`);
    if (typeof v === 'string' && /^(?:Вывод|Проблема):$/.test(v.trim())) targets.push(`C${r}`);
  }
  expect(targets.length).toBe(2);
  const verdict = await checkAndWrite(page, 'информационная карта МОУО');
  expect(verdict).toMatch(/Ошибок: 0, предупреждений: 0,/);
  for (const c of targets)
    expect([c, String(await value(page, 'Информационная карта', c)).length > 10]).toEqual([c, true]);
  expect(w.errors).toEqual([]);
  await page.close();
});
