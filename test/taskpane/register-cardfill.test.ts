/**
 * The pane's «Реестр ШНОР» and «Заполнить раздел 2 карты из дорожной карты» (issue 15) through the
 * Office.js adapter on the simulated Excel (test/excel-host) and the web page's file host, on
 * workbooks written by openpyxl at test time. The register sheet holds the statuses an independent
 * count of the generated results gives, with its chart where the host draws charts; the card's
 * section 2 receives the roadmap's executions in its empty cells only.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { applyCardFill, prepareCardFill, runRegisterSheet } from '../../src/taskpane/actions';
import { FileHost } from '../../src/taskpane/fileHost';
import { readWorkbook } from '../../src/xlsx/read';
import { SheetView } from '../../src/engine/snapshot';
import { simHost } from '../excel/helpers';
import { tmpDir } from '../xlsx/helpers';

const YEARS = ['2020/2021', '2021/2022', '2022/2023'];
const MUNIS = ['Северный район', 'Южный район'];

function py(script: string, ...args: string[]): void {
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** Per school and year: the number of low results (50 % failed); each school also has one normal result. */
const LOW: number[][] = [
  [2, 2, 0], // новая, продолжает, резильентная
  [0, 2, 1], // —, новая, продолжает (1 low in Y and 1 in Y−1)
  [1, 1, 0], // ШНОР in year 2 (rule 2), then резильентная
  [0, 0, 2], // новая in the last year
  [0, 0, 0],
  [2, 0, 0], // новая, резильентная
];

const WRITE_RESULTS = `
import json, sys, openpyxl
low = json.loads(sys.argv[2]); years = json.loads(sys.argv[3]); munis = json.loads(sys.argv[4])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Результаты"
ws.append(["Код ОО", "Наименование ОО", "Муниципалитет", "Учебный год", "Процедура", "Предмет", "Класс", "Количество участников", "Не справились"])
subjects = ["Математика", "Русский язык", "Биология"]
for i, row in enumerate(low):
    for t, y in enumerate(years):
        k = 0
        for j in range(row[t]):
            ws.append([740000 + i, f"МБОУ «СОШ № {i + 1}»", munis[i % len(munis)], y, "ВПР", subjects[k], 5, 20, 10]); k += 1
        ws.append([740000 + i, f"МБОУ «СОШ № {i + 1}»", munis[i % len(munis)], y, "ВПР", subjects[k], 5, 100, 5])
wb.create_sheet("Заметки")["A1"] = "Мои заметки"
wb.save(sys.argv[1])
`;

/** The independent count: status and transition per school and year. */
function expected(low: number[]): { status: boolean; transition: string }[] {
  const shnor = low.map((l, t) => l >= 2 || (l >= 1 && t > 0 && low[t - 1] >= 1));
  return low.map((l, t) => {
    const before = t > 0 && shnor[t - 1];
    let transition = '';
    if (shnor[t]) transition = before ? 'поддержка продлена' : 'новая';
    else if (before) transition = l === 0 ? 'переведена в резильентные' : 'вышла';
    return { status: shnor[t], transition };
  });
}

const dir = tmpDir('pane-register-');
const RESULTS = path.join(dir, 'results.xlsx');
py(WRITE_RESULTS, RESULTS, JSON.stringify(LOW), JSON.stringify(YEARS), JSON.stringify(MUNIS));

describe.each(['1.7', '1.20'])('«Реестр ШНОР» in Excel (ExcelApi %s)', (version) => {
  test('the owned sheet holds every school’s transitions as counted here, with its chart', async () => {
    const { sim, host } = simHost(RESULTS, version);
    const r = await runRegisterSheet(host, {});
    expect(r.sheet).toBe('Реестр ШНОР');
    expect(r.outcome.skipped).toEqual([]);
    expect(r.register.years).toEqual(YEARS.map((y) => y.replace('/', '-')));
    LOW.forEach((low, i) => {
      const s = r.register.schools.find((x) => x.id === String(740000 + i));
      const want = expected(low);
      if (want.every((w) => !w.status)) {
        // A school never ШНОР may be listed with its statuses, never with a transition.
        if (s) expect(s.cells.every((c) => c.transition === null)).toBe(true);
        return;
      }
      expect(s).toBeDefined();
      expect(s!.cells.map((c) => c.status === 'ШНОР')).toEqual(want.map((w) => w.status));
    });
    // the sheet itself: each school row's transition cells
    const cells = sim.workbook.values('Реестр ШНОР');
    const texts = [...cells.values()].map(String);
    for (const t of ['новая', 'поддержка продлена', 'переведена в резильентные']) expect(texts).toContain(t);
    const last = LOW.map((l) => expected(l)[2]);
    const total = r.register.counts.find((c) => c.municipality === 'Всего' && c.year === '2022-2023')!;
    expect(total.ШНОР).toBe(last.filter((e) => e.status).length);
    expect(total.резильентная).toBe(last.filter((e) => e.transition === 'переведена в резильентные').length);
    expect(total.новая).toBe(last.filter((e) => e.transition === 'новая').length);
    const charts = sim.workbook.sheet('Реестр ШНОР')!.charts;
    expect(charts.length).toBe(1);
    // the user's sheets stay; a rerun replaces the sheet whole, the same figures
    expect(sim.workbook.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Результаты', 'Заметки']));
    const again = await runRegisterSheet(host, {});
    expect(again.register.counts).toEqual(r.register.counts);
    expect(sim.workbook.sheets.filter((s) => s.name === 'Реестр ШНОР')).toHaveLength(1);
    expect(sim.workbook.sheet('Реестр ШНОР')!.charts.length).toBe(1);
  }, 60_000);
});

test('«Реестр ШНОР» on the web page: the sheet goes into the copy; a user’s sheet of that name is refused', async () => {
  const host = FileHost.open('results.xlsx', new Uint8Array(fs.readFileSync(RESULTS)));
  const r = await runRegisterSheet(host, {});
  const back = readWorkbook(host.copy());
  if (!back.ok) throw new Error(back.message);
  const s = back.workbook.sheets.find((x) => x.name === 'Реестр ШНОР')!;
  expect(s).toBeDefined();
  const v = new SheetView(s);
  const all: string[] = [];
  for (let y = 0; y < v.rowCount; y++) for (let x = 0; x < 20; x++) all.push(String(v.get(y, x) ?? ''));
  expect(all).toContain(`Реестр ШНОР: ${r.register.years.join(', ')}`);

  const { sim, host: h2 } = simHost(RESULTS, '1.7');
  sim.workbook.sheet('Заметки')!.name = 'Реестр ШНОР';
  await expect(runRegisterSheet(h2, {})).rejects.toThrow(/уже есть лист «Реестр ШНОР».*не заменяет/);
  expect(Object.fromEntries(sim.workbook.values('Реестр ШНОР'))).toEqual({ A1: 'Мои заметки' });
});

const WRITE_BOOK = `
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Карта"
ws["A1"] = "Информационная карта МОУО о реализации плана (дорожной карты) по профилактике учебной неуспешности"
ws["A2"] = "Муниципальное образование"; ws["C2"] = "Северный район"
ws["A3"] = "Год"; ws["C3"] = 2024
ws["A5"] = "1. Общая характеристика плана (дорожной карты)"
hdr = ["№", "Показатель", "31.03", "15.09", "31.12"]
for c, h in enumerate(hdr, 1): ws.cell(6, c, h)
r = 7
for label in ["Наименование плана (дорожной карты)", "Период реализации", "Утверждение (должность, дата)",
              "Подведение итогов (где, когда, управленческое решение)", "Ответственный (ФИО, должность, контакты)"]:
    ws.cell(r, 2, label); ws.cell(r, 3, "есть"); r += 1
ws.cell(r, 1, "2. Реализация плана (дорожной карты)"); r += 1
for c, h in enumerate(["№", "Мероприятие", "31.03", "15.09", "31.12"], 1): ws.cell(r, c, h)
r += 1
ws.cell(r, 1, 1); ws.cell(r, 2, "Семинар для учителей математики"); ws.cell(r, 3, 20); r += 1
ws.cell(r, 1, 2); ws.cell(r, 2, "Консультации для родителей"); ws.cell(r, 3, 10); r += 1
r += 1
ws.cell(r, 2, "Исполнение плана в целом, %"); r += 2
ws.cell(r, 1, "3. Дополнительные показатели"); r += 1
for c, h in enumerate(hdr, 1): ws.cell(r, c, h)
r += 1
for label in ["Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности, %",
              "Доля школ с индивидуальными образовательными маршрутами для 100 % неуспевающих, %",
              "Доля школ с дополнительными занятиями для 100 % неуспевающих, %",
              "Распространение успешных практик — общее количество мероприятий (n)",
              "Перечень практик (ОО, мероприятие, формат)"]:
    ws.cell(r, 2, label); r += 1
rm = wb.create_sheet("Дорожная карта")
rm["A1"] = "II. Мероприятия дорожной карты"
for c, h in enumerate(["№", "Мероприятие", "Форма", "Код параметра", "Контингент", "Место проведения", "Дата проведения", "Ответственные", "Исполнение, %"], 1):
    rm.cell(2, c, h)
rm.append([1, "Семинар для учителей математики", "семинар", "2.1.", "учителя", "УО", "Март 2024", "Петрова А. А.", 55])
rm.append([2, "Консультации для родителей", "консультация", "3.2.", "родители", "ОО", "Май 2024", "Сидорова Б. Б.", "выполнено"])
rm.append([3, "Мониторинг дополнительных занятий", "мониторинг", "3.1.", "ОО", "УО", "Июнь 2024", "Иванов В. В.", 30])
wb.save(sys.argv[1])
`;

test('«Заполнить раздел 2 карты из дорожной карты» on the open workbook (simulated Excel and the web page)', async () => {
  const book = path.join(dir, 'card-and-roadmap.xlsx');
  py(WRITE_BOOK, book);
  // the generator's layout: section 2 header on row 13, measures on rows 14–15, an empty row 16
  const want = { D14: 55, D15: 100, B16: 'Мониторинг дополнительных занятий', D16: 30 };
  const { sim, host } = simHost(book, '1.7');
  const fill = await prepareCardFill(host, { date: '15.09' });
  expect(fill.ok).toBe(true);
  expect(fill.sheet).toBe('Карта');
  expect([fill.filled, fill.added]).toEqual([2, 1]);
  const out = await applyCardFill(host, fill);
  expect(out.skipped).toEqual([]);
  const cells = Object.fromEntries(sim.workbook.values('Карта'));
  for (const [k, v] of Object.entries(want)) expect([k, cells[k]]).toEqual([k, v]);
  expect(cells.C14).toBe(20);
  // the roadmap sheet is unchanged; a second run writes nothing
  const again = await prepareCardFill(host, { date: '15.09' });
  expect(again.edits).toHaveLength(0);
  expect(again.same).toBe(3);

  const web = FileHost.open('card-and-roadmap.xlsx', new Uint8Array(fs.readFileSync(book)));
  const f2 = await prepareCardFill(web, {});
  expect(f2.date).toBe('15.09');
  await applyCardFill(web, f2);
  const back = readWorkbook(web.copy());
  if (!back.ok) throw new Error(back.message);
  const v = new SheetView(back.workbook.sheets.find((s) => s.name === 'Карта')!);
  expect([v.get(13, 3), v.get(14, 3), v.get(15, 1), v.get(15, 3)]).toEqual(Object.values(want));
});
