/**
 * The ДТК descriptor (DOMAIN.md §2) and the template generated from it: the descriptor passes its
 * schema and holds every section and row of DOMAIN; `shnor template dtk` writes a sheet whose
 * labels are exactly the descriptor's, with year headers, conclusions and data validation, that
 * LibreOffice prints.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import {
  DTK,
  DtkDescriptor,
  DtkRow,
  dtkDescriptorSchema,
  dtkRows,
  holdsValue,
  yearsEnding,
} from '../../src/engine/dtk/descriptor';
import { DTK_SHEET, dtkTemplate } from '../../src/engine/dtk/template';
import { FormBlock } from '../../src/engine/edits';
import { normalizeLabel } from '../../src/engine/text';
import { firstPagePng, haveLibreOffice, toPdf } from '../helpers/office';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const YEARS = ['2020-2021', '2021-2022', '2022-2023'];

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function row(id: string): DtkRow {
  const found = dtkRows().find((r) => r.row.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found.row;
}

const labels = (rows: DtkRow[] | undefined): string[] => (rows ?? []).map((r) => r.label);

describe('the ДТК descriptor', () => {
  test('passes its own schema; a broken descriptor does not', () => {
    expect(dtkDescriptorSchema.safeParse(DTK).success).toBe(true);
    const copy = (): DtkDescriptor => JSON.parse(JSON.stringify(DTK)) as DtkDescriptor;
    const dup = copy();
    dup.criteria[0].sections[0].rows[1].id = dup.criteria[0].sections[0].rows[0].id;
    expect(dtkDescriptorSchema.safeParse(dup).success).toBe(false);
    const badRef = copy();
    const share = badRef.criteria[0].sections[0].rows.find((r) => r.derived)!;
    share.derived!.denominator = '1.1.nothing';
    expect(dtkDescriptorSchema.safeParse(badRef).success).toBe(false);
    const badPair = copy();
    badPair.criteria[0].sections[1].rows[0].items![0].parts!.pop();
    expect(dtkDescriptorSchema.safeParse(badPair).success).toBe(false);
    const badType = copy();
    (badType.criteria[0].sections[0].rows[5] as { type: string }).type = 'x';
    expect(dtkDescriptorSchema.safeParse(badType).success).toBe(false);
  });

  test('the header block, the criteria and every section of DOMAIN §2 in order', () => {
    expect(DTK.header.map((f) => [f.label, f.required])).toEqual([
      ['Наименование ОО', true],
      ['Муниципалитет', false],
      ['Дата заполнения', false],
      ['Ответственный', false],
    ]);
    expect(DTK.header[1].synonyms).toEqual(expect.arrayContaining(['МО', 'Район', 'АТЕ']));
    expect(DTK.criteria.map((c) => c.title)).toEqual([
      '1. Образовательный критерий',
      '2. Социальный критерий',
      '3. Профессионально-педагогический критерий',
    ]);
    const sections = DTK.criteria.flatMap((c) => c.sections);
    expect(sections.map((s) => [s.id, s.kind])).toEqual([
      ['1.1', 'Y'],
      ['1.2', 'Y'],
      ['1.3', 'Y'],
      ['2.1', 'Y'],
      ['2.2', 'Y'],
      ['2.3', 'D'],
      ['3.1', 'Y'],
      ['3.2', 'D'],
      ['3.3', 'D'],
      ['3.4', 'D'],
    ]);
    expect(sections.map((s) => s.title.replace(/^\d\.\d /, '').split(' — ')[0])).toEqual([
      'Сохранность контингента',
      'Качество образования',
      'Результаты ГИА',
      'Социальный статус семей обучающихся',
      'Социальное благополучие образовательной среды',
      'Доступность образовательной инфраструктуры',
      'Кадровый потенциал',
      'Профессионально-методическая среда развития ОО',
      'Адресная методическая поддержка ОО',
      'Ресурсные дефициты ОО',
    ]);
    for (const c of DTK.criteria) {
      expect([c.conclusion.label, c.problem.label]).toEqual(['Вывод:', 'Проблема:']);
    }
    // Every row id is unique and starts with its section.
    const all = dtkRows();
    expect(new Set(all.map((r) => r.row.id)).size).toBe(all.length);
    for (const { row: r, section } of all) expect(r.id.startsWith(section.id + '.')).toBe(true);
  });

  test('1.1: the rows of DOMAIN with their sub-items, polarity and the derived share', () => {
    const s = DTK.criteria[0].sections[0];
    expect(labels(s.rows)).toEqual([
      'Количество учащихся, обучающихся на конец учебного года',
      'Отсев (в течение года)',
      'Не получили аттестат',
      'Количество учащихся, оставленных на повторный год обучения',
      'Количество учащихся, окончивших школу с аттестатом особого образца',
      'Количество выпускников 9 класса',
      'Количество учащихся, продолжающих обучение на уровне СОО',
      'Доля учащихся, продолжающих обучение на уровне СОО, %',
    ]);
    expect(s.rows.map((r) => r.polarity)).toEqual(['0', '-', '-', '-', '+', '0', '0', '0']);
    expect(labels(row('1.1.enrolment').items)).toEqual(['а) НОО', 'б) ООО', 'в) СОО']);
    expect(row('1.1.enrolment.noo')).toMatchObject({ kind: 'Y', type: 'n', polarity: '0', required: true });
    expect(labels(row('1.1.dropout').items)).toEqual(['а) из основной школы', 'б) из средней школы']);
    expect(labels(row('1.1.noCertificate').items)).toEqual([
      'а) об основном общем образовании',
      'б) о среднем общем образовании',
    ]);
    expect(labels(row('1.1.repeaters').items)).toEqual(['а) ООО', 'б) СОО']);
    expect(row('1.1.repeaters.soo').level).toBe('СОО');
    expect(labels(row('1.1.honours').items)).toEqual(['а) ООО', 'б) СОО']);
    expect(row('1.1.continuingShare')).toMatchObject({
      type: '%',
      required: false,
      derived: { numerator: '1.1.continuing', denominator: '1.1.grade9Graduates', scale: 100, decimals: 1 },
    });
    expect(row('1.1.enrolment.noo').id).toBe('1.1.enrolment.noo');
  });

  test('1.2 and 1.3: pairs общая/качественная and основной/повторно, ВПР 5 и 6 класс, ЕГЭ математика', () => {
    expect(labels(row('1.2.progress').items)).toEqual(['Математика', 'Русский язык', 'По школе']);
    for (const id of ['1.2.progress.math', '1.2.progress.russian', '1.2.progress.school']) {
      expect(row(id)).toMatchObject({ type: 'p%', polarity: '+' });
      expect(labels(row(id).parts)).toEqual(['общая', 'качественная']);
    }
    expect(row('1.2.vprRussian').label).toBe(
      'ВПР, русский язык — доля обучающихся от общего числа участников, получивших неудовлетворительный результат',
    );
    expect(row('1.2.vprMath').label.startsWith('ВПР, математика — ')).toBe(true);
    expect(labels(row('1.2.vprMath').items)).toEqual(['5 класс', '6 класс']);
    expect(row('1.2.vprMath.g5')).toMatchObject({ type: '%', polarity: '-' });
    expect(labels(row('1.3.oge').items)).toEqual(['Русский язык, %', 'Математика, %']);
    expect(labels(row('1.3.oge.russian').parts)).toEqual(['основной', 'повторно']);
    expect(row('1.3.oge.russian.retake').required).toBe(false);
    expect(row('1.3.oge.russian.main').required).toBe(true);
    expect(labels(row('1.3.ege').items)).toEqual([
      'Русский язык, %',
      'Математика (базовый), %',
      'Математика (профильный), %',
      'Математика (повторно), %',
    ]);
    expect(row('1.3.ege.mathRetake').required).toBe(false);
    expect(row('1.3.ege.mathProfile')).toMatchObject({ level: 'СОО', polarity: '-' });
  });

  test('2.x: the transposed table of 2.1, shares of families, 2.2, the description rows of 2.3', () => {
    const s21 = DTK.criteria[1].sections[0];
    expect(s21.table!.yearHeader).toBe('Учебный год');
    expect(s21.table!.columns.map((c) => [c.label, c.type])).toEqual([
      ['Высшее', '%'],
      ['Среднее специальное', '%'],
      ['Среднее', '%'],
      ['Примечание', 't'],
    ]);
    expect([s21.table!.sumMax, s21.table!.sumWarnBelow]).toEqual([100.5, 90]);
    expect(labels(s21.rows)).toEqual([
      'Доля обучающихся, воспитывающихся в малообеспеченных семьях',
      'Доля обучающихся, воспитывающихся в неполных семьях',
      'Доля обучающихся, воспитывающихся в многодетных семьях',
      'Доля обучающихся, слабо владеющих русским языком (воспитывающихся в семьях мигрантов/переселенцев)',
    ]);
    expect(s21.rows.every((r) => r.polarity === '0' && r.type === '%')).toBe(true);
    expect(DTK.criteria[1].sections[1].rows.map((r) => r.polarity)).toEqual(['-', '+']);
    const s23 = DTK.criteria[1].sections[2];
    expect(s23.rows.every((r) => r.kind === 'D' && r.type === 't' && r.required)).toBe(true);
    expect(labels(s23.rows)[1]).toBe('Школьная медиатека. Наличие удалённого электронного читального зала в ОО');
  });

  test('3.x: staff shares and specialists, 3.2 (a)–(d), targets of 3.3 and 3.4, the count with names', () => {
    const s31 = DTK.criteria[2].sections[0];
    expect(s31.rows.map((r) => [r.label, r.polarity])).toEqual([
      ['Доля педагогических работников, имеющих высшее образование по предмету', '+'],
      ['Доля молодых учителей (до 35 лет)', '0'],
      ['Доля учителей пенсионного возраста', '0'],
      ['Доля совместителей', '-'],
      ['Наличие специалистов', '+'],
      ['Доля учителей, прошедших курсовую подготовку', '+'],
      ['Доля учителей без квалификационной категории', '-'],
    ]);
    expect(row('3.1.specialists').items!.map((r) => [r.label, r.type])).toEqual([
      ['педагог-психолог', 'yn'],
      ['социальный педагог', 'yn'],
    ]);
    const s32 = DTK.criteria[2].sections[1];
    expect(s32.rows.map((r) => r.type)).toEqual(['%', '%', '%+t', '%']);
    expect(row('3.2.independent').text).toMatchObject({ requiredWhen: 'positive' });
    const targets = dtkRows()
      .filter((r) => r.row.target)
      .map((r) => [r.row.id, r.row.target!.op, r.row.target!.value]);
    expect(targets).toEqual([
      ['3.3.methodicalInvolvement', '=', 100],
      ['3.3.courses', '>=', 80],
      ['3.3.partnerEvents', '>=', 80],
      ['3.4.programsMatch', '>=', 80],
      ['3.4.riskMeasuresDone', '>=', 80],
    ]);
    expect(row('3.4.antiRiskPrograms')).toMatchObject({ type: 'n+t', text: { countsNames: true } });
    expect(row('3.4.deficitsEliminated').type).toBe('%+t');
  });

  test('school years: the three ending with a given one (the engine reads no clock)', () => {
    expect(yearsEnding(2022)).toEqual(YEARS);
    expect(yearsEnding(2026, 2)).toEqual(['2025-2026', '2026-2027']);
  });
});

describe('the template, in the engine', () => {
  test('one form sheet whose labels are the descriptor labels, generated for the given years', () => {
    const sheets = dtkTemplate(['2019-2020', '2020-2021', '2021-2022']);
    expect(sheets.map((s) => s.name)).toEqual([DTK_SHEET]);
    const form = sheets[0].blocks[0] as FormBlock;
    expect(form.kind).toBe('form');
    const texts = form.rows.flatMap((r) => r.cells.map((c) => (c && typeof c.value === 'string' ? c.value : null)));
    for (const { row: r } of dtkRows()) expect(texts).toContain(r.label);
    expect(texts).toContain('2019-2020');
    expect(texts).not.toContain('2022-2023');
    // Every value cell of a `Y` row of a count has whole-number validation.
    const enrolment = form.rows.find((r) => r.cells[0]?.value === 'Количество выпускников 9 класса')!;
    expect(enrolment.cells.slice(1, 4).map((c) => c?.validation)).toEqual(Array(3).fill({ kind: 'whole', min: 0 }));
  });
});

describe('shnor template dtk', () => {
  let dir: string;
  beforeAll(() => {
    expect(fs.existsSync(CLI)).toBe(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-dtk-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function sheetText(file: string): { cells: string[][]; xml: string } {
    const bytes = fs.readFileSync(file);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toEqual([DTK_SHEET]);
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[DTK_SHEET], { header: 1, defval: '' });
    const cells = aoa.map((r) => r.map((v) => String(v)));
    const files = unzipSync(new Uint8Array(bytes));
    return { cells, xml: strFromU8(files['xl/worksheets/sheet1.xml']) };
  }

  test('writes a sheet with every label, the years, Вывод/Проблема per criterion and data validation', () => {
    const file = path.join(dir, 'dtk.xlsx');
    const r = shnor(['template', 'dtk', '--out', file, '--years', '2020/2021, 2021–2022, 2022-23']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const { cells, xml } = sheetText(file);
    const colA = cells.map((c) => c[0] ?? '');
    const all = new Set(cells.flat());
    expect(colA[0]).toBe(DTK.title);
    for (const f of DTK.header) expect(colA).toContain(f.label);
    for (const { row: x } of dtkRows()) expect(colA).toContain(x.label);
    for (const c of DTK.criteria) {
      expect(colA).toContain(c.title);
      for (const s of c.sections) expect(colA).toContain(s.title);
    }
    // Year header rows: the label header followed by the three years.
    const yearRows = cells.filter((c) => c[0] === DTK.labelHeader && c[1] === YEARS[0]);
    expect(yearRows.length).toBeGreaterThanOrEqual(6);
    for (const y of yearRows) expect(y.slice(1, 4)).toEqual(YEARS);
    // The transposed table: years down column A under «Учебный год».
    const t = colA.indexOf('Учебный год');
    expect(cells[t].slice(0, 5)).toEqual(['Учебный год', 'Высшее', 'Среднее специальное', 'Среднее', 'Примечание']);
    expect(colA.slice(t + 1, t + 4)).toEqual(YEARS);
    expect(all.has(DTK.descriptionHeader)).toBe(true);
    expect(colA.filter((a) => a === 'Вывод:')).toHaveLength(3);
    expect(colA.filter((a) => a === 'Проблема:')).toHaveLength(3);
    // Sub-items come right under their parent.
    const e = colA.indexOf('Количество учащихся, обучающихся на конец учебного года');
    expect(colA.slice(e + 1, e + 4)).toEqual(['а) НОО', 'б) ООО', 'в) СОО']);
    // The locator will compare normalised labels: they stay unique within a parent.
    expect(normalizeLabel('Вывод:')).toBe('вывод');
    // Excel-native: validations, merges, frozen header, landscape fit to width, no formulas.
    expect(xml).toMatch(/<dataValidation type="whole" operator="greaterThanOrEqual"[^>]*sqref="B\d+:D\d+/);
    expect(xml).toMatch(
      /<dataValidation type="decimal" operator="between"[^>]*><formula1>0<\/formula1><formula2>100<\/formula2>/,
    );
    expect(xml).toContain('<formula1>"да,нет"</formula1>');
    expect(xml).toContain('<mergeCells');
    expect(xml).toContain('state="frozen"');
    expect(xml).toContain('orientation="landscape" fitToWidth="1" fitToHeight="0"');
    expect(xml).not.toMatch(/<f[ >]/);
    for (const m of xml.matchAll(/<c [^>]*t="([^"]+)"/g)) expect(m[1]).toBe('inlineStr');
    expect(strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))['xl/styles.xml'])).toContain('0.0&quot; %&quot;');
  });

  test('by default, the three school years ending with the current one', () => {
    const file = path.join(dir, 'default.xlsx');
    expect(shnor(['template', 'dtk', '--out', file]).status).toBe(0);
    const now = new Date();
    const current = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
    const { cells } = sheetText(file);
    expect(cells.find((c) => c[0] === DTK.labelHeader)!.slice(1, 4)).toEqual(yearsEnding(current));
  });

  test('wrong --years is a usage error in Russian', () => {
    const file = path.join(dir, 'bad.xlsx');
    for (const years of ['2020-2021,2021-2022', '2022-2023,2021-2022,2020-2021', 'прошлый,этот,следующий']) {
      const r = shnor(['template', 'dtk', '--out', file, '--years', years]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--years/);
    }
    expect(fs.existsSync(file)).toBe(false);
    expect(shnor(['template', 'results', '--out', file, '--years', '2020-2021']).status).toBe(2);
  });

  (haveLibreOffice ? test : test.skip)(
    'LibreOffice prints it; page 1 is rendered to PNG (kept in artifacts/ to look at)',
    () => {
      const file = path.join(dir, 'ДТК.xlsx');
      expect(shnor(['template', 'dtk', '--out', file, '--years', YEARS.join(',')]).status).toBe(0);
      const pdf = toPdf(file, dir);
      expect(path.basename(pdf)).toBe('ДТК.pdf');
      const img = firstPagePng(pdf, 'dtk-template-page1.png');
      expect(img.subarray(1, 4).toString()).toBe('PNG');
      // Landscape: wider than tall.
      expect(img.readUInt32BE(16)).toBeGreaterThan(img.readUInt32BE(20));
      // Each criterion starts a page: three criteria, more than three pages (the first is long).
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
      if (info.status === 0) expect(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1])).toBeGreaterThanOrEqual(3);
    },
    150_000,
  );
});

test('holdsValue: groups and pairs hold no value of their own', () => {
  expect(holdsValue(row('1.1.enrolment'))).toBe(false);
  expect(holdsValue(row('1.2.progress.math'))).toBe(false);
  expect(holdsValue(row('1.2.progress.math.total'))).toBe(true);
});
