/**
 * The simulated Excel keeps the Office.js semantics the adapter must be correct against: queued
 * operations that run only at sync, PropertyNotLoaded before load + sync, null objects, API
 * versions, Excel's text/number/formula coercion, and the 5 MB / 5,000,000-cell limits.
 */
/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load --
   these tests read before load and sync on purpose, to prove the simulated host refuses it as Excel does */
import * as fs from 'fs';
import * as path from 'path';
import { CELL_LIMIT, SimWorkbook, createSimulatedExcel, workbookFromSnapshot } from '.';

const FILLS = path.resolve(__dirname, '..', 'fixtures', 'excel', 'fills.xlsx');

type Any = any;

function sim(version = '1.20', wb?: SimWorkbook): { excel: Any; office: Any; wb: SimWorkbook; stats: () => Any } {
  const s = createSimulatedExcel(wb ?? new Uint8Array(fs.readFileSync(FILLS)), { apiVersion: version });
  return { excel: s.Excel, office: s.Office, wb: s.workbook, stats: () => s.host.stats };
}

test('loads values, formulas, number formats, fills, merges and visibility from a real .xlsx', () => {
  const { wb } = sim();
  expect(wb.sheets.map((s) => [s.name, s.visibility])).toEqual([['Данные', 'Visible']]);
  expect(wb.cell('Данные', 'B2')).toEqual({ v: 25, fill: '#00B050' });
  expect(wb.cell('Данные', 'D2')).toEqual({ v: 40, fill: '#4472C4', pattern: 'Gray16' });
  expect(wb.cell('Данные', 'E2')?.f).toBe('B2*2');
  expect(wb.cell('Данные', 'B3')).toEqual({ v: 31.5, nf: '0.0' });
  expect(wb.sheet('Данные')!.merges).toEqual([{ r1: 9, c1: 0, r2: 9, c2: 2 }]);
});

test('operations run at sync, in order; reading before load and sync throws PropertyNotLoaded', async () => {
  const { excel, wb, stats } = sim();
  await excel.run(async (ctx: Any) => {
    const ws = ctx.workbook.worksheets.getItem('Данные');
    const range = ws.getRange('A2:B2');
    range.values = [['новое', 7]];
    expect(wb.value('Данные', 'B2')).toBe(25);
    expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    range.load('values');
    expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    await ctx.sync();
    expect(range.values).toEqual([['новое', 7]]);
    expect(() => range.numberFormat).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    const fill = ws.getRange('B2').format.fill.load('color');
    await ctx.sync();
    expect(fill.color).toBe('#00B050');
    // A loaded value is a snapshot: it does not follow later changes until loaded again.
    ws.getRange('B2').values = [[8]];
    await ctx.sync();
    expect(range.values).toEqual([['новое', 7]]);
  });
  expect(stats().syncs).toBe(3);
  expect(stats().requestBytes.every((n: number) => n > 0)).toBe(true);
  expect(stats().writeSyncs).toBe(2);
});

test('Excel coerces what is written: formulas, numbers and booleans from text, unless the text prefix or @ format', async () => {
  const { excel, wb } = sim();
  await excel.run(async (ctx: Any) => {
    const ws = ctx.workbook.worksheets.getItem('Данные');
    ws.getRange('J1:J6').values = [['=1+1'], ['+7 912'], ['0012'], ["'0012"], ["'=1+1"], ['TRUE']];
    await ctx.sync();
  });
  expect(wb.cell('Данные', 'J1')?.f).toBe('1+1');
  expect(wb.cell('Данные', 'J2')?.f).toBe('7 912');
  expect(wb.value('Данные', 'J3')).toBe(12);
  expect(wb.value('Данные', 'J4')).toBe('0012');
  expect(wb.cell('Данные', 'J5')).toMatchObject({ v: '=1+1', f: undefined });
  expect(wb.value('Данные', 'J6')).toBe(true);
});

test('null objects, missing items and APIs above the host version', async () => {
  const { excel, office } = sim('1.7');
  expect(office.context.requirements.isSetSupported('ExcelApi', '1.7')).toBe(true);
  expect(office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(false);
  await excel.run(async (ctx: Any) => {
    const missing = ctx.workbook.worksheets.getItemOrNullObject('Нет');
    expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    await ctx.sync();
    expect(missing.isNullObject).toBe(true);
    const ws = ctx.workbook.worksheets.getItem('Данные');
    expect(() => ws.getRanges('A1,B2')).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
    expect(() => ws.getRange('A1').getCellProperties({})).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
    expect(() => ws.getRange('A1').getMergedAreasOrNullObject()).toThrow(
      expect.objectContaining({ code: 'ApiNotFound' }),
    );
    ctx.workbook.worksheets.getItem('Нет');
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
  });
});

test('a request over 5 MB is refused, and so is a read of more than 5,000,000 cells', async () => {
  const { excel, wb } = sim();
  await excel.run(async (ctx: Any) => {
    const ws = ctx.workbook.worksheets.getItem('Данные');
    const big = Array.from({ length: 60_000 }, () => ['x'.repeat(100)]);
    ws.getRange('A1:A60000').values = big;
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    ws.getRangeByIndexes(0, 0, 1_000_000, 6).load('values');
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
  });
  expect(wb.value('Данные', 'A1')).toBe('Школа');
  expect(CELL_LIMIT).toBe(5_000_000);
});

test('RangeAreas, cell properties and merged areas on 1.20; one undo step with mergeUndoGroup', async () => {
  const { excel, stats } = sim('1.20');
  await excel.run({ mergeUndoGroup: true }, async (ctx: Any) => {
    const ws = ctx.workbook.worksheets.getItem('Данные');
    ws.getRanges('A3:A4,C6').format.fill.color = '#FF0000';
    await ctx.sync();
    const props = ws.getRange('A3:B3').getCellProperties({ format: { fill: { color: true, pattern: true } } });
    const merged = ws.getRange().getMergedAreasOrNullObject().load('address');
    await ctx.sync();
    expect(props.value).toEqual([
      [
        { format: { fill: { color: '#FF0000', pattern: 'Solid' } } },
        { format: { fill: { color: '#FFFFFF', pattern: 'None' } } },
      ],
    ]);
    expect(merged.address).toBe('Данные!A10:C10');
    ws.getRange('Z1').values = [[1]];
    await ctx.sync();
  });
  expect(stats().mergedUndoRuns).toBe(1);
  expect(stats().undoSteps).toBe(1);
});

test('a workbook from engine snapshots (the benchmark builds its data so)', () => {
  const wb = workbookFromSnapshot({
    sheets: [
      {
        name: 'Р',
        values: [
          ['a', 1],
          [null, { error: '#DIV/0!' }],
        ],
        merges: [],
        formats: [[null, '0.0']],
      },
    ],
  });
  expect(wb.cell('Р', 'B1')).toEqual({ v: 1, nf: '0.0' });
  expect(wb.value('Р', 'B2')).toBe('#DIV/0!');
});

test('the core imports no Node module, so the page can bundle it (browser.ts entry)', () => {
  for (const f of ['index.ts', 'api.ts', 'model.ts', 'browser.ts']) {
    const text = fs.readFileSync(path.join(__dirname, f), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => !i.startsWith('.') && i !== '@e965/xlsx')).toEqual([]);
  }
});
