/**
 * «Отметки» on the web page in a real browser: open the openpyxl marks fixture, pick the sheet of
 * counts, type the range, compute; the result table is shown in the pane and written into the
 * downloaded copy one column to the right of the range. Screenshot in artifacts/screens/.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { ROOT, Served, serve, shot, unlabelled, watch } from './browser';

let s: Served;
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'marks', 'protocol_openpyxl.xlsx');

beforeAll(async () => {
  s = await serve();
});

afterAll(async () => {
  await s?.close();
});

test('counts per class → the marks table in the pane and in the downloaded copy', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 320, height: 900 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByLabel('Открыть книгу').setInputFiles(FIXTURE);
  await page.getByText(/^Лист «.+»:/).waitFor();
  await page.getByLabel('Лист').selectOption('Количества');
  await page.getByRole('tab', { name: 'Отметки' }).click();
  await page.getByLabel('Диапазон с отметками, например B2:B30').fill('A1:F4');
  await page.getByRole('button', { name: 'Посчитать отметки' }).click();
  await page.getByText('Итоги записаны в Количества!H1:K11 (количества отметок).').waitFor();
  const table = page.getByRole('table', { name: 'Отметки' });
  await expect(table.getByRole('row').count()).resolves.toBe(11);
  await expect(table.getByRole('row', { name: /СОУ/ }).textContent()).resolves.toBe('СОУ, %55,8нет данных58,8');
  expect(await unlabelled(page)).toEqual([]);
  await shot(page, 'pane-320-marks.png');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать копию с пометками' }).click(),
  ]);
  const saved = path.join(ROOT, 'artifacts', 'web-marks.xlsx');
  await download.saveAs(saved);
  const wb = XLSX.read(new Uint8Array(fs.readFileSync(saved)), { type: 'array' });
  const ws = wb.Sheets['Количества'];
  expect(ws['H1'].v).toBe('Показатель');
  expect(ws['I8'].v).toBe(92); // 5А: успеваемость 23 / 25
  expect(ws['J8'].v).toBe('нет данных');
  expect(ws['I11'].v).toBe(55.8); // 5А: СОУ
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});
