/**
 * The pane on a ФИС ОКО «Статистика по отметкам» report open in Excel (issue 13), in the simulated
 * Excel over reports written by openpyxl (test/fixtures/fisoko/make_fisoko_check.py): the active
 * sheet is named as a ФИС ОКО report with its procedure and school year; «Проверить» finds exactly
 * the seeded reading problems, highlights their cells and writes them on «Проверка»; the
 * identification on that sheet identifies its schools (not the region or municipalities) with the
 * same problems among its findings; the report's own cell values are left as they were.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECK_SHEET, IDENTIFY_SHEET } from '../../src/engine/report';
import { activeSheetKind, runCheck, runIdentify } from '../../src/taskpane/actions';
import { ROOT, simHost } from './helpers';

const GEN = path.join(ROOT, 'test', 'fixtures', 'fisoko', 'make_fisoko_check.py');
const SHEET = 'Статистика по отметкам';
const NOW = new Date(2026, 11, 7);
const CODES = new Set([
  'FISOKO-NO-HIERARCHY',
  'FISOKO-NO-LOGIN',
  'FISOKO-SHARES-SUM',
  'NOT-A-NUMBER',
  'OUT-OF-RANGE',
  'RESULTS-TOTAL-MISMATCH',
]);

interface Expected {
  expected: Record<string, { code: string; cell: string }[]>;
  schools: { code: string }[];
  procedure: string;
  year: string;
}

let dir: string;
let exp: Expected;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-fisoko-pane-'));
  const g = spawnSync('/usr/bin/python3', [GEN, dir, '17'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const key = (i: { code: string; cell: string | null }): string => `${i.code} ${i.cell}`;
const sorted = (xs: string[]): string[] => [...xs].sort();

test.each(['seeded.xlsx', 'clean-vpr.xlsx', 'nologin.xlsx'])(
  '%s in Excel: the sheet is a ФИС ОКО report, «Проверить» and the identification give its problems',
  async (file) => {
    const { sim, host } = simHost(path.join(dir, file), '1.7');
    const before = new Map(sim.workbook.values(SHEET));

    const kind = await activeSheetKind(host);
    expect(kind).toEqual({
      sheet: SHEET,
      kind: 'results',
      fisoko: { report: 'Статистика по отметкам', procedure: exp.procedure, year: exp.year, schools: 12 },
    });

    const want = sorted(exp.expected[file].map(key));
    const run = await runCheck(host, { threshold: 30 }, { now: NOW });
    expect(run.report.kind).toBe('results');
    expect(sorted(run.report.issues.filter((i) => CODES.has(i.code)).map(key))).toEqual(want);
    // highlighted in the report itself (a range by its first cell), listed on «Проверка»
    const fills = sim.workbook.formats(SHEET);
    for (const x of exp.expected[file]) expect(fills.get(x.cell.split(':')[0])?.fill).toBeDefined();
    const listed = [...sim.workbook.values(CHECK_SHEET).values()].filter((v) => typeof v === 'string');
    for (const x of exp.expected[file]) expect(listed).toContain(x.code);

    const id = await runIdentify(host, { threshold: 30 }, { sheet: SHEET }, { now: NOW });
    expect(sorted(id.result.issues.filter((i) => CODES.has(i.code)).map(key))).toEqual(want);
    // the schools are the report's logins; the region and the municipalities are not schools
    expect(id.result.schools.map((s) => s.id).sort()).toEqual(exp.schools.map((s) => s.code).sort());
    expect(id.result.year).toBe(exp.year);
    expect(sim.workbook.values(IDENTIFY_SHEET).size).toBeGreaterThan(0);

    // the report's cells keep their values
    expect(new Map(sim.workbook.values(SHEET))).toEqual(before);
  },
);
