/**
 * Identification run again on its own annotated copy: the «Идентификация ШНОР» sheet of the first
 * run (a table with the same headers as the input) is not read back as data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { identify } from '../../src/engine/results/identify';
import { IDENTIFY_SHEET, identifyEdits } from '../../src/engine/results/output';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { applyEdits } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';

const ROOT = path.resolve(__dirname, '..', '..');

test.each(['samples/results-wide.xlsx', 'samples/results-long.xlsx'])('%s: a second run equals the first', (file) => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, file)));
  const settings = parseIdentifySettings({});
  const read = (b: Uint8Array) => {
    const r = readWorkbook(b);
    if (!r.ok) throw new Error(r.message);
    return r.workbook;
  };
  const first = identify(read(bytes), settings);
  const copy = applyEdits(bytes, identifyEdits(first, first.issues, '22.11.2026'));
  const wb = read(copy);
  expect(wb.sheets.map((s) => s.name)).toContain(IDENTIFY_SHEET);
  const second = identify(wb, settings);
  expect(second.issues).toEqual(first.issues);
  expect(second.schools).toEqual(first.schools);
  expect(second.summary).toEqual(first.summary);
});
