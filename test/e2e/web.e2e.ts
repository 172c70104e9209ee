/**
 * The web page in a real browser (Debian's Chromium driven by playwright-core): open a results
 * workbook from disk, see the verdicts, download the annotated copy. Nothing leaves the browser.
 * Screenshots go to artifacts/screens/.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import { chromium, Browser } from 'playwright-core';
import * as XLSX from '@e965/xlsx';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'dist', 'web');
const SHOTS = path.join(ROOT, 'artifacts', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: http.Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  expect(fs.existsSync(path.join(WEB, 'index.html'))).toBe(true);
  fs.mkdirSync(SHOTS, { recursive: true });
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.png': 'image/png',
  };
  const requests: string[] = [];
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = path.join(WEB, decodeURIComponent((req.url ?? '/').split('?')[0]));
    if (!file.startsWith(WEB) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

test('the web page opens a results workbook, shows the verdicts and downloads the annotated copy', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const outside: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('blob:') && !req.url().startsWith('data:'))
      outside.push(req.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/index.html`);
  await page.getByRole('heading', { name: 'ШНОР: проверка форм мониторинга' }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'web-empty.png') });

  await page.getByLabel('Открыть книги').setInputFiles(path.join(ROOT, 'samples', 'results-wide.xlsx'));
  const card = page.getByRole('region', { name: 'results-wide.xlsx' });
  await card.waitFor();
  await expect(card.getByText(/школ 16; ШНОР — 4, в зоне риска — 8, норма — 4/).count()).resolves.toBe(1);
  const table = card.getByRole('table', { name: 'Школы с низкими результатами и в зоне риска' });
  await expect(table.getByRole('row').count()).resolves.toBe(13);
  await page.screenshot({ path: path.join(SHOTS, 'web-results.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Скачать копию с пометками' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('results-wide — проверено.xlsx');
  const saved = path.join(ROOT, 'artifacts', 'web-download.xlsx');
  await download.saveAs(saved);
  const wb = XLSX.read(fs.readFileSync(saved), { type: 'buffer' });
  expect(wb.SheetNames).toEqual(expect.arrayContaining(['Идентификация ШНОР', 'Проверка', '2021-2022', '2022-2023']));

  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
  await page.close();
});

test('a file that is not a workbook gets a Russian message', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  await page
    .getByLabel('Открыть книги')
    .setInputFiles({ name: 'table.xlsx', mimeType: 'text/csv', buffer: Buffer.from('ОО;Участников\nСОШ 1;10\n') });
  await page.getByText(/«table\.xlsx»: это не книга Excel, а текстовый файл/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'web-bad-file.png') });
  await page.close();
});
