/**
 * «Отметки» → «По журналу (вся книга)» as it runs in Excel (issue 16): taskpane.html in Chromium
 * with the simulated Excel host over a journal workbook written by openpyxl — 5А in two quarters (a
 * pupil выбыл, one прибыл, one «н/а»), 6Б in the second. The pane shows a line per quarter and the
 * classes of the latest one; the three sheets are written with the lists' tables. The expected
 * numbers are counted by hand from the marks below. Screenshot in artifacts/screens/.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Page } from 'playwright-core';
import { bundleSim } from './sim-bundle';
import { Served, serve, shot, unlabelled, watch, openSimPane } from './browser';

let s: Served;
let simJs: string;
let book: string;

const PY = `
import sys, openpyxl
wb = openpyxl.Workbook()
wb.remove(wb.active)
def block(name, title, subjects, teachers, rows):
    ws = wb.create_sheet(name)
    ws.append([title])
    ws.append([])
    ws.append(["№", "ФИО"] + subjects)
    ws.append([None, "Учитель"] + teachers)
    for i, r in enumerate(rows, start=1):
        ws.append([i] + r)
block("5А", "Итоговые отметки за 1 четверть 2026/2027, 5А", ["Русский язык", "Математика", "История"],
      ["Белова Т. И.", "Исаева М. С.", "Воронов С. П."],
      [["Андреев Иван", 5, 5, 5], ["Белова Анна", 4, 5, 5], ["Васильев Пётр", 3, 4, 4], ["Григорьева Ольга", 2, 3, 3]])
block("5А 2ч", "Итоговые отметки за 2 четверть 2026/2027, 5А", ["Русский язык", "Математика", "История"],
      ["Белова Т. И.", "Исаева М. С.", "Воронов С. П."],
      [["Андреев Иван", 5, 5, 4], ["Белова Анна", 3, 5, 5], ["Васильев Пётр (выбыл 20.11.2026)", 2, 2, 2],
       ["Григорьева Ольга", "н/а", 3, 3], ["Дмитриев Егор (прибыл)", 4, 4, 5]])
block("6Б", "6 «Б» класс — отметки за вторую четверть 2026/27", ["Математика", "Биология"],
      ["Исаева М. С.", "Комаров А. Д."],
      [["Егорова Вера", 5, 5], ["Жуков Сергей", 2, 4], ["Зайцева Ксения", 4, 5]])
wb.save(sys.argv[1])
`;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-journal-e2e-'));
  book = path.join(dir, 'journal.xlsx');
  const r = spawnSync('/usr/bin/python3', ['-c', PY, book], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  [s, simJs] = await Promise.all([serve(), bundleSim()]);
});

afterAll(async () => {
  await s?.close();
});

function openPane(file: string): Promise<Page> {
  return openSimPane(s, simJs, file);
}

interface Sim {
  shnorExcelSim: {
    workbook: {
      sheets: { name: string }[];
      tables: { name: string; sheet: { name: string } }[];
      values(sheet: string): Map<string, unknown>;
      sheet(
        name: string,
      ): { charts: { title: string; type: string; series: { name: string; values: string | null }[] }[] } | undefined;
    };
  };
}

test('the journal workbook in Excel: figures per quarter in the pane, the three sheets with the lists', async () => {
  const page = await openPane(book);
  const w = watch(page, s.base);
  await page.getByText(/^Лист «5А»/).waitFor();
  await page.getByRole('tab', { name: 'Отметки' }).click();
  await page.getByRole('button', { name: 'По журналу (вся книга)' }).click();
  await page
    .getByText('Записаны листы «Отметки по журналу», «Списки по журналу», «Классы по журналу».')
    .first()
    .waitFor();
  const region = page.getByRole('region', { name: 'По журналу (вся книга)' });
  // 1 четверть: 5А alone; Григорьева «2» — неуспевающая, Васильев one «3», Белова one «4»
  await region
    .getByText(
      '1 четверть 2026-2027: классов 1; неуспевающих 1; с одной «3» — 1; с одной «4» — 1; выбыло 0, прибыло 0.',
    )
    .waitFor();
  // 2 четверть: Васильев выбыл (not counted), Дмитриев прибыл (counted, two «4»); Григорьева н/а, Жуков «2»;
  // Белова one «3»; Андреев and Зайцева one «4»
  await region
    .getByText(
      '2 четверть 2026-2027: классов 2; неуспевающих 2; с одной «3» — 1; с одной «4» — 2; выбыло 1, прибыло 1.',
    )
    .waitFor();
  const table = region.getByRole('table', { name: 'По журналу (вся книга): 2 четверть 2026-2027' });
  // 5А: n5 5, n4 3, n3 3, «н/а» 1 outside n → n 11: 100 %, 8/11 = 72,7 %, СОУ (5 + 1,92 + 1,08)/11 = 72,7 %;
  // 1 четверть: n5 5, n4 3, n3 3, n2 1 → качество 8/12 = 66,7 %, change +6,1
  await expect(table.getByRole('row', { name: /^5А/ }).textContent()).resolves.toBe('5А100,072,772,7+6,1');
  // 6Б: n5 3, n4 2, n2 1 → 5/6 = 83,3 %, 83,3 %, СОУ (3 + 1,28 + 0,16)/6 = 74,0 %
  await expect(table.getByRole('row', { name: /^6Б/ }).textContent()).resolves.toBe('6Б83,383,374,0—');
  expect(await unlabelled(page)).toEqual([]);
  await shot(page, 'pane-excel-journal.png', false);

  const sim = await page.evaluate(() => {
    const wb = (window as unknown as Sim).shnorExcelSim.workbook;
    const lists = [...wb.values('Списки по журналу').values()].map(String);
    return {
      sheets: wb.sheets.map((x) => x.name),
      tables: wb.tables.map((t) => `${t.sheet.name}|${t.name}`),
      lists,
      charts: JSON.parse(JSON.stringify(wb.sheet('Классы по журналу')?.charts ?? [])) as {
        title: string;
        type: string;
        series: { name: string; values: string | null }[];
      }[],
    };
  });
  expect(sim.sheets).toEqual(
    expect.arrayContaining(['5А', '5А 2ч', '6Б', 'Отметки по журналу', 'Списки по журналу', 'Классы по журналу']),
  );
  expect(sim.tables).toEqual(
    expect.arrayContaining([
      'Списки по журналу|ShnorJournalFailing',
      'Списки по журналу|ShnorJournalOneThree',
      'Списки по журналу|ShnorJournalOneFour',
      'Списки по журналу|ShnorJournalMoved',
      'Отметки по журналу|ShnorJournalFigures',
      'Классы по журналу|ShnorJournalClass1',
      'Классы по журналу|ShnorJournalClass2',
    ]),
  );
  for (const name of ['Григорьева Ольга', 'Жуков Сергей', 'Белова Анна', 'Андреев Иван', 'Зайцева Ксения'])
    expect(sim.lists).toContain(name);
  expect(sim.lists).toContain('Русский язык «н/а»');
  // Васильев: «с одной «3»» in the 1st quarter; left in the 2nd — there only in «Движение»
  expect(sim.lists.filter((v) => v === 'Васильев Пётр').length).toBe(2);
  expect(sim.lists).toContain('не входит в показатели и списки');
  // a chart per class of the latest quarter, written through Office.js (series one by one on ExcelApi 1.7):
  // 5А has the previous quarter, so its chart draws «Качество в прошлом периоде» too (a column apart)
  expect(sim.charts.map((c) => `${c.type}|${c.title}`)).toEqual([
    'ColumnClustered|5А: успеваемость, качество, СОУ',
    'ColumnClustered|6Б: успеваемость, качество, СОУ',
  ]);
  expect(sim.charts[0].series.map((x) => x.name)).toEqual([
    'Успеваемость',
    'Качество',
    'СОУ',
    'Качество в прошлом периоде',
  ]);
  expect(sim.charts[1].series.map((x) => x.name)).toEqual(['Успеваемость', 'Качество', 'СОУ']);
  for (const c of sim.charts) for (const x of c.series) expect(x.values).toMatch(/^'Классы по журналу'!/);
  expect(w.errors).toEqual([]);
  expect(w.outside).toEqual([]);
  await page.close();
}, 180_000);
