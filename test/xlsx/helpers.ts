/** Helpers for the `.xlsx` patcher tests: synthetic packages, zip inspection, XML checks. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { entryData, readZip } from '../../src/xlsx/zip';

/** The real-world workbook corpus, kept in the repository (test/data/xlsx-corpus/README.md names each source). */
export const CORPUS = path.resolve(__dirname, '..', 'data', 'xlsx-corpus');

export function corpusFile(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(CORPUS, name)));
}

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function sheetXml(sheetData: string, before = '', after = ''): string {
  return `${DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${before}${sheetData}${after}</worksheet>`;
}

/** Styles with a yellow fill + red font (xf 1), Excel's own "Bad" colours (xf 2), bold (xf 3). */
export const STYLES_WITH_FILLS =
  DECL +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="3"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><sz val="11"/><color rgb="FFFF0000"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="4" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

export interface SynthSheet {
  name: string;
  xml: string;
}

/** A small package written "by another program": optional styles, absolute targets, defined names. */
export function makeXlsx(
  sheets: SynthSheet[],
  opts: {
    styles?: string | null;
    absoluteTargets?: boolean;
    workbookExtra?: string;
    activeTab?: number;
    /** Declare the relationships prefix on each `<sheet>` instead of the root (as openpyxl does). */
    localRelNs?: boolean;
  } = {},
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const overrides = sheets
    .map(
      (_s, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  const stylesOverride =
    opts.styles === null
      ? ''
      : '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>';
  files['[Content_Types].xml'] = strToU8(
    DECL +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      overrides +
      stylesOverride +
      '</Types>',
  );
  files['_rels/.rels'] = strToU8(
    DECL +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  const prefix = opts.absoluteTargets ? '/xl/' : '';
  files['xl/workbook.xml'] = strToU8(
    DECL +
      `<workbook xmlns="${MAIN_NS}"${opts.localRelNs ? '' : ` xmlns:r="${REL_NS}"`}><bookViews><workbookView activeTab="${opts.activeTab ?? 0}"/></bookViews><sheets>` +
      sheets
        .map(
          (s, i) =>
            `<sheet${opts.localRelNs ? ` xmlns:r="${REL_NS}"` : ''} name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
        )
        .join('') +
      '</sheets>' +
      (opts.workbookExtra ?? '') +
      '</workbook>',
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    DECL +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${prefix}worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      (opts.styles === null
        ? ''
        : `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="${prefix}styles.xml"/>`) +
      '</Relationships>',
  );
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml)));
  if (opts.styles !== null) files['xl/styles.xml'] = strToU8(opts.styles ?? STYLES_WITH_FILLS);
  return zipSync(files, { level: 1 });
}

/** Uncompressed entries (with the patcher's own reader, which uses native zlib under Node). */
export function entries(buf: Uint8Array): Record<string, Uint8Array> {
  const z = readZip(buf);
  if (!z) return unzipSync(buf);
  const out: Record<string, Uint8Array> = {};
  for (const e of z.entries) out[e.name] = entryData(e) ?? new Uint8Array(0);
  return out;
}

export function text(buf: Uint8Array, name: string): string {
  const e = entries(buf)[name];
  if (!e) throw new Error(`no entry ${name}`);
  return strFromU8(e);
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Names of entries whose uncompressed content differs (or that are new). */
export function changedEntries(before: Uint8Array, after: Uint8Array): string[] {
  const a = entries(before);
  const b = entries(after);
  return Object.keys(b).filter((k) => !sameBytes(a[k], b[k]));
}

/** Raw zip records (local header + compressed data) of an archive, by name. */
export function rawRecords(buf: Uint8Array): Map<string, Uint8Array> {
  const z = readZip(buf);
  if (!z) throw new Error('not a zip this reader handles');
  return new Map(z.entries.map((e) => [e.name, e.local]));
}

export const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
export const haveSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;

/** Runs `xmllint --noout` over the given parts; returns its error output ('' when all are well-formed). */
export function xmllint(parts: Record<string, Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-xml-'));
  try {
    const files: string[] = [];
    Object.entries(parts).forEach(([name, data], i) => {
      const f = path.join(dir, `${i}-${name.replace(/[^\w.-]/g, '_')}`);
      fs.writeFileSync(f, data);
      files.push(f);
    });
    if (!files.length) return '';
    // Namespace errors (an undeclared prefix) leave the exit status at 0: any message counts.
    const r = spawnSync('xmllint', ['--noout', '--nonet', ...files], { encoding: 'utf8' });
    return r.status === 0 && !r.stderr ? '' : r.stderr || `xmllint exit ${r.status}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A crude well-formedness check for when xmllint is missing: balanced tags. */
export function roughlyWellFormed(xml: string): boolean {
  const stack: string[] = [];
  const re = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)([^>]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[2] === undefined) continue;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[3].endsWith('/')) stack.push(m[2]);
  }
  return stack.length === 0;
}

export function xmlParts(files: Record<string, Uint8Array>, names: string[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const n of names) if (/\.(xml|rels|vml)$/i.test(n) && files[n]) out[n] = files[n];
  return out;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
