/**
 * The information card's reporting dates decided by its own header (issue 15), on cards written by
 * openpyxl at test time: column heads «на 01.04.2024 | на 01.10.2024 | на 25.12.2024» replace the
 * default 31.03 / 15.09 / 31.12 for the check (missing executions, decreasing execution, the year-end
 * target on the last date); «по состоянию на 01.10.2024» makes every date up to it due; a header
 * date that cannot be read is a warning at its cell. The default cards keep the default dates.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCard } from '../../src/engine/card/check';
import { cardDatesOf } from '../../src/engine/card/dates';
import { CARD } from '../../src/engine/card/descriptor';
import { readWorkbook } from '../../src/xlsx/read';

const WRITE = `
import json, sys, openpyxl
spec = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Карта"
ws["A1"] = "Информационная карта МОУО о реализации плана (дорожной карты) по профилактике учебной неуспешности" + spec["title"]
ws["A2"] = "Муниципальное образование"; ws["C2"] = "Северный район"
ws["A3"] = "Год"; ws["C3"] = 2024
ws["A5"] = "1. Общая характеристика плана (дорожной карты)"
hdr = ["№", "Показатель"] + spec["heads"]
for c, h in enumerate(hdr, 1): ws.cell(6, c, h)
r = 7
for label in ["Наименование плана (дорожной карты)", "Период реализации", "Утверждение (должность, дата)",
              "Подведение итогов (где, когда, управленческое решение)", "Ответственный (ФИО, должность, контакты)"]:
    ws.cell(r, 2, label); ws.cell(r, 3, "есть"); r += 1
ws.cell(r, 1, "2. Реализация плана (дорожной карты)"); r += 1
for c, h in enumerate(["№", "Мероприятие"] + spec["heads"], 1): ws.cell(r, c, h)
r += 1
for i, m in enumerate(spec["measures"]):
    ws.cell(r, 1, i + 1); ws.cell(r, 2, m["name"])
    for k, v in enumerate(m["values"]):
        if v is not None: ws.cell(r, 3 + k, v)
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
    ws.cell(r, 2, label)
    for k in range(len(spec["heads"])):
        if k < spec["filled"]: ws.cell(r, 3 + k, 1 if "количество" in label else ("—" if "Перечень" in label else 50))
    r += 1
wb.save(sys.argv[1])
`;

interface Spec {
  title: string;
  heads: string[];
  measures: { name: string; values: (number | null)[] }[];
  filled: number;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-card-dates-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function card(spec: Spec, name: string) {
  const file = path.join(dir, `${name}.xlsx`);
  const r = spawnSync('/usr/bin/python3', ['-c', WRITE, file, JSON.stringify(spec)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const wb = readWorkbook(fs.readFileSync(file));
  if (!wb.ok) throw new Error(wb.message);
  return wb.workbook;
}

const OWN = ['на 01.04.2024', 'на 01.10.2024', 'на 25.12.2024'];
const MEASURES_ROW = 14; // the generator's layout: section 2 header on row 13
const col = (k: number): string => String.fromCharCode(67 + k); // C, D, E

describe('the card’s reporting dates from its own header', () => {
  test('own column dates: decreasing execution and the year-end target on the last date', () => {
    const wb = card(
      {
        title: '',
        heads: OWN,
        measures: [
          { name: 'Семинар для учителей', values: [50, 40, 60] },
          { name: 'Консультации для родителей', values: [10, 20, 70] },
        ],
        filled: 3,
      },
      'own',
    );
    expect(cardDatesOf(wb, CARD).dates).toEqual(['01.04', '01.10', '25.12']);
    const res = checkCard(wb, { date: '07.12.2026' });
    expect(res.location.reportingDates).toEqual(['01.04', '01.10', '25.12']);
    expect(res.location.dates).toEqual(['01.04', '01.10', '25.12']);
    const at = (code: string): string[] => res.issues.filter((i) => i.code === code).map((i) => i.cell ?? '');
    expect(at('CARD-DECREASING')).toEqual([`${col(1)}${MEASURES_ROW}`]);
    // the overall mean at 25.12: (60 + 70) / 2 = 65 < 90 — the target applies to the last date
    const below = res.issues.filter((i) => i.code === 'BELOW-TARGET');
    expect(below).toHaveLength(1);
    expect(below[0].message).toMatch(/25\.12/);
    expect(res.issues.filter((i) => i.code === 'MISSING-ROW' && /дат/.test(i.message))).toEqual([]);
  });

  test('«по состоянию на 01.10.2024» makes 01.04 and 01.10 due, not 25.12', () => {
    const spec: Spec = {
      title: ' по состоянию на 01.10.2024',
      heads: OWN,
      measures: [
        { name: 'Семинар для учителей', values: [50, null, null] },
        { name: 'Консультации для родителей', values: [10, null, null] },
      ],
      filled: 1,
    };
    const res = checkCard(card(spec, 'asof'), { date: '07.12.2026' });
    expect(res.location.asOf).toBe('01.10');
    const missing = res.issues.filter((i) => i.code === 'MISSING-VALUE').map((i) => i.cell);
    // every empty cell due is at 01.10 (the measures and the rows of section 3), none at 25.12
    expect(missing).toEqual(expect.arrayContaining([`${col(1)}${MEASURES_ROW}`, `${col(1)}${MEASURES_ROW + 1}`]));
    expect(missing.length).toBeGreaterThan(2);
    for (const c of missing) expect(c!.startsWith(col(1))).toBe(true);
    // without the phrase nothing at 01.10 is due
    const plain = checkCard(card({ ...spec, title: '' }, 'plain'), { date: '07.12.2026' });
    expect(plain.issues.filter((i) => i.code === 'MISSING-VALUE' && i.cell?.startsWith(col(1)))).toEqual([]);
  });

  test('a header date that cannot be read is a warning naming its cell', () => {
    const wb = card(
      {
        title: ' по состоянию на сентябрь',
        heads: ['31.03', '31.09.2024', '31.12'],
        measures: [{ name: 'Семинар для учителей', values: [50, 60, 90] }],
        filled: 3,
      },
      'bad',
    );
    const res = checkCard(wb, { date: '07.12.2026' });
    const bad = res.issues.filter((i) => i.code === 'CARD-DATE-UNREADABLE');
    expect(bad.map((i) => [i.severity, i.cell]).sort()).toEqual([
      ['warning', 'A1'],
      ['warning', 'D13'],
      ['warning', 'D18'],
      ['warning', 'D6'],
    ]);
    expect(res.location.reportingDates).toEqual(['31.03', '31.12']);
  });

  test('the default dates stay for a card with 31.03 / 15.09 / 31.12 in any order', () => {
    const wb = card(
      {
        title: '',
        heads: ['15.09.2024', '31.03.2024', '31.12.2024'],
        measures: [{ name: 'Семинар для учителей', values: [50, 40, 90] }],
        filled: 3,
      },
      'default',
    );
    const d = cardDatesOf(wb, CARD);
    expect([d.dates, d.own]).toEqual([CARD.dates, false]);
  });
});
