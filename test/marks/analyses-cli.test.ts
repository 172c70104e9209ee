/**
 * `shnor tasks`, `shnor teachers`, `shnor objectivity` on the built CLI (issue 16), with the openpyxl
 * fixtures of make_analyses.py: usage errors in Russian with exit 2, a run with exit 0, its JSON,
 * and the owned sheet read back by openpyxl (and opened by LibreOffice when it is installed). Expected names come from the generator's raw data.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveLibreOffice, toPdf } from '../helpers/office';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const DIR = path.join(ROOT, 'test', 'fixtures', 'marks');
const PROTOCOLS = path.join(DIR, 'analyses_protocols_openpyxl.xlsx');
const FISOKO = path.join(DIR, 'analyses_fisoko_openpyxl.xlsx');
const OBJECTIVITY = path.join(DIR, 'analyses_objectivity_openpyxl.xlsx');
const raw = JSON.parse(fs.readFileSync(path.join(DIR, 'analyses_openpyxl.data.json'), 'utf8')) as {
  designed: { stablyLow: string[]; flagged: [string, string][] };
};

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The values of a sheet's table column (by header) as openpyxl reads them. */
function column(file: string, sheet: string, header: string): unknown[] {
  const py = `
import json, sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
rows = list(ws.iter_rows(values_only=True))
out = []
for i, r in enumerate(rows):
    if sys.argv[3] in r:
        c = r.index(sys.argv[3])
        for rr in rows[i + 1:]:
            if rr is None or all(v is None for v in rr):
                break
            out.append(rr[c])
        break
print(json.dumps(out, ensure_ascii=False))
`;
  const p = spawnSync('/usr/bin/python3', ['-c', py, file, sheet, header], { encoding: 'utf8' });
  expect(p.stderr).toBe('');
  return JSON.parse(p.stdout) as unknown[];
}

let dir: string;
beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-analyses-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  [['tasks', 'P'], /--out/],
  [['tasks', 'P', '--out', 'OUT/r.csv'], /\.xlsx/],
  [['tasks', 'P', '--out', 'P'], /совпадает/],
  [['tasks', 'P', '--out', 'OUT/r.xlsx', '--gap', 'пять'], /--gap/],
  [['teachers', 'P', '--out', 'OUT/t.xlsx', '--threshold', '150'], /--threshold/],
  [['objectivity', 'O', '--out', 'OUT/o.xlsx', '--flag-share', '-1'], /--flag-share/],
])('wrong usage %j → exit 2 with a Russian message', (args, message) => {
  const r = shnor(
    (args as string[]).map((a) => a.replace(/^P$/, PROTOCOLS).replace(/^O$/, OBJECTIVITY).replace('OUT', dir)),
  );
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('tasks: the register in JSON and on the sheet «Реестр затруднений»; --gap changes it', () => {
  const out = path.join(dir, 'реестр.xlsx');
  const r = shnor(['tasks', PROTOCOLS, FISOKO, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as {
    settings: { gap: number };
    difficulties: { cls: string; task: string; done: number; region: number | null }[];
  };
  expect(j.settings.gap).toBe(15);
  for (const d of j.difficulties) expect(d.done < 50 || (d.region !== null && d.region - d.done > 15)).toBe(true);
  expect(column(out, 'Реестр затруднений', 'Задание')).toEqual(j.difficulties.map((d) => d.task));
  const wide = shnor(['tasks', PROTOCOLS, FISOKO, '--out', path.join(dir, 'r5.xlsx'), '--json', '--gap', '5']);
  const j5 = JSON.parse(wide.stdout) as { difficulties: unknown[] };
  expect(j5.difficulties.length).toBeGreaterThan(j.difficulties.length);
  const text = shnor(['tasks', PROTOCOLS, '--out', path.join(dir, 'r0.xlsx')]);
  expect(text.status).toBe(0);
  expect(text.stdout).toMatch(/TASKS-NO-REGION/);
  expect(text.stdout).toMatch(/Записано: .*«Реестр затруднений»/);
  if (haveLibreOffice) expect(fs.statSync(toPdf(out, dir)).size).toBeGreaterThan(1000);
}, 180_000);

test('teachers: the stably low, in JSON and on the sheet «Учителя»', () => {
  const out = path.join(dir, 'учителя.xlsx');
  const r = shnor(['teachers', PROTOCOLS, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { teachers: { teacher: string; stablyLow: boolean }[]; issues: unknown[] };
  const low = j.teachers.filter((t) => t.stablyLow).map((t) => t.teacher.replace(/\s+/g, ''));
  const want = raw.designed.stablyLow.map((t) => t.replace(/\s+/g, '')).sort();
  expect(low.sort()).toEqual(want);
  expect(j.issues).toEqual([]);
  const sheet = column(out, 'Учителя', 'Годы подряд');
  expect(sheet).toHaveLength(want.length);
  if (haveLibreOffice) expect(fs.statSync(toPdf(out, dir)).size).toBeGreaterThan(1000);
  const none = shnor(['teachers', OBJECTIVITY, '--out', path.join(dir, 'нет.xlsx')]);
  expect(none.status).toBe(1);
  expect(none.stdout).toMatch(/не найдено/);
}, 180_000);

test('objectivity: the flagged schools in JSON and on the sheet «Объективность»; --flag-share', () => {
  const out = path.join(dir, 'объективность.xlsx');
  const r = shnor(['objectivity', OBJECTIVITY, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as {
    figures: { flagShare: number; flagged: { school: string; subject: string }[] };
    rows: { school: string; subject: string; flagged: boolean; loweredShare: number }[];
  };
  expect(j.figures.flagShare).toBe(50);
  expect(j.figures.flagged.map((f) => [f.subject, f.school]).sort()).toEqual([...raw.designed.flagged].sort());
  expect(column(out, 'Объективность', 'Признак необъективности')).toEqual(
    j.rows.map((x) => (x.flagged ? 'да' : 'нет')),
  );
  const low = shnor(['objectivity', OBJECTIVITY, '--out', path.join(dir, 'o2.xlsx'), '--json', '--flag-share', '10']);
  const j2 = JSON.parse(low.stdout) as typeof j;
  expect(j2.rows.filter((x) => x.flagged)).toHaveLength(j2.rows.filter((x) => x.loweredShare > 10).length);
  expect(j2.figures.flagged.length).toBeGreaterThan(j.figures.flagged.length);
  if (haveLibreOffice) expect(fs.statSync(toPdf(out, dir)).size).toBeGreaterThan(1000);
}, 180_000);
