/**
 * The local copy of Office.js (built with `--env officejs=local` for closed networks) runs in
 * Chromium from our own server: the real library starts, finds what it loads after itself there,
 * and asks nothing of the network but its telemetry frame (refused here).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OFFICE_TELEMETRY, ROOT, Served, serve, watch } from './browser';

const config = require(path.join(ROOT, 'webpack.config.js')) as { copyOfficeJs(to: string): void };
let s: Served;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-officejs-'));
  config.copyOfficeJs(path.join(dir, 'office-js'));
  fs.writeFileSync(
    path.join(dir, 'page.html'),
    '<!doctype html><html><head><script src="office-js/office.js"></script></head><body></body></html>',
  );
  const extra: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else extra['/' + path.relative(dir, p).split(path.sep).join('/')] = p;
    }
  };
  walk(dir);
  s = await serve(extra);
});

afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Office.js from dist/web/office-js starts in the browser with every file it asks for', async () => {
  const page = await s.browser.newPage();
  await page.route(`${OFFICE_TELEMETRY}**`, (route) => route.abort());
  const w = watch(page, s.base);
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(r.url());
  });
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(`${s.base}/page.html`);
  const info = await page.evaluate(() =>
    (window as unknown as { Office: { onReady(): Promise<unknown> } }).Office.onReady(),
  );
  // outside an Office client the real library reports no host
  expect(info).toEqual({ host: null, platform: null, addin: null });
  expect(asked).toContain('/office-js/office.js');
  expect(asked).toContain('/office-js/o15apptofilemappingtable.js');
  expect(missing.filter((u) => !u.endsWith('/favicon.ico'))).toEqual([]);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
});
