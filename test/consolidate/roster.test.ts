/**
 * `shnor consolidate --roster` (issue 15): with a roster of expected schools (written by openpyxl,
 * names typed differently from the ДТК), the summary names exactly the schools that sent nothing,
 * the schools that sent a ДТК but are not on the roster, and the share of schools that filled the
 * ДТК per municipality — all compared with counts made here from the roster and the files written.
 * Runs the built CLI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateDtkFiles } from '../../bench/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const MUNIS = ['Заречный район', 'Город Северск'];

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function py(script: string, ...args: string[]): string {
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const WRITE_ROSTER = `
import json, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Перечень"
ws.append(["Перечень школ — участниц проекта"])
ws.append([])
ws.append(["№", "Наименование ОО", "Муниципалитет"])
for i, row in enumerate(json.loads(sys.argv[2])):
    ws.append([i + 1] + row)
wb.save(sys.argv[1])
`;

let dir: string;
/** School number → municipality of the ДТК files written: schools 1–6. */
const sent = new Map<number, string>();

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-roster-'));
  fs.mkdirSync(path.join(dir, 'in'));
  generateDtkFiles(6, 11, (i) => ({ municipality: MUNIS[i % 2], date: '15.09.2023' })).forEach((bytes, i) => {
    fs.writeFileSync(path.join(dir, 'in', `школа ${i + 1}.xlsx`), bytes);
    sent.set(i + 1, MUNIS[i % 2]);
  });
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the summary names exactly the schools that sent nothing, and the share per municipality', () => {
  // Roster: schools 1–5 (6 is left out), typed with other quotes and case, and schools 7–10 that sent nothing.
  const roster: [string, string][] = [];
  for (let n = 1; n <= 10; n++) {
    if (n === 6) continue;
    const m = n <= 6 ? sent.get(n)! : MUNIS[n % 2];
    const name = n % 2 ? `МБОУ "СОШ №${n}"` : `мбоу «сош № ${n}»`;
    roster.push([name, m]);
  }
  const file = path.join(dir, 'перечень.xlsx');
  py(WRITE_ROSTER, file, JSON.stringify(roster));
  const out = path.join(dir, 'сводка.xlsx');
  const r = shnor(['consolidate', path.join(dir, 'in'), '--out', out, '--roster', file, '--json']);
  expect(r.stderr).toBe('');
  const j = JSON.parse(r.stdout) as {
    roster: {
      expected: number;
      filled: number;
      missing: { name: string; municipality: string }[];
      unexpected: { name: string }[];
      municipalities: { municipality: string; expected: number; filled: number; share: number }[];
    };
  };
  const missingWanted = roster.filter(([name]) => Number(/(\d+)/.exec(name)![1]) >= 7);
  expect(j.roster.missing.map((m) => [m.name, m.municipality])).toEqual(missingWanted);
  expect(j.roster.unexpected.map((m) => m.name)).toEqual(['МБОУ «СОШ № 6»']);
  expect([j.roster.expected, j.roster.filled]).toEqual([9, 5]);
  for (const m of MUNIS) {
    const expected = roster.filter(([, mm]) => mm === m).length;
    const filled = roster.filter(([name, mm]) => mm === m && Number(/(\d+)/.exec(name)![1]) <= 5).length;
    const row = j.roster.municipalities.find((x) => x.municipality === m)!;
    expect([m, row.expected, row.filled, row.share]).toEqual([m, expected, filled, (filled / expected) * 100]);
  }
  // The sheet «Сдача ДТК», read by openpyxl: the missing schools in its table.
  const cells = JSON.parse(
    py(
      `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Сдача ДТК"]
print(json.dumps([[c for c in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
`,
      out,
    ),
  ) as (string | number | null)[][];
  const from = cells.findIndex((row) => row[0] === 'Не сдали ДТК');
  const to = cells.findIndex((row) => row[0] === 'Сдали, но нет в перечне');
  expect(from).toBeGreaterThan(0);
  const names = cells
    .slice(from, to)
    .map((row) => row[1])
    .filter((v): v is string => typeof v === 'string' && /СОШ/i.test(v));
  expect(names).toEqual(missingWanted.map(([n]) => n));
  expect(cells.slice(to).some((row) => row[1] === 'МБОУ «СОШ № 6»')).toBe(true);
  // The text output lists them too.
  const t = shnor(['consolidate', path.join(dir, 'in'), '--out', out, '--roster', file]);
  expect(t.stdout).toContain('Сдача ДТК: 5 из 9 школ перечня');
  for (const [n] of missingWanted) expect(t.stdout).toContain(n);
}, 180_000);

test('a roster without a school-name column is refused with a Russian message', () => {
  const file = path.join(dir, 'пусто.xlsx');
  py(
    `
import sys, openpyxl
wb = openpyxl.Workbook()
wb.active.append(["Что-то", "Другое"])
wb.save(sys.argv[1])
`,
    file,
  );
  const r = shnor(['consolidate', path.join(dir, 'in'), '--out', path.join(dir, 'x.xlsx'), '--roster', file]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/Наименование ОО/);
});
