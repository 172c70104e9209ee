/**
 * The reading problems of a ФИС ОКО «Статистика по отметкам» report (issue 13): `fisOkoProblems`
 * in the engine, `checkWorkbook`, and `shnor check` / `shnor identify` on the built CLI, over
 * reports written by openpyxl (test/fixtures/fisoko/make_fisoko_check.py, into a temp dir) and the
 * ФИС ОКО reports of test/fixtures/report/make_fisoko_report.py. Clean reports give none of these
 * problems; each seeded mistake is found at the cell the generator put it in, and nothing else.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { readFisOko } from '../../src/engine/results/fisoko';
import { fisOkoProblems } from '../../src/engine/results/fisoko-check';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { GenReport, fisOkoWorkbook } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GEN = path.join(ROOT, 'test', 'fixtures', 'fisoko', 'make_fisoko_check.py');
const GEN_REPORT = path.join(ROOT, 'test', 'fixtures', 'report', 'make_fisoko_report.py');
const SHEET = 'Статистика по отметкам';
const CODES = new Set([
  'FISOKO-NO-HIERARCHY',
  'FISOKO-NO-LOGIN',
  'FISOKO-SHARES-SUM',
  'NOT-A-NUMBER',
  'OUT-OF-RANGE',
  'RESULTS-TOTAL-MISMATCH',
]);

interface Expected {
  expected: Record<string, { code: string; cell: string }[]>;
  schools: { code: string }[];
  procedure: string;
  year: string;
  ogeProcedure: string;
  ogeYear: string;
}

interface JsonIssue {
  severity: string;
  code: string;
  sheet: string | null;
  cell: string | null;
  message: string;
}

let dir: string;
let exp: Expected;

function read(file: string): WorkbookSnapshot {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(dir, file))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

const key = (i: { code: string; cell: string | null }): string => `${i.code} ${i.cell}`;
const sorted = (xs: string[]): string[] => [...xs].sort();

function shnor(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-fisoko-check-'));
  for (const [gen, sub] of [
    [GEN, ''],
    [GEN_REPORT, 'report'],
  ]) {
    const r = spawnSync('/usr/bin/python3', [gen, path.join(dir, sub), '13'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fisOkoProblems on openpyxl-written reports', () => {
  const files = ['clean-vpr.xlsx', 'clean-oge.xlsx', 'seeded.xlsx', 'nologin.xlsx', 'nohier.xlsx'];

  test.each(files)('%s: exactly the seeded mistakes, each at its cell', (file) => {
    const wb = read(file);
    const sheet = wb.sheets.find((s) => s.name === SHEET)!;
    const rep = readFisOko(sheet);
    expect(rep).not.toBeNull();
    const got = fisOkoProblems(rep!, sheet, SHEET);
    expect(sorted(got.map(key))).toEqual(sorted(exp.expected[file].map(key)));
    for (const i of got) {
      expect(i.sheet).toBe(SHEET);
      expect(i.message).toMatch(/^Лист «Статистика по отметкам»/);
    }
  });

  test('the seeded file has one mistake of each kind the generator planted', () => {
    expect(sorted(exp.expected['seeded.xlsx'].map((x) => x.code))).toEqual(
      sorted([
        'FISOKO-SHARES-SUM',
        'NOT-A-NUMBER',
        'OUT-OF-RANGE',
        'OUT-OF-RANGE',
        'RESULTS-TOTAL-MISMATCH',
        'RESULTS-TOTAL-MISMATCH',
      ]),
    );
    expect(exp.expected['clean-vpr.xlsx']).toEqual([]);
  });

  test('the reports of make_fisoko_report.py (three procedures, two years) give no false alarm', () => {
    const books = ['fisoko-2023.xlsx', 'fisoko-2024-1.xlsx', 'fisoko-2024-2.xlsx', 'fisoko-2024-3.xlsx'];
    let sheets = 0;
    for (const f of books) {
      for (const s of read(path.join('report', f)).sheets) {
        const rep = readFisOko(s);
        expect(rep).not.toBeNull();
        expect(rep!.schools.length).toBeGreaterThan(0);
        expect(fisOkoProblems(rep!, s, s.name)).toEqual([]);
        sheets++;
      }
    }
    expect(sheets).toBe(6);
  });

  test('the SheetJS generator of test/fisoko (every layout variant, marks and tasks, ОГЭ wording) gives no false alarm', () => {
    const rep = (kind: 'marks' | 'tasks', failLabel?: string): GenReport => ({
      title: failLabel ? 'Основной государственный экзамен' : 'Всероссийские проверочные работы',
      year: 2024,
      ...(failLabel ? { failLabel } : { grade: 6 }),
      subject: 'Математика',
      date: '20.04.2024',
      region: 'Челябинская обл.',
      kind,
      municipalities: [1, 2, 3].map((m) => ({
        name: `Город ${m}`,
        schools: [1, 2, 3, 4].map((k) => ({
          code: `sch74${m}${k}00`,
          name: `МБОУ «СОШ № ${m}${k}»`,
          participants: 10 + 7 * k + m,
          share2: [30, 29.99, 0, 100][k - 1],
        })),
      })),
    });
    let n = 0;
    for (const top of [0, 3])
      for (const marksAsNumbers of [false, true])
        for (const sharesAsText of [false, true])
          for (const blankRows of [false, true])
            for (const [kind, fail] of [['marks'], ['tasks'], ['marks', 'не преодолели минимальный порог']] as const) {
              const v = { top, left: top, marksAsNumbers, sharesAsText, blankRows };
              const r = readWorkbook(fisOkoWorkbook(rep(kind, fail), v));
              if (!r.ok) throw new Error(r.message);
              const sheet = r.workbook.sheets[0];
              const got = readFisOko(sheet);
              expect(got?.kind).toBe(kind);
              expect(fisOkoProblems(got!, sheet, sheet.name)).toEqual([]);
              n++;
            }
    expect(n).toBe(48);
  });

  test('checkWorkbook: a ФИС ОКО book is results with its procedure and year, the problems among its issues', () => {
    const settings = parseIdentifySettings({});
    const clean = checkWorkbook(read('clean-oge.xlsx'), settings, '07.12.2026', 'clean-oge.xlsx');
    expect(clean.kind).toBe('results');
    expect(clean.indicators.source).toBe('ФИС ОКО');
    expect(clean.indicators.procedures).toBe(exp.ogeProcedure);
    expect(clean.indicators.reportYears).toBe(exp.ogeYear);
    expect(clean.indicators.schools).toBe(12);
    expect(clean.issues.filter((i) => CODES.has(i.code))).toEqual([]);
    const seeded = checkWorkbook(read('seeded.xlsx'), settings, '07.12.2026', 'seeded.xlsx');
    expect(sorted(seeded.issues.filter((i) => CODES.has(i.code)).map(key))).toEqual(
      sorted(exp.expected['seeded.xlsx'].map(key)),
    );
    // the annotated copy highlights the seeded cells of the report itself (a range by its first cell)
    const marked = new Set(
      seeded.edits.flatMap((e) => (e.kind === 'highlight' ? e.cells.map((c) => `${e.sheet}!${c}`) : [])),
    );
    for (const x of exp.expected['seeded.xlsx']) expect(marked).toContain(`${SHEET}!${x.cell.split(':')[0]}`);
  });
});

describe('shnor check / identify on ФИС ОКО reports (built CLI)', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error('run `npm run build:cli` first');
  });

  test('check --json: kind, procedure, year, the problems at their cells; exit 1 only with errors', () => {
    for (const file of ['clean-vpr.xlsx', 'clean-oge.xlsx', 'seeded.xlsx', 'nologin.xlsx', 'nohier.xlsx']) {
      const r = shnor(['check', file, '--json']);
      const doc = JSON.parse(r.stdout) as {
        files: {
          kind: string;
          error: string | null;
          issues: JsonIssue[];
          indicators: Record<string, unknown>;
          sources: { kind: string; procedure: string; year: string; schools: number }[];
        }[];
      };
      const f = doc.files[0];
      expect(f.kind).toBe('results');
      expect(f.error).toBeNull();
      expect(f.indicators.source).toBe('ФИС ОКО');
      const oge = file === 'clean-oge.xlsx';
      expect(f.sources).toEqual([
        expect.objectContaining({
          kind: 'fisoko-marks',
          procedure: oge ? exp.ogeProcedure : exp.procedure,
          year: oge ? exp.ogeYear : exp.year,
          schools: 12,
        }),
      ]);
      const mine = f.issues.filter((i) => CODES.has(i.code));
      expect(sorted(mine.map(key))).toEqual(sorted(exp.expected[file].map(key)));
      expect(mine.every((i) => i.sheet === SHEET)).toBe(true);
      const errors = f.issues.some((i) => i.severity === 'error');
      expect(errors).toBe(file === 'seeded.xlsx');
      expect(r.status).toBe(errors ? 1 : 0);
    }
  });

  test('check, text: the report is named as ФИС ОКО with procedure and year, problems with cells', () => {
    const r = shnor(['check', 'seeded.xlsx']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('(отчёт ФИС ОКО)');
    expect(r.stdout).toContain(`отчёт ФИС ОКО «Статистика по отметкам», ${exp.procedure}, ${exp.year}, школ: 12`);
    for (const x of exp.expected['seeded.xlsx']) expect(r.stdout).toContain(`${x.code} ${SHEET}!${x.cell}`);
    const clean = shnor(['check', 'clean-vpr.xlsx']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('ошибок 0, предупреждений 0');
  });

  test('identify reports the same problems; with two files, on sheets named «файл: лист»', () => {
    const one = shnor(['identify', 'nologin.xlsx', '--json']);
    const doc = JSON.parse(one.stdout) as { issues: JsonIssue[]; schools: { id: string }[] };
    expect(sorted(doc.issues.filter((i) => CODES.has(i.code)).map(key))).toEqual(
      sorted(exp.expected['nologin.xlsx'].map(key)),
    );
    // the school without its login is not a school of the identification
    expect(doc.schools.map((s) => s.id)).not.toContain('sch749999');
    expect(doc.schools).toHaveLength(12);
    const two = shnor(['identify', 'clean-oge.xlsx', 'seeded.xlsx', '--json']);
    const d2 = JSON.parse(two.stdout) as { issues: JsonIssue[] };
    const mine = d2.issues.filter((i) => CODES.has(i.code));
    expect(sorted(mine.map(key))).toEqual(sorted(exp.expected['seeded.xlsx'].map(key)));
    expect(mine.every((i) => i.sheet === `seeded.xlsx: ${SHEET}`)).toBe(true);
    expect(mine.every((i) => i.message.includes('«seeded.xlsx»'))).toBe(true);
  });
});
