/**
 * Write-back proofs of the ДТК check on real .xlsx files (PRODUCT.md, write-back rules):
 * - the samples (samples/make_samples_dtk.py, written by openpyxl): the correct card gives no error
 *   and no warning, the card with mistakes gives each seeded mistake at its cell;
 * - the annotated copy (applyEdits(input, report.edits)) opens in LibreOffice; every value the school
 *   typed is unchanged — the only changed cells are exactly the conclusion and derived cells the
 *   check wrote; clearing the highlights gives every highlighted cell its own format back (style
 *   index, fill, font colour), tested on cells with fills and font colours of their own;
 * - ДТК workbooks built from corpus files with charts, images, comments, pivot tables and macros:
 *   the copy keeps every one of those parts byte for byte, only the parts the check must change
 *   change, and the kind is detected as ДТК;
 * - checking the annotated copy again gives the same bytes (idempotence).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook, CheckReport } from '../../src/engine/check';
import { locateDtk } from '../../src/engine/dtk/locate';
import { dtkTemplate, DTK_SHEET } from '../../src/engine/dtk/template';
import { Edit, HIGHLIGHT_COLORS } from '../../src/engine/edits';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { CellValue, WorkbookSnapshot } from '../../src/engine/snapshot';
import { applyEdits } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { haveLibreOffice, toPdf } from '../helpers/office';
import { corpusFile, entries, rawRecords, sameBytes, tmpDir } from '../xlsx/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const FIX = path.join(ROOT, 'test', 'fixtures', 'dtk');
const DATE = '22.11.2026';
const SETTINGS = parseIdentifySettings({});
const YEARS = ['2020-2021', '2021-2022', '2022-2023'];

interface SamplesRecord {
  cells: Record<string, Record<string, string>>;
  sheetOf: Record<string, string>;
  mistakes: { field: string; year: string; code: string; what: string }[];
}
const RECORD = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'dtk-samples.json'), 'utf8')) as SamplesRecord;

function snap(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

function check(bytes: Uint8Array): CheckReport {
  return checkWorkbook(snap(bytes), SETTINGS, DATE);
}

const sheetOfField = (field: string): string => RECORD.sheetOf[field.split('.').slice(0, 2).join('.')];

function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function a1(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** `cell` lies in `ref` (a cell or a range such as `B7:D7`). */
function within(cell: string, ref: string): boolean {
  const [from, to = from] = ref.split(':');
  const p = a1(cell);
  const x = a1(from);
  const y = a1(to);
  return p.row >= x.row && p.row <= y.row && p.col >= x.col && p.col <= y.col;
}

const same = (a: CellValue, b: CellValue): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `sheet!cell` of every cell whose value differs between two snapshots, over the sheets of `before`. */
function changedCells(before: WorkbookSnapshot, after: WorkbookSnapshot, only?: WorkbookSnapshot): string[] {
  const out: string[] = [];
  for (const s of before.sheets) {
    if (only && !only.sheets.some((x) => x.name === s.name)) continue;
    const t = after.sheets.find((x) => x.name === s.name);
    if (!t) throw new Error(`sheet ${s.name} lost`);
    const rows = Math.max(s.values.length, t.values.length);
    for (let r = 0; r < rows; r++) {
      const a = s.values[r] ?? [];
      const b = t.values[r] ?? [];
      for (let c = 0; c < Math.max(a.length, b.length); c++)
        if (!same(a[c] ?? null, b[c] ?? null)) out.push(`${s.name}!${colName(c)}${r + 1}`);
    }
  }
  return out.sort();
}

const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Worksheet part of a sheet, from workbook.xml and its relationships. */
function sheetPart(files: Record<string, Uint8Array>, sheet: string): string {
  const wb = dec(files['xl/workbook.xml']);
  const esc = sheet.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const tag = new RegExp(`<sheet\\b[^>]*name="${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(wb)?.[0];
  if (!tag) throw new Error(`no sheet ${sheet}`);
  const id = /r:id="([^"]+)"/.exec(tag)![1];
  const rels = dec(files['xl/_rels/workbook.xml.rels']);
  const rel = new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*>`).exec(rels)![0];
  const target = /Target="([^"]+)"/.exec(rel)![1];
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** The style index of a cell (0 when it has none or is absent). */
function styleOf(sheetXml: string, cell: string): number {
  const m = new RegExp(`<c r="${cell}"(?=[\\s/>])([^>]*)>`).exec(sheetXml);
  const s = m ? /\bs="(\d+)"/.exec(m[1]) : null;
  return s ? Number(s[1]) : 0;
}

/** Fill and font colour of a cell format, as written in the styles part. */
function colours(styles: string, xf: number): { fill: string; font: string } {
  const items = (name: string, child: string): string[] =>
    (new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(styles)?.[1] ?? '').match(
      new RegExp(`<${child}\\b[^>]*/>|<${child}\\b[^>]*>[\\s\\S]*?</${child}>`, 'g'),
    ) ?? [];
  const x = items('cellXfs', 'xf')[xf] ?? '';
  const id = (n: string): number => Number(new RegExp(`\\b${n}="(\\d+)"`).exec(x)?.[1] ?? 0);
  const fill = items('fills', 'fill')[id('fillId')] ?? '';
  const font = items('fonts', 'font')[id('fontId')] ?? '';
  return {
    fill: /<fgColor ([^/]*)\/>/.exec(fill)?.[1] ?? '',
    font: /<color ([^/]*)\/>/.exec(font)?.[1] ?? '',
  };
}

/** Every highlighted cell, from the check's edits (a range such as `B7:D7` counts cell by cell). */
function highlighted(edits: Edit[]): { sheet: string; cell: string }[] {
  const out: { sheet: string; cell: string }[] = [];
  for (const e of edits) {
    if (e.kind !== 'highlight') continue;
    for (const ref of e.cells) {
      const [from, to = from] = ref.split(':');
      const x = a1(from);
      const y = a1(to);
      for (let r = x.row; r <= y.row; r++)
        for (let c = x.col; c <= y.col; c++) out.push({ sheet: e.sheet, cell: `${colName(c)}${r + 1}` });
    }
  }
  return out;
}

function written(edits: Edit[]): string[] {
  return edits.flatMap((e) => (e.kind === 'setValue' ? [`${e.sheet}!${e.cell}`] : [])).sort();
}

const libreTest = haveLibreOffice ? test : test.skip;

describe.each([
  ['dtk-correct.xlsx', false],
  ['dtk-mistakes.xlsx', true],
])('sample %s', (name, withMistakes) => {
  const input = new Uint8Array(fs.readFileSync(path.join(SAMPLES, name)));
  const report = check(input);
  const copy = applyEdits(input, report.edits);

  test('is a ДТК; findings as seeded', () => {
    expect(report.kind).toBe('dtk');
    const serious = report.issues.filter((i) => i.severity !== 'info');
    if (!withMistakes) {
      expect(serious.map((i) => `${i.code} ${i.sheet}!${i.cell}`)).toEqual([]);
      expect(new Set(report.issues.map((i) => i.code))).toEqual(
        new Set(['LOW-RESULT', 'NEGATIVE-DYNAMICS', 'BELOW-TARGET']),
      );
      return;
    }
    // Each seeded mistake is reported with its code at its cell; no other error or warning.
    const found = RECORD.mistakes.map((m) => {
      const cell = RECORD.cells[m.field][m.year];
      const sheet = sheetOfField(m.field);
      const hit = serious.find((i) => i.code === m.code && i.sheet === sheet && i.cell && within(cell, i.cell));
      return [m.code, `${sheet}!${cell}`, hit ? 'found' : 'missing'];
    });
    expect(found.filter((f) => f[2] !== 'found')).toEqual([]);
    expect(serious.length).toBe(RECORD.mistakes.length);
  });

  test('the copy changes exactly the conclusion and derived cells the check wrote', () => {
    const before = snap(input);
    const after = snap(copy);
    const setValues = written(report.edits);
    // Six conclusion cells (Вывод and Проблема of three criteria), all empty in the sample …
    const conclusions = ['1', '2', '3'].flatMap((c) =>
      ['conclusion', 'problem'].map((k) => `${RECORD.sheetOf[`${c}.1`]}!${RECORD.cells[`${c}.${k}`].D}`),
    );
    // … and, in the correct card, the share of 2021-2022 left empty (22 ÷ 48 × 100).
    const derivedCell = `${sheetOfField('1.1.continuingShare')}!${RECORD.cells['1.1.continuingShare']['2021-2022']}`;
    expect(setValues).toEqual([...conclusions, derivedCell].sort());
    expect(changedCells(before, after)).toEqual(setValues);
    // Each of them was empty in the school's file: nothing the school typed is overwritten.
    for (const ref of setValues) {
      const [sheet, cell] = ref.split('!');
      const p = a1(cell);
      expect([ref, before.sheets.find((s) => s.name === sheet)!.values[p.row]?.[p.col] ?? null]).toEqual([ref, null]);
    }
    const d = a1(RECORD.cells['1.1.continuingShare']['2021-2022']);
    const v = after.sheets.find((s) => s.name === sheetOfField('1.1.continuingShare'))!.values[d.row][d.col];
    expect(v).toBeCloseTo((22 / 48) * 100, 1);
    // The copy has the «Проверка» sheet besides the card's own sheets, which keep their order.
    expect(after.sheets.map((s) => s.name).filter((n) => before.sheets.some((s) => s.name === n))).toEqual(
      before.sheets.map((s) => s.name),
    );
    expect(after.sheets.some((s) => s.name === 'Проверка')).toBe(true);
  });

  test('clearing the highlights gives every highlighted cell its own format back', () => {
    const cleared = applyEdits(copy, [{ kind: 'clearHighlights' }]);
    const [a, b, c] = [entries(input), entries(copy), entries(cleared)];
    const stylesA = dec(a['xl/styles.xml']);
    const stylesB = dec(b['xl/styles.xml']);
    const stylesC = dec(c['xl/styles.xml']);
    const cells = highlighted(report.edits);
    expect(cells.length).toBeGreaterThanOrEqual(withMistakes ? 15 : 10);
    const own = { fill: 0, font: 0 };
    const tones = new Set(Object.values(HIGHLIGHT_COLORS).flatMap((t) => [`rgb="FF${t.fill}"`, `rgb="FF${t.font}"`]));
    for (const { sheet, cell } of cells) {
      const part = sheetPart(a, sheet);
      const sA = styleOf(dec(a[part]), cell);
      const sB = styleOf(dec(b[part]), cell);
      const sC = styleOf(dec(c[part]), cell);
      const orig = colours(stylesA, sA);
      if (orig.fill.includes('FFF2CC')) own.fill++;
      if (orig.font.includes('C00000') || orig.font.includes('1F4E79')) own.font++;
      // Highlighted: the tone's colours, not the school's.
      const lit = colours(stylesB, sB);
      expect([sheet, cell, tones.has(lit.fill), tones.has(lit.font)]).toEqual([sheet, cell, true, true]);
      // Cleared: the same format index and the same colours as in the school's file.
      expect([sheet, cell, sC, colours(stylesC, sC)]).toEqual([sheet, cell, sA, orig]);
    }
    // The proof covers cells with fills and font colours of their own (current year, red marks).
    expect(own.fill).toBeGreaterThanOrEqual(5);
    expect(own.font).toBeGreaterThanOrEqual(5);
    // Clearing changes no value of the card: the written conclusions stay.
    expect(changedCells(snap(copy), snap(cleared), snap(input))).toEqual([]);
  });

  test('checking the annotated copy again gives the same bytes', () => {
    const again = applyEdits(copy, check(copy).edits);
    expect(sameBytes(again, copy)).toBe(true);
  });

  libreTest(
    'the annotated copy opens in LibreOffice',
    () => {
      const dir = tmpDir('shnor-dtk-lo-');
      try {
        const file = path.join(dir, name);
        fs.writeFileSync(file, copy);
        const pdf = toPdf(file, dir);
        expect(fs.statSync(pdf).size).toBeGreaterThan(5000);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

// ---------------------------------------------------------------------------------------------
// A ДТК added to corpus workbooks with charts, images, comments, pivot tables and macros.

type Values = Record<string, Record<string, string | number | null>>;
const VALID = JSON.parse(fs.readFileSync(path.join(FIX, 'valid_values.json'), 'utf8')) as Values;

/** The corpus workbook with the ДТК template added by the project's writer, then filled in. */
function withDtk(corpus: Uint8Array): Uint8Array {
  const blank = applyEdits(corpus, [{ kind: 'replaceSheet', sheet: dtkTemplate(YEARS)[0] }]);
  const loc = locateDtk(snap(blank));
  const edits: Edit[] = [];
  for (const [field, byYear] of Object.entries(VALID))
    for (const [year, v] of Object.entries(byYear)) {
      const f = loc.fields[field];
      if (v === null || !f) continue;
      expect(f.sheet).toBe(DTK_SHEET);
      edits.push({ kind: 'setValue', sheet: DTK_SHEET, cell: f.cells[year], value: v, purpose: 'derived' });
    }
  edits.push({
    kind: 'setValue',
    sheet: DTK_SHEET,
    cell: loc.header.school.cell,
    value: 'МБОУ «СОШ № 3»',
    purpose: 'derived',
  });
  return applyEdits(blank, edits);
}

/** Parts a chart, image, comment, pivot table or macro lives in. */
const RICH =
  /^xl\/(charts|chartsheets|drawings|media|pivotTables|pivotCache|embeddings)\/|^xl\/comments\d*\.xml$|^xl\/threadedComments\/|vbaProject\.bin$/;
/** Parts the check may change: the package's lists, the styles; the ДТК, «Проверка» and state sheets are new. */
const MAY_CHANGE =
  /^(\[Content_Types\]\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|docProps\/app\.xml)$/;

const CORPUS: [string, string, RegExp[]][] = [
  ['charts and comments', 'poi__test-data_spreadsheet_45544.xlsx', [/charts\//, /comments\d/, /vmlDrawing/]],
  [
    'charts, chart sheets, images, comments and macros',
    'poi__test-data_spreadsheet_57181.xlsm',
    [/charts\//, /chartsheets\//, /media\/image/, /comments\d/, /vbaProject\.bin/],
  ],
  ['pivot tables', 'calamine__tests_pivots.xlsx', [/pivotTables\//, /pivotCache\//]],
  ['pivot tables and charts in .xlsm', 'sheetjs__pivot_table_test.xlsm', [/pivotTables\//, /pivotCache\//, /charts\//]],
  [
    'an image and macros',
    'poi__test-data_spreadsheet_62629_target.xlsm',
    [/media\/image/, /vbaProject\.bin/, /drawings\//],
  ],
];

describe('a ДТК in workbooks with charts, images, comments, pivots, macros', () => {
  test.each(CORPUS)('%s (%s): every such part kept byte for byte', (_what, file, kinds) => {
    const original = corpusFile(file);
    const input = withDtk(original);
    const report = check(input);
    expect(report.kind).toBe('dtk');
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.sheet}!${i.cell}`)).toEqual(
      [],
    );
    const copy = applyEdits(input, report.edits);

    const before = entries(original);
    const after = entries(copy);
    const rich = Object.keys(before).filter((n) => RICH.test(n));
    for (const k of kinds) expect([String(k), rich.some((n) => k.test(n))]).toEqual([String(k), true]);
    // Every part of the original is still there; those the check need not touch are unchanged,
    // compressed bytes included.
    const rawBefore = rawRecords(original);
    const rawAfter = rawRecords(copy);
    const changed: string[] = [];
    for (const n of Object.keys(before)) {
      expect([n, n in after]).toEqual([n, true]);
      if (!sameBytes(before[n], after[n])) changed.push(n);
      else expect([n, sameBytes(rawBefore.get(n), rawAfter.get(n))]).toEqual([n, true]);
    }
    expect(changed.filter((n) => !MAY_CHANGE.test(n))).toEqual([]);
    for (const n of rich) expect([n, sameBytes(before[n], after[n])]).toEqual([n, true]);
    // The new parts are the ДТК, «Проверка» and state sheets (and their tables, rels).
    const added = Object.keys(after).filter((n) => !(n in before));
    for (const n of added)
      expect([n, /^xl\/(worksheets\/|tables\/|comments\d+\.xml$|drawings\/vmlDrawing\d+\.vml$)/.test(n)]).toEqual([
        n,
        true,
      ]);
    expect(snap(copy).sheets.map((s) => s.name)).toEqual(expect.arrayContaining([DTK_SHEET, 'Проверка']));

    // The user's values in the ДТК are unchanged; only conclusion and derived cells are written.
    expect(changedCells(snap(input), snap(copy))).toEqual(written(report.edits));
    expect(written(report.edits).length).toBeGreaterThanOrEqual(6);

    // Idempotence: the check of the copy writes the same bytes.
    expect(sameBytes(applyEdits(copy, check(copy).edits), copy)).toBe(true);
  });
});
