/**
 * The дорожная карта descriptor (DOMAIN.md §5) and the template generated from it: the descriptor
 * passes its schema (broken copies do not) and its catalogue is DOMAIN §5's table; `shnor template
 * roadmap` writes the factor table pre-filled with the catalogue, the measures table and the
 * editable catalogue sheet, with no formulas, that LibreOffice prints.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import {
  ROADMAP,
  RoadmapDescriptor,
  catalogueCodes,
  roadmapDescriptorSchema,
} from '../../src/engine/roadmap/descriptor';
import { ROADMAP_SHEET, roadmapTemplate } from '../../src/engine/roadmap/template';
import { firstPagePng, haveLibreOffice, toPdf } from '../helpers/office';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CATALOGUE_SHEET = ROADMAP.catalogueSheet.name;

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const copy = (): RoadmapDescriptor => JSON.parse(JSON.stringify(ROADMAP)) as RoadmapDescriptor;

describe('the roadmap descriptor', () => {
  test('passes its own schema; broken copies do not', () => {
    expect(roadmapDescriptorSchema.safeParse(ROADMAP).success).toBe(true);
    const dup = copy();
    dup.catalogue[1].parameters[1].code = '2.1';
    expect(roadmapDescriptorSchema.safeParse(dup).success).toBe(false);
    const wrongFactor = copy();
    wrongFactor.catalogue[0].parameters[0].code = '2.9';
    expect(roadmapDescriptorSchema.safeParse(wrongFactor).success).toBe(false);
    const badCode = copy();
    badCode.catalogue[0].parameters[0].code = '1.1.';
    expect(roadmapDescriptorSchema.safeParse(badCode).success).toBe(false);
    const missingColumn = copy();
    missingColumn.measures.columns = missingColumn.measures.columns.filter((c) => c.id !== 'responsible');
    expect(roadmapDescriptorSchema.safeParse(missingColumn).success).toBe(false);
    const extra = copy() as unknown as Record<string, unknown>;
    extra.unknown = 1;
    expect(roadmapDescriptorSchema.safeParse(extra).success).toBe(false);
  });

  test('the two tables of DOMAIN §5 with their required columns', () => {
    expect(ROADMAP.factors.columns.map((c) => c.id)).toEqual(['no', 'factor', 'parameter', 'code', 'schools']);
    expect(ROADMAP.measures.columns.map((c) => c.header)).toEqual([
      '№',
      'Мероприятие',
      'Форма',
      'Код параметра',
      'Контингент',
      'Место проведения',
      'Дата проведения',
      'Ответственные',
      'Исполнение, %',
    ]);
    const required = ROADMAP.measures.columns.filter((c) => c.required).map((c) => c.id);
    expect(required).toEqual(expect.arrayContaining(['measure', 'form', 'code', 'responsible']));
    expect(required).not.toContain('execution');
    expect(ROADMAP.datePhrases).toEqual([
      'По отдельному графику',
      'В течение года',
      'Каждую учебную четверть',
      'Постоянно',
    ]);
    expect(ROADMAP.absent).toContain('отсутствует');
  });

  test('the default catalogue is DOMAIN §5’s table', () => {
    const codes = catalogueCodes();
    expect(codes.map((c) => c.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '3.1',
      '3.2',
      '3.3',
      '4.1',
      '4.2',
      '5.1',
      '5.2',
    ]);
    expect(ROADMAP.catalogue.map((f) => f.name)).toEqual([
      'Кадровые ресурсы школы',
      'Профессионализм и компетенции педагогов',
      'Высокая доля обучающихся с рисками учебной неуспешности',
      'Неудовлетворительная атмосфера школьного благополучия',
      'Низкая эффективность работы методической службы',
    ]);
    const by = new Map(codes.map((c) => [c.code, c]));
    expect(by.get('1.1')).toEqual({
      code: '1.1',
      factor: 'Кадровые ресурсы школы',
      parameter: 'Дефицит педагогических сотрудников',
    });
    expect(by.get('2.1')!.parameter).toBe(
      'Низкая предметная подготовка учителей (начальных классов, математики и русского языка)',
    );
    expect(by.get('3.3')!.parameter).toBe('Наличие обучающихся с ОВЗ');
    expect(by.get('4.2')!.parameter).toBe('Выраженные проблемы с поведением на уроках / вне уроков');
    expect(by.get('5.2')).toMatchObject({
      factor: 'Низкая эффективность работы методической службы',
      parameter: 'Наличие вакансий в УО и ТМС',
    });
  });

  test('the template sheets, in the engine', () => {
    expect(roadmapTemplate().map((s) => s.name)).toEqual([ROADMAP_SHEET, CATALOGUE_SHEET]);
  });
});

describe('shnor template roadmap', () => {
  let dir: string;
  beforeAll(() => {
    expect(fs.existsSync(CLI)).toBe(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-roadmap-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the factor table with the catalogue, the measures table and the catalogue sheet', () => {
    const file = path.join(dir, 'roadmap.xlsx');
    const r = shnor(['template', 'roadmap', '--out', file]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const bytes = fs.readFileSync(file);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toEqual([ROADMAP_SHEET, CATALOGUE_SHEET]);
    const aoa = (n: string): string[][] =>
      XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n], { header: 1, defval: '' }).map((x) => x.map(String));
    const cells = aoa(ROADMAP_SHEET);
    const all = new Set(cells.flat());
    expect(cells[0][0]).toBe(ROADMAP.title);
    for (const t of [ROADMAP.factors, ROADMAP.measures]) {
      expect(all.has(t.title)).toBe(true);
      for (const c of t.columns) expect(all.has(c.header)).toBe(true);
    }
    // The factor table: each code with its parameter, the factor name on its first parameter.
    for (const c of catalogueCodes()) {
      const line = cells.find((x) => x.includes(c.code))!;
      expect(line).toContain(c.parameter);
    }
    for (const f of ROADMAP.catalogue) expect(all.has(f.name)).toBe(true);
    // The measures table: its header row, then the blank numbered rows.
    const h = cells.findIndex((x) => x[1] === 'Мероприятие');
    expect(cells[h]).toEqual(ROADMAP.measures.columns.map((c) => c.header));
    expect(cells.slice(h + 1, h + 1 + ROADMAP.blankRows).map((x) => x[0])).toEqual(
      Array.from({ length: ROADMAP.blankRows }, (_, i) => String(i + 1)),
    );
    expect(cells.flat().some((x) => x.includes('поэтому в этом столбце нет списка'))).toBe(true);
    // The catalogue sheet: code | factor | parameter for every code.
    const cat = aoa(CATALOGUE_SHEET);
    const ch = cat.findIndex((x) => x[0] === ROADMAP.catalogueSheet.code);
    expect(cat[ch]).toEqual([
      ROADMAP.catalogueSheet.code,
      ROADMAP.catalogueSheet.factor,
      ROADMAP.catalogueSheet.parameter,
    ]);
    expect(cat.slice(ch + 1)).toEqual(catalogueCodes().map((c) => [c.code, c.factor, c.parameter]));
    // Codes are text, not numbers (1.10 would otherwise become 1.1).
    expect(wb.Sheets[CATALOGUE_SHEET]['A4'].t).toBe('s');
    const files = unzipSync(new Uint8Array(bytes));
    const xml = strFromU8(files['xl/worksheets/sheet1.xml']);
    const percent =
      /<dataValidation type="decimal" operator="between"[^>]*sqref="(I\d+(?: I\d+)*)"[^>]*><formula1>0<\/formula1><formula2>100<\/formula2>/.exec(
        xml,
      );
    expect(percent?.[1].split(' ')).toHaveLength(ROADMAP.blankRows);
    // No list validation on the code column (several codes per cell).
    expect(xml).not.toContain('type="list"');
    for (const k of Object.keys(files).filter((x) => /^xl\/worksheets\/sheet\d+\.xml$/.test(x)))
      expect(strFromU8(files[k])).not.toMatch(/<f[ >]/);
    expect(xml).toContain('orientation="landscape"');
  });

  test('--year and --years are not options of the roadmap template', () => {
    const file = path.join(dir, 'bad.xlsx');
    expect(shnor(['template', 'roadmap', '--out', file, '--year', '2023']).status).toBe(2);
    expect(shnor(['template', 'roadmap', '--out', file, '--years', '2022-2023']).status).toBe(2);
    expect(fs.existsSync(file)).toBe(false);
  });

  (haveLibreOffice ? test : test.skip)(
    'LibreOffice prints it; page 1 is rendered to PNG (kept in artifacts/ to look at)',
    () => {
      const file = path.join(dir, 'Дорожная карта.xlsx');
      expect(shnor(['template', 'roadmap', '--out', file]).status).toBe(0);
      const pdf = toPdf(file, dir);
      expect(path.basename(pdf)).toBe('Дорожная карта.pdf');
      const img = firstPagePng(pdf, 'roadmap-template-page1.png');
      expect(img.subarray(1, 4).toString()).toBe('PNG');
      // Landscape: wider than tall.
      expect(img.readUInt32BE(16)).toBeGreaterThan(img.readUInt32BE(20));
    },
    150_000,
  );
});
