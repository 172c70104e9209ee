/**
 * The pane on a «план мероприятий» open in Excel (issue 15), in the simulated Excel over plans
 * written by openpyxl (test/fixtures/plan/make_plans.py), one per layout of the seeds, on ExcelApi
 * 1.7 (no merged areas read) and 1.13: the active
 * sheet is named a plan; «Проверить» gives exactly the seeded findings, highlights their cells and
 * lists them on «Проверка» with the table of measures and their deadlines; the plan's own cells
 * keep their values.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECK_SHEET } from '../../src/engine/report';
import { activeSheetKind, runCheck } from '../../src/taskpane/actions';
import { simHost } from '../excel/helpers';
import { Manifest, makePlans } from './fixture';

const NOW = new Date(2026, 11, 7);

let dir: string;
let manifest: Manifest;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-plan-pane-'));
  manifest = makePlans(dir, 16, 15);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const key = (i: { code: string; cell: string | null }): string => `${i.code} ${i.cell}`;

// ExcelApi 1.7 reads no merged areas (the sub-header under «Дата» is found without them); 1.13 reads them.
const CASES = ['000', '002', '003', '004'].flatMap((l) => ['1.7', '1.13'].map((v) => [l, v]));

test.each(CASES)('a plan in layout %s, ExcelApi %s: kind, «Проверить», highlights, «Проверка»', async (layout, api) => {
  const f = manifest.files.find((x) => x.layout === layout && x.expected.length > 0)!;
  const { sim, host } = simHost(path.join(dir, f.file), api);
  const before = new Map(sim.workbook.values(f.sheet));
  expect(await activeSheetKind(host)).toEqual({ sheet: f.sheet, kind: 'plan' });

  const run = await runCheck(host, { threshold: 30 }, { now: NOW });
  expect(run.report.kind).toBe('plan');
  const got = run.report.issues
    .filter((i) => i.severity !== 'info')
    .map(key)
    .sort();
  expect(got).toEqual(f.expected.map(key).sort());
  const fills = sim.workbook.formats(f.sheet);
  for (const x of f.expected) expect(fills.get(x.cell)?.fill).toBeDefined();
  const listed = [...sim.workbook.values(CHECK_SHEET).values()].filter((v) => typeof v === 'string');
  for (const x of f.expected) expect(listed).toContain(x.code);
  // The table of measures on «Проверка»: one row per measure, with its deadline as read.
  expect(listed).toContain('Мероприятия плана и их сроки');
  expect(listed).toContain('Срок (прочитан)');
  expect(run.report.indicators.measures).toBe(f.measures);
  // Nothing of the plan itself was changed.
  expect(new Map(sim.workbook.values(f.sheet))).toEqual(before);
});
