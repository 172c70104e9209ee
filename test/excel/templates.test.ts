/**
 * Templates inserted in Excel (the task pane's «Шаблон» over the Office.js adapter) hold the same
 * cells, merges and tables as `shnor template` writes into a file, and the engine reads them back
 * as the same kind of form — at ExcelApi 1.7 and 1.20, in a constant number of syncs.
 */
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { a1 } from '../../src/engine/snapshot';
import { TEMPLATE_IDS, insertTemplate, templateSheets } from '../../src/taskpane/actions';
import { createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { DATE, ROOT, simHost } from './helpers';

const NOW = new Date(2026, 10, 22);

describe.each(['1.7', '1.20'])('ExcelApi %s', (version) => {
  test.each([...TEMPLATE_IDS])('template %s: the same cells, merges and tables as the file writer', async (id) => {
    const { sim, host } = simHost(path.join(ROOT, 'test', 'fixtures', 'excel', 'fills.xlsx'), version);
    const { sheets } = await insertTemplate(host, id, { now: NOW });
    const file = readWorkbook(createWorkbook(templateSheets(id, NOW)));
    if (!file.ok) throw new Error(file.message);
    expect(sheets).toEqual(file.workbook.sheets.map((s) => s.name));
    for (const s of file.workbook.sheets) {
      const expected = new Map<string, unknown>();
      s.values.forEach((row, r) =>
        row.forEach((v, c) => {
          if (v !== null && v !== undefined && v !== '') expected.set(a1(r, c), v);
        }),
      );
      expect(Object.fromEntries(sim.workbook.values(s.name))).toEqual(Object.fromEntries(expected));
      const merges = (m: { r1: number; c1: number; r2: number; c2: number }): string =>
        `${a1(m.r1, m.c1)}:${a1(m.r2, m.c2)}`;
      expect(sim.workbook.sheet(s.name)!.merges.map(merges).sort()).toEqual(s.merges.map(merges).sort());
    }
    if (id === 'dtk') {
      // A printable form: bordered cells (inside lines across merged spans too), wrapped labels, taller rows.
      const sheet = sim.workbook.sheet(sheets[0])!;
      const cells = [...sheet.cells.values()];
      expect(cells.filter((c) => c.borders?.length).length).toBeGreaterThan(100);
      expect(cells.filter((c) => c.wrap).length).toBeGreaterThan(50);
      expect(sheet.rowHeights.size).toBeGreaterThan(0);
    }
    // Template help on headers becomes notes where Excel has them (ExcelApi 1.18).
    let notes = 0;
    for (const s of templateSheets(id, NOW))
      for (const b of s.blocks) {
        if (b.kind === 'table') notes += b.columns.filter((c) => c.note).length;
        if (b.kind === 'form') for (const r of b.rows) notes += r.cells.filter((c) => c?.note).length;
      }
    const written = sheets.flatMap((n) => [...sim.workbook.sheet(n)!.cells.values()].filter((c) => c.note)).length;
    expect(written).toBe(version === '1.20' ? notes : 0);
    // The engine recognises the inserted template as the form it is.
    const settings = parseIdentifySettings({});
    const fromExcel = checkWorkbook(await host.read({ sheets }), settings, DATE);
    const fromFile = checkWorkbook(file.workbook, settings, DATE);
    expect(fromExcel.kind).toBe(fromFile.kind);
    if (version === '1.20') expect(fromExcel.issues).toEqual(fromFile.issues);
    expect(sim.host.stats.maxRequestBytes).toBeLessThan(4_000_000);
  });
});
