/**
 * `shnor check` on the ДТК typed from seed 003 as printed (test/fixtures/dtk/make_seed003.py,
 * openpyxl): kind ДТК, exit 0, no error and no warning; the mistaken copy names its mistakes'
 * cells. Uses the built CLI (`npm run build:cli`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FIX = path.join(ROOT, 'test', 'fixtures', 'dtk');

type Found = { severity: string; code: string; cell: string | null };

function check(file: string): { status: number | null; issues: Found[]; kind: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', path.join(FIX, file), '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const j = JSON.parse(r.stdout) as { files: { kind: string; issues: Found[] }[] };
  return { status: r.status, issues: j.files[0].issues, kind: j.files[0].kind };
}

test('shnor check --json on the seed 003 ДТК: kind dtk, exit 0, no error, no warning', () => {
  expect(fs.existsSync(CLI)).toBe(true);
  const r = check('seed003_valid.xlsx');
  expect(r.kind).toBe('dtk');
  expect(r.status).toBe(0);
  expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
});

test('shnor check --json on the seed 003 ДТК with mistakes: each recorded mistake at its cell', () => {
  const want = (
    JSON.parse(fs.readFileSync(path.join(FIX, 'seed003_mistakes.expected.json'), 'utf8')) as {
      mistakes: { code: string; cell: string }[];
    }
  ).mistakes;
  const r = check('seed003_mistakes.xlsx');
  expect(r.kind).toBe('dtk');
  expect(r.status).not.toBe(0);
  for (const m of want)
    expect([m.code, m.cell, r.issues.some((i) => i.code === m.code && i.cell === m.cell)]).toEqual([
      m.code,
      m.cell,
      true,
    ]);
});

test('shnor check --json on the seed 003 ДТК: each located row says how it was found (exact / alias)', () => {
  const r = spawnSync(process.execPath, [CLI, 'check', path.join(FIX, 'seed003_valid.xlsx'), '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const j = JSON.parse(r.stdout) as {
    files: { located: { id: string; sheet: string; labelCell: string; how: string; score: number }[] }[];
  };
  const located = j.files[0].located;
  const byId = new Map(located.map((x) => [x.id, x]));
  // The order's wording («ОГЭ», the ВПР rows) is a synonym of the descriptor: alias, not exact.
  expect(byId.get('1.3.oge')).toMatchObject({ sheet: 'ДТК', how: 'alias', score: 1 });
  expect(byId.get('1.2.vprRussian')?.how).toBe('alias');
  const hows = new Set(located.map((x) => x.how));
  expect(hows.has('exact')).toBe(true);
  expect([...hows].every((h) => h === 'exact' || h === 'alias' || h === 'similar')).toBe(true);
  for (const x of located) expect(x.labelCell).toMatch(/^[A-Z]+\d+$/);
});
