/**
 * The web page's host over real files written by openpyxl (test/fixtures/pane, test/fixtures/results):
 * reading, the write-back rules for values, reversible highlights, identification on a sheet and on
 * a range, templates, and that cancelled work leaves the workbook as it was.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strFromU8, unzipSync } from 'fflate';
import { FileHost, FileOpenError, OWN_TEXT_REASON, cropSheet } from '../../src/taskpane/fileHost';
import {
  activeSheetKind,
  clearHighlights,
  insertTemplate,
  runCheck,
  runIdentify,
  replaceWithDraft,
  writeConclusions,
} from '../../src/taskpane/actions';
import { readState } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures');
const PANE = path.join(FIX, 'pane', 'pane_book.xlsx');
const LONG = path.join(FIX, 'results', 'long_openpyxl.xlsx');
const bytes = (f: string): Uint8Array => new Uint8Array(fs.readFileSync(f));
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'results', 'long_openpyxl.expected.json'), 'utf8')) as {
  schools: { status: string }[];
};

/** Cell values and fill/font colours as openpyxl reads them back from the written bytes. */
function openpyxl(data: Uint8Array, sheet: string, cells: string[]): Record<string, [unknown, string, string]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-'));
  const file = path.join(dir, 'b.xlsx');
  fs.writeFileSync(file, data);
  const script = [
    'import json, sys',
    'from openpyxl import load_workbook',
    'ws = load_workbook(sys.argv[1])[sys.argv[2]]',
    'out = {}',
    'for c in sys.argv[3:]:',
    '    x = ws[c]',
    '    out[c] = [x.value, str(x.fill.fgColor.rgb) if x.fill and x.fill.fill_type else "", str(x.font.color.rgb) if x.font and x.font.color else ""]',
    'print(json.dumps(out))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script, file, sheet, ...cells], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(out);
}

test('a file that is not a workbook is refused with a Russian message naming it', () => {
  expect(() => FileHost.open('таблица.xlsx', new TextEncoder().encode('ОО;Участников\nСОШ 1;10\n'))).toThrow(
    FileOpenError,
  );
  expect(() => FileHost.open('таблица.xlsx', new TextEncoder().encode('ОО;Участников\n'))).toThrow(/«таблица\.xlsx»/);
});

test('reads visible sheets, offers only visible ones, the active sheet is the first', async () => {
  const host = FileHost.open('pane_book.xlsx', bytes(PANE));
  expect(host.visibleSheets()).toEqual(['Выводы', 'Пусто']);
  expect(await host.activeSheet()).toBe('Выводы');
  const wb = await host.read();
  expect(wb.sheets.map((s) => s.name)).toEqual(['Выводы', 'Пусто']);
  expect(wb.sheets[0].values[1][1]).toBe('Мой вывод: результаты стабильные');
  await host.select('Пусто', 'A1');
  expect(await host.activeSheet()).toBe('Пусто');
  expect(await host.selection()).toEqual({ sheet: 'Пусто', address: 'A1' });
  expect((await activeSheetKind(host)).kind).toBe('unknown');
});

test('a range read keeps sheet coordinates (origin) and clips merges', () => {
  const s = cropSheet(
    {
      name: 'Л',
      values: [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
      merges: [{ r1: 0, c1: 0, r2: 2, c2: 1 }],
    },
    'B2:C3',
  );
  expect(s.origin).toEqual({ row: 1, col: 1 });
  expect(s.values).toEqual([
    [5, 6],
    [8, 9],
  ]);
  expect(s.merges).toEqual([{ r1: 1, c1: 1, r2: 2, c2: 1 }]);
});

test("the host's own write-back rules: empty cells get the value, the user's own text and formulas stay, overwrite replaces", async () => {
  const host = FileHost.open('pane_book.xlsx', bytes(PANE));
  const draft = (cell: string, value: string | number, purpose: 'conclusion' | 'derived' = 'conclusion') =>
    ({ kind: 'setValue', sheet: 'Выводы', cell, value, purpose }) as const;
  const first = await host.apply([
    draft('B2', 'Черновик: доля выросла'),
    draft('B3', 'Проблема: нет'),
    draft('B4', 'в формулу нельзя'),
    draft('B5', 50, 'derived'),
    draft('B6', 12.5, 'derived'),
  ]);
  const byCell = Object.fromEntries(first.skipped.map((s) => [s.cell, s]));
  expect(Object.keys(byCell).sort()).toEqual(['B2', 'B4', 'B5']);
  expect(byCell.B2.reason).toBe(OWN_TEXT_REASON);
  expect(byCell.B2.ownText).toBe('Мой вывод: результаты стабильные');
  expect(byCell.B4.ownText).toBeUndefined();
  expect(byCell.B5.ownText).toBeUndefined();
  let cells = openpyxl(host.copy(), 'Выводы', ['B2', 'B3', 'B4', 'B5', 'B6']);
  expect(cells.B2[0]).toBe('Мой вывод: результаты стабильные');
  expect(cells.B3[0]).toBe('Проблема: нет');
  expect(cells.B4[0]).toBe('=1+1');
  expect(cells.B5[0]).toBe(42);
  expect(cells.B6[0]).toBe(12.5);
  expect(readState(host.copy())?.written).toEqual([{ sheet: 'Выводы', cell: 'B3', text: 'Проблема: нет' }]);

  // a later run may replace the product's own earlier draft, not the user's text
  const second = await host.apply([draft('B2', 'Черновик 2'), draft('B3', 'Проблема: новая')]);
  expect(second.skipped.map((s) => s.cell)).toEqual(['B2']);
  expect(openpyxl(host.copy(), 'Выводы', ['B3']).B3[0]).toBe('Проблема: новая');

  // the user's explicit choice
  const third = await replaceWithDraft(host, {
    sheet: 'Выводы',
    cell: 'B2',
    ownText: 'Мой вывод: результаты стабильные',
    draft: 'Черновик 2',
  });
  expect(third.skipped).toEqual([]);
  cells = openpyxl(host.copy(), 'Выводы', ['B2']);
  expect(cells.B2[0]).toBe('Черновик 2');
});

test('check of a results workbook: verdicts, «Проверка» and highlights; clearing restores every format', async () => {
  const original = bytes(LONG);
  const host = FileHost.open('long_openpyxl.xlsx', original);
  const kind = await activeSheetKind(host);
  expect(kind.kind).toBe('results');
  const run = await runCheck(host, { threshold: 30 });
  expect(run.report.kind).toBe('results');
  const byStatus = run.report.identification!.summary.byStatus;
  const want = { ШНОР: 0, риск: 0, норма: 0 } as Record<string, number>;
  for (const s of expected.schools) want[s.status]++;
  expect(byStatus).toEqual(want);
  expect(byStatus.ШНОР).toBe(11);
  const after = readWorkbook(host.copy());
  expect(after.ok && after.workbook.sheets.map((s) => s.name)).toEqual(
    expect.arrayContaining(['Проверка', 'Идентификация ШНОР']),
  );
  const highlighted = readState(host.copy())!.highlights;
  expect(highlighted.length).toBeGreaterThan(10);

  // running the same check twice gives the same workbook
  const once = host.copy();
  await runCheck(host, { threshold: 30 });
  expect(Buffer.from(host.copy()).equals(Buffer.from(once))).toBe(true);

  await clearHighlights(host);
  expect(readState(host.copy())!.highlights).toEqual([]);
  const sheetPart = (b: Uint8Array): string => strFromU8(unzipSync(b)['xl/worksheets/sheet1.xml']);
  expect(sheetPart(host.copy())).toBe(sheetPart(original));
});

test("highlighting a cell with its own fill and clearing brings the user's fill and font back", async () => {
  const host = FileHost.open('pane_book.xlsx', bytes(PANE));
  const before = openpyxl(host.copy(), 'Выводы', ['C2', 'A1']);
  expect(before.C2.slice(1)).toEqual(['FFFFFF00', 'FFFF0000']);
  await host.apply([{ kind: 'highlight', sheet: 'Выводы', cells: ['C2', 'A1'], tone: 'error' }]);
  const lit = openpyxl(host.copy(), 'Выводы', ['C2', 'A1']);
  expect(lit.C2[1]).toMatch(/FFC7CE$/);
  expect(lit.A1[1]).toMatch(/FFC7CE$/);
  await clearHighlights(host);
  expect(openpyxl(host.copy(), 'Выводы', ['C2', 'A1'])).toEqual(before);
});

test('identification on a chosen sheet and on a selected range', async () => {
  const host = FileHost.open('long_openpyxl.xlsx', bytes(LONG));
  const sheet = await host.activeSheet();
  const onSheet = await runIdentify(host, { threshold: 30, rule2: 'same' }, { sheet });
  expect(onSheet.settings.rule2).toBe('same');
  expect(onSheet.settings.sheet).toBe(sheet);
  expect(onSheet.result.summary.schools).toBe(40);

  // only the header and the first rows: fewer schools than in the whole sheet
  const wb = await host.read({ sheets: [sheet] });
  const rows = wb.sheets[0].values.length;
  expect(rows).toBeGreaterThan(40);
  const fresh = FileHost.open('long_openpyxl.xlsx', bytes(LONG));
  fresh.setSelection(sheet, 'A1:Z30');
  const range = (await fresh.selection())!;
  const onRange = await runIdentify(fresh, { threshold: 30 }, { range });
  expect(onRange.result.summary.schools).toBeGreaterThan(0);
  expect(onRange.result.summary.schools).toBeLessThan(40);
  // cells named in the findings are sheet cells, not range-relative ones
  for (const c of onRange.result.lowCells.flatMap((l) => l.cells))
    expect(Number(/\d+/.exec(c)![0])).toBeLessThanOrEqual(30);
});

test('templates go in beside the user sheets, never over a sheet of the same name', async () => {
  const host = FileHost.open('pane_book.xlsx', bytes(PANE));
  const one = await insertTemplate(host, 'dtk', { now: new Date(2026, 10, 22) });
  expect(one.sheets).toEqual(['ДТК']);
  const two = await insertTemplate(host, 'dtk', { now: new Date(2026, 10, 22) });
  expect(two.sheets).toEqual(['ДТК (2)']);
  await insertTemplate(host, 'results');
  const wb = readWorkbook(host.copy());
  expect(wb.ok && wb.workbook.sheets.map((s) => s.name)).toEqual([
    'Выводы',
    'Пусто',
    'Скрытый',
    'ДТК',
    'ДТК (2)',
    'Результаты',
    'Справка',
  ]);
  // the ДТК template of November 2026 is for the three school years ending with 2026-2027
  const dtk = wb.ok ? wb.workbook.sheets.find((s) => s.name === 'ДТК')! : null;
  const text = JSON.stringify(dtk!.values);
  expect(text).toContain('2026-2027');
  expect(text).toContain('2024-2025');
  expect(openpyxl(host.copy(), 'Выводы', ['B2']).B2[0]).toBe('Мой вывод: результаты стабильные');
});

test('cancelled work leaves the workbook untouched', async () => {
  const original = bytes(LONG);
  const host = FileHost.open('long_openpyxl.xlsx', original);
  const ac = new AbortController();
  const stages: string[] = [];
  const p = runCheck(
    host,
    { threshold: 30 },
    {
      signal: ac.signal,
      onProgress: (s) => {
        stages.push(s.stage);
        ac.abort();
      },
    },
  );
  await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  expect(stages.length).toBeGreaterThan(0);
  expect(host.changed).toBe(false);
  expect(Buffer.from(host.copy()).equals(Buffer.from(original))).toBe(true);
});

test("«Записать выводы» on a ДТК: drafts go into empty conclusion cells, the user's own conclusions come back with drafts", async () => {
  const host = FileHost.open('pane_dtk.xlsx', bytes(path.join(FIX, 'pane', 'pane_dtk.xlsx')));
  expect((await activeSheetKind(host)).kind).toBe('dtk');
  const checked = await runCheck(host, { threshold: 30 });
  expect(checked.report.kind).toBe('dtk');
  // «Проверить» writes no conclusions
  expect(openpyxl(host.copy(), 'ДТК', ['B65', 'B66']).B65[0]).toBeNull();
  expect(readWorkbook(host.copy()).ok && readWorkbook(host.copy())).toMatchObject({
    workbook: { sheets: expect.arrayContaining([expect.objectContaining({ name: 'Проверка' })]) },
  });

  const run = await writeConclusions(host, { threshold: 30 });
  const draft1 = run.report.conclusions.find((c) => c.section === '1')!;
  expect(draft1.conclusion.length).toBeGreaterThan(10);
  const cells = openpyxl(host.copy(), 'ДТК', ['B65', 'B66', 'B89', 'B90', 'B120', 'B121']);
  expect(cells.B65[0]).toBe(draft1.conclusion);
  expect(cells.B66[0]).toBe(draft1.problem);
  expect([cells.B89[0], cells.B90[0], cells.B120[0], cells.B121[0]]).toEqual([
    'Текст 2.conclusion',
    'Текст 2.problem',
    'Текст 3.conclusion',
    'Текст 3.problem',
  ]);
  expect(run.conflicts.map((c) => `${c.cell} ${c.ownText}`)).toEqual([
    'B89 Текст 2.conclusion',
    'B90 Текст 2.problem',
    'B120 Текст 3.conclusion',
    'B121 Текст 3.problem',
  ]);
  const draft2 = run.report.conclusions.find((c) => c.section === '2')!;
  expect(run.conflicts[0].draft).toBe(draft2.conclusion);
  expect(run.written).toBeGreaterThanOrEqual(2);

  // the user chose «Заменить» for B89 only
  await replaceWithDraft(host, run.conflicts[0]);
  const after = openpyxl(host.copy(), 'ДТК', ['B89', 'B90']);
  expect(after.B89[0]).toBe(draft2.conclusion);
  expect(after.B90[0]).toBe('Текст 2.problem');
  // a second run: B89 now holds the product's text, so only three conflicts remain; the workbook does not change
  const once = host.copy();
  const again = await writeConclusions(host, { threshold: 30 });
  expect(again.conflicts.map((c) => c.cell)).toEqual(['B90', 'B120', 'B121']);
  expect(Buffer.from(host.copy()).equals(Buffer.from(once))).toBe(true);
});
