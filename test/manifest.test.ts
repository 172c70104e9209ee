/**
 * The add-in manifest, checked offline: Microsoft's XML schemas (xmllint, installed by .ci/run),
 * the manifest package's own reader, and what must be present.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const XSD = path.join(ROOT, 'test', 'data', 'office-manifest-xsd', 'OfficeAppManifestV1_1.xsd');
const xml = fs.readFileSync(MANIFEST, 'utf8');

/**
 * The 2019 schemas do not know `<Runtimes>` (the shared runtime, see the schemas' README): a copy
 * without that one block is validated, and the block itself is checked below.
 */
function withoutRuntimes(text: string): string {
  return text.replace(/\s*<Runtimes>[\s\S]*?<\/Runtimes>/, '');
}

test('valid against the Office add-in manifest schemas (xmllint, no network)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-manifest-'));
  const copy = path.join(dir, 'manifest.xml');
  fs.writeFileSync(copy, withoutRuntimes(xml));
  // throws (and fails the test) with xmllint's message when the manifest is invalid
  const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, copy], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  expect(out).toBe('');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the stripped copy differs only by the <Runtimes> block, which the schema alone would reject', () => {
  expect(withoutRuntimes(xml)).not.toContain('Runtime');
  expect(() =>
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, MANIFEST], { encoding: 'utf8', stdio: 'pipe' }),
  ).toThrow(/Runtimes/);
});

test('custom functions in a shared runtime: the task pane page is the runtime, metadata localized', () => {
  expect(xml).toMatch(
    /<Runtimes>\s*<Runtime resid="Taskpane.Url" lifetime="long"\/>\s*<\/Runtimes>\s*<AllFormFactors>/,
  );
  expect(xml).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/);
  expect(xml).toMatch(/<Page>\s*<SourceLocation resid="Taskpane.Url"\/>/);
  expect(xml).toMatch(/<Namespace resid="Functions.Namespace"\/>/);
  expect(xml).toMatch(
    /id="Functions.Metadata.Url" DefaultValue="[^"]*\/functions\.json">\s*<bt:Override Locale="en-US" Value="[^"]*\/functions\.en\.json"\/>/,
  );
  for (const f of ['functions.json', 'functions.en.json'])
    expect(fs.existsSync(path.join(ROOT, 'src', 'functions', f))).toBe(true);
});

test('read by office-addin-manifest: a task pane for Excel that writes to the workbook', () => {
  // The package pulls in ESM-only modules that jest's CommonJS runtime cannot load: read in a plain Node process.
  const script = `require('office-addin-manifest').OfficeAddinManifest.readManifestFile(${JSON.stringify(MANIFEST)}).then((i) => process.stdout.write(JSON.stringify(i)))`;
  const info = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(info.officeAppType).toBe('TaskPaneApp');
  expect(info.hosts).toEqual(['Workbook']);
  expect(info.permissions).toBe('ReadWriteDocument');
  expect(info.defaultLocale).toBe('ru-RU');
  expect(info.defaultSettings?.sourceLocation).toMatch(/\/taskpane\.html$/);
});

test('ExcelApi 1.7 is the declared minimum, between Hosts and DefaultSettings', () => {
  expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\/>/);
  const order = ['<Hosts>', '<Requirements>', '<DefaultSettings>', '<Permissions>', '<VersionOverrides'].map((t) =>
    xml.indexOf(t),
  );
  expect(order.every((p) => p >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('every resource id is defined, Russian strings have English overrides, icons exist', () => {
  const used = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
  const defined = new Set([...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]));
  for (const id of used) expect(defined).toContain(id);
  const strings = [...xml.matchAll(/<bt:String id="([^"]+)"[^>]*>([\s\S]*?)<\/bt:String>/g)];
  expect(strings.length).toBeGreaterThan(0);
  for (const [, , body] of strings) expect(body).toMatch(/<bt:Override Locale="en-US"/);
  for (const m of xml.matchAll(/assets\/(icon-\d+\.png)/g))
    expect(fs.existsSync(path.join(ROOT, 'assets', m[1]))).toBe(true);
  expect(xml).toContain('<CustomTab id="Shnor.Tab">');
});
