/** The adapter's sheet-switch events over the simulated Excel: on where ExcelApi 1.7 has them, off below, removable. */
import * as path from 'path';
import { RequestContext } from '../excel-host/api';
import { ROOT, simHost } from './helpers';

const BOOK = path.join(ROOT, 'test', 'fixtures', 'pane', 'summary_book.xlsx');

test('ExcelApi 1.7: a click on a sheet tab calls the handler; after stop it does not', async () => {
  const { sim, host } = simHost(BOOK, '1.7');
  const seen: string[] = [];
  const stop = await host.onSheetActivated(() => void host.activeSheet().then((n) => seen.push(n)));
  expect(stop).not.toBeNull();
  expect(sim.host.activatedHandlers.size).toBe(1);
  await sim.host.userActivates('Школа 2');
  await new Promise((r) => setTimeout(r, 10));
  expect(seen).toEqual(['Школа 2']);
  // the product's own activate() (a finding's cell shown) is a switch too, as in Excel
  await host.select('Школа 3', 'B5');
  await new Promise((r) => setTimeout(r, 10));
  expect(seen).toEqual(['Школа 2', 'Школа 3']);
  // the same sheet again: no event
  await host.select('Школа 3', 'C7');
  await new Promise((r) => setTimeout(r, 10));
  expect(seen).toHaveLength(2);
  await stop!();
  expect(sim.host.activatedHandlers.size).toBe(0);
  await sim.host.userActivates('Заметки');
  await new Promise((r) => setTimeout(r, 10));
  expect(seen).toHaveLength(2);
});

test('below ExcelApi 1.7 there is no event: null, and the pane keeps its «Обновить» button alone', async () => {
  const { sim, host } = simHost(BOOK, '1.6');
  await expect(host.onSheetActivated(() => undefined)).resolves.toBeNull();
  expect(sim.host.activatedHandlers.size).toBe(0);
});

test('the simulated host refuses onActivated below 1.7 as Excel does', async () => {
  const { sim } = simHost(BOOK, '1.6');
  await expect(
    sim.Excel.run(async (ctx: RequestContext) => {
      ctx.workbook.worksheets.onActivated.add(async () => undefined);
      await ctx.sync();
    }),
  ).rejects.toMatchObject({ code: 'ApiNotFound' });
});
