/**
 * The roadmap of seed 001 typed as printed with two measures whose responsible is blank
 * (test/fixtures/make_seed_forms.ts: written by @e965/xlsx, and saved again by LibreOffice): exactly
 * two MISSING-VALUE, at those «Ответственные» cells; `shnor check` exits 1 and names them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkRoadmap } from '../../src/engine/roadmap/check';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'roadmap');
const CLI = path.join(path.resolve(__dirname, '..', '..'), 'dist', 'src', 'cli', 'main.js');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'seed001_blank_responsible.expected.json'), 'utf8')) as {
  issues: { code: string; sheet: string; cell: string }[];
  indicators: Record<string, unknown>;
};

describe('the roadmap of seed 001 with a blank responsible', () => {
  for (const name of ['seed001_blank_responsible', 'seed001_blank_responsible_libreoffice'])
    test(`${name}: MISSING-VALUE at each blank responsible, nothing else`, () => {
      const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, name + '.xlsx'))));
      if (!r.ok) throw new Error(r.message);
      const res = checkRoadmap(r.workbook, { date: '10.01.2024' });
      const got = res.issues
        .filter((i) => i.severity !== 'info')
        .map((i) => ({ code: i.code, sheet: i.sheet, cell: i.cell }))
        .sort((a, b) => a.cell!.localeCompare(b.cell!));
      expect(got).toEqual(expected.issues);
      expect(expected.issues).toHaveLength(2);
      for (const i of res.issues) expect(i.message).toContain('«Ответственные»');
      for (const [k, v] of Object.entries(expected.indicators)) expect([k, res.indicators[k]]).toEqual([k, v]);
    });

  test('shnor check: exit 1, the two cells named', () => {
    expect(fs.existsSync(CLI)).toBe(true);
    const r = spawnSync(process.execPath, [CLI, 'check', path.join(FIX, 'seed001_blank_responsible.xlsx'), '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.files[0].kind).toBe('roadmap');
    expect(j.files[0].issues.map((i: { cell: string }) => i.cell).sort()).toEqual(expected.issues.map((i) => i.cell));
  });
});
