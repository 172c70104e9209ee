import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { Edit, HIGHLIGHT_COLORS, OwnedSheet, STATE_SHEET } from '../../src/engine/edits';
import { XlsxWriteError, applyEdits, applyEditsWithReport, createWorkbook, readState } from '../../src/xlsx/patch';
import {
  CORPUS,
  corpusFile,
  changedEntries,
  entries,
  haveSoffice,
  haveXmllint,
  makeXlsx,
  rawRecords,
  roughlyWellFormed,
  sameBytes,
  sheetXml,
  text,
  tmpDir,
  xmlParts,
  xmllint,
} from './helpers';
import { toPdf } from '../helpers/office';

const SCHOOL = '=HYPERLINK("http://x","y")';

function ownedSheet(name = 'Проверка'): OwnedSheet {
  return {
    name,
    freezeHeader: true,
    landscape: true,
    tabColor: 'C00000',
    blocks: [
      { kind: 'text', style: 'title', lines: ['Проверка файла'] },
      {
        kind: 'pairs',
        heading: 'Итог',
        rows: [
          ['Ошибок', 2],
          ['Предупреждений', 0],
        ],
      },
      {
        kind: 'table',
        name: 'Проверка',
        heading: 'Замечания',
        columns: [
          { header: '№', format: 'integer' },
          { header: 'Школа' },
          { header: 'Ячейка' },
          { header: 'Доля, %', format: 'percent1', note: 'Доля от числа участников' },
        ],
        rows: [
          [1, SCHOOL, { link: { sheet: "Лист 'A'", cell: 'C12' }, text: 'C12' }, 32.5],
          [2, '+7 912 000-00-00', null, null],
          [3, '@x', '-1+2', 0],
        ],
        tones: [[0, 3, 'error']],
      },
    ],
  };
}

/** The first worksheet (not a chart sheet) with a few of its existing cells. */
function firstWorksheet(buf: Uint8Array): { name: string; cells: string[] } {
  const wb = XLSX.read(buf, { type: 'buffer', sheetRows: 50 });
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws || (ws as { '!type'?: string })['!type'] === 'chart') continue;
    const cells = Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .slice(0, 4);
    if (cells.length) return { name, cells };
  }
  return { name: wb.SheetNames[0], cells: ['A1'] };
}

function editsFor(sheet: string, cells: string[], owned = ownedSheet()): Edit[] {
  return [
    { kind: 'clearHighlights' },
    { kind: 'highlight', sheet, cells, tone: 'warning' },
    { kind: 'highlight', sheet, cells: [cells[0], 'AZ777'], tone: 'error' },
    { kind: 'replaceSheet', sheet: owned },
  ];
}

function expectWellFormed(files: Record<string, Uint8Array>, names: string[]): void {
  const parts = xmlParts(files, names);
  if (haveXmllint) {
    expect(xmllint(parts)).toBe('');
  } else {
    for (const [n, d] of Object.entries(parts))
      expect([n, roughlyWellFormed(new TextDecoder().decode(d))]).toEqual([n, true]);
  }
}

const CORPUS_FILES: [string, string][] = [
  ['charts and comments', 'poi__test-data_spreadsheet_45544.xlsx'],
  ['charts, VBA, comments, images', 'poi__test-data_spreadsheet_57181.xlsm'],
  ['pivot tables', 'calamine__tests_pivots.xlsx'],
  ['pivot table and chart in .xlsm', 'sheetjs__pivot_table_test.xlsm'],
  ['VBA', 'calamine__tests_vba.xlsm'],
  ['drawings and images', 'poi__test-data_spreadsheet_62629_target.xlsm'],
  ['external links', 'poi__test-data_spreadsheet_56502.xlsx'],
  ['external links, charts, comments', 'poi__test-data_integration_stress024.xlsx'],
  ['tables and a pivot table', 'sheetjs__pivot_table_named_range.xlsx'],
  ['tables with formulas', 'phpspreadsheet__tests_data_Worksheet_Table_TableFormulae.xlsx'],
  ['threaded comments, x: prefixes', 'phpspreadsheet__tests_data_Reader_XLSX_namespacenonstd.xlsx'],
  ['chart sheets and VBA', 'sheetjs__BlankSheetTypes.xlsm'],
  ['non-standard part paths', 'sheetjs__wtf_path.xlsx'],
  ['parts at the zip root', 'phpspreadsheet__tests_data_Reader_XLSX_rootZipFiles.xlsx'],
  ['no styles part', 'calamine__tests_empty_shared_string_value.xlsx'],
  ['inline strings with CDATA', 'calamine__tests_inlineStr_cdata.xlsx'],
];

const describeCorpus = describe;

describeCorpus('patching real workbooks from the corpus', () => {
  test.each(CORPUS_FILES)('%s (%s): only the needed parts change', (_what, file) => {
    const input = corpusFile(file);
    const { name, cells } = firstWorksheet(input);
    const { bytes, skipped } = applyEditsWithReport(input, editsFor(name, cells));
    expect(skipped).toEqual([]);

    const before = entries(input);
    const after = entries(bytes);
    const beforeNames = Object.keys(before);
    const afterNames = Object.keys(after);
    // Same entries in the same order, new ones appended.
    expect(afterNames.slice(0, beforeNames.length)).toEqual(beforeNames);

    const changed = beforeNames.filter((n) => !sameBytes(before[n], after[n]));
    for (const n of changed) {
      expect([
        n,
        /(^|\/)(\[Content_Types\]\.xml|workbook\.xml|_rels\/workbook\.xml\.rels|styles\.xml|worksheets\/[^/]+\.xml|stylesheet\.xml)$/.test(
          n,
        ),
      ]).toEqual([n, true]);
    }
    expect(changed.length).toBeLessThanOrEqual(5);
    const added = afterNames.slice(beforeNames.length);
    for (const n of added)
      expect([
        n,
        /(worksheets\/sheet\d+\.xml|tables\/table\d+\.xml|comments\d+\.xml|vmlDrawing\d+\.vml|_rels\/sheet\d+\.xml\.rels|styles\d*\.xml)$/.test(
          n,
        ),
      ]).toEqual([n, true]);

    // Entries not changed are copied as they were, compressed bytes included.
    const rawBefore = rawRecords(input);
    const rawAfter = rawRecords(bytes);
    for (const n of beforeNames)
      if (!changed.includes(n)) expect([n, sameBytes(rawBefore.get(n), rawAfter.get(n))]).toEqual([n, true]);

    expectWellFormed(after, [...changed, ...added]);

    const wb = XLSX.read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toContain('Проверка');
    expect(wb.SheetNames).toContain(STATE_SHEET);
    const ws = wb.Sheets['Проверка'];
    const school = Object.values(ws).find((c) => (c as XLSX.CellObject)?.v === SCHOOL) as XLSX.CellObject | undefined;
    expect(school).toBeDefined();
    expect(school!.t).toBe('s');
    expect(school!.f).toBeUndefined();
    const state = readState(bytes);
    expect(state?.highlights.length).toBe(cells.length + 1);
  });

  test.each(CORPUS_FILES)('%s (%s): highlight then clear restores every sheet; twice equals once', (_what, file) => {
    const input = corpusFile(file);
    const { name, cells } = firstWorksheet(input);
    const edits = editsFor(name, cells);
    const once = applyEdits(input, edits);
    const twice = applyEdits(once, edits);
    expect(changedEntries(once, twice)).toEqual([]);
    expect(Object.keys(entries(twice))).toEqual(Object.keys(entries(once)));
    // Even the archive bytes are the same.
    expect(sameBytes(twice, once)).toBe(true);

    const cleared = entries(applyEdits(once, [{ kind: 'clearHighlights' }]));
    const original = entries(input);
    for (const n of Object.keys(original)) {
      if (/worksheets\/[^/]+\.xml$/.test(n)) expect([n, sameBytes(original[n], cleared[n])]).toEqual([n, true]);
    }
    expect(readState(entriesToZip(cleared))?.highlights).toEqual([]);
  });

  test('every corpus file is either patched or refused with a Russian message', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => /\.xls[xm]$/i.test(f));
    expect(files.length).toBeGreaterThan(250);
    let patched = 0;
    const refused: string[] = [];
    for (const f of files) {
      const input = corpusFile(f);
      try {
        const out = applyEdits(input, [
          { kind: 'clearHighlights' },
          { kind: 'highlight', sheet: 'Sheet1', cells: ['A1', 'B2'], tone: 'info' },
          { kind: 'setValue', sheet: 'Sheet1', cell: 'C3', value: 'вывод', purpose: 'conclusion' },
          {
            kind: 'replaceSheet',
            sheet: {
              name: 'Проверка',
              blocks: [{ kind: 'table', name: 'T', columns: [{ header: 'a' }], rows: [[1]] }],
            },
          },
        ]);
        expect(out.length).toBeGreaterThan(0);
        patched++;
      } catch (e) {
        expect(e).toBeInstanceOf(XlsxWriteError);
        expect((e as Error).message).toMatch(/[а-яё]/i);
        refused.push(f);
      }
    }
    expect(patched).toBeGreaterThan(250);
    // Encrypted, broken and Strict OOXML files are refused, not patched.
    expect(refused).toEqual(expect.arrayContaining(['poi__test-data_spreadsheet_SimpleStrict.xlsx']));
  });

  test('replacing a sheet that had formulas drops the calculation chain (Excel rebuilds it)', () => {
    const input = corpusFile('phpspreadsheet__tests_data_Reader_XLSX_namespacenonstd.xlsx');
    const owned: OwnedSheet = { name: 'SylkTest', blocks: [{ kind: 'text', lines: ['x'] }] };
    const out = applyEdits(input, [{ kind: 'replaceSheet', sheet: owned }]);
    const files = entries(out);
    expect(Object.keys(entries(input))).toContain('xl/calcChain.xml');
    expect(Object.keys(files)).not.toContain('xl/calcChain.xml');
    expect(text(out, 'xl/_rels/workbook.xml.rels')).not.toContain('calcChain');
    expect(text(out, '[Content_Types].xml')).not.toContain('calcChain');
    // Same position, same sheetId and relationship.
    expect(text(out, 'xl/workbook.xml')).toBe(text(input, 'xl/workbook.xml'));
    expect(XLSX.read(out, { type: 'buffer' }).Sheets['SylkTest'].A1.v).toBe('x');
    // The whole package comes out the same when it is done again.
    expect(sameBytes(applyEdits(out, [{ kind: 'replaceSheet', sheet: owned }]), out)).toBe(true);
  });

  test('Strict OOXML and encrypted files are refused with a clear Russian message', () => {
    expect(() => applyEdits(corpusFile('poi__test-data_spreadsheet_SimpleStrict.xlsx'), [])).toThrow(/Strict/);
    const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'MANIFEST.json'), 'utf8')) as {
      file: string;
      container: string;
    }[];
    const encrypted = manifest.find((m) => m.container.startsWith('CFB'))!;
    expect(() => applyEdits(corpusFile(encrypted.file), [])).toThrow(/паролем/);
  });
});

/** Fill and font colours (and number format, boldness) of a cell format in a styles part. */
function xfColours(styles: string, xf: number): { fill: string; font: string; numFmtId: string; bold: boolean } {
  const section = (name: string, child: string): string[] =>
    (new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`).exec(styles)?.[1] ?? '').match(
      new RegExp(`<${child}\\b[^>]*/>|<${child}\\b[^>]*>[\\s\\S]*?</${child}>`, 'g'),
    ) ?? [];
  const x = section('cellXfs', 'xf')[xf];
  const attr = (n: string): string => new RegExp(`${n}="(\\d+)"`).exec(x)![1];
  const fill = section('fills', 'fill')[Number(attr('fillId'))];
  const font = section('fonts', 'font')[Number(attr('fontId'))];
  return {
    fill: /fgColor rgb="(\w+)"/.exec(fill)?.[1] ?? '',
    font: /color rgb="(\w+)"/.exec(font)?.[1] ?? '',
    numFmtId: attr('numFmtId'),
    bold: /<b\/>/.test(font),
  };
}

function entriesToZip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(files);
}

describe('text is always text', () => {
  test('strings that look like formulas, numbers, booleans, illegal characters', () => {
    const bytes = createWorkbook([
      {
        name: 'Лист',
        blocks: [
          {
            kind: 'table',
            name: 'T',
            columns: [{ header: 'a' }, { header: 'b' }, { header: 'c' }],
            rows: [
              [SCHOOL, '+7 912', '@x'],
              ['-1+2', 'a\u0001b\u0000c', '_x0041_ <b>&amp;</b>'],
              [42, true, false],
              [-0, 1e21, null],
              ['я'.repeat(40_000), null, null],
            ],
          },
        ],
      },
    ]);
    const xml = text(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toMatch(/<f[\s>]/);
    const ws = XLSX.read(bytes, { type: 'buffer' }).Sheets['Лист'];
    expect(ws.A2).toMatchObject({ t: 's', v: SCHOOL });
    expect(ws.A2.f).toBeUndefined();
    expect(ws.B2).toMatchObject({ t: 's', v: '+7 912' });
    expect(ws.C2).toMatchObject({ t: 's', v: '@x' });
    expect(ws.A3).toMatchObject({ t: 's', v: '-1+2' });
    expect(ws.B3).toMatchObject({ t: 's', v: 'abc' });
    expect(ws.C3).toMatchObject({ t: 's', v: '_x0041_ <b>&amp;</b>' });
    expect(ws.A4).toMatchObject({ t: 'n', v: 42 });
    expect(ws.B4).toMatchObject({ t: 'b', v: true });
    expect(ws.A5).toMatchObject({ t: 'n', v: 0 });
    expect(ws.B5).toMatchObject({ t: 'n', v: 1e21 });
    // Excel keeps at most 32,767 characters in a cell.
    expect((ws.A6.v as string).length).toBe(32767);
  });
});

describe('owned sheets', () => {
  const base = makeXlsx(
    [
      { name: 'Данные', xml: sheetXml('<sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData>') },
      { name: 'Второй', xml: sheetXml('<sheetData/>') },
    ],
    {
      activeTab: 1,
      workbookExtra:
        '<definedNames><definedName name="Печать" localSheetId="1">Второй!$A$1</definedName><definedName name="T">Данные!$A$1</definedName></definedNames>',
    },
  );

  test('layout: blocks, table part, link, tones, widths, freeze, landscape, tab colour, note', () => {
    const out = applyEdits(base, [{ kind: 'replaceSheet', sheet: ownedSheet() }]);
    const files = entries(out);
    const sheet = text(out, 'xl/worksheets/sheet3.xml');
    expect(sheet).toContain('<tabColor rgb="FFC00000"/><pageSetUpPr fitToPage="1"/>');
    expect(sheet).toContain('<pane ySplit="8" topLeftCell="A9" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('orientation="landscape" fitToWidth="1" fitToHeight="0"');
    expect(sheet).toContain(`<hyperlink ref="C9" location="'Лист ''A'''!C12" display="C12"/>`);
    expect(sheet).toMatch(/<col min="2" max="2" width="\d+(\.\d+)?" customWidth="1"\/>/);
    expect(sheet).toContain('<legacyDrawing r:id=');
    // Element order required by the schema.
    const order = [
      'sheetPr',
      'dimension',
      'sheetViews',
      'sheetFormatPr',
      'cols',
      'sheetData',
      'hyperlinks',
      'pageMargins',
      'pageSetup',
      'legacyDrawing',
      'tableParts',
    ];
    const positions = order.map((e) => sheet.indexOf('<' + e));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const table = text(out, 'xl/tables/table1.xml');
    expect(table).toContain('ref="A8:D11"');
    expect(table).toContain('<autoFilter ref="A8:D11"/>');
    expect(table).toContain('TableStyleMedium2');
    expect(table).toContain('<tableColumn id="4" name="Доля, %"/>');
    // The table name is taken by a defined name? No: "T" is, "Проверка" is not.
    expect(table).toContain('name="Проверка"');
    expect(text(out, '[Content_Types].xml')).toContain('/xl/tables/table1.xml');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['xl/comments1.xml', 'xl/drawings/vmlDrawing1.vml']));

    const ws = XLSX.read(out, { type: 'buffer', cellStyles: true }).Sheets['Проверка'];
    expect(ws.A1.v).toBe('Проверка файла');
    expect(ws.A4.v).toBe('Ошибок');
    expect(ws.B4.v).toBe(2);
    expect(ws.A8.v).toBe('№');
    expect(ws.B9.v).toBe(SCHOOL);
    expect(ws.C9.l?.location ?? ws.C9.l?.Target).toContain('C12');
    expect(ws.D9.v).toBe(32.5);
    expect(ws.A8.c ?? ws.D8.c).toBeDefined();

    // The toned cell points at a format with the error fill.
    const styles = text(out, 'xl/styles.xml');
    expect(styles).toContain(`rgb="FF${HIGHLIGHT_COLORS.error.fill}"`);
    expect(styles).toContain('formatCode="0.0"');
    expectWellFormed(files, Object.keys(files));
  });

  test('position first shifts the active tab and local defined names; replacing keeps the place', () => {
    const out = applyEdits(base, [{ kind: 'replaceSheet', sheet: { ...ownedSheet('Сводка'), position: 'first' } }]);
    const wb = text(out, 'xl/workbook.xml');
    expect(wb.indexOf('name="Сводка"')).toBeLessThan(wb.indexOf('name="Данные"'));
    expect(wb).toContain('activeTab="2"');
    expect(wb).toContain('localSheetId="2"');
    expect(XLSX.read(out, { type: 'buffer' }).SheetNames).toEqual(['Сводка', 'Данные', 'Второй']);

    // Replace it with a sheet of two tables, then one table: same place, old table parts gone.
    const two: OwnedSheet = {
      name: 'Сводка',
      blocks: [
        { kind: 'table', name: 'A', columns: [{ header: 'x' }], rows: [[1]] },
        { kind: 'table', name: 'A', columns: [{ header: 'x' }, { header: 'x' }, { header: '' }], rows: [[1, 2, 3]] },
      ],
    };
    const out2 = applyEdits(out, [{ kind: 'replaceSheet', sheet: two }]);
    const wb2 = text(out2, 'xl/workbook.xml');
    expect(wb2).toBe(wb);
    const t2 = text(out2, 'xl/tables/table2.xml');
    expect(t2).toContain('name="A_2"');
    expect(t2).toContain('<tableColumn id="2" name="x 2"/><tableColumn id="3" name="Столбец 3"/>');
    const out3 = applyEdits(out2, [
      { kind: 'replaceSheet', sheet: { name: 'Сводка', blocks: [{ kind: 'text', lines: ['пусто'] }] } },
    ]);
    const names3 = Object.keys(entries(out3));
    expect(names3.filter((n) => n.includes('tables/'))).toEqual([]);
    expect(text(out3, '[Content_Types].xml')).not.toContain('tables/');
    expect(text(out3, 'xl/workbook.xml')).toBe(wb);
    expect(XLSX.read(out3, { type: 'buffer' }).Sheets['Сводка'].A1.v).toBe('пусто');
  });

  test('data validation: list, long list in a hidden column, whole and decimal, on blank rows too', () => {
    const items = Array.from({ length: 40 }, (_, i) => `Муниципальный район №${i + 1}`);
    const bytes = createWorkbook([
      {
        name: 'Шаблон',
        blocks: [
          {
            kind: 'table',
            name: 'Шаблон',
            columns: [
              { header: 'Год', validation: { kind: 'list', items: ['2022-2023', '2023-2024'] } },
              { header: 'Район', validation: { kind: 'list', items } },
              { header: 'Участников', format: 'integer', validation: { kind: 'whole', min: 0 } },
              { header: 'Доля, %', format: 'percent1', validation: { kind: 'decimal', min: 0, max: 100 } },
            ],
            rows: [],
            blankRows: 20,
          },
        ],
      },
    ]);
    const xml = text(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<formula1>&quot;2022-2023,2023-2024&quot;</formula1>'.replace(/&quot;/g, '"'));
    expect(xml).toMatch(/sqref="A2:A21"/);
    expect(xml).toMatch(/<formula1>\$F\$1:\$F\$40<\/formula1>/);
    expect(xml).toContain('<col min="6" max="6" width="20" hidden="1" customWidth="1"/>');
    expect(xml).toMatch(
      /type="whole" operator="greaterThanOrEqual"[^>]*error="Введите целое число не меньше 0"[^>]*sqref="C2:C21"/,
    );
    expect(xml).toMatch(
      /type="decimal" operator="between"[^>]*sqref="D2:D21"><formula1>0<\/formula1><formula2>100<\/formula2>/,
    );
    expect(text(bytes, 'xl/tables/table1.xml')).toContain('ref="A1:D21"');
  });

  test('a workbook that declares the relationships prefix on each sheet element (openpyxl)', () => {
    const local = makeXlsx(
      [{ name: 'Данные', xml: sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>') }],
      {
        localRelNs: true,
      },
    );
    const out = applyEdits(local, [
      { kind: 'highlight', sheet: 'Данные', cells: ['A1'], tone: 'info' },
      { kind: 'replaceSheet', sheet: { ...ownedSheet(), position: 'first' } },
    ]);
    const files = entries(out);
    expectWellFormed(files, ['xl/workbook.xml']);
    expect(XLSX.read(out, { type: 'buffer' }).SheetNames).toEqual(['Проверка', 'Данные', STATE_SHEET]);
    expect(readState(out)?.highlights).toEqual([{ sheet: 'Данные', cell: 'A1', s: null, created: false }]);
  });

  test('a sheet name Excel does not accept is refused in Russian', () => {
    expect(() => applyEdits(base, [{ kind: 'replaceSheet', sheet: { name: 'a/b', blocks: [] } }])).toThrow(
      XlsxWriteError,
    );
    expect(() => applyEdits(base, [{ kind: 'replaceSheet', sheet: { name: 'x'.repeat(32), blocks: [] } }])).toThrow(
      /31/,
    );
    expect(() => applyEdits(base, [{ kind: 'replaceSheet', sheet: { name: STATE_SHEET, blocks: [] } }])).toThrow(
      XlsxWriteError,
    );
  });
});

describe('highlights', () => {
  const rows =
    '<sheetData>' +
    '<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="2"><v>5</v></c><c r="C1"><v>7</v></c></row>' +
    '<row r="2"><c s="3"><v>1</v></c><c><v>2</v></c></row>' +
    '<row r="3" />' +
    '<row r="5" s="3" customFormat="1"><c r="A5" s=""><v>1</v></c></row>' +
    '</sheetData>';
  const input = makeXlsx([
    {
      name: 'Лист1',
      xml: sheetXml(
        rows,
        '<dimension ref="A1:C5"/>',
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
      ),
    },
    { name: 'Пусто', xml: sheetXml('<sheetData/>') },
  ]);
  const cells = ['A1', 'B1', 'C1', 'A2', 'B2', 'C2', 'B3', 'A5', 'B5', 'D4', 'B7'];

  test('cells with fills and font colours of their own come back exactly', () => {
    const lit = applyEdits(input, [
      { kind: 'highlight', sheet: 'Лист1', cells, tone: 'error' },
      { kind: 'highlight', sheet: 'лист1', cells: ['A1', 'Z9'], tone: 'low' },
      { kind: 'highlight', sheet: 'Пусто', cells: ['B2'], tone: 'info' },
    ]);
    const sheet = text(lit, 'xl/worksheets/sheet1.xml');
    // Existing cells keep everything but their style index; missing ones are created in order.
    expect(sheet).toMatch(/<row r="2"><c s="\d+"><v>1<\/v><\/c><c s="\d+"><v>2<\/v><\/c><c r="C2" s="\d+"\/><\/row>/);
    expect(sheet).toMatch(/<row r="3" ><c r="B3" s="\d+"\/><\/row><row r="4"><c r="D4" s="\d+"\/><\/row>/);
    expect(sheet).toContain('<dimension ref="A1:C5"/>');
    const state = readState(lit)!;
    // The original colours are recorded beside the style index, for the Excel add-in (src/excel).
    expect(state.highlights.find((h) => h.cell === 'A1')).toEqual({
      sheet: 'Лист1',
      cell: 'A1',
      s: 1,
      created: false,
      fill: '#FFFF00',
      font: '#FF0000',
    });
    expect(state.highlights.find((h) => h.cell === 'C1')).toEqual({
      sheet: 'Лист1',
      cell: 'C1',
      s: null,
      created: false,
    });
    expect(state.highlights.find((h) => h.cell === 'D4')).toMatchObject({ s: null, created: true, row: 'created' });
    expect(state.highlights.find((h) => h.cell === 'B3')).toMatchObject({ created: true, row: 'expanded' });
    expect(state.highlights.length).toBe(cells.length + 2);

    // The highlight formats differ from the originals only in fill and font.
    const styles = text(lit, 'xl/styles.xml');
    expect(styles).toContain(`<fgColor rgb="FF${HIGHLIGHT_COLORS.error.fill}"/>`);
    expect(styles).toContain(`<color rgb="FF${HIGHLIGHT_COLORS.low.font}"/>`);
    const b1 = Number(/<c r="B1" s="(\d+)"/.exec(sheet)![1]);
    expect(xfColours(styles, b1)).toEqual({
      fill: `FF${HIGHLIGHT_COLORS.error.fill}`,
      font: `FF${HIGHLIGHT_COLORS.error.font}`,
      numFmtId: '0',
      bold: true,
    });
    const a1 = Number(/<c r="A1" s="(\d+)"/.exec(sheet)![1]);
    expect(xfColours(styles, a1)).toEqual({
      fill: `FF${HIGHLIGHT_COLORS.low.fill}`,
      font: `FF${HIGHLIGHT_COLORS.low.font}`,
      numFmtId: '0',
      bold: false,
    });

    const cleared = applyEdits(lit, [{ kind: 'clearHighlights' }]);
    const a = entries(input);
    const b = entries(cleared);
    expect(sameBytes(a['xl/worksheets/sheet1.xml'], b['xl/worksheets/sheet1.xml'])).toBe(true);
    expect(sameBytes(a['xl/worksheets/sheet2.xml'], b['xl/worksheets/sheet2.xml'])).toBe(true);
    expect(readState(cleared)).toEqual({ version: 1, highlights: [], written: [] });

    // Running the same edits on the cleared file gives the highlighted file again.
    const again = applyEdits(cleared, [
      { kind: 'highlight', sheet: 'Лист1', cells, tone: 'error' },
      { kind: 'highlight', sheet: 'лист1', cells: ['A1', 'Z9'], tone: 'low' },
      { kind: 'highlight', sheet: 'Пусто', cells: ['B2'], tone: 'info' },
    ]);
    expect(changedEntries(lit, again)).toEqual([]);
  });

  test('clear and highlight again in one run is idempotent; a cell the user restyled is left alone', () => {
    const edits: Edit[] = [{ kind: 'clearHighlights' }, { kind: 'highlight', sheet: 'Лист1', cells, tone: 'warning' }];
    const once = applyEdits(input, edits);
    expect(changedEntries(once, applyEdits(once, edits))).toEqual([]);

    // The user gives C1 a format of their own (xf 3) after the highlight: clearing keeps it.
    const files = entries(once);
    const xml = new TextDecoder()
      .decode(files['xl/worksheets/sheet1.xml'])
      .replace(/<c r="C1" s="\d+">/, '<c r="C1" s="3">');
    files['xl/worksheets/sheet1.xml'] = strToU8(xml);
    const cleared = text(applyEdits(zipSync(files), [{ kind: 'clearHighlights' }]), 'xl/worksheets/sheet1.xml');
    expect(cleared).toContain('<c r="C1" s="3">');
    expect(cleared).toContain('<c r="A1" s="1" t="s">');
  });

  test('a missing sheet or a bad address is reported, not thrown', () => {
    const r = applyEditsWithReport(input, [
      { kind: 'highlight', sheet: 'Нет такого', cells: ['A1'], tone: 'info' },
      { kind: 'highlight', sheet: 'Лист1', cells: ['не адрес'], tone: 'info' },
    ]);
    expect(r.skipped.map((s) => s.reason).sort()).toEqual(['badCell', 'noSheet']);
    expect(r.skipped.find((s) => s.reason === 'noSheet')?.message).toMatch(/не найден/);
    expect(readState(r.bytes)).toBeNull();
  });

  test('no styles part: one is created', () => {
    const noStyles = makeXlsx(
      [{ name: 'S', xml: sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>') }],
      { styles: null, absoluteTargets: true },
    );
    const out = applyEdits(noStyles, [{ kind: 'highlight', sheet: 'S', cells: ['A1'], tone: 'error' }]);
    expect(text(out, '[Content_Types].xml')).toContain('/xl/styles.xml');
    expect(text(out, 'xl/_rels/workbook.xml.rels')).toMatch(/relationships\/styles" Target="styles.xml"/);
    const ws = XLSX.read(out, { type: 'buffer', cellStyles: true }).Sheets['S'];
    expect(ws.A1.s?.fgColor?.rgb).toBe(HIGHLIGHT_COLORS.error.fill);
    const cleared = applyEdits(out, [{ kind: 'clearHighlights' }]);
    expect(sameBytes(entries(noStyles)['xl/worksheets/sheet1.xml'], entries(cleared)['xl/worksheets/sheet1.xml'])).toBe(
      true,
    );
  });
});

describe('setValue', () => {
  const input = makeXlsx([
    {
      name: 'Форма',
      xml: sheetXml(
        '<sheetData><row r="2"><c r="B2" s="1"><v>3</v></c><c r="C2" s="2"><f>B2*2</f><v>6</v></c><c r="D2" s="3"/></row>' +
          '<row r="4"><c r="A4"><f t="array" ref="A4:B5">1</f><v>1</v></c></row></sheetData>',
        '<dimension ref="B2:D4"/>',
        '<mergeCells count="1"><mergeCell ref="E2:F3"/></mergeCells>',
      ),
    },
  ]);

  test('keeps the style, writes text as text, creates cells in order, refuses formulas', () => {
    const r = applyEditsWithReport(input, [
      { kind: 'setValue', sheet: 'Форма', cell: 'B2', value: '=СУММ(A1:A2)', purpose: 'conclusion' },
      { kind: 'setValue', sheet: 'Форма', cell: 'D2', value: 12.5, purpose: 'derived' },
      { kind: 'setValue', sheet: 'Форма', cell: 'C2', value: 1, purpose: 'derived' },
      { kind: 'setValue', sheet: 'Форма', cell: 'B5', value: 1, purpose: 'derived' },
      { kind: 'setValue', sheet: 'Форма', cell: 'F3', value: 1, purpose: 'derived' },
      { kind: 'setValue', sheet: 'Форма', cell: 'A3', value: 'Вывод', purpose: 'conclusion' },
      { kind: 'setValue', sheet: 'Форма', cell: 'G9', value: 'x', purpose: 'derived' },
    ]);
    expect(r.skipped.map((s) => [s.cell, s.reason])).toEqual([
      ['C2', 'formula'],
      ['B5', 'array'],
      ['F3', 'merged'],
    ]);
    const xml = text(r.bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<c r="B2" s="1" t="inlineStr"><is><t xml:space="preserve">=СУММ(A1:A2)</t></is></c>');
    expect(xml).toContain('<c r="C2" s="2"><f>B2*2</f><v>6</v></c>');
    expect(xml).toContain('<c r="D2" s="3"><v>12.5</v></c>');
    expect(xml).toContain(
      '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">Вывод</t></is></c></row><row r="4">',
    );
    expect(xml).toMatch(/<\/row><row r="9"><c r="G9" t="inlineStr">.*<\/row><\/sheetData>/);
    expect(xml).toContain('<dimension ref="A2:G9"/>');
    const ws = XLSX.read(r.bytes, { type: 'buffer' }).Sheets['Форма'];
    expect(ws.B2).toMatchObject({ t: 's', v: '=СУММ(A1:A2)' });
    expect(ws.B2.f).toBeUndefined();
    expect(readState(r.bytes)?.written).toEqual([
      { sheet: 'Форма', cell: 'B2', text: '=СУММ(A1:A2)' },
      { sheet: 'Форма', cell: 'A3', text: 'Вывод' },
    ]);
    // Writing the same values again changes nothing.
    const again = applyEdits(r.bytes, [
      { kind: 'setValue', sheet: 'Форма', cell: 'B2', value: '=СУММ(A1:A2)', purpose: 'conclusion' },
      { kind: 'setValue', sheet: 'Форма', cell: 'A3', value: 'Вывод', purpose: 'conclusion' },
    ]);
    expect(changedEntries(r.bytes, again)).toEqual([]);
  });
});

describe('state sheet', () => {
  test('is very hidden, and large state is split over cells under 32,000 characters', () => {
    const input = makeXlsx([{ name: 'Big', xml: sheetXml('<sheetData/>') }]);
    const cells = Array.from({ length: 3000 }, (_, i) => `C${i + 1}`);
    const out = applyEdits(input, [{ kind: 'highlight', sheet: 'Big', cells, tone: 'info' }]);
    expect(text(out, 'xl/workbook.xml')).toContain(
      `<sheet name="${STATE_SHEET}" sheetId="2" state="veryHidden" r:id="rId3"/>`,
    );
    const ws = XLSX.read(out, { type: 'buffer' }).Sheets[STATE_SHEET];
    const pieces = Array.from({ length: 20 }, (_, i) => ws[`A${i + 1}`]?.v as string | undefined).filter(
      (v): v is string => !!v,
    );
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(32000);
    expect(JSON.parse(pieces.join('')).highlights.length).toBe(3000);
    expect(readState(out)?.highlights.length).toBe(3000);
    const cleared = applyEdits(out, [{ kind: 'clearHighlights' }]);
    expect(text(cleared, 'xl/worksheets/sheet1.xml')).toBe(text(input, 'xl/worksheets/sheet1.xml'));
  });

  test('is read after Excel moved its text to shared strings', () => {
    const json = JSON.stringify({
      version: 1,
      highlights: [{ sheet: 'S', cell: 'A1', s: 0, created: false }],
      written: [],
    });
    const files = entries(
      makeXlsx([
        { name: 'S', xml: sheetXml('<sheetData/>') },
        { name: STATE_SHEET, xml: sheetXml('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>') },
      ]),
    );
    files['xl/sharedStrings.xml'] = strToU8(
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${json.replace(/"/g, '&quot;')}</t></si></sst>`,
    );
    files['xl/_rels/workbook.xml.rels'] = strToU8(
      new TextDecoder()
        .decode(files['xl/_rels/workbook.xml.rels'])
        .replace(
          '</Relationships>',
          '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    );
    expect(readState(zipSync(files))?.highlights).toEqual([{ sheet: 'S', cell: 'A1', s: 0, created: false }]);
  });
});

describe('createWorkbook', () => {
  const template: OwnedSheet[] = [
    {
      name: 'Результаты',
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Результаты оценочных процедур'] },
        { kind: 'text', style: 'note', lines: ['Заполните по одной строке на процедуру.'] },
        {
          kind: 'table',
          name: 'Результаты',
          columns: [
            { header: 'Школа', width: 40, note: 'Полное название, как в реестре' },
            { header: 'Год', validation: { kind: 'list', items: ['2022-2023', '2023-2024'] } },
            { header: 'Участников', format: 'integer', validation: { kind: 'whole', min: 0 } },
            { header: 'Дата', format: 'date' },
          ],
          rows: [['Школа №1', '2023-2024', 40, 45000]],
          blankRows: 30,
        },
      ],
    },
    { name: 'Справка', blocks: [{ kind: 'pairs', rows: [['Версия', '1']] }] },
  ];

  test('a fresh package that opens, with the first sheet active', () => {
    const bytes = createWorkbook(template);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['Результаты', 'Справка']);
    expect(wb.Sheets['Результаты'].A1.v).toBe('Результаты оценочных процедур');
    expect(wb.Sheets['Результаты'].A5.v).toBe('Школа');
    expect(wb.Sheets['Результаты'].C6.v).toBe(40);
    expect(text(bytes, 'xl/worksheets/sheet1.xml')).toContain('tabSelected="1"');
    expect(text(bytes, 'xl/worksheets/sheet2.xml')).not.toContain('tabSelected');
    const files = entries(bytes);
    expectWellFormed(files, Object.keys(files));
    expect(() => createWorkbook([])).toThrow(XlsxWriteError);
  });

  (haveSoffice ? test : test.skip)(
    'LibreOffice opens patched corpus files and the template (converts them to PDF)',
    () => {
      const dir = tmpDir('shnor-lo-');
      try {
        const names: string[] = [];
        const write = (name: string, bytes: Uint8Array): void => {
          fs.writeFileSync(path.join(dir, name), bytes);
          names.push(name);
        };
        write('template.xlsx', createWorkbook(template));
        CORPUS_FILES.slice(0, 12).forEach(([, file], i) => {
          const input = corpusFile(file);
          const { name, cells } = firstWorksheet(input);
          write(`patched-${i}${path.extname(file)}`, applyEdits(input, editsFor(name, cells)));
        });
        const r = spawnSync(
          'soffice',
          [
            `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            ...names.map((n) => path.join(dir, n)),
          ],
          { encoding: 'utf8', timeout: 150_000 },
        );
        expect(r.status).toBe(0);
        const missing = names.filter((n) => !fs.existsSync(path.join(dir, n.replace(/\.xls[xm]$/, '.pdf'))));
        expect([missing, r.stderr.split('\n').filter((l) => /error/i.test(l))]).toEqual([[], []]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  (haveSoffice ? test : test.skip)(
    'LibreOffice converts it to PDF',
    () => {
      const dir = tmpDir('shnor-lo-');
      try {
        const file = path.join(dir, 'template.xlsx');
        fs.writeFileSync(file, createWorkbook(template));
        const pdf = toPdf(file, dir, 90_000);
        expect(path.basename(pdf)).toBe('template.pdf');
        expect(fs.statSync(pdf).size).toBeGreaterThan(1000);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe('performance', () => {
  test('a sheet of 100,000 rows with 10,000 highlights', () => {
    const rows: string[] = [];
    for (let r = 1; r <= 100_000; r++) {
      let row = `<row r="${r}" spans="1:10">`;
      for (let c = 0; c < 10; c++) {
        const ref = String.fromCharCode(65 + c) + r;
        row += c % 3 === 0 ? `<c r="${ref}" t="s"><v>${r % 50}</v></c>` : `<c r="${ref}" s="1"><v>${r * c}</v></c>`;
      }
      rows.push(row + '</row>');
    }
    const files = entries(makeXlsx([{ name: 'Data', xml: sheetXml('<sheetData></sheetData>') }]));
    files['xl/worksheets/sheet1.xml'] = strToU8(
      sheetXml(`<sheetData>${rows.join('')}</sheetData>`, '<dimension ref="A1:J100000"/>'),
    );
    const input = zipSync(files, { level: 0 });
    const cells = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(65 + (i % 12)) + (1 + i * 10));
    const edits: Edit[] = [{ kind: 'clearHighlights' }, { kind: 'highlight', sheet: 'Data', cells, tone: 'error' }];
    const t0 = Date.now();
    const once = applyEdits(input, edits);
    const first = Date.now() - t0;
    const t1 = Date.now();
    const twice = applyEdits(once, edits);
    const second = Date.now() - t1;
    console.log(`100,000 rows, 10,000 highlights: ${first} ms (first run), ${second} ms (clear + highlight again)`);
    expect(readState(once)?.highlights.length).toBe(10_000);
    expect(changedEntries(once, twice)).toEqual([]);
    // Speed is measured by `npm run bench`; this only guards against a quadratic pass (minutes), with
    // bounds wide enough for a loaded 2-CPU machine. The numbers logged above are what to look at.
    expect(first).toBeLessThan(20_000);
    expect(second).toBeLessThan(20_000);
  });
});

describe('performance without r attributes', () => {
  test('50,000 rows whose rows and cells have no r attribute (positions computed)', () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, r) => `<row><c><v>${r}</v></c><c t="s"><v>0</v></c><c><v>${r * 2}</v></c></row>`,
    );
    const files = entries(makeXlsx([{ name: 'Data', xml: sheetXml('<sheetData/>') }]));
    files['xl/worksheets/sheet1.xml'] = strToU8(sheetXml(`<sheetData>${rows.join('')}</sheetData>`));
    const input = zipSync(files, { level: 0 });
    const t0 = Date.now();
    const out = applyEdits(input, [
      { kind: 'highlight', sheet: 'Data', cells: ['B2', 'C49999', 'E7'], tone: 'warning' },
    ]);
    // A guard against a quadratic pass only (see above), not a measurement.
    expect(Date.now() - t0).toBeLessThan(20_000);
    const xml = text(out, 'xl/worksheets/sheet1.xml');
    expect(xml).toMatch(/<row><c><v>1<\/v><\/c><c t="s" s="\d+"><v>0<\/v><\/c><c><v>2<\/v><\/c><\/row>/);
    expect(xml).toMatch(/<row><c><v>49998<\/v><\/c><c t="s"><v>0<\/v><\/c><c s="\d+"><v>99996<\/v><\/c><\/row>/);
    expect(xml).toMatch(/<row><c><v>6<\/v><\/c><c t="s"><v>0<\/v><\/c><c><v>12<\/v><\/c><c r="E7" s="\d+"\/><\/row>/);
    const cleared = applyEdits(out, [{ kind: 'clearHighlights' }]);
    expect(sameBytes(entries(cleared)['xl/worksheets/sheet1.xml'], files['xl/worksheets/sheet1.xml'])).toBe(true);
  });
});

describe('bad input', () => {
  test('not a zip, empty, or no workbook', () => {
    expect(() => applyEdits(new Uint8Array(0), [])).toThrow(/пустой/);
    expect(() => applyEdits(strToU8('a;b;c\n1;2;3'), [])).toThrow(XlsxWriteError);
    expect(() => applyEdits(zipSync({ 'a.txt': strToU8('x') }), [])).toThrow(XlsxWriteError);
    expect(() => readState(strToU8('<html></html>'))).toThrow(/книгой Excel/);
    const noWb = zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    });
    expect(() => applyEdits(noWb, [])).toThrow(/workbook/);
    expect(unzipSync(applyEdits(makeXlsx([{ name: 'S', xml: sheetXml('<sheetData/>') }]), []))).toBeDefined();
  });
});
