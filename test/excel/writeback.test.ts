/**
 * The Office.js adapter's write-back rules (PRODUCT.md) against the simulated Excel, on a workbook
 * written by openpyxl (test/fixtures/excel/make_fills.py) whose cells have fills of their own:
 * reversible highlights (exact fill, pattern and font colour back, at every API level), a
 * recoloured cell left alone, running twice = running once, formulas never replaced, the user's
 * own text kept unless they chose to replace it, text that looks like a formula stays text, owned
 * sheets replaced whole, and a workbook annotated by the CLI cleared in Excel.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Edit, HIGHLIGHT_COLORS, OwnedSheet, STATE_SHEET } from '../../src/engine/edits';
import { a1 } from '../../src/engine/snapshot';
import { parseState } from '../../src/engine/state';
import { applyEdits as patchFile, readState } from '../../src/xlsx/patch';
import { SimError, SimWorkbook } from '../excel-host';
import { ROOT, simHost } from './helpers';

const FILLS = path.join(ROOT, 'test', 'fixtures', 'excel', 'fills.xlsx');
const SHEET = 'Данные';
const VERSIONS = ['1.7', '1.9', '1.20'];

function fresh(version: string): ReturnType<typeof simHost> {
  const h = simHost(FILLS, version);
  // The loader reads fills from the file, not fonts: the red font of C2 is set as the user would.
  h.sim.workbook.sheet(SHEET)!.at(1, 2).font = '#C00000';
  return h;
}

function formats(wb: SimWorkbook): Record<string, unknown> {
  return Object.fromEntries(wb.formats(SHEET));
}

function stateOf(wb: SimWorkbook): ReturnType<typeof parseState> {
  const s = wb.sheet(STATE_SHEET);
  if (!s) return null;
  let text = '';
  for (let r = 0; r < 100; r++) {
    const v = s.get(r, 0)?.v;
    if (v === undefined) break;
    text += String(v);
  }
  return parseState(text);
}

const HIGHLIGHTS: Edit[] = [
  { kind: 'clearHighlights' },
  { kind: 'highlight', sheet: SHEET, cells: ['B2', 'C2', 'D2', 'A3', 'F2', 'A20'], tone: 'error' },
  { kind: 'highlight', sheet: SHEET, cells: ['B3:B5'], tone: 'warning' },
  { kind: 'highlight', sheet: SHEET, cells: ['E2'], tone: 'low' },
];

describe.each(VERSIONS)('ExcelApi %s', (version) => {
  test('highlight then clear restores every fill and font colour exactly', async () => {
    const { sim, host } = fresh(version);
    const before = formats(sim.workbook);
    expect(before.B2).toEqual({ fill: '#00B050' });
    expect(before.C2).toEqual({ fill: '#FFFF00', font: '#C00000' });
    expect(before.D2).toEqual({ fill: '#4472C4', pattern: 'Gray16' });

    await host.apply(HIGHLIGHTS);
    const err = HIGHLIGHT_COLORS.error;
    for (const c of ['B2', 'C2', 'D2', 'A3', 'F2', 'A20'])
      expect(sim.workbook.cell(SHEET, c)).toMatchObject({ fill: '#' + err.fill, font: '#' + err.font });
    for (const c of ['B3', 'B4', 'B5'])
      expect(sim.workbook.cell(SHEET, c)).toMatchObject({ fill: '#' + HIGHLIGHT_COLORS.warning.fill });
    expect(sim.workbook.cell(SHEET, 'E2')).toMatchObject({ fill: '#' + HIGHLIGHT_COLORS.low.fill });
    // Values and formulas are untouched by highlighting.
    expect(sim.workbook.cell(SHEET, 'E2')?.f).toBe('B2*2');
    expect(sim.workbook.value(SHEET, 'B3')).toBe(31.5);
    expect(stateOf(sim.workbook)?.highlights).toHaveLength(10);

    await host.apply([{ kind: 'clearHighlights' }]);
    const after = formats(sim.workbook);
    if (version === '1.7') {
      // ExcelApi 1.7 cannot read a fill pattern: the patterned D2 gets its colour back as a solid fill.
      expect(after.D2).toEqual({ fill: '#4472C4' });
      delete after.D2;
      delete before.D2;
    }
    expect(after).toEqual(before);
    expect(stateOf(sim.workbook)?.highlights).toEqual([]);
    // The state sheet is very hidden and the user's sheets are as they were.
    expect(sim.workbook.sheet(STATE_SHEET)?.visibility).toBe('VeryHidden');
  });

  test('running the same highlights twice gives the same workbook as running them once', async () => {
    const { sim, host } = fresh(version);
    await host.apply(HIGHLIGHTS);
    const once = { formats: formats(sim.workbook), state: stateOf(sim.workbook) };
    sim.host.resetStats();
    await host.apply(HIGHLIGHTS);
    expect(formats(sim.workbook)).toEqual(once.formats);
    expect(stateOf(sim.workbook)).toEqual(once.state);
    // The second run found its own records: the originals are still the user's colours.
    const b2 = stateOf(sim.workbook)!.highlights.find((h) => h.cell === 'B2');
    expect(b2).toMatchObject({ fill: '#00B050' });
    // Clear after two runs still restores the user's own fills.
    await host.apply([{ kind: 'clearHighlights' }]);
    expect(sim.workbook.cell(SHEET, 'B2')?.fill).toBe('#00B050');
    expect(sim.workbook.cell(SHEET, 'A3')?.fill).toBeUndefined();
  });

  test('a highlighted cell the user recoloured since is left alone by the clearing', async () => {
    const { sim, host } = fresh(version);
    await host.apply(HIGHLIGHTS);
    sim.workbook.sheet(SHEET)!.at(2, 0).fill = '#7030A0';
    await host.apply([{ kind: 'clearHighlights' }]);
    expect(sim.workbook.cell(SHEET, 'A3')?.fill).toBe('#7030A0');
    expect(sim.workbook.cell(SHEET, 'B2')?.fill).toBe('#00B050');
  });

  test('values: formulas never replaced, own text kept unless replaced by choice, text stays text', async () => {
    const { sim, host } = fresh(version);
    const out = await host.apply([
      { kind: 'setValue', sheet: SHEET, cell: 'H2', value: '=HYPERLINK("http://x";"y")', purpose: 'conclusion' },
      { kind: 'setValue', sheet: SHEET, cell: 'H3', value: 'Черновик вывода', purpose: 'conclusion' },
      { kind: 'setValue', sheet: SHEET, cell: 'E2', value: 99, purpose: 'derived' },
      { kind: 'setValue', sheet: SHEET, cell: 'B2', value: 30, purpose: 'derived' },
      { kind: 'setValue', sheet: SHEET, cell: 'I2', value: '+7 912 000-00-00', purpose: 'derived' },
      { kind: 'setValue', sheet: SHEET, cell: 'I3', value: 12.5, purpose: 'derived' },
      { kind: 'setValue', sheet: 'Нет такого', cell: 'A1', value: 1, purpose: 'derived' },
    ]);
    const cells = Object.fromEntries(out.skipped.map((s) => [s.cell, s]));
    expect(Object.keys(cells).sort()).toEqual(['A1', 'B2', 'E2', 'H3']);
    expect(cells.H3.ownText).toBe('Свой текст пользователя');
    expect(cells.E2.reason).toMatch(/формула/);
    expect(cells.A1.reason).toMatch(/лист не найден/);
    expect(sim.workbook.cell(SHEET, 'E2')?.f).toBe('B2*2');
    expect(sim.workbook.value(SHEET, 'B2')).toBe(25);
    expect(sim.workbook.value(SHEET, 'H3')).toBe('Свой текст пользователя');
    // Text from data is written as text, never as a formula or a number.
    expect(sim.workbook.cell(SHEET, 'H2')).toMatchObject({ v: '=HYPERLINK("http://x";"y")', f: undefined });
    expect(sim.workbook.cell(SHEET, 'I2')).toMatchObject({ v: '+7 912 000-00-00', f: undefined });
    expect(sim.workbook.value(SHEET, 'I3')).toBe(12.5);
    expect(stateOf(sim.workbook)?.written).toEqual([{ sheet: SHEET, cell: 'H2', text: '=HYPERLINK("http://x";"y")' }]);

    // The user chose «replace» for H3; H2 still holds the product's own text, so a new draft replaces it.
    const again = await host.apply(
      [
        { kind: 'setValue', sheet: SHEET, cell: 'H2', value: 'Новый черновик', purpose: 'conclusion' },
        { kind: 'setValue', sheet: SHEET, cell: 'H3', value: 'Черновик вывода', purpose: 'conclusion' },
      ],
      { overwrite: [`${SHEET}!H3`] },
    );
    expect(again.skipped).toEqual([]);
    expect(sim.workbook.value(SHEET, 'H2')).toBe('Новый черновик');
    expect(sim.workbook.value(SHEET, 'H3')).toBe('Черновик вывода');
  });

  test('an owned sheet is added, then replaced whole in place, with its table, links and frozen header', async () => {
    const { sim, host } = fresh(version);
    const owned = (rows: number): OwnedSheet => ({
      name: 'Проверка',
      freezeHeader: true,
      position: 'first',
      tabColor: 'C00000',
      blocks: [
        { kind: 'text', style: 'title', lines: ['=СУММ(A1) — заголовок, не формула'] },
        {
          kind: 'pairs',
          rows: [
            ['Ошибок', 2],
            ['Дата', '22.11.2026'],
          ],
        },
        {
          kind: 'table',
          name: 'shnor_check',
          columns: [
            { header: '№', format: 'integer' },
            { header: 'Ячейка' },
            { header: 'Сообщение' },
            { header: 'Доля', format: 'decimal1' },
          ],
          rows: Array.from({ length: rows }, (_x, i) => [
            i + 1,
            { link: { sheet: SHEET, cell: `B${i + 2}` }, text: `B${i + 2}` },
            `Сообщение ${i + 1}`,
            12.25 + i,
          ]),
          tones: [[0, 2, 'error']],
        },
      ],
    });
    await host.apply([{ kind: 'replaceSheet', sheet: owned(3) }]);
    const wb = sim.workbook;
    expect(wb.sheets.map((s) => s.name)).toEqual(
      ['Проверка', SHEET, STATE_SHEET].filter((n) => n !== STATE_SHEET || wb.sheet(n)),
    );
    expect(wb.cell('Проверка', 'A1')).toMatchObject({
      v: '=СУММ(A1) — заголовок, не формула',
      f: undefined,
      bold: true,
    });
    expect(wb.value('Проверка', 'A3')).toBe('Ошибок');
    expect(wb.value('Проверка', 'B3')).toBe(2);
    expect(
      wb.tables.map((t) => [t.name, t.sheet.name, `${a1(t.rect.r1, t.rect.c1)}:${a1(t.rect.r2, t.rect.c2)}`]),
    ).toEqual([['shnor_check', 'Проверка', 'A6:D9']]);
    expect(wb.cell('Проверка', 'B7')?.link).toEqual({ documentReference: `'${SHEET}'!B2`, textToDisplay: 'B2' });
    expect(wb.cell('Проверка', 'D7')?.nf).toBe('0.0');
    expect(wb.cell('Проверка', 'C7')?.fill).toBe('#' + HIGHLIGHT_COLORS.error.fill);
    expect(wb.sheet('Проверка')?.freezeRows).toBe(6);
    expect(wb.sheet('Проверка')?.tabColor).toBe('#C00000');

    // The second run replaces it: one sheet of that name, at the same place, one table of the same name.
    await host.apply([{ kind: 'replaceSheet', sheet: owned(1) }]);
    expect(wb.sheets.filter((s) => s.name === 'Проверка')).toHaveLength(1);
    expect(wb.sheets[0].name).toBe('Проверка');
    expect(wb.tables.map((t) => [t.name, `${a1(t.rect.r1, t.rect.c1)}:${a1(t.rect.r2, t.rect.c2)}`])).toEqual([
      ['shnor_check', 'A6:D7'],
    ]);
    expect(wb.value('Проверка', 'C8')).toBe('');
  });

  test('a workbook annotated by the CLI is cleared in Excel; the record of the written conclusion is honoured', async () => {
    const bytes = new Uint8Array(fs.readFileSync(FILLS));
    const annotated = patchFile(bytes, [
      { kind: 'highlight', sheet: SHEET, cells: ['A3', 'A4', 'B2'], tone: 'error' },
      { kind: 'setValue', sheet: SHEET, cell: 'H2', value: 'Вывод от CLI', purpose: 'conclusion' },
    ]);
    expect(readState(annotated)?.highlights).toHaveLength(3);
    const { sim, host } = simHost(annotated, version);
    expect(sim.workbook.cell(SHEET, 'A3')?.fill).toBe('#' + HIGHLIGHT_COLORS.error.fill);
    const out = await host.apply([
      { kind: 'clearHighlights' },
      { kind: 'setValue', sheet: SHEET, cell: 'H2', value: 'Вывод из Excel', purpose: 'conclusion' },
    ]);
    expect(out.skipped).toEqual([]);
    expect(sim.workbook.cell(SHEET, 'A3')?.fill).toBeUndefined();
    expect(sim.workbook.cell(SHEET, 'A4')?.fill).toBeUndefined();
    expect(sim.workbook.value(SHEET, 'H2')).toBe('Вывод из Excel');
    const state = stateOf(sim.workbook)!;
    expect(state.highlights).toEqual([]);
    expect(state.written).toEqual([{ sheet: SHEET, cell: 'H2', text: 'Вывод из Excel' }]);
  });
});

test('the state the add-in writes is the CLI format, with the original colours beside the cells', async () => {
  const { sim, host } = fresh('1.9');
  await host.apply(HIGHLIGHTS);
  const state = stateOf(sim.workbook)!;
  const byCell = Object.fromEntries(state.highlights.map((h) => [h.cell, h]));
  expect(byCell.B2).toEqual({ sheet: SHEET, cell: 'B2', s: null, created: false, fill: '#00B050', font: '#000000' });
  expect(byCell.D2).toEqual({
    sheet: SHEET,
    cell: 'D2',
    s: null,
    created: false,
    fill: '#4472C4',
    pattern: 'Gray16',
    font: '#000000',
  });
  expect(byCell.A20).toEqual({ sheet: SHEET, cell: 'A20', s: null, created: false, fill: null, font: '#000000' });
  // Every chunk of the state is text (a JSON piece that looks like a number is not turned into one).
  for (const cell of sim.workbook.sheet(STATE_SHEET)!.cells.values()) expect(typeof cell.v).toBe('string');
});

test('an aborted apply writes nothing', async () => {
  const { sim, host } = fresh('1.20');
  const before = formats(sim.workbook);
  const ctl = new AbortController();
  ctl.abort();
  await expect(host.apply(HIGHLIGHTS, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  expect(formats(sim.workbook)).toEqual(before);
  expect(sim.workbook.sheet(STATE_SHEET)).toBeUndefined();
});

test('activeSheet, selection, select and reading a range', async () => {
  const { sim, host } = fresh('1.7');
  expect(await host.activeSheet()).toBe(SHEET);
  await host.select(SHEET, 'B4');
  expect(await host.selection()).toEqual({ sheet: SHEET, address: 'B4' });
  expect(sim.workbook.selection).toEqual({ sheet: SHEET, address: 'B4' });
  const snap = await host.read({ range: { sheet: SHEET, address: 'A3:B5' } });
  expect(snap.sheets).toHaveLength(1);
  expect(snap.sheets[0].origin).toEqual({ row: 2, col: 0 });
  expect(snap.sheets[0].values).toEqual([
    ['Школа № 1', 31.5],
    ['Школа № 2', 42],
    ['Школа № 3', 52.5],
  ]);
  expect(snap.sheets[0].formats?.[0]?.[1]).toBe('0.0');
});

test('Excel refusing a request gives the user a Russian reason (a protected sheet)', async () => {
  const { sim, host } = fresh('1.20');
  sim.host.beforeSync = (n) => {
    if (n === 3) throw new SimError('AccessDenied', 'The cell or chart you are trying to change is protected.');
  };
  await expect(host.apply(HIGHLIGHTS)).rejects.toMatchObject({
    code: 'AccessDenied',
    message: expect.stringMatching(/защищены/),
  });
});
