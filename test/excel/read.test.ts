/**
 * Reading through the Office.js adapter: row chunks whose answers stay under the budget (far below
 * Excel on the web's 5 MB), several sheets per sync, progress between requests, a stop between two
 * requests when the user cancels, and the choice of sheets (hidden ones left out, the very-hidden
 * state sheet read).
 */
import { generateResultRows } from '../../bench/bench';
import { RESPONSE_BUDGET } from '../../src/excel/batch';
import { workbookFromSnapshot } from '../excel-host';
import { simHost } from './helpers';

test('a 30,000-row sheet is read in chunks under the budget, the same as the data', async () => {
  const snap = generateResultRows(30_000);
  const { sim, host } = simHost(workbookFromSnapshot(snap), '1.7');
  const progress: number[] = [];
  const read = await host.read({ onProgress: (p) => progress.push(p.done) });
  expect(read.sheets[0].values).toEqual(snap.sheets[0].values);
  const s = sim.host.stats;
  const answered = s.responseBytes.reduce((a, b) => a + b, 0);
  // ⌈bytes / budget⌉ chunk syncs (plus the first, sized by a guess), after the sheet list and the used range.
  expect(s.syncs).toBeLessThanOrEqual(2 + 1 + Math.ceil(answered / RESPONSE_BUDGET));
  expect(s.maxResponseBytes).toBeLessThan(4_000_000);
  expect(Math.max(...progress)).toBe(30_001);
});

test('cancelling stops the reading between two requests', async () => {
  const { sim, host } = simHost(workbookFromSnapshot(generateResultRows(30_000)), '1.20');
  const ctl = new AbortController();
  await expect(
    host.read({
      signal: ctl.signal,
      onProgress: (p) => {
        if (p.done > 0) ctl.abort();
      },
    }),
  ).rejects.toMatchObject({ name: 'AbortError' });
  expect(sim.host.stats.syncs).toBeLessThan(6);
});

test('sheets read: visible ones and the very-hidden state sheet, not the merely hidden; by name on request', async () => {
  const wb = workbookFromSnapshot({
    sheets: [
      { name: 'Видимый', values: [['a']], merges: [] },
      { name: 'Скрытый', values: [['b']], merges: [], visibility: 'hidden' },
      {
        name: 'shnor_state',
        values: [['{"version":1,"highlights":[],"written":[]}']],
        merges: [],
        visibility: 'veryHidden',
      },
      { name: 'Пустой', values: [], merges: [] },
    ],
  });
  const { host } = simHost(wb, '1.20');
  const all = await host.read();
  expect(all.sheets.map((s) => [s.name, s.visibility])).toEqual([
    ['Видимый', 'visible'],
    ['shnor_state', 'veryHidden'],
    ['Пустой', 'visible'],
  ]);
  expect(all.sheets[2].values).toEqual([]);
  const one = await host.read({ sheets: ['Скрытый'] });
  expect(one.sheets.map((s) => s.values)).toEqual([[['b']]]);
});

test('a sheet with more merged areas than Excel lists at once (512) still gets them all, in one more sync', async () => {
  const values = Array.from({ length: 700 }, (_x, r) => [`строка ${r + 1}`, null, r]);
  const merges = values.map((_x, r) => ({ r1: r, c1: 0, r2: r, c2: 1 }));
  const { sim, host } = simHost(workbookFromSnapshot({ sheets: [{ name: 'Много', values, merges }] }), '1.20');
  const snap = await host.read();
  const key = (m: { r1: number; c1: number; r2: number; c2: number }): string => `${m.r1}:${m.c1}:${m.r2}:${m.c2}`;
  expect(snap.sheets[0].merges.map(key).sort()).toEqual(merges.map(key).sort());
  expect(sim.host.stats.syncs).toBe(5);
});
