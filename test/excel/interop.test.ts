/**
 * One state sheet for both doors (PRODUCT.md: state lives inside the workbook): a workbook
 * highlighted in Excel is cleared exactly by the CLI / web page, and one highlighted by the CLI is
 * cleared exactly in Excel — including cells with fills of their own and number formats.
 * fills_excel.xlsx is written by openpyxl as the add-in leaves a workbook (make_fills.py).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { HIGHLIGHT_COLORS } from '../../src/engine/edits';
import { applyEdits as patchFile, readState } from '../../src/xlsx/patch';
import { ROOT, simHost } from './helpers';

const DIR = path.join(ROOT, 'test', 'fixtures', 'excel');
const SHEET = 'Данные';

interface StyledCell {
  v?: unknown;
  z?: string;
  s?: { patternType?: string; fgColor?: { rgb?: string } };
}

function cells(bytes: Uint8Array): Record<string, StyledCell> {
  const wb = XLSX.read(bytes, { type: 'array', cellStyles: true, cellNF: true });
  return wb.Sheets[SHEET] as unknown as Record<string, StyledCell>;
}

test('a workbook highlighted in Excel is cleared by the CLI patcher: own fill, no fill and number format come back', () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'fills_excel.xlsx')));
  const before = cells(bytes);
  expect(before.B2.s?.fgColor?.rgb).toBe(HIGHLIGHT_COLORS.error.fill);
  expect(readState(bytes)?.highlights).toHaveLength(2);

  const cleared = patchFile(bytes, [{ kind: 'clearHighlights' }]);
  const after = cells(cleared);
  expect(after.B2.s).toMatchObject({ patternType: 'solid', fgColor: { rgb: '00B050' } });
  expect(after.B2.z).toBe('0.0');
  expect(after.B2.v).toBe(25);
  expect(after.A3.s?.patternType ?? 'none').toBe('none');
  expect(readState(cleared)?.highlights).toEqual([]);
  // The untouched cells keep their own fills.
  expect(after.C2.s?.fgColor?.rgb).toBe('FFFF00');
});

test('the CLI re-highlighting a cell the add-in highlighted keeps the add-in’s record of the original', () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'fills_excel.xlsx')));
  const again = patchFile(bytes, [{ kind: 'highlight', sheet: SHEET, cells: ['B2'], tone: 'warning' }]);
  expect(cells(again).B2.s?.fgColor?.rgb).toBe(HIGHLIGHT_COLORS.warning.fill);
  expect(cells(again).B2.z).toBe('0.0');
  const cleared = patchFile(again, [{ kind: 'clearHighlights' }]);
  expect(cells(cleared).B2.s).toMatchObject({ fgColor: { rgb: '00B050' } });
  expect(cells(cleared).B2.z).toBe('0.0');
});

test.each(['1.7', '1.9', '1.20'])(
  'ExcelApi %s: a workbook highlighted by the CLI is cleared exactly in Excel',
  async (version) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'fills.xlsx')));
    const annotated = patchFile(bytes, [{ kind: 'highlight', sheet: SHEET, cells: ['B2', 'C2', 'A3'], tone: 'error' }]);
    // The CLI records the original colours beside its style indices.
    const recs = Object.fromEntries(readState(annotated)!.highlights.map((h) => [h.cell, h]));
    expect(recs.B2).toMatchObject({ fill: '#00B050', font: '#000000' });
    expect(recs.C2).toMatchObject({ fill: '#FFFF00', font: '#C00000' });
    const { sim, host } = simHost(annotated, version);
    expect(sim.workbook.cell(SHEET, 'B2')?.fill).toBe('#' + HIGHLIGHT_COLORS.error.fill);
    await host.apply([{ kind: 'clearHighlights' }]);
    expect(sim.workbook.cell(SHEET, 'B2')?.fill).toBe('#00B050');
    expect(sim.workbook.cell(SHEET, 'C2')).toMatchObject({ fill: '#FFFF00', font: '#C00000' });
    expect(sim.workbook.cell(SHEET, 'A3')?.fill).toBeUndefined();
  },
);
