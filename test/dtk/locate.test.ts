/**
 * The ДТК locator and reader on real .xlsx files written by other programs: openpyxl (the CLI's
 * template filled in place, and three layouts that differ from it; test/fixtures/dtk/make_dtk.py,
 * which records every position and value it writes in <name>.expected.json) and LibreOffice.
 * Every field the generator wrote must be located at its cell and read as written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dtkRows } from '../../src/engine/dtk/descriptor';
import { DtkLocation, locateDtk, looksLikeDtk } from '../../src/engine/dtk/locate';
import { DtkData, DtkValue, readDtk } from '../../src/engine/dtk/read';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { CORPUS } from '../xlsx/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const FIX = path.join(ROOT, 'test', 'fixtures', 'dtk');
const haveSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;

interface Expected {
  fields: Record<string, { sheet: string; labelCell: string; cells: Record<string, string> }>;
  values: Record<
    string,
    Record<
      string,
      {
        kind: string;
        value?: number | boolean;
        first?: number;
        second?: number;
        text?: string;
        error?: string;
        explanation?: string;
      }
    >
  >;
  header: Record<string, { labelCell: string; cell: string; value: string }>;
  conclusions: Record<string, { labelCell: string; cell: string; text: string }>;
  missing: { id: string; section: string; label: string }[];
}

function load(file: string): WorkbookSnapshot {
  const r = readWorkbook(fs.readFileSync(file));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

function expected(name: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(FIX, `${name}.expected.json`), 'utf8')) as Expected;
}

/** What the reader returned, in the generator's terms. */
function simple(v: DtkValue): Record<string, unknown> {
  switch (v.kind) {
    case 'number':
      return { kind: 'number', value: v.value };
    case 'pair':
      return { kind: 'pair', first: v.first, second: v.second };
    case 'yesno':
      return { kind: 'yesno', value: v.value };
    case 'text':
      return { kind: 'text', text: v.text };
    case 'error':
      return { kind: 'error', error: v.error };
    default:
      return { kind: v.kind };
  }
}

function want(e: Expected['values'][string][string]): Record<string, unknown> {
  const { explanation: _, ...rest } = e;
  return rest;
}

function checkAll(name: string, wb: WorkbookSnapshot): { loc: DtkLocation; data: DtkData; exp: Expected } {
  const exp = expected(name);
  const loc = locateDtk(wb);
  expect(loc.isDtk).toBe(true);
  expect(looksLikeDtk(wb)).toBe(true);
  // Positions: every field the generator wrote is found at its label cell, with its value cells.
  const gotPos: Record<string, unknown> = {};
  const wantPos: Record<string, unknown> = {};
  for (const [id, f] of Object.entries(exp.fields)) {
    const g = loc.fields[id];
    wantPos[id] = { sheet: f.sheet, labelCell: f.labelCell, cells: f.cells };
    gotPos[id] = g ? { sheet: g.sheet, labelCell: g.labelCell, cells: g.cells } : null;
  }
  expect(gotPos).toEqual(wantPos);
  // Values: each read as written, and at its cell.
  const data = readDtk(wb, loc);
  const gotVal: Record<string, unknown> = {};
  const wantVal: Record<string, unknown> = {};
  for (const [id, years] of Object.entries(exp.values)) {
    for (const [y, e] of Object.entries(years)) {
      wantVal[`${id} ${y}`] = { ...want(e), cell: exp.fields[id].cells[y] };
      const g = data.values[id]?.[y];
      gotVal[`${id} ${y}`] = g ? { ...simple(g), cell: g.cell } : null;
    }
  }
  expect(gotVal).toEqual(wantVal);
  for (const [id, years] of Object.entries(exp.values))
    for (const [y, e] of Object.entries(years))
      if (e.explanation) expect(data.values[id][y]).toMatchObject({ explanation: e.explanation });
  // Header block and conclusions.
  for (const [id, h] of Object.entries(exp.header)) {
    expect(loc.header[id]).toMatchObject({ labelCell: h.labelCell, cell: h.cell, value: h.value });
    expect(data.header[id]).toBe(h.value);
  }
  for (const [id, c] of Object.entries(exp.conclusions)) {
    expect(loc.conclusions[id]).toMatchObject({ labelCell: c.labelCell, cell: c.cell });
    expect(data.conclusions[id]).toBe(c.text);
  }
  expect(Object.keys(loc.conclusions).sort()).toEqual(Object.keys(exp.conclusions).sort());
  return { loc, data, exp };
}

const missingIds = (loc: DtkLocation): string[] =>
  loc.issues.filter((i) => i.code === 'MISSING-ROW').map((i) => `${i.section}: ${i.message}`);

describe('the ДТК locator on openpyxl-written cards', () => {
  test('the template written by the CLI and filled in place: every field, value, header and conclusion', () => {
    const { loc, data, exp } = checkAll('template_filled', load(path.join(FIX, 'template_filled.xlsx')));
    expect(loc.issues).toEqual([]);
    expect(loc.coverage).toBe(1);
    expect(loc.years).toEqual(['2020-2021', '2021-2022', '2022-2023']);
    // Every value-holding row of the descriptor is located.
    for (const { row } of dtkRows()) expect(loc.fields[row.id]).toBeDefined();
    expect(Object.keys(exp.fields).length).toBeGreaterThan(80);
    expect(data.issues).toEqual([]);
  });

  test('rows reordered and deleted, labels re-typed, title block, years newest first, pairs in one cell', () => {
    const { loc, data, exp } = checkAll('edited', load(path.join(FIX, 'edited.xlsx')));
    // Deleted required rows are MISSING-ROW errors naming their section and label; nothing else is missing.
    const missing = loc.issues.filter((i) => i.code === 'MISSING-ROW');
    expect(missing.map((i) => i.section).sort()).toEqual(exp.missing.map((m) => m.section).sort());
    for (const m of exp.missing) {
      const issue = missing.find((i) => i.section === m.section && i.message.includes(`«${m.label}»`));
      expect(issue).toBeDefined();
      expect(issue!.severity).toBe('error');
      expect(issue!.message).toContain(`Раздел ${m.section}`);
      // The issue points at the section's heading, where the row belongs.
      expect(issue!.sheet).toBe('Карта школы');
      expect(issue!.cell).toMatch(/^B\d+$/);
    }
    expect(exp.missing.map((m) => m.id)).toEqual(
      expect.arrayContaining(['1.1.grade9Graduates', '3.1.partTime', '2.1.largeFamily']),
    );
    expect(loc.fields['1.1.grade9Graduates']).toBeUndefined();
    // A pair in one cell: `98/45` is the pair, its parts are the two numbers, at the same cell.
    const math = data.values['1.2.progress.math']['2022-2023'];
    expect(math.kind).toBe('pair');
    expect(data.values['1.2.progress.math.total']['2022-2023'].cell).toBe(math.cell);
    expect(loc.fields['1.2.progress.math'].pairInCell).toBe(true);
    // Years newest first: the 2022-2023 column is C.
    expect(loc.fields['1.1.enrolment.noo'].cells['2022-2023']).toMatch(/^C\d+$/);
    expect(loc.header.responsible.value).toBe('Петров П. П.');
    expect(data.issues).toEqual([]);
  });

  test('one sheet per criterion, each with its own year header row (years spelled 2020-21, 2020 - 2021)', () => {
    const { loc, data } = checkAll('three_sheets', load(path.join(FIX, 'three_sheets.xlsx')));
    expect(missingIds(loc)).toEqual([]);
    expect(new Set(Object.values(loc.fields).map((f) => f.sheet))).toEqual(
      new Set(['Критерий 1', 'Критерий 2', 'Критерий 3']),
    );
    expect(data.conclusions['2.conclusion']).toBe('Текст 2.conclusion');
    expect(data.issues).toEqual([]);
  });

  test('merged headings, the transposed 2.1 table, year columns C/E/F with a note column between', () => {
    const { loc, data, exp } = checkAll('transposed', load(path.join(FIX, 'transposed.xlsx')));
    expect(missingIds(loc)).toEqual([]);
    // Percent-formatted 0.5 in the 2.1 table reads 50.
    expect(data.values['2.1.parentsEducation.higher']['2020-2021']).toMatchObject({ kind: 'number', value: 50 });
    // The one Excel error the generator wrote is a CELL-ERROR at its cell, nothing else is reported.
    const errId = Object.entries(exp.values).find(([, ys]) => Object.values(ys).some((v) => v.kind === 'error'))![0];
    expect(data.issues.map((i) => [i.code, i.cell])).toEqual([['CELL-ERROR', exp.fields[errId].cells['2022-2023']]]);
  });
});

describe('reading values (DOMAIN §1.2) in the fixtures', () => {
  test('percent format × 100, decimal comma, «-» and «нет данных» are NA, numbers with an explanation', () => {
    const wb = load(path.join(FIX, 'edited.xlsx'));
    const data = readDtk(wb, locateDtk(wb));
    const all = Object.values(data.values).flatMap((ys) => Object.values(ys));
    expect(all.some((v) => v.kind === 'number' && v.fromPercentFormat && v.value === 85)).toBe(true);
    expect(all.some((v) => v.kind === 'number' && v.value === 12.5)).toBe(true);
    expect(all.filter((v) => v.kind === 'na').length).toBeGreaterThan(3);
    expect(data.values['3.2.independent'].D).toMatchObject({ kind: 'number', value: 24 });
  });

  test('text in a number field is NOT-A-NUMBER, an error value is CELL-ERROR, both at their cell', () => {
    const wb = load(path.join(FIX, 'template_filled.xlsx'));
    const loc = locateDtk(wb);
    const cell = loc.fields['1.1.enrolment.noo'].cells['2021-2022'];
    const cell2 = loc.fields['1.2.vprMath.g5'].cells['2022-2023'];
    const sheet = wb.sheets[0];
    const put = (a1: string, v: string | { error: string }): void => {
      const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
      const r = Number(m[2]) - 1;
      const c = m[1].charCodeAt(0) - 65;
      while (sheet.values.length <= r) sheet.values.push([]);
      sheet.values[r][c] = v;
    };
    put(cell, 'около двухсот');
    put(cell2, { error: '#REF!' });
    const data = readDtk(wb, loc);
    expect(data.issues.map((i) => [i.code, i.cell, i.section])).toEqual([
      ['NOT-A-NUMBER', cell, '1.1'],
      ['CELL-ERROR', cell2, '1.2'],
    ]);
  });
});

describe('not a ДТК', () => {
  const results = fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'results')).filter((f) => f.endsWith('.xlsx'));
  test.each(results)('results fixture %s', (f) => {
    const wb = load(path.join(ROOT, 'test', 'fixtures', 'results', f));
    expect(looksLikeDtk(wb)).toBe(false);
    const loc = locateDtk(wb);
    expect(loc.isDtk).toBe(false);
    expect(loc.issues).toEqual([]);
  });

  const corpus = fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .filter((_, i) => i % 25 === 0);
  test.each(corpus)('corpus file %s', (f) => {
    const r = readWorkbook(fs.readFileSync(path.join(CORPUS, f)));
    if (!r.ok) return;
    expect(looksLikeDtk(r.workbook)).toBe(false);
  });

  test.each(['card', 'roadmap', 'results'])('the %s template written by the CLI', (kind) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtk-kind-'));
    try {
      const out = path.join(dir, `${kind}.xlsx`);
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'template', kind, '--out', out],
        {
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(r.status).toBe(0);
      const wb = load(out);
      expect(looksLikeDtk(wb)).toBe(false);
      expect(locateDtk(wb).coverage).toBeLessThan(0.1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an empty workbook and an empty sheet', () => {
    expect(looksLikeDtk({ sheets: [] })).toBe(false);
    expect(locateDtk({ sheets: [{ name: 'Лист1', values: [], merges: [] }] })).toMatchObject({
      isDtk: false,
      issues: [],
    });
  });
});

(haveSoffice ? describe : describe.skip)('a card saved by LibreOffice', () => {
  test('the edited card converted by soffice is located and read the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtk-lo-'));
    try {
      const src = path.join(dir, 'edited.ods');
      // Round trip through ODS so the .xlsx is written by LibreOffice itself.
      let r = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'ods',
          '--outdir',
          dir,
          path.join(FIX, 'edited.xlsx'),
        ],
        { timeout: 120_000 },
      );
      expect(r.status).toBe(0);
      r = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'xlsx',
          '--outdir',
          path.join(dir, 'out'),
          src,
        ],
        { timeout: 120_000 },
      );
      expect(r.status).toBe(0);
      const { loc } = checkAll('edited', load(path.join(dir, 'out', 'edited.xlsx')));
      expect(loc.issues.filter((i) => i.code === 'MISSING-ROW').length).toBe(expected('edited').missing.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

/** A sheet from rows of cell values (row 1 first). */
function sheetOf(name: string, rows: (string | number | null)[][]): WorkbookSnapshot['sheets'][number] {
  return { name, values: rows, merges: [] };
}

describe('the ДТК locator on small in-memory layouts', () => {
  const top: (string | number | null)[][] = [
    ['Наименование ОО: МБОУ «СОШ № 1»'],
    ['Показатель', 2021, 2022, 2023],
    ['1.1 Сохранность контингента'],
    ['Количество учащихся, обучающихся на конец учебного года'],
    ['а) НОО', 2000, 2010, 2050],
    ['б) ООО', 300, 310, 320],
    ['Доля совместителей (внешних и внутренних), %', 5, 6, 7],
    ['1.2 Качество образования'],
    ['ВПР, математика'],
    ['6 класс', 16, 26, 36],
    ['5 класс', 15, 25, 35],
    ['Успеваемость по итогам учебного года'],
    ['По школе'],
    ['общая', 99, 98, 97],
  ];

  test('calendar years as numbers in a header row; counts of 2 000 in a data row are not years', () => {
    const loc = locateDtk({ sheets: [sheetOf('Лист1', top)] });
    expect(loc.years).toEqual(['2020-2021', '2021-2022', '2022-2023']);
    expect(loc.fields['1.1.enrolment.noo'].cells).toEqual({ '2020-2021': 'B5', '2021-2022': 'C5', '2022-2023': 'D5' });
  });

  test('«5 класс» and «6 класс» in reverse order, each at its own row', () => {
    const loc = locateDtk({ sheets: [sheetOf('Лист1', top)] });
    expect(loc.fields['1.2.vprMath.g5'].labelCell).toBe('A11');
    expect(loc.fields['1.2.vprMath.g6'].labelCell).toBe('A10');
  });

  test('the header value after a colon in the label cell', () => {
    const loc = locateDtk({ sheets: [sheetOf('Лист1', top)] });
    expect(loc.header.school).toMatchObject({ labelCell: 'A1', cell: 'A1', value: 'МБОУ «СОШ № 1»' });
  });

  test('a long label followed by extra words; a section without a heading searches the whole sheet', () => {
    // «Доля совместителей» belongs to 3.1; here it stands under 1.1, where nothing claims it: the
    // search for 3.1 (no heading) takes every unclaimed line.
    const loc = locateDtk({ sheets: [sheetOf('Лист1', top)] });
    expect(loc.fields['3.1.partTime'].labelCell).toBe('A7');
  });

  test('a small sheet with few labels is not a ДТК: its fields are still found, but no issues are raised', () => {
    const loc = locateDtk({ sheets: [sheetOf('Лист1', top)] });
    expect(loc.isDtk).toBe(false);
    expect(loc.coverage).toBeLessThan(0.2);
    expect(loc.issues).toEqual([]);
  });

  test('in a card, a missing part of a pair and a missing sub-item are MISSING-ROW of their section, no crash', () => {
    const wb = load(path.join(FIX, 'template_filled.xlsx'));
    const before = locateDtk(wb);
    const sheet = wb.sheets[0];
    for (const id of ['1.2.progress.school.quality', '1.1.dropout.ooo', '1.1.enrolment.soo']) {
      const m = /^A(\d+)$/.exec(before.fields[id].labelCell)!;
      sheet.values[Number(m[1]) - 1][0] = null;
    }
    const loc = locateDtk(wb);
    const missing = loc.issues.filter((i) => i.code === 'MISSING-ROW');
    expect(missing.map((i) => [i.section, i.severity])).toEqual([
      ['1.1', 'error'],
      ['1.2', 'error'],
    ]);
    expect(missing[0].message).toContain('«а) из основной школы»');
    expect(missing[1].message).toContain('«качественная»');
    // в) СОО is not required: its row may be deleted without an issue.
    expect(loc.fields['1.1.enrolment.soo']).toBeUndefined();
    expect(loc.fields['1.1.dropout.soo'].labelCell).toBe(before.fields['1.1.dropout.soo'].labelCell);
  });

  test('a flat ГИА row: the main share on the subject row, the retake on a row below; да/нет of two specialists in one cell', () => {
    const wb = load(path.join(FIX, 'template_filled.xlsx'));
    const before = locateDtk(wb);
    const sheet = wb.sheets[0];
    const rowOf = (id: string): number => Number(/^A(\d+)$/.exec(before.fields[id].labelCell)![1]) - 1;
    sheet.values[rowOf('1.3.oge.russian.main')][0] = null;
    sheet.values[rowOf('1.3.oge.russian')][3] = 7.5;
    sheet.values[rowOf('3.1.specialists.psychologist')][0] = null;
    sheet.values[rowOf('3.1.specialists.socialPedagogue')][0] = null;
    sheet.values[rowOf('3.1.specialists')][3] = 'да / нет';
    const loc = locateDtk(wb);
    expect(loc.issues).toEqual([]);
    expect(loc.fields['1.3.oge.russian.main'].labelCell).toBe(loc.fields['1.3.oge.russian'].labelCell);
    expect(loc.fields['1.3.oge.russian.retake'].labelCell).toBe(before.fields['1.3.oge.russian.retake'].labelCell);
    expect(loc.fields['3.1.specialists'].pairInCell).toBe(true);
    const data = readDtk(wb, loc);
    const d4 = `D${rowOf('1.3.oge.russian') + 1}`;
    expect(data.values['1.3.oge.russian.main']['2022-2023']).toMatchObject({ kind: 'number', value: 7.5, cell: d4 });
    expect(data.values['3.1.specialists.psychologist']['2022-2023']).toMatchObject({ kind: 'yesno', value: true });
    expect(data.values['3.1.specialists.socialPedagogue']['2022-2023']).toMatchObject({ kind: 'yesno', value: false });
    expect(data.issues).toEqual([]);
  });

  test('a criterion sheet without its year header row: MISSING-ROW once per section, at its first row', () => {
    const wb = load(path.join(FIX, 'three_sheets.xlsx'));
    const before = locateDtk(wb);
    const sheet = wb.sheets.find((s) => s.name === 'Критерий 3')!;
    const headerRow = sheet.values.findIndex((r) => r?.[1] === '2020 - 2021');
    sheet.values[headerRow] = [];
    const loc = locateDtk(wb);
    const missing = loc.issues.filter((i) => i.code === 'MISSING-ROW');
    expect(missing.map((i) => [i.section, i.sheet, i.cell])).toEqual([
      ['3.1', 'Критерий 3', before.fields['3.1.subjectHigherEducation'].labelCell],
    ]);
    expect(missing[0].message).toContain('учебными годами');
  });

  test('the reader on it: counts, and a pair written in two rows keeps its parts apart', () => {
    const wb = { sheets: [sheetOf('Лист1', top)] };
    const data = readDtk(wb, locateDtk(wb));
    expect(data.values['1.1.enrolment.noo']['2022-2023']).toMatchObject({ kind: 'number', value: 2050, cell: 'D5' });
    expect(data.values['1.2.progress.school.total']['2020-2021']).toMatchObject({
      kind: 'number',
      value: 99,
      cell: 'B14',
    });
    expect(data.values['1.2.progress.school.quality']).toBeUndefined();
  });
});
