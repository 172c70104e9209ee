/**
 * The web page in a real browser (Debian's Chromium driven by playwright-core): open a workbook
 * from disk, check it, go to a finding's cell, identify, clear highlights, download the annotated
 * copy, insert templates; at 1100 px and at the task pane's 320 px; Russian and English.
 * Nothing leaves the browser. Screenshots go to artifacts/screens/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Page } from 'playwright-core';
import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import { readState } from '../../src/xlsx/patch';
import { ROOT, Served, WEB, serve, shot, unlabelled, watch } from './browser';

let s: Served;
const RESULTS_WIDE = path.join(ROOT, 'samples', 'results-wide.xlsx');
const LONG = path.join(ROOT, 'test', 'fixtures', 'results', 'long_openpyxl.xlsx');
const CALENDAR = path.join(ROOT, 'test', 'fixtures', 'results', 'long_calendar_libreoffice.xlsx');

beforeAll(async () => {
  s = await serve();
});

afterAll(async () => {
  await s?.close();
});

async function downloadCopy(page: Page, button: string, as: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const saved = path.join(ROOT, 'artifacts', as);
  await download.saveAs(saved);
  return { name: download.suggestedFilename(), bytes: new Uint8Array(fs.readFileSync(saved)) };
}

const sheetXml = (b: Uint8Array, part: string): string => strFromU8(unzipSync(b)[part]);

test('the web page opens a results workbook, checks it, goes to a cell, clears highlights and downloads the copy', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByRole('heading', { name: 'ШНОР: проверка форм мониторинга' }).waitFor();
  await shot(page, 'web-empty.png');

  await page.getByLabel('Открыть книгу').setInputFiles(RESULTS_WIDE);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  expect(await page.getByRole('button', { name: 'Скачать копию с пометками' }).isDisabled()).toBe(true);

  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(/^Вид книги: результаты оценочных процедур\./)
    .first()
    .waitFor();
  await page
    .getByText(/школ 16; ШНОР — 4, в зоне риска — 8, норма — 4/)
    .first()
    .waitFor();
  const schools = page.getByRole('list', { name: 'Школы с низкими результатами и в зоне риска' });
  await expect(schools.getByRole('listitem').count()).resolves.toBe(12);
  await shot(page, 'web-checked.png');

  // a finding with a cell: clicking it selects that cell and shows its sheet in the sheet chooser
  const findings = page.getByRole('navigation', { name: 'Замечания' });
  const first = findings.locator('button[aria-disabled="false"]').first();
  const where = (await first.locator('b').textContent())!;
  await first.click();
  await page.getByText(`Выделена ячейка ${where}.`).waitFor();
  expect(await page.getByLabel('Лист').inputValue()).toBe(where.split('!')[0]);
  await shot(page, 'web-finding-selected.png');

  const checked = await downloadCopy(page, 'Скачать копию с пометками', 'web-checked.xlsx');
  expect(checked.name).toBe('results-wide — проверено.xlsx');
  const wb = XLSX.read(checked.bytes, { type: 'array' });
  expect(wb.SheetNames).toEqual(expect.arrayContaining(['Идентификация ШНОР', 'Проверка', '2021-2022', '2022-2023']));
  expect(readState(checked.bytes)!.highlights.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Снять подсветку' }).click();
  await page.getByText('Подсветка снята, прежнее оформление ячеек восстановлено.').waitFor();
  const cleared = await downloadCopy(page, 'Скачать копию с пометками', 'web-cleared.xlsx');
  expect(readState(cleared.bytes)!.highlights).toEqual([]);
  const original = new Uint8Array(fs.readFileSync(RESULTS_WIDE));
  for (const part of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'])
    expect(sheetXml(cleared.bytes, part)).toBe(sheetXml(original, part));
  await shot(page, 'web-cleared.png');

  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});

test('at 320 px: identification on a range with its settings, keyboard only, no horizontal scrolling', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 320, height: 800 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByLabel('Открыть книгу').setInputFiles(LONG);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();

  await page.getByRole('tab', { name: 'Идентификация' }).click();
  await page.getByRole('radio', { name: 'Выделенный диапазон' }).check();
  await page.getByLabel('Диапазон, например A1:H200').fill('A1:Z30');
  await page.getByLabel('Правило 2').selectOption('same');
  await page.getByRole('button', { name: 'Определить ШНОР' }).click();
  const verdict = page.getByText(/учебный год \(предыдущий .+\): школ (\d+);/).first();
  await verdict.waitFor();
  const n = Number(/школ (\d+);/.exec((await verdict.textContent())!)![1]);
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(40);
  await shot(page, 'pane-320-identify-range.png');

  // the whole sheet: the 40 schools of the fixture
  await page.getByRole('radio', { name: /^Лист «/ }).check();
  await page.getByLabel('Правило 2').selectOption('any');
  await page.getByRole('button', { name: 'Определить ШНОР' }).click();
  await page
    .getByText(/школ 40; ШНОР — 11, в зоне риска — 7, норма — 22/)
    .first()
    .waitFor();

  // keyboard: another workbook (two findings), the check button, then a finding, Enter selects its cell
  await page.getByLabel('Открыть книгу').setInputFiles(CALENDAR);
  // opening is asynchronous (a Web Worker reads the file): wait until the progress bar is gone
  await page.getByRole('progressbar').waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'Проверка' }).click();
  await page.getByRole('button', { name: 'Проверить', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page
    .getByText(/школ 16; ШНОР — 6, в зоне риска — 6, норма — 4/)
    .first()
    .waitFor();
  const finding = page.getByRole('navigation', { name: 'Замечания' }).locator('button[aria-disabled="false"]');
  await finding.first().focus();
  await page.keyboard.press('ArrowDown');
  const where = (await finding.nth(1).locator('b').textContent())!;
  expect(await finding.nth(1).evaluate((e) => e === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await page.getByText(`Выделена ячейка ${where}.`).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await shot(page, 'pane-320-checked.png');
  // every control has a name a screen reader can say, on each tab
  for (const tab of ['Проверка', 'Идентификация', 'Шаблоны']) {
    await page.getByRole('tab', { name: tab }).click();
    expect(await unlabelled(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
  // results and progress are announced: they live in aria-live regions
  expect(
    await page
      .locator('[aria-live="polite"]')
      .getByText(/^Выделена ячейка /)
      .count(),
  ).toBe(1);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});

test('templates: without a workbook the page downloads one; with a workbook they are inserted into it', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 800, height: 800 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  await page.goto(`${s.base}/index.html`);
  await page.getByRole('tab', { name: 'Шаблоны' }).click();
  await page.getByLabel('Шаблон', { exact: true }).selectOption('card');
  const fresh = await downloadCopy(page, 'Скачать шаблон', 'web-template-card.xlsx');
  expect(fresh.name).toBe('Информационная карта МОУО.xlsx');
  expect(XLSX.read(fresh.bytes, { type: 'array' }).SheetNames).toContain('Информационная карта');

  await page.getByLabel('Открыть книгу').setInputFiles(LONG);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  await page.getByLabel('Шаблон', { exact: true }).selectOption('dtk');
  await page.getByRole('button', { name: 'Вставить шаблон' }).click();
  await page.getByText('Добавлены листы: «ДТК».').waitFor();
  const copy = await downloadCopy(page, 'Скачать копию с пометками', 'web-template-inserted.xlsx');
  const names = XLSX.read(copy.bytes, { type: 'array' }).SheetNames;
  expect(names[names.length - 1]).toBe('ДТК');
  expect(names.length).toBe(XLSX.read(fs.readFileSync(LONG), { type: 'buffer' }).SheetNames.length + 1);
  await shot(page, 'web-templates.png');
  await page.close();
});

test("a ДТК on the web page: conclusions written, the user's own text offered, one replaced, in the downloaded copy", async () => {
  const page = await s.browser.newPage({
    viewport: { width: 700, height: 900 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByLabel('Открыть книгу').setInputFiles(path.join(ROOT, 'test', 'fixtures', 'pane', 'pane_dtk.xlsx'));
  await page.getByText('Лист «ДТК»: ДТК (диагностико-технологическая карта).').waitFor();
  await page.getByRole('button', { name: 'Записать выводы' }).click();
  await page.getByText(/^Записано ячеек: [1-9]/).waitFor();
  const offered = page.getByRole('region', {
    name: 'В этих ячейках ваш собственный текст — программа его не заменила',
  });
  await expect(offered.getByRole('group').count()).resolves.toBe(4);
  const b120 = offered.getByRole('group', { name: 'ДТК!B120' });
  const draft = (await b120.locator('p').nth(1).textContent())!;
  await b120.getByRole('button', { name: 'Заменить мой текст' }).click();
  await page.getByText('Записано ячеек: 1.').waitFor();
  await shot(page, 'web-dtk-conclusions.png');
  const copy = await downloadCopy(page, 'Скачать копию с пометками', 'web-dtk.xlsx');
  expect(copy.name).toBe('pane_dtk — проверено.xlsx');
  const ws = XLSX.read(copy.bytes, { type: 'array' }).Sheets['ДТК'];
  expect(String(ws['B65']?.v ?? '').length).toBeGreaterThan(10);
  expect(String(ws['B66']?.v ?? '').length).toBeGreaterThan(5);
  expect(ws['B120']?.v).toBe(draft);
  expect(ws['B89']?.v).toBe('Текст 2.conclusion');
  expect(ws['B121']?.v).toBe('Текст 3.problem');
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});

test('the page works opened straight from the folder (file://), without a server', async () => {
  const page = await s.browser.newPage({ locale: 'ru-RU' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.join(WEB, 'index.html')).href);
  await page.getByLabel('Открыть книгу').setInputFiles(RESULTS_WIDE);
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(/школ 16; ШНОР — 4, в зоне риска — 8, норма — 4/)
    .first()
    .waitFor();
  expect(errors).toEqual([]);
  await page.close();
});

test('several workbooks at once: one to work on at a time, each with its own annotated copy', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 700, height: 900 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  await page.goto(`${s.base}/index.html`);
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  await page.getByLabel('Открыть книгу').setInputFiles([
    { name: 'results-wide.xlsx', mimeType: xlsx, buffer: fs.readFileSync(RESULTS_WIDE) },
    { name: 'notes.xlsx', mimeType: 'text/plain', buffer: Buffer.from('просто текст') },
    {
      name: 'pane_dtk.xlsx',
      mimeType: xlsx,
      buffer: fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'pane', 'pane_dtk.xlsx')),
    },
  ]);
  await page.getByText(/«notes\.xlsx»: это не книга Excel/).waitFor();
  const books = page.getByLabel('Книга', { exact: true });
  await expect(books.locator('option').allTextContents()).resolves.toEqual(['results-wide.xlsx', 'pane_dtk.xlsx']);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(/школ 16; ШНОР — 4/)
    .first()
    .waitFor();

  await books.selectOption('pane_dtk.xlsx');
  await page.getByText('Лист «ДТК»: ДТК (диагностико-технологическая карта).').waitFor();
  expect(await page.getByText(/школ 16; ШНОР — 4/).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Скачать копию с пометками' }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(/^Вид книги: ДТК/)
    .first()
    .waitFor();
  const dtk = await downloadCopy(page, 'Скачать копию с пометками', 'web-many-dtk.xlsx');
  expect(dtk.name).toBe('pane_dtk — проверено.xlsx');

  await books.selectOption('results-wide.xlsx');
  const wide = await downloadCopy(page, 'Скачать копию с пометками', 'web-many-wide.xlsx');
  expect(wide.name).toBe('results-wide — проверено.xlsx');
  expect(XLSX.read(wide.bytes, { type: 'array' }).SheetNames).toContain('Идентификация ШНОР');
  expect(XLSX.read(dtk.bytes, { type: 'array' }).SheetNames).not.toContain('Идентификация ШНОР');
  await shot(page, 'web-many.png');
  await page.close();
});

test('a file that is not a workbook gets a Russian message', async () => {
  const page = await s.browser.newPage({ locale: 'ru-RU' });
  await page.goto(`${s.base}/index.html`);
  await page
    .getByLabel('Открыть книгу')
    .setInputFiles({ name: 'table.xlsx', mimeType: 'text/csv', buffer: Buffer.from('ОО;Участников\nСОШ 1;10\n') });
  await page.getByText(/«table\.xlsx»: это не книга Excel, а текстовый файл/).waitFor();
  await shot(page, 'web-bad-file.png');
  await page.close();
});

test('English when the browser is not Russian', async () => {
  const page = await s.browser.newPage({ locale: 'en-US', viewport: { width: 320, height: 700 } });
  await page.goto(`${s.base}/index.html`);
  await page.getByRole('heading', { name: 'SHNOR: monitoring forms check' }).waitFor();
  await page.getByLabel('Open workbook').setInputFiles(LONG);
  await page.getByText(/^Sheet “.+”: assessment results\.$/).waitFor();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page
    .getByText(/^Kind: assessment results\. Errors: \d+/)
    .first()
    .waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await shot(page, 'web-english-320.png');
  await page.close();
});
