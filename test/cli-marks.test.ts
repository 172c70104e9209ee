/**
 * `shnor marks` on the built CLI (issue 16): journal exports written by openpyxl
 * (test/fixtures/marks/make_journal.py) — two periods in two files, the long layout, a sheet per
 * class. The JSON figures and lists equal the generator's own count; the workbook written holds the
 * three sheets with an Excel table per list and a chart per class, read back by openpyxl; usage
 * errors in Russian with exit 2, a book without a journal with exit 1.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveLibreOffice, toPdf } from './helpers/office';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GEN = path.join(ROOT, 'test', 'fixtures', 'marks', 'make_journal.py');
const SAMPLES = path.join(ROOT, 'samples');

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Expected {
  files: string[];
  layout: string;
  periods: string[];
  figures: Record<string, Record<string, { counts: Record<string, number>; default: Record<string, number | null> }>>;
  lists: Record<string, { failing: unknown[][]; oneThree: unknown[][]; oneFour: unknown[][]; moved: unknown[][] }>;
}

interface Json {
  files: { file: string; error: string | null }[];
  periods: { label: string; previous: string | null }[];
  figures: {
    period: string;
    scope: string;
    level: string | null;
    className: string | null;
    subject: string | null;
    result: { counts: Record<string, number>; passRate: number | null; quality: number | null; sou: number | null };
    change: { quality: number | null } | null;
  }[];
  failing: { period: string; className: string; pupil: string }[];
  oneThree: { period: string; className: string; pupil: string; subject: string; teacher: string | null }[];
  oneFour: { period: string; className: string; pupil: string; subject: string; teacher: string | null }[];
  moved: { period: string; pupil: string; status: string }[];
  written: string | null;
}

let dir: string;
let expected: Expected[];
beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-marks-'));
  const r = spawnSync('/usr/bin/python3', [GEN, dir, '12', '7'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[];
}, 60_000);
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  [['marks', 'DIR/v000_1.xlsx'], /--out/],
  [['marks', 'DIR/v000_1.xlsx', '--out', 'DIR/x.csv'], /\.xlsx/],
  [['marks', 'DIR/v000_1.xlsx', '--out', 'DIR/v000_1.xlsx'], /совпадает/],
])('wrong usage %j → exit 2 with a Russian message', (args, message) => {
  const r = shnor((args as string[]).map((a) => a.replace('DIR', dir)));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('a book without a journal: exit 1, a Russian message, nothing written', () => {
  const out = path.join(dir, 'none.xlsx');
  const r = shnor(['marks', path.join(SAMPLES, 'dtk-correct.xlsx'), '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/не найдено отметок из журнала/);
  expect(fs.existsSync(out)).toBe(false);
  const missing = shnor(['marks', path.join(dir, 'нет.xlsx'), '--out', out, '--json']);
  expect(missing.status).toBe(1);
  expect((JSON.parse(missing.stdout) as Json).files[0].error).toMatch(/не найден/);
});

function readBack(file: string): {
  sheets: { name: string; tables: Record<string, string>; charts: number; anchors: number[] }[];
  rows: Record<string, (string | number | null)[][]>;
} {
  const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": [], "rows": {}}
for ws in wb:
    out["sheets"].append({"name": ws.title, "tables": {t.name: t.ref for t in ws.tables.values()}, "charts": len(ws._charts),
                          "anchors": [c.anchor._from.row for c in ws._charts]})
    for t in ws.tables.values():
        out["rows"][t.name] = [[c.value for c in row] for row in ws[t.ref]]
print(json.dumps(out, ensure_ascii=False, default=str))
`;
  const p = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (p.status !== 0) throw new Error(p.stderr);
  return JSON.parse(p.stdout);
}

test('variants: the JSON equals the generator’s count; the workbook holds a table per list and a chart per class', () => {
  const two = expected.find((e) => e.files.length === 2)!;
  const long = expected.find((e) => e.layout === 'long')!;
  const wide = expected.find((e) => e.layout === 'wide' && e.files.length === 1)!;
  expect([two, long, wide].every(Boolean)).toBe(true);
  for (const e of [two, long, wide]) {
    const out = path.join(dir, `out-${e.files[0]}`);
    const r = shnor(['marks', ...e.files.map((f) => path.join(dir, f)), '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.written).toBe(out);
    expect(j.periods.map((p) => p.label)).toEqual(e.periods);
    if (e.periods.length === 2) expect(j.periods[1].previous).toBe(e.periods[0]);
    for (const label of e.periods) {
      const exp = e.figures[label];
      const figs = j.figures.filter((f) => f.period === label);
      expect(figs.length).toBe(Object.keys(exp).length);
      for (const f of figs) {
        const x = exp[`${f.scope}|${f.level ?? ''}|${f.className ?? ''}|${f.subject ?? ''}`];
        expect(x).toBeDefined();
        for (const k of ['n5', 'n4', 'n3', 'n2', 'na']) expect(f.result.counts[k]).toBe(x.counts[k]);
        for (const m of ['passRate', 'quality', 'sou'] as const)
          if (x.default[m] === null) expect(f.result[m]).toBeNull();
          else expect(f.result[m]).toBeCloseTo(x.default[m]!, 6);
      }
      const names = (rows: { period: string; className: string; pupil: string }[]) =>
        rows
          .filter((p) => p.period === label)
          .map((p) => `${p.className} ${p.pupil}`)
          .sort();
      const want = (rows: unknown[][]) => rows.map((x) => `${x[1] as string} ${x[2] as string}`).sort();
      expect(names(j.failing)).toEqual(want(e.lists[label].failing));
      expect(names(j.oneThree)).toEqual(want(e.lists[label].oneThree));
      expect(names(j.oneFour)).toEqual(want(e.lists[label].oneFour));
    }
    // the workbook, read back by openpyxl
    const back = readBack(out);
    expect(back.sheets.map((s) => s.name)).toEqual(['Отметки по журналу', 'Списки по журналу', 'Классы по журналу']);
    const lists = back.sheets[1];
    expect(Object.keys(lists.tables).sort()).toEqual(
      ['ShnorJournalFailing', 'ShnorJournalMoved', 'ShnorJournalOneFour', 'ShnorJournalOneThree'].sort(),
    );
    const last = e.periods[e.periods.length - 1];
    const classes = Object.keys(e.figures[last]).filter((k) => k.startsWith('class|')).length;
    expect(back.sheets[2].charts).toBe(classes);
    expect(Object.keys(back.sheets[2].tables).length).toBe(classes);
    // each class's chart stands level with its table: its top row is the table's heading (0-based)
    const headings = Object.values(back.sheets[2].tables)
      .map((ref) => Number(/^[A-Z]+(\d+)/.exec(ref)![1]) - 2)
      .sort((x, y) => x - y);
    expect([...back.sheets[2].anchors].sort((x, y) => x - y)).toEqual(headings);
    // a row per pupil in each list table (the header first); the pupils named are the expected ones
    const failingRows = back.rows.ShnorJournalFailing.slice(1).filter((row) => row[2] !== null);
    expect(failingRows.map((row) => `${row[1] as string} ${row[2] as string}`).sort()).toEqual(
      e.periods.flatMap((p) => e.lists[p].failing.map((x) => `${x[1] as string} ${x[2] as string}`)).sort(),
    );
    const oneThree = back.rows.ShnorJournalOneThree.slice(1).filter((row) => row[2] !== null);
    expect(oneThree.length).toBe(e.periods.reduce((n, p) => n + e.lists[p].oneThree.length, 0));
    // the figures table: one row per group and period
    const figRows = back.rows.ShnorJournalFigures.slice(1);
    expect(figRows.length).toBe(e.periods.reduce((n, p) => n + Object.keys(e.figures[p]).length, 0));
  }
}, 180_000);

test('text output names the periods and the lists; the workbook opens in LibreOffice', () => {
  const e = expected.find((x) => x.periods.length === 2)!;
  const out = path.join(dir, 'text.xlsx');
  const r = shnor(['marks', ...e.files.map((f) => path.join(dir, f)), '--out', out, '--include-na']);
  expect(r.status).toBe(0);
  for (const p of e.periods) expect(r.stdout).toContain(`${p}: классов`);
  expect(r.stdout).toMatch(/неуспевающих \d+; с одной «3» — \d+; с одной «4» — \d+/);
  expect(r.stdout).toMatch(/качество к периоду «/);
  expect(r.stdout).toMatch(/Записано: .*text\.xlsx/);
  if (haveLibreOffice) expect(fs.statSync(toPdf(out, dir)).size).toBeGreaterThan(1000);
}, 180_000);
