/**
 * The `shnor` command on bad and good input (PRODUCT.md: robustness, exit status, JSON contract).
 * Runs the built CLI (`npm test` builds it first) on real files written by other programs.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { CORPUS } from './xlsx/helpers';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'results');

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStackTrace(s: string): void {
  expect(s).not.toMatch(/\n\s+at /);
  expect(s).not.toMatch(/Error:|TypeError|ReferenceError/);
}

let dir: string;
const files: Record<string, string> = {};

/** A workbook written by SheetJS (another program than our writer) from rows. */
function sheetjsBook(rows: unknown[][], name = 'Лист1'): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
}

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-cli-'));
  const put = (name: string, bytes: Uint8Array | string): void => {
    files[name] = path.join(dir, name);
    fs.writeFileSync(files[name], bytes);
  };
  put('empty-sheet.xlsx', sheetjsBook([[]]));
  put('no-table.xlsx', sheetjsBook([['Список дел'], ['купить бумагу', 3], ['позвонить', 'завтра']]));
  put('csv-renamed.xlsx', 'Наименование ОО;Участников;Не справились\r\nСОШ 1;10;3\r\n');
  const good = fs.readFileSync(path.join(FIXTURES, 'long_openpyxl.xlsx'));
  put('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)));
  put('zero-bytes.xlsx', new Uint8Array(0));
  const rel = 'http://schemas.openxmlformats.org/package/2006/relationships';
  put(
    'no-sheets.xlsx',
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        `<?xml version="1.0"?><Relationships xmlns="${rel}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': strToU8(
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="${rel}"></Relationships>`),
    }),
  );
  put(
    'formula-names.xlsx',
    sheetjsBook([
      ['Наименование ОО', 'Учебный год', 'Процедура', 'Участников', 'Не справились'],
      ['=HYPERLINK("http://example.com","Школа")', '2022-2023', 'ВПР математика 5', 10, 4],
      ['=HYPERLINK("http://example.com","Школа")', '2022-2023', 'ОГЭ математика', 10, 4],
      ['+7 (900) СОШ', '2022-2023', 'ВПР математика 5', 10, 1],
      ['@школа', '2022-2023', 'ВПР математика 5', 10, 5],
    ]),
  );
  files.encrypted = path.join(CORPUS, 'lo__calc_xlsx-import_encryption_simple-encryption-2010.xlsx');
  files.missing = path.join(dir, 'нет-такого-файла.xlsx');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bad input gets a Russian message naming the file, never a stack trace', () => {
  const cases: [string, RegExp][] = [
    ['csv-renamed.xlsx', /текстовый файл \(например, CSV\)/],
    ['truncated.xlsx', /обрезан/],
    ['zero-bytes.xlsx', /файл пустой/],
    ['no-sheets.xlsx', /нет ни одного листа/],
    ['encrypted', /защищена паролем/],
    ['missing', /файл не найден/],
  ];
  test.each(cases)('%s', (name, message) => {
    const r = shnor(['check', files[name], '--json']);
    expect(r.status).toBe(1);
    noStackTrace(r.stderr);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toHaveLength(1);
    const f = doc.files[0];
    expect(f.file).toBe(files[name]);
    expect(f.error).toMatch(message);
    expect(f.error).toContain(`«${files[name]}»`);
    // the same without --json: a line for people
    const text = shnor(['check', files[name]]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(files[name]);
    expect(text.stdout).toMatch(message);
    noStackTrace(text.stderr);
  });

  test('identify on a file that cannot be read', () => {
    const r = shnor(['identify', files['truncated.xlsx'], '--json']);
    expect(r.status).toBe(1);
    noStackTrace(r.stderr);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatch(/обрезан/);
    expect(doc.schools).toEqual([]);
  });

  test('an empty workbook and a sheet with no results table: read, kind unknown, a message which kinds exist', () => {
    const r = shnor(['check', files['empty-sheet.xlsx'], files['no-table.xlsx'], '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const f of doc.files) {
      expect(f.kind).toBe('unknown');
      expect(f.error).toBeNull();
      expect(f.issues[0].code).toBe('UNKNOWN-KIND');
      expect(f.issues[0].message).toMatch(/ДТК.*информационная карта.*результаты оценочных процедур.*дорожная карта/);
    }
    const id = shnor(['identify', files['no-table.xlsx'], '--json']);
    expect(id.status).toBe(1);
    expect(JSON.parse(id.stdout).issues.map((i: { code: string }) => i.code)).toEqual(['RESULTS-NO-DATA']);
  });

  test('with several files the others are still processed, in order', () => {
    const list = [
      files['truncated.xlsx'],
      path.join(FIXTURES, 'long_openpyxl.xlsx'),
      files.missing,
      files['csv-renamed.xlsx'],
      path.join(FIXTURES, 'wide_all_years_openpyxl.xlsx'),
    ];
    const r = shnor(['check', ...list, '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: { file: string }) => f.file)).toEqual(list);
    expect(doc.files.map((f: { kind: string }) => f.kind)).toEqual([
      'unknown',
      'results',
      'unknown',
      'unknown',
      'results',
    ]);
    expect(doc.files.map((f: { error: string | null }) => f.error !== null)).toEqual([true, false, true, true, false]);
    expect(doc.files[1].indicators).toMatchObject({ year: '2022-2023', schools: 40, lowResultsSchools: 11 });
  });

  test('a file over the time limit is stopped with a message, and the batch goes on', () => {
    const big = path.join(CORPUS, 'lo__calc_xlsx-import_perf_300000_line_sample.xlsx');
    const r = shnor(['check', big, path.join(FIXTURES, 'long_percent_openpyxl.xlsx'), '--json', '--timeout', '0.05']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0].error).toMatch(/больше 0 с и были остановлены|больше \d+ с/);
    // the second file still gets its own full time budget; with 0.05 s it may also time out, but it has an entry
    expect(doc.files).toHaveLength(2);
  });
});

describe('usage errors exit with 2 and a Russian message', () => {
  test.each([
    [['frobnicate'], /неизвестная команда/],
    [['check'], /не хватает аргумента/],
    [['identify', 'x.xlsx', '--threshold', 'много'], /нужно число/],
    [['identify', 'x.xlsx', '--threshold', '130'], /порог низкого результата/],
    [['identify', 'x.xlsx', '--rule2', 'every'], /rule2/],
    [['check', 'x.xlsx', '--bogus'], /неизвестный параметр --bogus/],
    [['template', 'results'], /--out/],
    [['template', 'schedule', '--out', 'x.xlsx'], /Неизвестный шаблон/],
    [['check', 'a/x.xlsx', 'b/X.xlsx', '--out', 'out'], /называются одинаково/],
  ])('%j', (args, message) => {
    const r = shnor(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    noStackTrace(r.stderr);
  });
});

describe('identify --out and template', () => {
  test('the annotated copy holds the verdicts; the input file is not modified; data text stays text', () => {
    const input = files['formula-names.xlsx'];
    const before = crypto.createHash('sha256').update(fs.readFileSync(input)).digest('hex');
    const out = path.join(dir, 'out', 'identified.xlsx');
    const r = shnor(['identify', input, '--out', out, '--json']);
    expect(r.status).toBe(0);
    expect(crypto.createHash('sha256').update(fs.readFileSync(input)).digest('hex')).toBe(before);
    const doc = JSON.parse(r.stdout);
    expect(doc.schools.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ['=HYPERLINK("http://example.com","Школа")', 'ШНОР'],
      ['@школа', 'риск'],
      ['+7 (900) СОШ', 'норма'],
    ]);
    const wb = XLSX.read(fs.readFileSync(out), { type: 'buffer', cellFormula: true });
    expect(wb.SheetNames[0]).toBe('Идентификация ШНОР');
    expect(wb.SheetNames).toContain('Проверка');
    const ws = wb.Sheets['Идентификация ШНОР'];
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')) as [string, XLSX.CellObject][];
    const names = cells.filter(([, c]) => typeof c.v === 'string' && /HYPERLINK|^\+7|^@/.test(c.v as string));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const [, c] of names) {
      expect(c.t).toBe('s');
      expect(c.f).toBeUndefined();
    }
    expect(cells.some(([, c]) => c.f !== undefined)).toBe(false);
    // the input sheet is still there with its values
    const original = XLSX.utils.sheet_to_json(wb.Sheets['Лист1'], { header: 1 });
    expect(original[1]).toEqual(['=HYPERLINK("http://example.com","Школа")', '2022-2023', 'ВПР математика 5', 10, 4]);
  });

  test('refuses to write over its input', () => {
    const input = files['formula-names.xlsx'];
    const r = shnor(['identify', input, '--out', input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/исходный файл не изменяется/);
  });

  test('template results → a results workbook that check recognises and identify reads (no data yet)', () => {
    const out = path.join(dir, 'template.xlsx');
    const t = shnor(['template', 'results', '--out', out]);
    expect(t.status).toBe(0);
    const c = JSON.parse(shnor(['check', out, '--json']).stdout);
    expect(c.files[0].kind).toBe('results');
    const wb = XLSX.read(fs.readFileSync(out), { type: 'buffer' });
    const header = XLSX.utils
      .sheet_to_json<unknown[]>(wb.Sheets['Результаты'], { header: 1 })
      .find((row) => row.includes('Наименование ОО'));
    expect(header).toEqual([
      'Код ОО',
      'Наименование ОО',
      'Муниципалитет',
      'Учебный год',
      'Процедура',
      'Предмет',
      'Класс / уровень',
      'Количество участников',
      'Не справились',
    ]);
  });

  test('check --out writes annotated copies into a folder under the same names', () => {
    const outDir = path.join(dir, 'checked');
    const src = path.join(FIXTURES, 'wide_per_year_libreoffice.xlsx');
    const r = shnor(['check', src, '--out', outDir, '--json']);
    expect(r.status).toBe(0);
    const wb = XLSX.read(fs.readFileSync(path.join(outDir, 'wide_per_year_libreoffice.xlsx')), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(expect.arrayContaining(['Идентификация ШНОР', 'Проверка', '2021-2022', '2022-2023']));
  });
});

describe('the whole corpus of real-world workbooks', () => {
  test('check --json over all of them at once: an entry for each, a kind or a Russian message, no crash, no hang', () => {
    const all = fs
      .readdirSync(CORPUS)
      .filter((f) => /\.xls[xm]$/i.test(f))
      .sort()
      .map((f) => path.join(CORPUS, f));
    expect(all.length).toBe(297);
    const r = spawnSync(process.execPath, [CLI, 'check', ...all, '--json'], {
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.error).toBeUndefined();
    noStackTrace(r.stderr);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: { file: string }) => f.file)).toEqual(all);
    let read = 0;
    for (const f of doc.files) {
      if (f.error === null) {
        read++;
        expect(['results', 'unknown']).toContain(f.kind);
      } else {
        expect(f.error).toMatch(/[а-яё]/i);
        expect(f.error).toContain(`«${f.file}»`);
        expect(f.error).not.toMatch(/\bat \S+:\d+/);
      }
    }
    // SheetJS reads 275 of them, ExcelJS 257 (measured for the project: docs/decisions.md)
    expect(read).toBeGreaterThanOrEqual(275);
  });
});
