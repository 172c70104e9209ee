/**
 * PRODUCT.md: running the same check twice gives the same workbook as running it once — through
 * the add-in (read, check, write back, and again), on ДТК, card, roadmap and results workbooks.
 */
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { SimWorkbook } from '../excel-host';
import { DATE, ROOT, simHost } from './helpers';

const FILES = [
  'test/fixtures/dtk/school_mistakes.xlsx',
  'test/fixtures/dtk/transposed.xlsx',
  'test/fixtures/card/mistakes.xlsx',
  'test/fixtures/roadmap/seed_mistakes.xlsx',
  'samples/results-long.xlsx',
];

function picture(wb: SimWorkbook): unknown {
  return wb.sheets.map((s) => ({
    name: s.name,
    visibility: s.visibility,
    cells: [...s.cells.entries()].sort((a, b) => a[0] - b[0]),
    merges: s.merges,
  }));
}

test.each(FILES)('%s: a second run changes nothing', async (file) => {
  const { sim, host } = simHost(path.join(ROOT, file), '1.20');
  const settings = parseIdentifySettings({});
  const run = async (): Promise<number> => {
    const report = checkWorkbook(await host.read(), settings, DATE);
    const out = await host.apply(report.edits);
    return out.skipped.length;
  };
  const skipped = await run();
  const once = JSON.stringify(picture(sim.workbook));
  const tables = sim.workbook.tables.map((t) => t.name);
  expect(await run()).toBe(skipped);
  expect(JSON.stringify(picture(sim.workbook))).toBe(once);
  expect(sim.workbook.tables.map((t) => t.name)).toEqual(tables);
});
