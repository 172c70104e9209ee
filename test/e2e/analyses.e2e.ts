/**
 * «Отметки» → «Задания ВПР (реестр затруднений)», «Учителя», «Объективность» as they run in Excel
 * (issue 16): taskpane.html in Chromium with the simulated Excel host over the deputy's one workbook
 * written by openpyxl (test/fixtures/marks/make_analyses.py → analyses_book_openpyxl.xlsx: ВПР
 * protocols of two years with teachers, the ФИС ОКО «Выполнение заданий» report, marks for
 * objectivity). The teachers stably low and the schools flagged are the generator's designed ones;
 * the register of difficulties shown is the engine's on the same file (its figures are proven against
 * a hand count in test/marks/analyses.test.ts). Each button writes its own sheet; the user's sheets
 * keep every value. Screenshot in artifacts/screens/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { tasksOfWorkbook } from '../../src/engine/marks/analyses';
import { readWorkbook } from '../../src/xlsx/read';
import { bundleSim } from './sim-bundle';
import { ROOT, Served, serve, shot, unlabelled, watch, openSimPane } from './browser';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'marks', 'analyses_book_openpyxl.xlsx');
const DATA = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'marks', 'analyses_openpyxl.data.json'), 'utf8'),
) as { designed: { stablyLow: string[]; flagged: [string, string][] } };

let s: Served;
let simJs: string;

beforeAll(async () => {
  [s, simJs] = await Promise.all([serve(), bundleSim()]);
});

afterAll(async () => {
  await s?.close();
});

function openPane(file: string): Promise<Page> {
  return openSimPane(s, simJs, file, { height: 1000 });
}

interface Sim {
  shnorExcelSim: {
    workbook: {
      sheets: { name: string }[];
      values(sheet: string): Map<string, unknown>;
    };
  };
}

const userValues = (page: Page, names: string[]): Promise<Record<string, [string, unknown][]>> =>
  page.evaluate((names) => {
    const wb = (window as unknown as Sim).shnorExcelSim.workbook;
    const out: Record<string, [string, unknown][]> = {};
    for (const n of names) out[n] = [...wb.values(n).entries()];
    return out;
  }, names);

test('the deputy’s workbook in Excel: the register of difficulties, the stably low teachers, the flagged schools', async () => {
  const read = readWorkbook(fs.readFileSync(BOOK));
  if (!read.ok) throw new Error(read.message);
  const tasks = tasksOfWorkbook(read.workbook);
  if (!tasks.ok) throw new Error(tasks.missing);
  expect(tasks.analysis.difficulties.length).toBeGreaterThan(0);
  const userSheets = read.workbook.sheets.map((x) => x.name);

  const page = await openPane(BOOK);
  const w = watch(page, s.base);
  await page
    .getByText(/^Лист «/)
    .first()
    .waitFor();
  const before = await userValues(page, userSheets);
  await page.getByRole('tab', { name: 'Отметки' }).click();

  // «Задания ВПР»: the register as the engine makes it, compared with the region of the ФИС ОКО report
  await page.getByRole('button', { name: 'Задания ВПР (реестр затруднений)' }).click();
  await page.getByText('Записан лист «Реестр затруднений».').first().waitFor();
  const tasksRegion = page.getByRole('region', { name: 'Задания ВПР (реестр затруднений)' });
  await tasksRegion
    .getByText(`заданий в реестре затруднений: ${tasks.analysis.difficulties.length} (`, { exact: false })
    .waitFor();
  await expect(tasksRegion.getByText('сравнения с регионом нет', { exact: false }).count()).resolves.toBe(0);
  const rows = tasksRegion.getByRole('table').getByRole('row');
  await expect(rows.count()).resolves.toBe(Math.min(30, tasks.analysis.difficulties.length) + 1);

  // «Учителя»: the designed stably low, by name
  await page.getByRole('button', { name: 'Учителя', exact: true }).click();
  await page.getByText('Записан лист «Учителя».').first().waitFor();
  const teachers = page.getByRole('region', { name: 'Учителя' });
  await teachers
    .getByText(`со стабильно низкими результатами (два года подряд): ${DATA.designed.stablyLow.length}.`, {
      exact: false,
    })
    .waitFor();
  const lowRows = await teachers.getByRole('table').getByRole('rowheader').allTextContents();
  expect(lowRows.map((x) => x.replace(/\s*\(.*\)$/, '')).sort()).toEqual([...DATA.designed.stablyLow].sort());

  // «Объективность»: the designed flagged school × subject pairs, at the default 50 %
  await page.getByRole('button', { name: 'Объективность', exact: true }).click();
  await page.getByText('Записан лист «Объективность».').first().waitFor();
  const obj = page.getByRole('region', { name: 'Объективность' });
  await obj
    .getByText(`с признаком необъективности (понизили больше 50 %): ${DATA.designed.flagged.length}.`, {
      exact: false,
    })
    .waitFor();
  // The list items are the flagged pairs, then the findings of the reading (seeded by the generator).
  const items = await obj.getByRole('listitem').allTextContents();
  const flagged = items.filter((x) => x.endsWith('признак необъективности.'));
  expect(items.some((x) => x.startsWith('ОГЭ по ученикам!'))).toBe(true);
  expect(flagged).toHaveLength(DATA.designed.flagged.length);
  for (const [subject, school] of DATA.designed.flagged)
    expect(flagged.some((x) => x.startsWith(`${school}, ${subject}: понизили `))).toBe(true);

  expect(await unlabelled(page)).toEqual([]);
  await shot(page, 'pane-excel-analyses.png', false);

  const sheets = await page.evaluate(() => (window as unknown as Sim).shnorExcelSim.workbook.sheets.map((x) => x.name));
  expect(sheets).toEqual(expect.arrayContaining([...userSheets, 'Реестр затруднений', 'Учителя', 'Объективность']));
  expect(await userValues(page, userSheets)).toEqual(before);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
}, 180_000);
