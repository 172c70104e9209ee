/**
 * The `cli.*` keys of `npm run bench` (bench/cli.ts): the generated files are real ДТК workbooks
 * (two in three without a mistake, every third with typical mistakes), and the keys are numbers.
 */
import { benchCli, generateDtkFiles } from '../../bench/cli';
import { checkWorkbook } from '../../src/engine/check';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { readWorkbook } from '../../src/xlsx/read';

test('generated ДТК: detected as ДТК, two in three correct, every third with mistakes', () => {
  const files = generateDtkFiles(9);
  const settings = parseIdentifySettings({});
  const serious = files.map((bytes) => {
    const r = readWorkbook(bytes);
    if (!r.ok) throw new Error(r.message);
    const report = checkWorkbook(r.workbook, settings, '22.11.2026');
    expect(report.kind).toBe('dtk');
    return report.issues.filter((i) => i.severity !== 'info').length;
  });
  expect(serious.filter((n, i) => i % 3 !== 0 && n > 0)).toEqual([]);
  expect(serious.filter((n, i) => i % 3 === 0 && n > 0).length).toBeGreaterThanOrEqual(2);
  // Varied: not the same workbook twice.
  expect(new Set(files.map((f) => Buffer.from(f).toString('base64'))).size).toBe(files.length);
});

test('cli.* keys: files per second of the check and of the parser alone, and their ratio', () => {
  const c = benchCli(6, 1);
  expect(Object.keys(c).sort()).toEqual(['checkFilesPerSec', 'checkToParse', 'files', 'parseOnlyFilesPerSec']);
  expect(c.files).toBe(6);
  expect(c.checkFilesPerSec).toBeGreaterThan(0);
  expect(c.parseOnlyFilesPerSec).toBeGreaterThan(0);
  // The check parses the file too, so it cannot be much faster than parsing alone.
  expect(c.checkToParse).toBeGreaterThan(0);
  expect(c.checkToParse).toBeLessThan(1.5);
});
