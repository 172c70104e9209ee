/**
 * The roadmap locator's fallback (issue 11): a required column whose header is worded otherwise is
 * taken from the most similar header cell, reported as `LABEL-SIMILAR` (info) naming both headers
 * and the cell; the findings stay those of the file as published. A header like none of the
 * columns stays `MISSING-ROW`. Files written by openpyxl (test/fixtures/roadmap/make_roadmap.py).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRoadmap } from '../../src/engine/roadmap/check';
import { a1 } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'roadmap');

function load(name: string) {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, name + '.xlsx'))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

/** Rewrites the cell holding exactly `from` (the measures table's header) and returns its address. */
function reword(wb: ReturnType<typeof load>, from: string, to: string): { sheet: string; cell: string } {
  for (const s of wb.sheets)
    for (let r = 0; r < s.values.length; r++) {
      const c = (s.values[r] ?? []).findIndex((v) => typeof v === 'string' && v.trim() === from);
      if (c >= 0) {
        s.values[r][c] = to;
        return { sheet: s.name, cell: a1(r, c) };
      }
    }
  throw new Error(`no cell «${from}»`);
}

const serious = (issues: { severity: string; code: string; cell: string | null }[]) =>
  issues.filter((i) => i.severity !== 'info').map((i) => `${i.code} ${i.cell}`);

describe('roadmap: a column header in other words', () => {
  test('«Исполнители (ответственные)» is taken for «Ответственные»: info at the cell, findings as published', () => {
    const wb = load('seed001_blank_responsible');
    const want = (
      JSON.parse(fs.readFileSync(path.join(FIX, 'seed001_blank_responsible.expected.json'), 'utf8')) as {
        issues: { code: string; cell: string }[];
      }
    ).issues;
    const at = reword(wb, 'Ответственные', 'Исполнители (ответственные)');
    const res = checkRoadmap(wb, { date: '01.01.2025' });
    const similar = res.issues.filter((i) => i.code === 'LABEL-SIMILAR');
    expect(similar.map((i) => [i.severity, i.sheet, i.cell])).toEqual([['info', at.sheet, at.cell]]);
    expect(similar[0].message).toContain('«Исполнители (ответственные)»');
    expect(similar[0].message).toContain('«Ответственные»');
    // The blank responsible is still found at its cell: the column was read.
    expect(serious(res.issues).sort()).toEqual(want.map((w) => `${w.code} ${w.cell}`).sort());
    expect(want.some((w) => w.code === 'MISSING-VALUE')).toBe(true);
  });

  test('a header like no column stays MISSING-ROW', () => {
    const wb = load('seed_belorechensk');
    reword(wb, 'Ответственные', 'Кто отвечает');
    const res = checkRoadmap(wb, { date: '01.01.2025' });
    const missing = res.issues.filter((i) => i.code === 'MISSING-ROW');
    expect(missing).toHaveLength(1);
    expect(missing[0].severity).toBe('error');
    expect(missing[0].message).toContain('«Ответственные»');
    expect(res.issues.filter((i) => i.code === 'LABEL-SIMILAR')).toEqual([]);
  });
});
