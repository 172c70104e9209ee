/**
 * The pane's «Реестр ШНОР» (issue 15) in the simulated Excel over results of three school years
 * written by openpyxl (test/register/generate.ts): the sheet written in the workbook has each
 * school's status and transition per year as counted from the generated plan alone, and its chart;
 * a rerun keeps it; last year's register and this year's results opened together (the web page's
 * several files) give the same register; a user's own sheet named «Реестр ШНОР» is never replaced.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REGISTER_SHEET, buildRegister, identifyByYear, registerSheet } from '../../src/engine/register';
import { TRANSITION_TEXT } from '../../src/engine/register';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { runRegisterSheet } from '../../src/taskpane/actions';
import { createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { simHost } from '../excel/helpers';
import { tmpDir } from '../xlsx/helpers';
import { Plan, YEARS, expected, generate, write } from './generate';

type Sim = ReturnType<typeof simHost>['sim'];

/** The school rows of the register sheet written in Excel: code → [status, transition] per year. */
function registerRows(sim: Sim): Map<string, [string, string][]> {
  const sheet = sim.workbook.sheet(REGISTER_SHEET);
  if (!sheet) throw new Error('no register sheet');
  const v = (r: number, c: number): string => String(sheet.get(r, c)?.v ?? '');
  let head = -1;
  for (let r = 0; r < 20 && head < 0; r++) if (v(r, 1) === 'Код ОО') head = r;
  expect(head).toBeGreaterThanOrEqual(0);
  expect(YEARS.map((y, i) => v(head, 3 + 2 * i))).toEqual(YEARS.map((y) => `${y}: статус`));
  const out = new Map<string, [string, string][]>();
  for (let r = head + 1; v(r, 1) !== ''; r++)
    out.set(
      v(r, 1),
      YEARS.map((_, i) => [v(r, 3 + 2 * i), v(r, 4 + 2 * i)]),
    );
  return out;
}

function want(p: Plan): [string, string][] {
  return expected(p).map((e) => [
    e.status,
    e.transition ? TRANSITION_TEXT[e.transition as keyof typeof TRANSITION_TEXT] : '',
  ]);
}

describe('«Реестр ШНОР» in the pane', () => {
  const dir = tmpDir('register-pane-');
  const plans = generate(11, 45);
  const file = path.join(dir, 'results.xlsx');
  write(plans, file);

  test('the sheet written in Excel equals the count from the plan, with its chart; a rerun keeps it', async () => {
    const { sim, host } = simHost(file, '1.7');
    const run = await runRegisterSheet(host, {});
    expect(run.register.years).toEqual(YEARS);
    const rows = registerRows(sim);
    expect(rows.size).toBe(plans.length);
    const kinds = new Set<string>();
    for (const p of plans) {
      expect([p.code, rows.get(String(p.code))]).toEqual([p.code, want(p)]);
      for (const [, t] of want(p)) if (t) kinds.add(t);
    }
    expect(kinds.size).toBe(4);
    expect(sim.workbook.sheet(REGISTER_SHEET)!.charts).toHaveLength(1);
    // The results sheet is the user's: untouched.
    const before = [...sim.workbook.values('Результаты').entries()];
    await runRegisterSheet(host, {});
    expect(registerRows(sim)).toEqual(rows);
    expect([...sim.workbook.values('Результаты').entries()]).toEqual(before);
    expect(sim.workbook.sheet(REGISTER_SHEET)!.charts).toHaveLength(1);
  });

  test("last year's register and this year's results opened together give the full register", async () => {
    const early = path.join(dir, 'early.xlsx');
    write(plans, early, [0, 1]);
    const e = readWorkbook(fs.readFileSync(early));
    if (!e.ok) throw new Error(e.message);
    const regFile = path.join(dir, 'register-early.xlsx');
    fs.writeFileSync(
      regFile,
      createWorkbook([registerSheet(buildRegister(identifyByYear(e.workbook, parseIdentifySettings({}))))]),
    );
    const late = path.join(dir, 'late.xlsx');
    write(plans, late, [1, 2]);
    const books = [regFile, late].map((f) => {
      const r = readWorkbook(fs.readFileSync(f));
      if (!r.ok) throw new Error(r.message);
      return { name: path.basename(f), wb: r.workbook };
    });
    const { sim, host } = simHost(late, '1.7');
    await runRegisterSheet(host, {}, { books });
    const rows = registerRows(sim);
    for (const p of plans) expect([p.code, rows.get(String(p.code))]).toEqual([p.code, want(p)]);
  });

  test('a user sheet named «Реестр ШНОР» is not replaced: a Russian message, the cells kept', async () => {
    const { sim, host } = simHost(file, '1.7');
    const ws = sim.Excel as unknown as { run: <T>(f: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T> };
    await ws.run(async (ctx) => {
      const s = ctx.workbook.worksheets.add(REGISTER_SHEET);
      s.getRange('A1:B2').values = [
        ['Мой реестр', 'примечание'],
        ['школа 1', 'на контроле'],
      ];
      await ctx.sync();
    });
    const before = [...sim.workbook.values(REGISTER_SHEET).entries()];
    await expect(runRegisterSheet(host, {})).rejects.toThrow(/уже есть лист «Реестр ШНОР» со своими данными/);
    expect([...sim.workbook.values(REGISTER_SHEET).entries()]).toEqual(before);
  });
});
