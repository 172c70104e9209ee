/**
 * The add-in manifest, checked offline: Microsoft's XML schemas (xmllint, installed by .ci/run),
 * the manifest package's own reader, and what must be present.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const XSD = path.resolve(ROOT, '..', 'shared', 'data', 'office-manifest-xsd', 'OfficeAppManifestV1_1.xsd');
const xml = fs.readFileSync(MANIFEST, 'utf8');

test('valid against the Office add-in manifest schemas (xmllint, no network)', () => {
  // throws (and fails the test) with xmllint's message when the manifest is invalid
  const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, MANIFEST], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  expect(out).toBe('');
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
