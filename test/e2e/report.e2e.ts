/**
 * The справка from the pane (issue 14), in Chromium: in Excel (taskpane.html over the simulated
 * host, ExcelApi 1.7) «Справка» writes the sheet «Справка» with its two Excel charts; on the web
 * page «Скачать справку (.docx)» downloads a Word document made in the browser, with the charts
 * as PNG pictures and the name of every ШНОР school. The input is a results workbook written by
 * openpyxl (test/fixtures/results/long_openpyxl.xlsx); the ШНОР list comes from its own oracle
 * (long_openpyxl.expected.json). Screenshots in artifacts/screens/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { bundleSim } from './sim-bundle';
import { ROOT, Served, serve, shot, unlabelled, watch, openSimPane } from './browser';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'results', 'long_openpyxl.xlsx');
const EXPECTED = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'results', 'long_openpyxl.expected.json'), 'utf8'),
) as { year: string; schools: { name: string; status: string }[] };
const SHNOR = EXPECTED.schools.filter((x) => x.status === 'ШНОР').map((x) => x.name);

let s: Served;
let simJs: string;

beforeAll(async () => {
  [s, simJs] = await Promise.all([serve(), bundleSim()]);
});

afterAll(async () => {
  await s?.close();
});

interface SimChart {
  type: string;
  title: string;
  source: string;
  series: { name: string; values: string | null; xValues: string | null }[];
  position: string | null;
}

interface Sim {
  shnorExcelSim: { workbook: { sheets: { name: string; charts: SimChart[] }[] } };
}

function openPane(): Promise<Page> {
  return openSimPane(s, simJs, BOOK, { height: 1000 });
}

test('in Excel: «Справка» writes the sheet «Справка» with its Excel charts', async () => {
  const page = await openPane();
  const w = watch(page, s.base);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  await page.getByRole('tab', { name: 'Идентификация' }).click();
  // the .docx is the web page's: Excel has the sheet
  expect(await page.getByRole('button', { name: 'Скачать справку (.docx)' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Справка', exact: true }).click();
  await page
    .getByText(
      new RegExp(`^Записан лист «Справка» с диаграммами: ОО — 40, ШНОР — ${SHNOR.length}, рекомендаций — \\d+\\.$`),
    )
    .waitFor();
  expect(await unlabelled(page)).toEqual([]);
  await shot(page, 'pane-excel-report.png', false);
  const sheet = await page.evaluate(() => {
    const wb = (window as unknown as Sim).shnorExcelSim.workbook;
    const x = wb.sheets.find((q) => q.name === 'Справка');
    return x ? { charts: JSON.parse(JSON.stringify(x.charts)) as SimChart[] } : null;
  });
  expect(sheet).not.toBeNull();
  const charts = sheet!.charts;
  expect(charts.map((c) => c.title)).toEqual([
    'Доля не справившихся, %: регион и группа ШНОР',
    `Статусы ОО по муниципалитетам, ${EXPECTED.year}`,
  ]);
  expect(charts.map((c) => c.type)).toEqual(['ColumnClustered', 'ColumnClustered']);
  // two years of the region and of the ШНОР group; ШНОР, risk and normal per municipality
  expect(charts[0].series.map((x) => x.name)).toEqual([
    'Регион, 2021-2022',
    'Регион, 2022-2023',
    'ШНОР, 2021-2022',
    'ШНОР, 2022-2023',
  ]);
  expect(charts[1].series.map((x) => x.name)).toEqual(['ШНОР', 'Зона риска', 'Норма']);
  for (const c of charts) {
    expect(c.position).toMatch(/^[A-Z]+\d+:[A-Z]+\d+$/);
    for (const x of c.series) {
      expect(x.values).toMatch(/^Справка!/);
      expect(x.xValues).toMatch(/^Справка!/);
    }
  }
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
}, 180_000);

test('the web page: «Скачать справку (.docx)» downloads a Word document naming every ШНОР school', async () => {
  const page = await s.browser.newPage({
    viewport: { width: 1100, height: 1000 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByLabel('Открыть книгу').setInputFiles(BOOK);
  await page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/).waitFor();
  await page.getByRole('tab', { name: 'Идентификация' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать справку (.docx)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`Справка ${EXPECTED.year}.docx`);
  const saved = path.join(ROOT, 'artifacts', 'web-report.docx');
  await download.saveAs(saved);
  await page.getByText(/^Справка «Справка 2022-2023\.docx» скачана: ОО — 40, ШНОР — \d+/).waitFor();
  await shot(page, 'web-report.png', false);
  const zip = unzipSync(new Uint8Array(fs.readFileSync(saved)));
  const xml = strFromU8(zip['word/document.xml']);
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1])
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  expect(SHNOR.length).toBe(11);
  for (const name of SHNOR) expect(text).toContain(name);
  // the two charts as PNG pictures drawn in the browser
  const pngs = Object.keys(zip).filter((k) => k.startsWith('word/media/'));
  expect(pngs.length).toBe(2);
  for (const k of pngs) {
    expect([...zip[k].slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(zip[k].length).toBeGreaterThan(10_000);
  }
  // «Справка» on the web page writes the sheet into the copy, which can then be downloaded
  await page.getByRole('button', { name: 'Справка', exact: true }).click();
  await page.getByText(/^Записан лист «Справка» с диаграммами/).waitFor();
  expect(await page.getByRole('button', { name: 'Скачать копию с пометками' }).isDisabled()).toBe(false);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
}, 180_000);
