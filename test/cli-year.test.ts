/**
 * The year's workflow on the built CLI (issue 15): `new-year` and `register` — usage errors in
 * Russian with exit 2, a foreign book with exit 1, a run with exit 0 and its JSON; the register
 * workbook opens in LibreOffice and its sheet holds every school, read back by openpyxl.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { haveLibreOffice, toPdf } from './helpers/office';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SAMPLES = path.join(ROOT, 'samples');

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-year-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  [['new-year', 'SAMPLES/dtk-correct.xlsx'], /--out/],
  [['new-year', 'SAMPLES/dtk-correct.xlsx', '--out', 'OUT/x.txt'], /\.xlsx/],
  [['new-year', 'SAMPLES/dtk-correct.xlsx', '--out', 'SAMPLES/dtk-correct.xlsx'], /совпадает/],
  [['register', 'SAMPLES/results-long.xlsx'], /--out/],
  [['register', 'SAMPLES/results-long.xlsx', '--out', 'OUT/r.csv'], /\.xlsx/],
])('wrong usage %j → exit 2 with a Russian message', (args, message) => {
  const r = shnor((args as string[]).map((a) => a.replace('SAMPLES', SAMPLES).replace('OUT', dir)));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('new-year: a ДТК gives a copy and its JSON; a results book is refused with exit 1', () => {
  const out = path.join(dir, 'ДТК-новая.xlsx');
  const r = shnor(['new-year', path.join(SAMPLES, 'dtk-correct.xlsx'), '--out', out, '--json']);
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { from: string[]; to: string[]; moved: number; dateCleared: boolean };
  expect(j.from).toEqual(['2020-2021', '2021-2022', '2022-2023']);
  expect(j.to).toEqual(['2021-2022', '2022-2023', '2023-2024']);
  expect(j.moved).toBeGreaterThan(50);
  expect(j.dateCleared).toBe(true);
  expect(fs.existsSync(out)).toBe(true);
  const bad = shnor(['new-year', path.join(SAMPLES, 'results-long.xlsx'), '--out', path.join(dir, 'x.xlsx')]);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toMatch(/не похожа на ДТК/);
});

test('register: the samples give a register workbook that opens in LibreOffice', () => {
  const out = path.join(dir, 'реестр.xlsx');
  const r = shnor(['register', path.join(SAMPLES, 'results-long.xlsx'), '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { years: string[]; schools: { name: string }[] };
  expect(j.years).toEqual(['2021-2022', '2022-2023']);
  const py = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Реестр ШНОР"]
print(json.dumps([c for c in next(ws.iter_cols(min_col=3, max_col=3, values_only=True))], ensure_ascii=False))
`;
  const p = spawnSync('/usr/bin/python3', ['-c', py, out], { encoding: 'utf8' });
  expect(p.status).toBe(0);
  const names = JSON.parse(p.stdout) as (string | null)[];
  for (const s of j.schools) expect(names).toContain(s.name);
  if (haveLibreOffice) expect(fs.statSync(toPdf(out, dir)).size).toBeGreaterThan(1000);
}, 180_000);
