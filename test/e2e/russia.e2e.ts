/**
 * The web page on a big results workbook written by the bench generator (bench/russia.ts, the file of
 * `npm run bench`'s cli.identifyRussia): SHNOR_RUSSIA_SCHOOLS schools × 9 procedures × 2 years
 * (default 11 112 schools = 200 016 rows; 40 000 = the all-Russia 720 000 rows). The page reads it
 * in its worker with the streaming reader: the progress bar moves many times within the one file,
 * the page answers a script within a second while it reads, and the identification equals
 * `shnor identify --json` on the same file. Prints the wall time, the tab's JS heap (CDP) and the
 * longest main-thread task. Needs `npm run build` and `npm run build:cli`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ROOT, Served, recordProgress, serve, watch } from './browser';
import { writeRussiaWorkbook } from '../../bench/russia';

const SCHOOLS = Number(process.env.SHNOR_RUSSIA_SCHOOLS ?? 11_112);
let s: Served;
let file: string;

beforeAll(async () => {
  const cached = path.join(os.tmpdir(), 'shnor-bench', `russia-v2-${SCHOOLS}.xlsx`);
  if (fs.existsSync(cached)) file = cached;
  else {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'russia-e2e-')), `russia-${SCHOOLS}.xlsx`);
    writeRussiaWorkbook(file, SCHOOLS);
  }
  s = await serve();
}, 300000);

afterAll(async () => {
  await s?.close();
});

function cliFigures(f: string): string {
  const r = spawnSync(
    'node',
    [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'identify', f, '--json', '--timeout', '300'],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const j = JSON.parse(r.stdout) as { summary: { schools: number; byStatus: Record<string, number> } };
  const b = j.summary.byStatus;
  return `школ ${j.summary.schools}; ШНОР — ${b['ШНОР']}, в зоне риска — ${b['риск']}, норма — ${b['норма']}`;
}

test(`the web page reads ${SCHOOLS * 18} result rows in its worker, stays responsive and identifies as the CLI`, async () => {
  const expected = cliFigures(file);
  const page = await s.browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'ru-RU' });
  const w = watch(page, s.base);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${s.base}/index.html`);
  await page.getByRole('heading', { name: 'ШНОР: проверка форм мониторинга' }).waitFor();
  const progress = await recordProgress(page);
  let heap = 0;
  const sample = async (): Promise<void> => {
    const m = await cdp.send('Performance.getMetrics');
    heap = Math.max(heap, m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0);
  };
  const t0 = Date.now();
  await page.getByLabel('Открыть книгу').setInputFiles(file);
  // while the worker reads, the page answers at once (its main thread is free)
  await page.getByText(/^Читаю файл 1 из 1: .*: прочитано /).waitFor({ timeout: 120000 });
  const answers: number[] = [];
  for (let k = 0; k < 3; k++) {
    const a = Date.now();
    await page.evaluate(() => document.querySelectorAll('[role="progressbar"]').length);
    answers.push(Date.now() - a);
    await sample();
    await page.waitForTimeout(300);
  }
  const opened = page.getByText(/^Лист «.+»: результаты оценочных процедур\.$/);
  while (!(await opened.isVisible())) {
    await sample();
    await page.waitForTimeout(250);
  }
  const read = Date.now() - t0;
  await page.getByRole('tab', { name: 'Идентификация' }).click();
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Определить ШНОР' }).click();
  const verdict = page.getByText(/школ \d+; ШНОР — \d+, в зоне риска — \d+, норма — \d+/).first();
  while (!(await verdict.isVisible())) {
    await sample();
    await page.waitForTimeout(250);
  }
  const ident = Date.now() - t1;
  const got = /школ \d+; ШНОР — \d+, в зоне риска — \d+, норма — \d+/.exec((await verdict.textContent())!)![0];
  await sample();
  const seen = await progress.seen();
  console.log(
    `web page, ${SCHOOLS * 18} rows (${(fs.statSync(file).size / 1048576).toFixed(1)} MB): read ${read} ms, ` +
      `identify ${ident} ms, wall ${Date.now() - t0} ms; JS heap peak ${(heap / 1048576).toFixed(0)} MB; ` +
      `progress values ${seen.values.length}, stages ${seen.stages.length}; answers ${answers.join('/')} ms; ` +
      `longest main-thread task ${Math.round(seen.longest)} ms; ${got}`,
  );
  expect(got).toBe(expected);
  expect(Math.max(...answers)).toBeLessThan(1000);
  expect(new Set(seen.values).size).toBeGreaterThanOrEqual(5);
  expect(seen.stages.filter((x) => /: прочитано [\d,]+ МБ, строк: /.test(x)).length).toBeGreaterThanOrEqual(5);
  expect(w.errors).toEqual([]);
  await page.close();
}, 600000);
