/**
 * Реестр ШНОР (issue 15) over three years of generated results written by openpyxl: each school's
 * status and transition per year, and the counts per municipality, equal a count made here from
 * the generated low results alone (rule 1: two low results in Y; rule 2: one in Y and one in Y−1;
 * «резильентная»: left the list with no low result and nothing in the risk band in Y).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRoster } from '../../src/engine/consolidate';
import { buildRegister, identifyByYear, readRegisterHistory, registerSheet } from '../../src/engine/register';
import { createWorkbook } from '../../src/xlsx/patch';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { readWorkbook } from '../../src/xlsx/read';
import { tmpDir } from '../xlsx/helpers';
import { MUNIS, YEARS, expected, generate, write } from './generate';

describe.each([1, 2, 3])('register over three years (seed %i)', (seed) => {
  const dir = tmpDir('register-');
  const file = path.join(dir, 'results.xlsx');
  const plans = generate(seed, 60);
  write(plans, file);
  const r = readWorkbook(fs.readFileSync(file));
  if (!r.ok) throw new Error(r.message);
  const reg = buildRegister(identifyByYear(r.workbook, parseIdentifySettings({})));

  test('every school has the status and transition counted independently', () => {
    expect(reg.years).toEqual(YEARS);
    expect(reg.schools).toHaveLength(plans.length);
    const byId = new Map(reg.schools.map((s) => [s.id, s]));
    const kinds = new Set<string>();
    for (const p of plans) {
      const s = byId.get(String(p.code));
      expect(s).toBeDefined();
      const got = s!.cells.map((c) => ({ status: c.status, transition: c.transition }));
      expect([p.code, got]).toEqual([p.code, expected(p)]);
      for (const e of expected(p)) if (e.transition) kinds.add(e.transition);
      expect(s!.cells[2].yearsInProgramme).toBe(expected(p).filter((e) => e.status === 'ШНОР').length);
    }
    // The generated data exercises every transition.
    expect([...kinds].sort()).toEqual(['вышла', 'новая', 'продолжает', 'резильентная'].sort());
  });

  test('counts per municipality equal the independent count', () => {
    for (const m of MUNIS) {
      YEARS.forEach((y, t) => {
        const mine = plans.filter((p) => p.municipality === m).map((p) => expected(p)[t]);
        const row = reg.counts.find((c) => c.municipality === m && c.year === y)!;
        expect(row).toBeDefined();
        expect([m, y, row.ШНОР, row.новая, row.продолжает, row.вышла, row.резильентная]).toEqual([
          m,
          y,
          mine.filter((e) => e.status === 'ШНОР').length,
          mine.filter((e) => e.transition === 'новая').length,
          mine.filter((e) => e.transition === 'продолжает').length,
          mine.filter((e) => e.transition === 'вышла').length,
          mine.filter((e) => e.transition === 'резильентная').length,
        ]);
      });
    }
  });

  test('the register written as .xlsx is a roster of the schools that are ШНОР in the last year', () => {
    const out = path.join(dir, 'register.xlsx');
    fs.writeFileSync(out, createWorkbook([registerSheet(reg)]));
    const back = readWorkbook(fs.readFileSync(out));
    if (!back.ok) throw new Error(back.message);
    const roster = readRoster(back.workbook);
    const wanted = plans.filter((p) => expected(p)[2].status === 'ШНОР').map((p) => p.name);
    expect(wanted.length).toBeGreaterThan(3);
    expect(roster.schools.map((s) => s.name).sort()).toEqual(wanted.sort());
  });

  test("last year's register plus results of the last two years give the full register", () => {
    // The register of the first two years, written and read back as a file.
    const early = path.join(dir, 'results-early.xlsx');
    write(plans, early, [0, 1]);
    const e = readWorkbook(fs.readFileSync(early));
    if (!e.ok) throw new Error(e.message);
    const first = buildRegister(identifyByYear(e.workbook, parseIdentifySettings({})));
    expect(first.years).toEqual(YEARS.slice(0, 2));
    const regFile = path.join(dir, 'register-early.xlsx');
    fs.writeFileSync(regFile, createWorkbook([registerSheet(first)]));
    const back = readWorkbook(fs.readFileSync(regFile));
    if (!back.ok) throw new Error(back.message);
    const history = readRegisterHistory(back.workbook);
    expect(history.map((h) => h.year)).toEqual(YEARS.slice(0, 2));
    // This year's results hold Y and Y−1 only: the year Y−1 is taken from the register.
    const late = path.join(dir, 'results-late.xlsx');
    write(plans, late, [1, 2]);
    const l = readWorkbook(fs.readFileSync(late));
    if (!l.ok) throw new Error(l.message);
    const next = buildRegister(identifyByYear(l.workbook, parseIdentifySettings({})), history);
    expect(next.years).toEqual(YEARS);
    const cells = (x: typeof reg): unknown => x.schools.map((s) => [s.id, s.cells]);
    expect(cells(next)).toEqual(cells(reg));
    expect(next.counts).toEqual(reg.counts);
  });
});
