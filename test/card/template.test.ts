/**
 * The информационная карта descriptor (DOMAIN.md §3) and the template generated from it: the
 * descriptor passes its schema (broken copies do not); `shnor template card` writes the card and
 * the «Школы» sheet with every label, the reporting dates of the year and data validation, with no
 * formulas, that LibreOffice prints.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import { CARD, CardDescriptor, cardDescriptorSchema, cardRows } from '../../src/engine/card/descriptor';
import { CARD_SHEET, cardDates, cardTemplate } from '../../src/engine/card/template';
import { FormBlock } from '../../src/engine/edits';
import { firstPagePng, haveLibreOffice, toPdf } from '../helpers/office';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const copy = (): CardDescriptor => JSON.parse(JSON.stringify(CARD)) as CardDescriptor;
const row = (id: string) => {
  const found = cardRows().find((r) => r.row.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found.row;
};

describe('the card descriptor', () => {
  test('passes its own schema; broken copies do not', () => {
    expect(cardDescriptorSchema.safeParse(CARD).success).toBe(true);
    const dates = copy();
    dates.dates = ['31.03', '15.09'];
    expect(cardDescriptorSchema.safeParse(dates).success).toBe(false);
    const badDate = copy();
    badDate.dates[2] = '31.13';
    expect(cardDescriptorSchema.safeParse(badDate).success).toBe(false);
    const dup = copy();
    dup.sections[2].rows[1].id = dup.sections[2].rows[0].id;
    expect(cardDescriptorSchema.safeParse(dup).success).toBe(false);
    const badCount = copy();
    badCount.sections[2].rows[4].countOf = '3.preventionSystem';
    expect(cardDescriptorSchema.safeParse(badCount).success).toBe(false);
    const badType = copy();
    (badType.sections[0].rows[0] as { type: string }).type = 'x';
    expect(cardDescriptorSchema.safeParse(badType).success).toBe(false);
    const noMeasures = copy();
    delete noMeasures.sections[1].measures;
    expect(cardDescriptorSchema.safeParse(noMeasures).success).toBe(false);
    const badSchools = copy();
    badSchools.schools.columns[0].row = '3.practicesCount';
    expect(cardDescriptorSchema.safeParse(badSchools).success).toBe(false);
  });

  test('the dates, the three sections of DOMAIN §3 and their rules', () => {
    expect(CARD.dates).toEqual(['31.03', '15.09', '31.12']);
    expect(CARD.sections.map((s) => s.id)).toEqual(['1', '2', '3']);
    const s1 = CARD.sections[0].rows;
    expect(s1.map((r) => r.id)).toEqual([
      '1.name',
      '1.period',
      '1.approval',
      '1.schools',
      '1.summary',
      '1.responsible',
    ]);
    expect(s1.filter((r) => r.type === 't').every((r) => r.required === 'first')).toBe(true);
    expect(row('1.schools').items!.map((r) => [r.label, r.type])).toEqual([
      ['а) НОО', 'n'],
      ['б) ООО', 'n'],
      ['в) СОО', 'n'],
    ]);
    const m = CARD.sections[1].measures!;
    expect(m.columns.map((c) => c.header)).toEqual(['№', 'Мероприятие', 'Исполнение, %']);
    expect(m.target).toEqual({ op: '>=', value: 90, date: '31.12' });
    expect([m.nonDecreasing, m.efficiencyValue]).toEqual([true, 80]);
    const s3 = CARD.sections[2].rows;
    expect(s3.map((r) => [r.no, r.type, r.polarity])).toEqual([
      ['(1)', '%', '+'],
      ['(2)', '%', '+'],
      ['(3)', '%', '+'],
      ['(4)', 'n', '+'],
      ['(5)', 'list', '0'],
    ]);
    expect(row('3.practices').countOf).toBe('3.practicesCount');
    expect(CARD.schools.columns.map((c) => c.row)).toEqual([
      '3.preventionSystem',
      '3.individualRoutes',
      '3.extraLessons',
    ]);
  });
});

describe('the card template, in the engine', () => {
  test('the year is a parameter; every label is written; percents 0–100, counts whole ≥ 0', () => {
    expect(cardDates(2024)).toEqual(['31.03.2024', '15.09.2024', '31.12.2024']);
    const sheets = cardTemplate(2024);
    expect(sheets.map((s) => s.name)).toEqual([CARD_SHEET, 'Школы']);
    const form = sheets[0].blocks[0] as FormBlock;
    const texts = form.rows.flatMap((r) => r.cells.map((c) => (c && typeof c.value === 'string' ? c.value : null)));
    for (const { row: r } of cardRows()) expect(texts).toContain(r.label);
    expect(texts).toContain('31.12.2024');
    const find = (label: string) => form.rows.find((r) => r.cells[1]?.value === label)!;
    expect(
      find('а) НОО')
        .cells.slice(2, 5)
        .map((c) => c?.validation),
    ).toEqual(Array(3).fill({ kind: 'whole', min: 0 }));
    expect(
      find(row('3.extraLessons').label)
        .cells.slice(2, 5)
        .map((c) => c?.validation),
    ).toEqual(Array(3).fill({ kind: 'decimal', min: 0, max: 100 }));
    const measureRows = form.rows.filter((r) => typeof r.cells[0]?.value === 'number');
    expect(measureRows).toHaveLength(CARD.sections[1].measures!.blankRows);
  });
});

describe('shnor template card', () => {
  let dir: string;
  beforeAll(() => {
    expect(fs.existsSync(CLI)).toBe(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-card-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function read(file: string): { sheets: Record<string, string[][]>; xml: string[] } {
    const bytes = fs.readFileSync(file);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    const sheets: Record<string, string[][]> = {};
    for (const n of wb.SheetNames)
      sheets[n] = XLSX.utils
        .sheet_to_json<unknown[]>(wb.Sheets[n], { header: 1, defval: '' })
        .map((r) => r.map((v) => String(v)));
    const files = unzipSync(new Uint8Array(bytes));
    const xml = Object.keys(files)
      .filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k))
      .sort()
      .map((k) => strFromU8(files[k]));
    return { sheets, xml };
  }

  test('writes the card and the schools sheet with every label, the dates, validation and no formulas', () => {
    const file = path.join(dir, 'card.xlsx');
    const r = shnor(['template', 'card', '--out', file, '--year', '2023']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const { sheets, xml } = read(file);
    expect(Object.keys(sheets)).toEqual([CARD_SHEET, 'Школы']);
    const cells = sheets[CARD_SHEET];
    const all = new Set(cells.flat());
    expect(cells[0][0]).toBe(CARD.title);
    for (const f of CARD.header) expect(all.has(f.label)).toBe(true);
    for (const s of CARD.sections) expect(all.has(s.title)).toBe(true);
    for (const { row: x } of cardRows()) expect(all.has(x.label)).toBe(true);
    for (const x of CARD.sections[2].rows) expect(all.has(x.no!)).toBe(true);
    for (const c of CARD.sections[1].measures!.columns) expect(all.has(c.header)).toBe(true);
    expect(all.has(CARD.sections[1].measures!.overall.label)).toBe(true);
    const dateRows = cells.filter((c) => c[2] === '31.03.2023');
    expect(dateRows.length).toBe(3);
    for (const d of dateRows) expect(d.slice(2, 5)).toEqual(['31.03.2023', '15.09.2023', '31.12.2023']);
    expect(cells.find((c) => c[0] === 'Год')).toContain('2023');
    const schools = sheets['Школы'];
    const head = schools.find((c) => c[1] === CARD.schools.schoolHeader)!;
    expect(head.slice(2)).toEqual(CARD.schools.columns.map((c) => c.header));
    expect(xml[0]).toMatch(/<dataValidation type="whole" operator="greaterThanOrEqual"[^>]*sqref="C\d+:E\d+/);
    expect(xml[0]).toMatch(
      /<dataValidation type="decimal" operator="between"[^>]*><formula1>0<\/formula1><formula2>100<\/formula2>/,
    );
    expect(xml[1]).toContain('<formula1>"да,нет"</formula1>');
    for (const x of xml) {
      expect(x).not.toMatch(/<f[ >]/);
      expect(x).toContain('orientation="landscape"');
    }
  });

  test('by default the current year; a wrong --year is a usage error', () => {
    const file = path.join(dir, 'default.xlsx');
    expect(shnor(['template', 'card', '--out', file]).status).toBe(0);
    const y = new Date().getFullYear();
    expect(read(file).sheets[CARD_SHEET].flat()).toContain(`31.12.${y}`);
    const bad = path.join(dir, 'bad.xlsx');
    for (const year of ['23', 'прошлый', '2022-2023']) {
      const r = shnor(['template', 'card', '--out', bad, '--year', year]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--year/);
    }
    expect(shnor(['template', 'dtk', '--out', bad, '--year', '2023']).status).toBe(2);
    expect(fs.existsSync(bad)).toBe(false);
  });

  (haveLibreOffice ? test : test.skip)(
    'LibreOffice prints it; page 1 is rendered to PNG (kept in artifacts/ to look at)',
    () => {
      const file = path.join(dir, 'Карта.xlsx');
      expect(shnor(['template', 'card', '--out', file, '--year', '2023']).status).toBe(0);
      const pdf = toPdf(file, dir);
      expect(path.basename(pdf)).toBe('Карта.pdf');
      const img = firstPagePng(pdf, 'card-template-page1.png');
      expect(img.subarray(1, 4).toString()).toBe('PNG');
      // Landscape: wider than tall.
      expect(img.readUInt32BE(16)).toBeGreaterThan(img.readUInt32BE(20));
    },
    150_000,
  );
});
