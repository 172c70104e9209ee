/**
 * The quality bars of PRODUCT.md («Speed in Excel») as `npm run bench -- --json` reports them,
 * counted by the simulated Excel: syncs per command do not grow with the data and every request
 * stays far below Excel on the web's 5 MB.
 */
import { generateResultRows } from '../../bench/bench';
import { benchExcel } from '../../bench/excel';

test('excel.* bench keys hold their bars', async () => {
  const x = await benchExcel(generateResultRows);
  expect(x.syncs.dtkCheckWriteback).toBeLessThanOrEqual(8);
  expect(x.syncs.highlight5000).toBeLessThanOrEqual(4);
  expect(x.syncs.identify10k).toBeLessThanOrEqual(8);
  expect(x.syncs.identify100k).toBeLessThanOrEqual(15);
  expect(x.maxRequestBytes).toBeLessThanOrEqual(4_000_000);
  expect(x.maxResponseBytes).toBeLessThanOrEqual(4_000_000);
  // Ten times the rows costs only the extra chunks of reading, not syncs per row or per cell.
  expect(x.syncs.identify100k - x.syncs.identify10k).toBeLessThanOrEqual(8);
}, 300_000);
