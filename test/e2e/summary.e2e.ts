/**
 * «Сводка» on the web page in a real browser (Debian's Chromium driven by playwright-core), at the
 * task pane's 320 px: four files from disk (two ДТК, an information card, a broken file), the
 * progress per file, the summary on the page, and SUMMARY.xlsx downloaded with the schools in its
 * «Сводка по школам» sheet. Nothing leaves the browser.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { ROOT, Served, serve, shot, unlabelled, watch } from './browser';

let s: Served;
let tmp: string;

beforeAll(async () => {
  s = await serve();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-summary-'));
});

afterAll(async () => {
  await s?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the web page consolidates four files and downloads SUMMARY.xlsx (320 px)', async () => {
  const broken = path.join(tmp, 'сломанный.xlsx');
  fs.writeFileSync(broken, 'это не книга Excel');
  const files = [
    path.join(ROOT, 'test', 'fixtures', 'dtk', 'school_valid.xlsx'),
    path.join(ROOT, 'test', 'fixtures', 'dtk', 'template_filled.xlsx'),
    path.join(ROOT, 'samples', 'card.xlsx'),
    broken,
  ];
  const page = await s.browser.newPage({
    viewport: { width: 320, height: 900 },
    acceptDownloads: true,
    locale: 'ru-RU',
  });
  const w = watch(page, s.base);
  await page.goto(`${s.base}/index.html`);
  await page.getByRole('tab', { name: 'Сводка' }).click();
  await page.getByLabel('Файлы для сводки').setInputFiles(files);
  // the progress line of each file, as the live region announces it
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      for (const m of document.body.innerText.match(/Файл \d из 4: [^\n]+/g) ?? []) if (!seen.includes(m)) seen.push(m);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Составить сводку' }).click();
  const done = page.getByText(/^Прочитано файлов: \d из 4; школ в сводке: \d+\./).first();
  await done.waitFor();
  const text = (await done.textContent())!;
  const schools = Number(/школ в сводке: (\d+)/.exec(text)![1]);
  expect(schools).toBe(2);
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen).toEqual([
    'Файл 1 из 4: school_valid.xlsx',
    'Файл 2 из 4: template_filled.xlsx',
    'Файл 3 из 4: card.xlsx',
    'Файл 4 из 4: сломанный.xlsx',
  ]);

  // the broken file is listed with its reason; the efficiency table has its seven rows
  const bad = page.getByRole('region', { name: 'Не вошли в сводку' });
  await expect(bad.getByText(/сломанный\.xlsx/).count()).resolves.toBeGreaterThan(0);
  const eff = page.getByRole('table', { name: 'Показатели эффективности' });
  await expect(eff.locator('tbody tr').count()).resolves.toBe(7);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  expect(await unlabelled(page)).toEqual([]);
  await shot(page, 'pane-320-summary.png');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать SUMMARY.xlsx' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('SUMMARY.xlsx');
  const saved = path.join(tmp, 'SUMMARY.xlsx');
  await download.saveAs(saved);
  const wb = XLSX.read(fs.readFileSync(saved), { type: 'array' });
  expect(wb.SheetNames).toContain('Сводка по школам');
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Сводка по школам'], { header: 1 });
  const cells = rows.flat().map((v) => String(v ?? ''));
  expect(cells).toContain('МБОУ «СОШ № 7» г. Энска');
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
});
