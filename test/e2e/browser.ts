/**
 * Shared by the browser tests: a static server over the built page (dist/web, or SHNOR_WEB_DIR
 * for a build elsewhere) and Debian's Chromium driven by playwright-core. No browser is downloaded.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import { chromium, Browser, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const WEB = path.resolve(process.env.SHNOR_WEB_DIR ?? path.join(ROOT, 'dist', 'web'));
export const SHOTS = path.join(ROOT, 'artifacts', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.xml': 'text/xml',
};

export interface Served {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves `extra` paths (url → file) beside the built page. */
export async function serve(extra: Record<string, string> = {}): Promise<Served> {
  if (!fs.existsSync(path.join(WEB, 'index.html'))) throw new Error(`${WEB}: no index.html — run npm run build first`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = extra[url] ?? path.join(WEB, url);
    if ((!extra[url] && !file.startsWith(WEB)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
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
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Collects page errors and every request that leaves the local server. */
export function watch(page: Page, base: string): { errors: string[]; outside: string[] } {
  const w = { errors: [] as string[], outside: [] as string[] };
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (req) => {
    const u = req.url();
    // Office.js's own addresses are answered from the npm package or refused (routeRealOfficeJs), never the network
    const office = u.startsWith(OFFICE_CDN) || u.startsWith(OFFICE_TELEMETRY);
    const local = u.startsWith(base) || u.startsWith('blob:') || u.startsWith('data:') || office;
    if (!local) w.outside.push(u);
  });
  return w;
}

export function shot(page: Page, name: string, fullPage = true): Promise<Buffer> {
  return page.screenshot({ path: path.join(SHOTS, name), fullPage });
}

/** Buttons, inputs and selects a screen reader would announce without a name (should be none). */
export function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], [role="radio"]')]
      .filter((e) => {
        if (e.getAttribute('aria-hidden') === 'true' || (e as HTMLInputElement).type === 'hidden') return false;
        const labels = (e as HTMLInputElement).labels;
        const named =
          (e.getAttribute('aria-label') ?? '').trim() ||
          (e.getAttribute('aria-labelledby') ?? '')
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join('')
            .trim() ||
          (labels &&
            [...labels]
              .map((l) => l.textContent ?? '')
              .join('')
              .trim()) ||
          (e.tagName === 'BUTTON' || e.getAttribute('role') === 'tab' ? (e.textContent ?? '').trim() : '');
        return !named;
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
}

/** Where the task pane's pages load Office.js from (as Office add-ins must). */
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/';
/** The real library opens a telemetry frame of Microsoft's; the tests refuse it (no network here). */
export const OFFICE_TELEMETRY = 'https://telemetryservice.firstpartyapps.oaspapps.com/';
/** The same library from the npm package, for tests and closed networks. */
export const OFFICE_PACKAGE = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');

/**
 * Serves the real Office.js from the `@microsoft/office-js` package in place of the CDN, every file
 * the library loads after itself included; `after` (the simulated Excel host) runs right after
 * office.js itself, before the page's own scripts. Its telemetry frame is refused. Nothing is
 * fetched from the network.
 */
export async function routeRealOfficeJs(page: Page, after: string): Promise<void> {
  const office = fs.readFileSync(path.join(OFFICE_PACKAGE, 'office.js'), 'utf8');
  await page.route(`${OFFICE_TELEMETRY}**`, (route) => route.abort());
  await page.route(`${OFFICE_CDN}**`, (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/lib\/1\/hosted\//, '');
    if (rel === 'office.js') return route.fulfill({ contentType: 'text/javascript', body: `${office}\n;${after}` });
    const file = path.join(OFFICE_PACKAGE, rel);
    if (!file.startsWith(OFFICE_PACKAGE + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(file) });
  });
}

/**
 * taskpane.html as it runs in Excel: the real office.js, then the simulated Excel host (`simJs`, from
 * sim-bundle) over the workbook `file`, at ExcelApi `api` (1.7 unless told) and in `lang` when given.
 */
export async function openSimPane(
  s: Served,
  simJs: string,
  file: string,
  o: { width?: number; height?: number; api?: string; lang?: string } = {},
): Promise<Page> {
  const page = await s.browser.newPage({ viewport: { width: o.width ?? 320, height: o.height ?? 900 } });
  const data = fs.readFileSync(file).toString('base64');
  await routeRealOfficeJs(
    page,
    `window.shnorSimBook=${JSON.stringify(data)};window.shnorSimApi=${JSON.stringify(o.api ?? '1.7')};` +
      (o.lang ? `window.shnorSimLang=${JSON.stringify(o.lang)};` : '') +
      simJs,
  );
  await page.goto(`${s.base}/taskpane.html`);
  return page;
}

/** What `recordProgress` saw: every value the progress bar took, every stage text, the longest main-thread task. */
export interface ProgressSeen {
  values: string[];
  stages: string[];
  /** Milliseconds; 0 when no task over 50 ms was reported. */
  longest: number;
}

/**
 * Starts recording, inside the page, every value the progress bar takes and every stage text
 * («Читаю файл …», «Прочитано файлов …»), and the longest main-thread task. `seen()` returns them.
 */
export async function recordProgress(page: Page): Promise<{ seen: () => Promise<ProgressSeen> }> {
  await page.evaluate(() => {
    const seen = { values: [] as string[], stages: [] as string[], longest: 0 };
    (window as unknown as { shnorSeen: typeof seen }).shnorSeen = seen;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) seen.longest = Math.max(seen.longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      const v = bar?.getAttribute('aria-valuenow');
      if (v && seen.values.at(-1) !== v) seen.values.push(v);
      const st = Array.from(document.querySelectorAll('div, span'))
        .map((e) => e.textContent ?? '')
        .find((x) => /^(Читаю файл|Прочитано файлов)/.test(x));
      if (st && seen.stages.at(-1) !== st) seen.stages.push(st);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return {
    seen: () => page.evaluate(() => (window as unknown as { shnorSeen: ProgressSeen }).shnorSeen),
  };
}
