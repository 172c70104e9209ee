/**
 * `shnor consolidate` usage and text output on a few files; the summary workbook opens in LibreOffice.
 * Runs the built CLI (`npm test` builds it first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { generateDtkFiles } from '../../bench/cli';
import { haveLibreOffice, toPdf } from '../helpers/office';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function shnor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
const dtk: string[] = [];

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-consolidate-cli-'));
  fs.mkdirSync(path.join(dir, 'in'));
  fs.mkdirSync(path.join(dir, 'empty'));
  generateDtkFiles(4, 5, (i) => ({
    municipality: i % 2 ? 'Заречный район' : 'Город Северск',
    date: '15.09.2023',
  })).forEach((bytes, i) => {
    const p = path.join(dir, 'in', `школа ${i + 1}.xlsx`);
    fs.writeFileSync(p, bytes);
    dtk.push(p);
  });
  fs.writeFileSync(path.join(dir, 'in', 'не-книга.xlsx'), 'просто текст');
  fs.writeFileSync(path.join(dir, 'in', 'заметки.txt'), 'не .xlsx — папка его не берёт');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  [['consolidate', 'a.xlsx'], /--out/],
  [['consolidate', 'a.xlsx', '--out', 'сводка.txt'], /\.xlsx/],
  [['consolidate', 'EMPTY', '--out', 'OUT.xlsx'], /ни одного файла/],
  [['consolidate', 'IN/школа 1.xlsx', '--out', 'IN/школа 1.xlsx'], /совпадает/],
])('wrong usage %j → exit 2 with a Russian message', (args, message) => {
  const fixed = (args as string[]).map((a) =>
    a
      .replace('EMPTY', path.join(dir, 'empty'))
      .replace('IN/', path.join(dir, 'in') + path.sep)
      .replace('OUT', path.join(dir, 'x')),
  );
  const r = shnor(fixed);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('a folder: its .xlsx files only; text output names the bad file; the summary opens in LibreOffice', () => {
  const out = path.join(dir, 'out', 'сводка.xlsx');
  const r = shnor(['consolidate', path.join(dir, 'in'), '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/Файлов: 5, прочитано: 4; школ в сводке: 4; период: сентябрь/);
  expect(r.stdout).toMatch(/Не вошли в сводку \(1\):\n {2}.*не-книга\.xlsx — не прочитан: /);
  expect(r.stdout).not.toMatch(/заметки/);
  expect(r.stdout).toMatch(/Кластеры:/);
  expect(r.stdout).toContain(`Сводка записана: ${out}`);
  const wb = XLSX.read(fs.readFileSync(out));
  const schools = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Сводка по школам'], { header: 1, defval: null });
  for (let i = 1; i <= 4; i++) expect(schools.some((row) => row[1] === `МБОУ «СОШ № ${i}»`)).toBe(true);
  if (haveLibreOffice) {
    const pdf = toPdf(out, path.join(dir, 'pdf'));
    expect(fs.statSync(pdf).size).toBeGreaterThan(1000);
  }
}, 180_000);

test('a name that looks like a formula stays text in the summary', () => {
  const [bytes] = generateDtkFiles(1, 9, () => ({ school: '=HYPERLINK("http://x","СОШ")', municipality: '+7 район' }));
  const file = path.join(dir, 'формула.xlsx');
  fs.writeFileSync(file, bytes);
  const out = path.join(dir, 'formula-out.xlsx');
  const r = shnor(['consolidate', file, '--out', out, '--json']);
  expect(JSON.parse(r.stdout).schools[0].school).toBe('=HYPERLINK("http://x","СОШ")');
  const wb = XLSX.read(fs.readFileSync(out), { cellFormula: true });
  const sheet = wb.Sheets['Сводка по школам'];
  const cell = Object.values(sheet).find(
    (c) => (c as XLSX.CellObject).v === '=HYPERLINK("http://x","СОШ")',
  ) as XLSX.CellObject;
  expect(cell).toBeDefined();
  expect(cell.t).toBe('s');
  expect(cell.f).toBeUndefined();
});
