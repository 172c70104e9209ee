/**
 * The task pane as it runs in Excel: taskpane.html in Debian's Chromium, with the simulated Excel
 * host (test/excel-host, loaded from a real .xlsx) served in place of Office.js. Check a ДТК, click
 * a finding and see its cell selected, write conclusions (the user's own text offered, one replaced),
 * clear highlights and find the original formats back; identify on a results sheet and on a
 * selected range. Screenshots of each state at 320 px in artifacts/screens/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { bundleSim } from './sim-bundle';
import { OFFICE_PACKAGE, ROOT, Served, serve, shot, unlabelled, watch, openSimPane } from './browser';

let s: Served;
let simJs: string;

beforeAll(async () => {
  [s, simJs] = await Promise.all([serve(), bundleSim()]);
  const pkg = JSON.parse(fs.readFileSync(path.join(OFFICE_PACKAGE, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const size = fs.statSync(path.join(OFFICE_PACKAGE, 'office.js')).size;
  console.log(
    `office.js: the real library, @microsoft/office-js ${pkg.version} from ${path.relative(ROOT, OFFICE_PACKAGE)} (${size} bytes)`,
  );
});

afterAll(async () => {
  await s?.close();
});

/** Opens the task pane in a page whose «Office.js» is the simulated host over `book`. */
function openPane(book: string, options: { width?: number; api?: string; lang?: string } = {}): Promise<Page> {
  return openSimPane(s, simJs, path.join(ROOT, book), options);
}

type Formats = Record<string, unknown>;
const formats = (page: Page, sheet: string): Promise<Formats> =>
  page.evaluate(
    (sh) =>
      Object.fromEntries(
        (
          window as unknown as { shnorExcelSim: { workbook: { formats(s: string): Map<string, unknown> } } }
        ).shnorExcelSim.workbook.formats(sh),
      ),
    sheet,
  );
const value = (page: Page, sheet: string, cell: string): Promise<unknown> =>
  page.evaluate(
    ([sh, c]) =>
      (
        window as unknown as { shnorExcelSim: { workbook: { value(s: string, a: string): unknown } } }
      ).shnorExcelSim.workbook.value(sh, c),
    [sheet, cell],
  );
const selection = (page: Page): Promise<{ sheet: string; address: string; active: string }> =>
  page.evaluate(() => {
    const wb = (
      window as unknown as {
        shnorExcelSim: {
          workbook: { selection: { sheet: string; address: string }; activeSheet: number; sheets: { name: string }[] };
        };
      }
    ).shnorExcelSim.workbook;
    return { ...wb.selection, active: wb.sheets[wb.activeSheet].name };
  });
const sheetNames = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (
      window as unknown as { shnorExcelSim: { workbook: { sheets: { name: string }[] } } }
    ).shnorExcelSim.workbook.sheets.map((x) => x.name),
  );

test('ДТК in Excel: check, go to a finding, write conclusions, replace one, clear highlights', async () => {
  const page = await openPane('test/fixtures/pane/pane_dtk.xlsx');
  const w = watch(page, s.base);
  await page.getByText('Лист «ДТК»: ДТК (диагностико-технологическая карта).').waitFor();
  // the pane started through the real library: its Office.onReady ran (no Office client around it)
  expect(await page.evaluate(() => (window as unknown as { shnorRealOffice: unknown }).shnorRealOffice)).toEqual({
    loaded: true,
    readyInfo: { host: null, platform: null, addin: null },
  });
  const original = await formats(page, 'ДТК');
  await shot(page, 'pane-excel-start.png', false);

  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(/^Вид книги: ДТК \(диагностико-технологическая карта\)\. Ошибок: [1-9]/)
    .first()
    .waitFor();
  expect(await sheetNames(page)).toContain('Проверка');
  const lit = await formats(page, 'ДТК');
  const changed = Object.keys(lit).filter((k) => JSON.stringify(lit[k]) !== JSON.stringify(original[k]));
  expect(changed.length).toBeGreaterThan(10);
  expect(await value(page, 'ДТК', 'B65')).toBe('');
  await shot(page, 'pane-excel-checked.png', false);

  // findings: grouped by section; a click selects the cell in Excel
  const findings = page.getByRole('navigation', { name: 'Замечания' });
  await expect(findings.getByRole('heading', { level: 3 }).count()).resolves.toBeGreaterThan(1);
  const target = findings.locator('button[aria-disabled="false"]').nth(2);
  const where = (await target.locator('b').textContent())!;
  await target.click();
  await page.getByText(`Выделена ячейка ${where}.`).waitFor();
  await target.scrollIntoViewIfNeeded();
  const [sheet, cell] = where.split('!');
  const sel = await selection(page);
  expect(sel.active).toBe(sheet);
  expect(sel.sheet).toBe(sheet);
  expect(sel.address.replace(/\$/g, '')).toBe(cell.split(':')[0]);
  await shot(page, 'pane-excel-finding-selected.png', false);

  // conclusions: criterion 1 was empty and is written; 2 and 3 hold the user's text and are offered
  await page.getByRole('button', { name: 'Записать выводы' }).click();
  await page.getByText(/^Записано ячеек: [1-9]/).waitFor();
  const b65 = String(await value(page, 'ДТК', 'B65'));
  expect(b65.length).toBeGreaterThan(10);
  const offered = page.getByRole('region', {
    name: 'В этих ячейках ваш собственный текст — программа его не заменила',
  });
  await expect(offered.getByRole('group').count()).resolves.toBe(4);
  expect(await unlabelled(page)).toEqual([]);
  const b89 = offered.getByRole('group', { name: 'ДТК!B89' });
  await expect(b89.getByText('Текст 2.conclusion').count()).resolves.toBe(1);
  const draft = (await b89.locator('p').nth(1).textContent())!;
  await offered.scrollIntoViewIfNeeded();
  await shot(page, 'pane-excel-conclusions.png', false);
  await b89.getByRole('button', { name: 'Заменить мой текст' }).click();
  await page.getByText('Записано ячеек: 1.').waitFor();
  expect(await value(page, 'ДТК', 'B89')).toBe(draft);
  expect(await value(page, 'ДТК', 'B90')).toBe('Текст 2.problem');
  await expect(offered.getByRole('group').count()).resolves.toBe(3);

  await page.getByRole('button', { name: 'Снять подсветку' }).click();
  await page.getByText('Подсветка снята, прежнее оформление ячеек восстановлено.').waitFor();
  expect(await formats(page, 'ДТК')).toEqual(original);
  await shot(page, 'pane-excel-cleared.png', false);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});

test('identification in Excel on the active sheet and on the selected range, ExcelApi 1.9', async () => {
  const page = await openPane('test/fixtures/results/long_openpyxl.xlsx', { api: '1.9' });
  const w = watch(page, s.base);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  await page.getByRole('tab', { name: 'Идентификация' }).click();
  await page.getByRole('button', { name: 'Определить ШНОР' }).click();
  await page
    .getByText(/школ 40; ШНОР — 11, в зоне риска — 7, норма — 22/)
    .first()
    .waitFor();
  expect(await sheetNames(page)).toEqual(expect.arrayContaining(['Идентификация ШНОР', 'Проверка']));
  await shot(page, 'pane-excel-identified.png', false);

  await page.evaluate(() => {
    const wb = (
      window as unknown as {
        shnorExcelSim: {
          workbook: { selection: { sheet: string; address: string }; sheets: { name: string }[]; activeSheet: number };
        };
      }
    ).shnorExcelSim.workbook;
    wb.selection = { sheet: wb.sheets[wb.activeSheet].name, address: 'A1:Z30' };
  });
  await page.getByRole('radio', { name: 'Выделенный диапазон' }).check();
  await page.getByRole('button', { name: 'Определить ШНОР' }).click();
  const verdict = page.getByText(/учебный год \(предыдущий .+\): школ (\d+);/).first();
  await page.waitForFunction(() => !/школ 40;/.test(document.body.innerText));
  const n = Number(/школ (\d+);/.exec((await verdict.textContent())!)![1]);
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(40);
  await shot(page, 'pane-excel-identified-range.png', false);
  expect(w.errors).toEqual([]);
  await page.close();
});

test('long work shows a progress bar and «Отменить» stops it with the workbook unchanged', async () => {
  const page = await openPane('test/fixtures/pane/pane_dtk.xlsx');
  const w = watch(page, s.base);
  await page.getByText('Лист «ДТК»: ДТК (диагностико-технологическая карта).').waitFor();
  const names = await sheetNames(page);
  const original = await formats(page, 'ДТК');
  // a slow Excel: every round trip takes 400 ms
  await page.evaluate(() => {
    const proto = (
      window as unknown as { shnorExcelSim: { Excel: { RequestContext: { prototype: { sync(): Promise<void> } } } } }
    ).shnorExcelSim.Excel.RequestContext.prototype;
    const sync = proto.sync;
    proto.sync = async function (this: unknown): Promise<void> {
      await new Promise((r) => setTimeout(r, 400));
      return sync.call(this);
    };
  });
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page.getByRole('progressbar', { name: 'Выполняется…' }).waitFor();
  await shot(page, 'pane-excel-progress.png', false);
  await page.getByRole('button', { name: 'Отменить' }).click();
  await page.getByText('Работа прервана, книга не изменена.').waitFor();
  expect(await page.getByRole('progressbar').count()).toBe(0);
  expect(await sheetNames(page)).toEqual(names);
  expect(await formats(page, 'ДТК')).toEqual(original);
  expect(w.errors).toEqual([]);
  await page.close();
});

test('the pane in English when Office is not in Russian', async () => {
  const page = await openPane('test/fixtures/pane/pane_dtk.xlsx', { lang: 'de-DE' });
  await page.getByRole('button', { name: 'Check', exact: true }).waitFor();
  await page.getByText('Sheet “ДТК”: school diagnostic card (ДТК).').waitFor();
  await shot(page, 'pane-excel-english.png', false);
  await page.close();
});

test.each([
  ['samples/card.xlsx', 'Информационная карта', 'информационная карта МОУО', 'pane-excel-card.png'],
  ['samples/roadmap.xlsx', 'Дорожная карта', 'дорожная карта', 'pane-excel-roadmap.png'],
])('%s in Excel: the pane tells its kind, checks it and shows its conclusions', async (book, sheet, kindName, png) => {
  const page = await openPane(book);
  const w = watch(page, s.base);
  await page.getByText(`Лист «${sheet}»: ${kindName}.`).waitFor();
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page
    .getByText(new RegExp(`^Вид книги: ${kindName}\\. Ошибок: \\d+`))
    .first()
    .waitFor();
  expect(await sheetNames(page)).toContain('Проверка');
  // the sample's seeded mistakes are findings with cells; the drafted conclusions carry the figures
  const findings = page.getByRole('navigation', { name: 'Замечания' });
  await expect(findings.locator('button[data-finding]').count()).resolves.toBeGreaterThan(0);
  const conclusions = page.getByRole('region', { name: 'Выводы и проблемы' });
  await expect(conclusions.getByRole('group').count()).resolves.toBeGreaterThan(0);
  await expect(conclusions.getByText(/\d/).count()).resolves.toBeGreaterThan(0);
  expect(await unlabelled(page)).toEqual([]);
  await shot(page, png, false);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});

test('«Сводка» in Excel: the ДТК sheets of the open workbook give the schools, the summary sheets are written into it', async () => {
  const page = await openPane('test/fixtures/pane/summary_book.xlsx');
  await page.getByRole('tab', { name: 'Сводка' }).click();
  await page.getByRole('button', { name: 'Составить сводку' }).click();
  await page.getByText('Прочитано файлов: 2 из 3; школ в сводке: 2. Листы сводки записаны в книгу.').waitFor();
  // the third ДТК sheet names no school: listed with its reason
  const bad = page.getByRole('region', { name: 'Не вошли в сводку' });
  await bad.getByText(/Школа 3/).waitFor();
  const names = await sheetNames(page);
  expect(names.slice(0, 4)).toEqual(['Заметки', 'Школа 1', 'Школа 2', 'Школа 3']);
  expect(names).toContain('Сводка по школам');
  const cells: unknown[] = [];
  for (let r = 1; r <= 30; r++) for (const c of 'ABC') cells.push(await value(page, 'Сводка по школам', `${c}${r}`));
  expect(cells).toContain('МБОУ «СОШ № 7» г. Энска');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await shot(page, 'pane-320-summary-excel.png');
});

test('switching sheets in Excel: the pane tells the new sheet’s kind by itself, «Обновить» stays', async () => {
  const page = await openPane('test/fixtures/pane/summary_book.xlsx');
  const w = watch(page, s.base);
  await page.getByText(/^Лист «Заметки»: /).waitFor();
  const activate = (name: string): Promise<void> =>
    page.evaluate(
      (n) =>
        (
          window as unknown as { shnorExcelSim: { host: { userActivates(n: string): Promise<void> } } }
        ).shnorExcelSim.host.userActivates(n),
      name,
    );
  // the user clicks a sheet tab in Excel: Excel raises worksheets.onActivated, no button pressed
  await activate('Школа 2');
  await page.getByText('Лист «Школа 2»: ДТК (диагностико-технологическая карта).').waitFor();
  await activate('Заметки');
  await page.getByText(/^Лист «Заметки»: /).waitFor();
  expect(await page.getByText('Лист «Школа 2»:').count()).toBe(0);
  // the button still works (the fallback where the event is missing)
  await page.evaluate(() => {
    const wb = (window as unknown as { shnorExcelSim: { workbook: { activeSheet: number } } }).shnorExcelSim.workbook;
    wb.activeSheet = 3; // changed behind the pane's back: no event
  });
  await page.getByRole('button', { name: 'Обновить' }).click();
  await page.getByText('Лист «Школа 3»: ДТК (диагностико-технологическая карта).').waitFor();
  await shot(page, 'pane-excel-sheet-switched.png', false);
  expect(w.errors).toEqual([]);
  await page.close();
});
