/**
 * `shnor consolidate` on a region: 300 school ДТК across 5 municipalities (the template filled by
 * the writer, as bench/cli.ts does, a third of them with typical mistakes) for December, 30 of the
 * same schools again for September, an information card written by openpyxl, an identification
 * workbook written by SheetJS, and broken or foreign files. Runs the built CLI (`npm test` builds it).
 * Proves: the summary's per-school errors/warnings and indicators are those of checking each file
 * alone; every bad file is listed with its reason; the efficiency indicators equal a hand count
 * from the cells as another program reads them; the summary workbook has its sheets and tables.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';
import { generateDtkFiles } from '../../bench/cli';
import { runJob } from '../../src/cli/jobs';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const CARD = path.join(ROOT, 'test', 'fixtures', 'card', 'clean.xlsx');
const MUNS = ['Город Северск', 'Заречный район', 'Озёрный район', 'Степной район', 'Лесной округ'];
const N = 300;
const SEPTEMBER = 30;

let dir: string;
let out: string;
const decFiles: string[] = [];
const sepFiles: string[] = [];
const bad: Record<string, string> = {};
let json: {
  files: {
    file: string;
    kind: string;
    error: string | null;
    status: string;
    reason: string | null;
    errors: number;
    warnings: number;
    school: string | null;
    municipality: string | null;
    period: string | null;
  }[];
  schools: {
    school: string;
    municipality: string;
    period: string;
    file: string;
    status: string | null;
    cluster: string;
    errors: number;
    warnings: number;
    indicators: Record<string, unknown>;
    changes: Record<string, number | null> | null;
  }[];
  efficiency: {
    id: string;
    numerator: number;
    denominator: number;
    value: number | null;
    target: string;
    previous: { numerator: number; denominator: number; value: number | null } | null;
  }[];
  municipalities: { municipality: string; card: string | null; schools: number }[];
  period: string;
  previousPeriod: string;
};
let status: number | null;
let stderr: string;

const school = (i: number): string => `МБОУ «СОШ № ${i + 1}»`;

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-consolidate-'));
  const put = (name: string, bytes: Uint8Array | string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  // December: the fill date in the header; a quarter with every teacher in methodical work.
  generateDtkFiles(N, 7, (i) => ({
    municipality: MUNS[i % 5],
    date: '20.12.2023',
    '3.3.methodicalInvolvement': i % 4 === 0 ? 100 : undefined,
  })).forEach((bytes, i) => decFiles.push(put(`ДТК-${String(i + 1).padStart(3, '0')}.xlsx`, bytes)));
  // September: no fill date, the period told by the file name.
  generateDtkFiles(SEPTEMBER, 11, (i) => ({ school: school(i), municipality: MUNS[i % 5] })).forEach((bytes, i) =>
    sepFiles.push(put(`ДТК-${String(i + 1).padStart(3, '0')}-сентябрь.xlsx`, bytes)),
  );
  const good = fs.readFileSync(decFiles[1]);
  bad.truncated = put('обрезанный.xlsx', good.subarray(0, Math.floor(good.length / 2)));
  bad.csv = put('таблица-csv.xlsx', 'Наименование ОО;Участников;Не справились\r\nСОШ 1;10;3\r\n');
  const book = (rows: unknown[][]): Buffer => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Лист1');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
  };
  bad.unknown = put('список дел.xlsx', book([['Список дел'], ['купить бумагу', 3], ['позвонить', 'завтра']]));
  // Identification input: schools 1–5 low in both years (ШНОР), 6–10 not; names written differently.
  const results: unknown[][] = [['Муниципалитет', 'ОО', 'Учебный год', 'Процедура', 'Участников', 'Не справились']];
  for (let i = 0; i < 10; i++)
    for (const y of ['2021-2022', '2022-2023'])
      results.push([MUNS[i % 5], `МБОУ "СОШ №${i + 1}"`, y, 'ВПР математика 5 класс', 40, i < 5 ? 16 : 2]);
  bad.results = put('результаты.xlsx', book(results));
  bad.card = put('карта.xlsx', fs.readFileSync(CARD));
  out = path.join(dir, 'сводка', 'сводка.xlsx');
  const r = spawnSync(process.execPath, [CLI, 'consolidate', dir, '--out', out, '--json'], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 512 * 1024 * 1024,
  });
  status = r.status;
  stderr = r.stderr;
  json = JSON.parse(r.stdout);
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('every file of the folder is listed; bad and foreign ones with their reason, the batch goes on', () => {
  expect(stderr).toBe('');
  expect(status).toBe(1); // a file could not be read
  expect(json.files).toHaveLength(N + SEPTEMBER + 5);
  const row = (p: string): (typeof json.files)[number] => json.files.find((f) => f.file === p)!;
  expect(row(bad.truncated)).toMatchObject({ status: 'не прочитан', kind: 'unknown' });
  expect(row(bad.truncated).reason).toContain('обрезанный.xlsx');
  expect(row(bad.csv)).toMatchObject({ status: 'не прочитан' });
  expect(row(bad.csv).reason).toMatch(/таблица-csv\.xlsx/);
  expect(row(bad.unknown)).toMatchObject({ status: 'вид не распознан', kind: 'unknown', error: null });
  expect(row(bad.unknown).reason).toMatch(/не распознан/);
  expect(row(bad.results)).toMatchObject({ status: 'прочитан', kind: 'results' });
  expect(row(bad.card)).toMatchObject({ status: 'прочитан', kind: 'card', municipality: 'Энский район' });
  for (const f of [...decFiles, ...sepFiles]) expect(row(f)).toMatchObject({ kind: 'dtk', status: 'прочитан' });
});

test('each school’s errors, warnings and indicators equal `check` of its file alone', () => {
  expect(json.schools).toHaveLength(N + SEPTEMBER);
  const byFile = new Map(json.schools.map((s) => [s.file, s]));
  for (const file of [...decFiles, ...sepFiles]) {
    const alone = runJob({ command: 'check', file, out: null, settings: {}, date: '22.11.2026' });
    const s = byFile.get(file)!;
    expect(s).toBeDefined();
    const n = (sev: string): number => alone.issues.filter((i) => i.severity === sev).length;
    expect([s.errors, s.warnings]).toEqual([n('error'), n('warning')]);
    expect(s.indicators).toEqual(alone.indicators);
    const f = json.files.find((x) => x.file === file)!;
    expect([f.errors, f.warnings]).toEqual([n('error'), n('warning')]);
  }
  // A third of the files carry mistakes: the counts are not all zero.
  expect(json.schools.filter((s) => s.errors > 0).length).toBeGreaterThan(20);
});

test('periods: December from the fill date, September from the file name; changes per school', () => {
  expect(json.period).toBe('декабрь');
  expect(json.previousPeriod).toBe('сентябрь');
  expect(json.schools.filter((s) => s.period === 'сентябрь')).toHaveLength(SEPTEMBER);
  for (let i = 0; i < SEPTEMBER; i++) {
    const dec = json.schools.find((s) => s.file === decFiles[i])!;
    const sep = json.schools.find((s) => s.file === sepFiles[i])!;
    expect(dec.period).toBe('декабрь');
    const a = sep.indicators.courses as number | null;
    const b = dec.indicators.courses as number | null;
    expect(dec.changes?.courses).toBe(a === null || b === null ? null : Math.round((b - a) * 100) / 100);
  }
  expect(json.schools.find((s) => s.file === decFiles[SEPTEMBER])!.changes).toBeNull();
});

test('identification verdicts reach their schools by normalised name and municipality', () => {
  for (let i = 0; i < 12; i++) {
    const s = json.schools.find((x) => x.file === decFiles[i])!;
    expect(s.status).toBe(i < 5 ? 'ШНОР' : i < 10 ? 'норма' : null);
    if (i < 5) expect(['ШНОР', 'ШНСУ']).toContain(s.cluster);
  }
  const mun = json.municipalities.find((m) => m.municipality === 'Энский район')!;
  expect(mun.card).toBe(bad.card);
  expect(json.municipalities.filter((m) => MUNS.includes(m.municipality)).map((m) => m.schools)).toEqual([
    60, 60, 60, 60, 60,
  ]);
});

/** The rows of a ДТК as SheetJS reads them, and the value column of the row whose label starts so. */
function cellsOf(file: string): { grid: unknown[][]; at: (label: string) => unknown } {
  const wb = XLSX.read(fs.readFileSync(file));
  const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null });
  return { grid, at: (label) => grid.find((r) => typeof r[0] === 'string' && r[0].startsWith(label))?.[1] ?? null };
}

/** A percent as DOMAIN §1.2 reads it: a number, or the leading number of «85 % (…)»; null when not a usable 0–100 value. */
function pct(v: unknown): number | null {
  let n: number | null = null;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:[.,]\d+)?)\s*%?(\s*\(.*\))?\s*$/.exec(v);
    n = m ? Number(m[1].replace(',', '.')) : null;
  }
  return n !== null && n >= 0 && n <= 100 ? n : null;
}

test('efficiency indicators equal a hand count over the December cells', () => {
  const hand: Record<string, { yes: number; of: number; sum: number }> = {};
  const add = (id: string, v: number | null, ok: (x: number) => boolean): void => {
    const h = (hand[id] ??= { yes: 0, of: 0, sum: 0 });
    if (v === null) return;
    h.of++;
    h.sum += v;
    if (ok(v)) h.yes++;
  };
  const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  for (const file of decFiles) {
    const { grid, at } = cellsOf(file);
    add(
      'methodicalInvolvementFull',
      pct(at('Доля учителей, вовлечённых в методическую деятельность')),
      (x) => x >= 100,
    );
    add('courses80', pct(at('Доля педагогических работников, прошедших курсовую подготовку')), (x) => x >= 80);
    add('partnerEvents80', pct(at('Доля педагогических работников, вовлечённых в мероприятия')), (x) => x >= 80);
    add('antiRiskMatch80', pct(at('Доля программ, соответствующих результатам анкетирования')), (x) => x >= 80);
    add('riskMeasuresDone', pct(at('Доля выполненных мероприятий')), () => true);
    // 3.2(b) ≤ 3.2(a), else both are inconsistent and (b) is not counted.
    const a = pct(at('Доля педагогических работников, прошедших диагностику'));
    const b = pct(at('Доля педагогических работников, показавших положительную динамику по итогам диагностики в ОО'));
    add('profDiagnosticsPositive', a !== null && b !== null && b > a ? null : b, (x) => x > 0);
    // ВПР (1.2) and main-attempt ГИА (1.3) rows with values in both of the last two years (columns C, D).
    const rows: unknown[][] = [];
    let section = '';
    for (const r of grid) {
      const label = typeof r[0] === 'string' ? r[0] : '';
      if (/^ВПР|^ОГЭ|^ЕГЭ|^Русский язык|^Математика/.test(label)) section = label;
      const vpr = section.startsWith('ВПР') && /^\d класс$/.test(label);
      const main = label === 'основной' || /^Математика \((базовый|профильный)\)/.test(label);
      if (vpr || main) rows.push([r[1], r[2], r[3]]);
    }
    // DOMAIN §1.2: 0 < v < 1 where the row's other years are ≥ 1 and v × 100 fits them is a fraction typed by mistake, not used.
    const usable = (row: unknown[]): (number | null)[] => {
      const v = row.map(pct);
      return v.map((x, k) => {
        const others = v.filter((y, j) => j !== k && y !== null) as number[];
        const fraction =
          x !== null &&
          x > 0 &&
          x < 1 &&
          others.length > 0 &&
          others.every((y) => y >= 1) &&
          x * 100 >= Math.min(...others) / 2 &&
          x * 100 <= Math.max(...others) * 2;
        return fraction ? null : x;
      });
    };
    const both = rows.map((row) => usable(row).slice(1)).filter(([p, c]) => p !== null && c !== null) as number[][];
    add(
      'eduPositiveDynamics',
      both.length ? mean(both.map((x) => x[0])) - mean(both.map((x) => x[1])) : null,
      (x) => x > 0.5 + 1e-9,
    );
  }
  for (const e of json.efficiency) {
    const h = hand[e.id];
    expect({ id: e.id, denominator: e.denominator }).toEqual({ id: e.id, denominator: h.of });
    if (e.id === 'riskMeasuresDone') {
      expect(e.numerator).toBeCloseTo(h.sum, 0);
      expect(e.value).toBeCloseTo(h.sum / h.of, 1);
    } else {
      expect({ id: e.id, numerator: e.numerator }).toEqual({ id: e.id, numerator: h.yes });
      expect(e.value).toBeCloseTo((h.yes / h.of) * 100, 1);
    }
    expect(e.previous?.denominator).toBeGreaterThan(0);
  }
  // The generated figures make the counts neither empty nor full.
  expect(hand.methodicalInvolvementFull.yes).toBeGreaterThanOrEqual(N / 4 - 5);
  expect(hand.courses80.yes).toBeGreaterThan(0);
  expect(hand.courses80.yes).toBeLessThan(hand.courses80.of);
  expect(hand.eduPositiveDynamics.of).toBeGreaterThan(N * 0.9);
});

test('the summary workbook: five sheets with Excel tables, frozen headers, charts; every file listed', () => {
  const bytes = fs.readFileSync(out);
  const wb = XLSX.read(bytes);
  expect(wb.SheetNames).toEqual(['Сводка по школам', 'Муниципалитеты', 'Эффективность', 'Кластеры', 'Файлы']);
  const files = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Файлы'], { header: 1, defval: null });
  for (const f of [...decFiles, bad.truncated, bad.csv, bad.unknown]) expect(files.some((r) => r[0] === f)).toBe(true);
  const eff = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Эффективность'], { header: 1, defval: null });
  for (const e of json.efficiency) {
    const r = eff.find((x) => x[0] === e.id)!;
    expect([r[3], r[4], r[5]]).toEqual([e.numerator, e.denominator, e.value]);
  }
  const parts = unzipSync(new Uint8Array(bytes));
  const tables = Object.keys(parts).filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p));
  expect(tables).toHaveLength(6);
  // Charts: clusters and identification statuses on «Кластеры», efficiency of both periods on «Эффективность».
  const charts = Object.keys(parts).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
  expect(charts).toHaveLength(3);
  const text = charts.map((c) => Buffer.from(parts[c]).toString('utf8')).join('');
  expect(text).toContain('Школы по кластерам');
  expect(text).toContain("'Эффективность'!$I$");
  const sheets = Object.keys(parts).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p));
  for (const s of sheets) expect(Buffer.from(parts[s]).toString('utf8')).toMatch(/<pane [^>]*state="frozen"/);
});
