/**
 * The ribbon commands (src/commands/commands.ts) on the simulated Excel host loaded from real
 * .xlsx files (test/excel-host): «Проверить лист» and the «Вставить шаблон» menu; and the manifest
 * names exactly the functions the commands file registers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createSimulatedExcel } from '../excel-host';
import { OfficeHost } from '../../src/excel/officeHost';
import { clearHighlights } from '../../src/taskpane/actions';
import { COMMANDS, checkSheet, insertTemplateCommand } from '../../src/commands/commands';

const ROOT = path.resolve(__dirname, '..', '..');
const bytes = (f: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(ROOT, f)));

function hostOf(file: string, apiVersion = '1.7') {
  const sim = createSimulatedExcel(bytes(file), { apiVersion });
  const host = new OfficeHost({
    excel: sim.Excel as unknown as typeof Excel,
    office: sim.Office as unknown as typeof Office,
  });
  return { sim, host };
}

function event(): Office.AddinCommands.Event & { done: number } {
  const e = { done: 0, source: { id: 'x' }, completed: () => void e.done++ };
  return e as unknown as Office.AddinCommands.Event & { done: number };
}

test.each(['1.7', '1.9'])(
  '«Проверить лист» on a ДТК (ExcelApi %s): highlights, the «Проверка» sheet shown, a message',
  async (v) => {
    const { sim, host } = hostOf('test/fixtures/pane/pane_dtk.xlsx', v);
    const before = sim.workbook.formats('ДТК');
    const e = event();
    const text = await checkSheet(e, host);
    expect(e.done).toBe(1);
    expect(text).toMatch(/^Вид книги: ДТК \(диагностико-технологическая карта\)\. Ошиб/);
    const check = sim.workbook.sheet('Проверка');
    expect(check).toBeDefined();
    expect(sim.workbook.sheets[sim.workbook.activeSheet].name).toBe('Проверка');
    expect(sim.workbook.value('Проверка', 'A1')).toBe('Проверка книги');
    // conclusions are not written by the ribbon check
    expect(sim.workbook.value('ДТК', 'B65')).toBe('');
    expect(text).toMatch(/Ошибок: [1-9]\d*/);
    const lit = sim.workbook.formats('ДТК');
    expect(
      [...lit.keys()].filter((k) => JSON.stringify(lit.get(k)) !== JSON.stringify(before.get(k))).length,
    ).toBeGreaterThan(10);
    // the pane's «Снять подсветку» on the same host brings every original format back
    await clearHighlights(host);
    expect(sim.workbook.formats('ДТК')).toEqual(before);
  },
);

test('«Проверить лист» on a sheet of another kind says so, and a failure still completes the command', async () => {
  const { host } = hostOf('test/fixtures/pane/pane_book.xlsx');
  const e = event();
  expect(await checkSheet(e, host)).toMatch(/^Вид книги: вид не распознан\./);
  expect(e.done).toBe(1);
  const broken = { activeSheet: () => Promise.reject(new Error('нет связи с Excel')) } as unknown as OfficeHost;
  const e2 = event();
  expect(await checkSheet(e2, broken)).toBe('Не получилось: нет связи с Excel');
  expect(e2.done).toBe(1);
});

test('«Вставить шаблон»: each of the four menu items adds its sheets and shows the first', async () => {
  const { sim, host } = hostOf('test/fixtures/pane/pane_book.xlsx');
  const want = { dtk: 'ДТК', card: 'Информационная карта', roadmap: 'Дорожная карта', results: 'Результаты' } as const;
  for (const [id, sheet] of Object.entries(want)) {
    const e = event();
    const text = await insertTemplateCommand(id as keyof typeof want, e, host);
    expect(text).toContain(`«${sheet}»`);
    expect(e.done).toBe(1);
    expect(sim.workbook.sheet(sheet)).toBeDefined();
    expect(sim.workbook.sheets[sim.workbook.activeSheet].name).toBe(sheet);
  }
  expect(sim.workbook.value('Выводы', 'B2')).toBe('Мой вывод: результаты стабильные');
});

test('the manifest calls exactly the functions the commands file registers', () => {
  const xml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const named = [...xml.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]).sort();
  expect(named).toEqual(Object.keys(COMMANDS).sort());
  for (const n of named) expect(typeof (globalThis as Record<string, unknown>)[n]).toBe('function');
});
