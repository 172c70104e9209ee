/**
 * Office.js from the `@microsoft/office-js` package: by default every page loads it from Microsoft's
 * CDN; built with `--env officejs=local` the pages load the package's copy from dist/web/office-js/
 * (closed school networks, docs/install.md). The copy holds what Excel's Office.js loads after itself.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
// the build's own configuration, plain JS
const config = require(path.join(ROOT, 'webpack.config.js')) as ((
  env: Record<string, string>,
  argv: Record<string, string>,
) => { plugins: { userOptions?: { filename?: string; templateContent?: string } }[] }) & {
  copyOfficeJs(to: string): void;
  OFFICE_CDN: string;
};

function pages(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of config(env, { mode: 'production' }).plugins) {
    const o = p.userOptions;
    if (o?.filename && typeof o.templateContent === 'string') out[o.filename] = o.templateContent;
  }
  return out;
}

test('the pages load Office.js from the CDN by default, from office-js/ when built for a closed network', () => {
  const cdn = pages({});
  const local = pages({ officejs: 'local' });
  for (const f of ['taskpane.html', 'commands.html', 'message.html']) {
    expect(cdn[f]).toContain(`src="${config.OFFICE_CDN}"`);
    expect(local[f]).toContain('src="office-js/office.js"');
    expect(local[f]).not.toContain(config.OFFICE_CDN);
  }
  // the web page needs no Office.js either way
  expect(cdn['index.html']).not.toMatch(/office\.js/);
  expect(local['index.html']).not.toMatch(/office\.js/);
});

test('the local copy is the package’s own files: the loader, Excel’s host scripts, Russian and English strings', () => {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-officejs-'));
  config.copyOfficeJs(to);
  for (const f of [
    'office.js',
    'o15apptofilemappingtable.js',
    'excel-web-16.00.js',
    'excel-win32-16.01.js',
    'excel-mac-16.00.js',
    'ru-ru/office_strings.js',
    'en-us/office_strings.js',
  ])
    expect(fs.readFileSync(path.join(to, f)).equals(fs.readFileSync(path.join(PACKAGE, f)))).toBe(true);
  const files = fs.readdirSync(to);
  expect(files.filter((f) => f.includes('.debug.'))).toEqual([]);
  expect(files.filter((f) => /^(word|outlook|powerpoint|onenote|project|access)/.test(f))).toEqual([]);
  fs.rmSync(to, { recursive: true, force: true });
});
