/**
 * «Заполнить раздел 2 карты из дорожной карты» (issue 15): a card and a roadmap written by openpyxl
 * at test time; the copy written by `runCardFill` (the CLI's code) is read back by openpyxl. Every
 * empty execution cell of a measure the roadmap lists receives the roadmap's value, a user's value
 * that differs is kept and reported at its cell, a measure only in the roadmap goes into an empty
 * row of the table, and the default date is the first one whose column is empty — all compared with
 * expectations computed here from the data handed to the generator.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCardFill } from '../../src/cli/cardfill';
import { fillCardFromRoadmap } from '../../src/engine/card/fill';
import { readWorkbook } from '../../src/xlsx/read';

function py(script: string, ...args: string[]): string {
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** The card: section 1 and 3 short, section 2 with the given measures and executions, two empty rows. */
const WRITE_CARD = `
import json, sys, openpyxl
spec = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Информационная карта"
ws["A1"] = "Информационная карта МОУО о реализации плана (дорожной карты) по профилактике учебной неуспешности"
ws["A2"] = "Муниципальное образование"; ws["C2"] = "Северный район"
ws["A3"] = "Год"; ws["C3"] = 2024
ws["A5"] = "1. Общая характеристика плана (дорожной карты)"
hdr = ["№", "Показатель", "31.03", "15.09", "31.12"]
for c, h in enumerate(hdr, 1): ws.cell(6, c, h)
rows = ["Наименование плана (дорожной карты)", "Период реализации", "Утверждение (должность, дата)",
        "Подведение итогов (где, когда, управленческое решение)", "Ответственный (ФИО, должность, контакты)"]
r = 7
for label in rows:
    ws.cell(r, 2, label); ws.cell(r, 3, "есть"); r += 1
ws.cell(r, 1, "2. Реализация плана (дорожной карты)"); r += 1
for c, h in enumerate(["№", "Мероприятие", "31.03", "15.09", "31.12"], 1): ws.cell(r, c, h)
r += 1
first = r
for i, m in enumerate(spec["measures"]):
    ws.cell(r, 1, i + 1); ws.cell(r, 2, m["name"])
    for k, v in enumerate(m["values"]):
        if v is not None: ws.cell(r, 3 + k, v)
    r += 1
r += spec["blank"]
ws.cell(r, 2, "Исполнение плана в целом, %")
r += 2
ws.cell(r, 1, "3. Дополнительные показатели"); r += 1
for c, h in enumerate(hdr, 1): ws.cell(r, c, h)
r += 1
for label in ["Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности, %",
              "Доля школ с индивидуальными образовательными маршрутами для 100 % неуспевающих, %",
              "Доля школ с дополнительными занятиями для 100 % неуспевающих, %",
              "Распространение успешных практик — общее количество мероприятий (n)",
              "Перечень практик (ОО, мероприятие, формат)"]:
    ws.cell(r, 2, label); r += 1
wb.save(sys.argv[1])
print(first)
`;

const WRITE_ROADMAP = `
import json, sys, openpyxl
spec = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Дорожная карта"
ws["A1"] = "II. Мероприятия дорожной карты"
for c, h in enumerate(["№ п/п", "Наименование мероприятия", "Форма", "Код параметра", "Контингент", "Место проведения", "Дата проведения", "Ответственные", "Статус"], 1):
    ws.cell(2, c, h)
for i, m in enumerate(spec):
    ws.append([i + 1, m["name"], "семинар", "2.1.", "учителя", "МБОУ СОШ № 1", "Март 2024", "Петрова А. А.", m["exec"]])
wb.save(sys.argv[1])
`;

const READ = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Информационная карта"]
print(json.dumps([[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=5)], default=str))
`;

const DATES = ['31.03', '15.09', '31.12'];

interface CardMeasure {
  name: string;
  values: (number | null)[];
}
interface RoadmapMeasure {
  name: string;
  exec: number | string | null;
}

const DONE: Record<string, number> = { выполнено: 100, 'в работе': 0 };
const execOf = (m: RoadmapMeasure): number | null =>
  typeof m.exec === 'number' ? m.exec : m.exec === null ? null : (DONE[m.exec] ?? null);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-cardfill-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(card: CardMeasure[], blank: number, roadmap: RoadmapMeasure[], name: string) {
  const cardFile = path.join(dir, `${name}-card.xlsx`);
  const rmFile = path.join(dir, `${name}-roadmap.xlsx`);
  const first = Number(py(WRITE_CARD, cardFile, JSON.stringify({ measures: card, blank })).trim());
  py(WRITE_ROADMAP, rmFile, JSON.stringify(roadmap));
  return { cardFile, rmFile, first };
}

describe('card-fill: section 2 of the information card from the roadmap', () => {
  const card: CardMeasure[] = [
    { name: 'Семинар для учителей математики', values: [20, null, null] },
    { name: 'Методический день по читательской грамотности', values: [10, 35, null] },
    { name: 'Консультации для родителей', values: [30, 100, null] },
    { name: 'Мероприятие только в карте', values: [5, null, null] },
  ];
  const roadmap: RoadmapMeasure[] = [
    { name: 'Семинар для учителей математики.', exec: 60 },
    { name: 'Методический день по читательской грамотности', exec: 50 },
    { name: 'консультации  для родителей', exec: 'выполнено' },
    { name: 'Мониторинг дополнительных занятий', exec: 40 },
    { name: 'Круглый стол директоров', exec: 'в работе' },
    { name: 'Стажировка молодых учителей', exec: 25 },
  ];

  test('writes empty cells, keeps and reports a differing value, adds missing measures into empty rows', () => {
    const blank = 2;
    const { cardFile, rmFile, first } = write(card, blank, roadmap, 'a');
    const out = path.join(dir, 'a-out.xlsx');
    const run = runCardFill(cardFile, rmFile, out, '15.09');
    expect(run.error).toBeNull();
    const r = run.result!;
    const col = DATES.indexOf('15.09');
    const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '').trim();
    // Independent expectations.
    const inCard = new Set(card.map((m) => norm(m.name)));
    let filled = 0;
    let same = 0;
    const kept: number[] = [];
    card.forEach((m, i) => {
      const hit = roadmap.find((x) => norm(x.name) === norm(m.name));
      if (!hit) return;
      const v = execOf(hit)!;
      if (m.values[col] === null) filled++;
      else if (m.values[col] === v) same++;
      else kept.push(i);
    });
    const extra = roadmap.filter((x) => !inCard.has(norm(x.name)));
    expect(r.filled).toBe(filled);
    expect(r.same).toBe(same);
    expect(r.added).toBe(Math.min(blank, extra.length));
    expect(r.notInRoadmap).toEqual(['Мероприятие только в карте']);
    const keptIssues = r.issues.filter((i) => i.code === 'CARD-FILL-KEPT');
    expect(keptIssues.map((i) => i.cell)).toEqual(kept.map((i) => `D${first + i}`));
    const unmatched = r.issues.filter((i) => i.code === 'CARD-FILL-UNMATCHED');
    expect(unmatched).toHaveLength(extra.length - blank);
    expect(unmatched[0].message).toContain(extra[blank].name);

    // Read back by openpyxl.
    const rows = JSON.parse(py(READ, out)) as unknown[][];
    card.forEach((m, i) => {
      const row = rows[first + i - 1];
      const hit = roadmap.find((x) => norm(x.name) === norm(m.name));
      const want = m.values[col] === null && hit ? execOf(hit) : m.values[col];
      expect(row[2 + col]).toBe(want);
      // The other dates are untouched.
      expect(row[2]).toBe(m.values[0]);
    });
    for (let k = 0; k < blank; k++) {
      const row = rows[first + card.length + k - 1];
      expect(row[1]).toBe(extra[k].name);
      expect(row[2 + col]).toBe(execOf(extra[k]));
    }
    // The input is unchanged.
    const again = readWorkbook(fs.readFileSync(cardFile));
    if (!again.ok) throw new Error(again.message);
    const rowsIn = JSON.parse(py(READ, cardFile)) as unknown[][];
    expect(rowsIn[first - 1][2 + col]).toBeNull();
  });

  test('the default date is the first whose column is still empty; a second run changes nothing', () => {
    const c2: CardMeasure[] = card.map((m) => ({ name: m.name, values: [m.values[0], null, null] }));
    const { cardFile, rmFile } = write(c2, 3, roadmap, 'b');
    const out = path.join(dir, 'b-out.xlsx');
    const run = runCardFill(cardFile, rmFile, out, null);
    expect(run.error).toBeNull();
    expect(run.result!.date).toBe('15.09');
    const filledOnce = run.result!.filled + run.result!.added;
    expect(filledOnce).toBeGreaterThan(0);
    const read = readWorkbook(fs.readFileSync(out));
    const rm = readWorkbook(fs.readFileSync(rmFile));
    if (!read.ok || !rm.ok) throw new Error('unreadable');
    const second = fillCardFromRoadmap(read.workbook, rm.workbook, { date: '15.09' });
    expect(second.ok).toBe(true);
    expect(second.edits.filter((e) => e.kind === 'setValue')).toHaveLength(0);
    expect(second.issues.filter((i) => i.code === 'CARD-FILL-KEPT')).toHaveLength(0);
    expect(second.same).toBe(run.result!.filled + run.result!.added - run.result!.noExecution.length);
  });

  test('a roadmap without an execution column and an unknown date are refused in Russian', () => {
    const { cardFile, rmFile } = write(card, 1, roadmap, 'c');
    const bad = runCardFill(cardFile, rmFile, path.join(dir, 'c-out.xlsx'), '30.06');
    expect(bad.error).toMatch(/нет столбца отчётной даты 30\.06/);
    expect(fs.existsSync(path.join(dir, 'c-out.xlsx'))).toBe(false);
    const noRm = runCardFill(cardFile, cardFile, path.join(dir, 'c2-out.xlsx'), '15.09');
    expect(noRm.error).toMatch(/дорожн/);
  });
});
