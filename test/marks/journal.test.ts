/**
 * Period marks from the class journal (issue 16) on workbooks written by openpyxl
 * (test/fixtures/marks/make_journal.py, random but seeded): wide layouts (a sheet per class, all
 * classes on one sheet), the long layout, one or two periods in one or two files. The generator
 * counts the figures and the lists itself, from the marks it drew; this test compares the engine
 * with that count and recomputes the change against the previous period from the two counts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { JournalAnalysis, JournalFigure, analyzeJournalRead, readJournalBooks } from '../../src/engine/marks/journal';
import { parseClass, readJournalCell, statusOf } from '../../src/engine/marks/journal-read';
import { parsePeriod, periodLabel, previousPeriod } from '../../src/engine/marks/period';
import { readWorkbook } from '../../src/xlsx/read';
import { tmpDir } from '../xlsx/helpers';

const GEN = path.join(__dirname, '..', 'fixtures', 'marks', 'make_journal.py');
const VARIANTS = 36;

interface ExpFigure {
  counts: { n5: number; n4: number; n3: number; n2: number; na: number; credits: number; failedCredits: number };
  default: { n: number; passRate: number | null; quality: number | null; average: number | null; sou: number | null };
  withNa: ExpFigure['default'];
  pupils?: { counts: { n5: number; n4: number; n3: number; n2: number; na: number }; default: ExpFigure['default'] };
  left?: number;
  arrived?: number;
}

interface Expected {
  files: string[];
  layout: string;
  periods: string[];
  figures: Record<string, Record<string, ExpFigure>>;
  lists: Record<
    string,
    {
      failing: [string, string, string, [string, string, string][]][];
      oneThree: [string, string, string, string, string][];
      oneFour: [string, string, string, string, string][];
      moved: [string, string, string, string][];
    }
  >;
}

let dir = '';
let expected: Expected[] = [];

beforeAll(() => {
  dir = tmpDir('journal-');
  const r = spawnSync('/usr/bin/python3', [GEN, dir, String(VARIANTS), '20261206'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[];
}, 60_000);

function load(file: string): WorkbookSnapshot {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(dir, file))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

function analyse(e: Expected, includeNotAssessed = false): JournalAnalysis {
  const books = e.files.map((file) => ({ file, workbook: load(file) }));
  return analyzeJournalRead(readJournalBooks(books), { includeNotAssessed });
}

function keyOf(f: JournalFigure): string {
  return `${f.scope}|${f.level ?? ''}|${f.className ?? ''}|${f.subject ?? ''}`;
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < 1e-6;
}

function compare(got: JournalAnalysis, e: Expected, withNa: boolean): string[] {
  const bad: string[] = [];
  for (const label of e.periods) {
    const exp = e.figures[label];
    const figs = got.figures.filter((f) => f.period === label);
    const seen = new Set(figs.map(keyOf));
    for (const k of Object.keys(exp)) if (!seen.has(k)) bad.push(`${label}: нет ${k}`);
    for (const f of figs) {
      const k = keyOf(f);
      const x = exp[k];
      if (!x) {
        bad.push(`${label}: лишнее ${k}`);
        continue;
      }
      const c = f.result.counts;
      if (c.n5 !== x.counts.n5 || c.n4 !== x.counts.n4 || c.n3 !== x.counts.n3 || c.n2 !== x.counts.n2)
        bad.push(`${label} ${k}: counts ${JSON.stringify(c)} ≠ ${JSON.stringify(x.counts)}`);
      if (c.na !== x.counts.na) bad.push(`${label} ${k}: н/а ${c.na} ≠ ${x.counts.na}`);
      if (f.credits !== x.counts.credits || f.failedCredits !== x.counts.failedCredits)
        bad.push(
          `${label} ${k}: зач/н/з ${f.credits}/${f.failedCredits} ≠ ${x.counts.credits}/${x.counts.failedCredits}`,
        );
      const want = withNa ? x.withNa : x.default;
      for (const m of ['passRate', 'quality', 'average', 'sou'] as const)
        if (!close(f.result[m], want[m])) bad.push(`${label} ${k}: ${m} ${f.result[m]} ≠ ${want[m]}`);
      if (f.result.n !== want.n) bad.push(`${label} ${k}: n ${f.result.n} ≠ ${want.n}`);
      if (x.pupils && !withNa) {
        if (!f.pupils) bad.push(`${label} ${k}: нет итогов по ученикам`);
        else {
          if (JSON.stringify(f.pupils.counts) !== JSON.stringify(x.pupils.counts))
            bad.push(`${label} ${k}: ученики ${JSON.stringify(f.pupils.counts)} ≠ ${JSON.stringify(x.pupils.counts)}`);
          if (
            !close(f.pupils.passRate, x.pupils.default.passRate) ||
            !close(f.pupils.quality, x.pupils.default.quality)
          )
            bad.push(`${label} ${k}: успеваемость/качество по ученикам`);
        }
      }
      if (x.left !== undefined && (f.left !== x.left || f.arrived !== x.arrived))
        bad.push(`${label} ${k}: выбыло/прибыло ${f.left}/${f.arrived} ≠ ${x.left}/${x.arrived}`);
    }
  }
  return bad;
}

describe('journal: figures equal the generator’s own count', () => {
  test('every variant, «н/а» outside n (the default)', () => {
    expect(expected.length).toBe(VARIANTS);
    const layouts = new Set(expected.map((e) => e.layout));
    expect([...layouts].sort()).toEqual(['long', 'wide', 'wide-one-sheet', 'wide-periods', 'wide-school']);
    expect(expected.some((e) => e.files.length === 2)).toBe(true);
    expect(expected.some((e) => e.periods.length === 2 && e.files.length === 1)).toBe(true);
    const bad: string[] = [];
    for (const [i, e] of expected.entries()) {
      const got = analyse(e);
      expect(got.periods.map((p) => p.label).sort()).toEqual([...e.periods].sort());
      bad.push(...compare(got, e, false).map((s) => `v${i} (${e.layout}): ${s}`));
      const errors = got.issues.filter((x) => x.severity === 'error' || x.code.startsWith('JOURNAL-'));
      if (errors.length) bad.push(`v${i}: ${errors.map((x) => `${x.code} ${x.message}`).join('; ')}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  test('with «н/а» counted in n', () => {
    const bad: string[] = [];
    for (const [i, e] of expected.slice(0, 12).entries())
      bad.push(...compare(analyse(e, true), e, true).map((s) => `v${i}: ${s}`));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  test('the change against the previous period is the difference of the two counts', () => {
    let checked = 0;
    for (const e of expected.filter((x) => x.periods.length === 2)) {
      const got = analyse(e);
      const [p1, p2] = e.periods;
      expect(got.periods.find((p) => p.label === p2)?.previous).toBe(p1);
      expect(got.periods.find((p) => p.label === p1)?.previous).toBeNull();
      for (const f of got.figures.filter((x) => x.period === p2)) {
        const before = e.figures[p1][keyOf(f)];
        if (!before) {
          expect(f.previous).toBeNull();
          continue;
        }
        const now = e.figures[p2][keyOf(f)].default;
        for (const m of ['passRate', 'quality', 'sou', 'average'] as const) {
          const want = now[m] === null || before.default[m] === null ? null : now[m]! - before.default[m]!;
          expect(close(f.change?.[m] ?? null, want)).toBe(true);
        }
        checked++;
      }
      for (const f of got.figures.filter((x) => x.period === p1)) expect(f.change).toBeNull();
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('journal: the lists name exactly the right pupils', () => {
  test('неуспевающие, «с одной «3»», «с одной «4»», выбыл/прибыл — every variant', () => {
    let failing = 0;
    let one3 = 0;
    let one4 = 0;
    let moved = 0;
    for (const [i, e] of expected.entries()) {
      const got = analyse(e);
      for (const label of e.periods) {
        const x = e.lists[label];
        const f = got.failing
          .filter((p) => p.period === label)
          .map((p) => [p.period, p.className, p.pupil, p.subjects.map((s) => [s.subject, s.value, s.teacher])]);
        const sortRows = <T>(rows: T[]): T[] =>
          [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
        const sortSubjects = (rows: [string, string, string, [string, string, string][]][]) =>
          rows.map(([a, b, c, s]) => [a, b, c, [...s].sort((p, q) => (p[0] < q[0] ? -1 : 1))]);
        expect({ v: i, rows: sortRows(sortSubjects(f as never)) }).toEqual({
          v: i,
          rows: sortRows(sortSubjects(x.failing)),
        });
        const o3 = got.oneThree
          .filter((p) => p.period === label)
          .map((p) => [p.period, p.className, p.pupil, p.subject, p.teacher]);
        expect({ v: i, rows: sortRows(o3) }).toEqual({ v: i, rows: sortRows(x.oneThree) });
        const o4 = got.oneFour
          .filter((p) => p.period === label)
          .map((p) => [p.period, p.className, p.pupil, p.subject, p.teacher]);
        expect({ v: i, rows: sortRows(o4) }).toEqual({ v: i, rows: sortRows(x.oneFour) });
        const mv = got.moved.filter((p) => p.period === label).map((p) => [p.period, p.className, p.pupil, p.status]);
        expect({ v: i, rows: sortRows(mv) }).toEqual({ v: i, rows: sortRows(x.moved) });
        failing += x.failing.length;
        one3 += x.oneThree.length;
        one4 += x.oneFour.length;
        moved += x.moved.length;
      }
    }
    // the seeded draw gives every list something to name
    expect(Math.min(failing, one3, one4, moved)).toBeGreaterThan(20);
  });
});

describe('journal: a class with «н/а», «н/з», «зач», «осв», выбыл and прибыл (docs/marks.md)', () => {
  let wb: WorkbookSnapshot;
  beforeAll(() => {
    const file = path.join(dir, 'rules.xlsx');
    const py = `
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "4А"
ws.append(["Сводная ведомость итоговых отметок за II четверть 2026/2027 учебного года, 4 «А» класс"])
ws.append([])
ws.append(["№", "ФИО", "Русский язык", "Математика", "ОРКСЭ", "Физическая культура"])
ws.append([None, "Учитель", "Белова Т. И.", "Белова Т. И.", "Гусева Л. А.", "Ершов К. М."])
rows = [
  [1, "Андреев Иван", 5, 5, "зач", "осв"],
  [2, "Белов Пётр", 3, 5, "зач", 5],
  [3, "Васильева Анна", "н/а", 4, "зач", 5],
  [4, "Григорьев Егор (выбыл 14.11.2026)", 2, 2, "зач", 3],
  [5, "Дмитриева Ольга (прибыла)", 4, 5, "зач", 5],
  [6, "Егоров Кирилл", 4, 4, "н/з", 5],
  [7, "Жуков Сергей", "выб", "выб", "выб", "выб"],
  [8, "Зайцева Вера", 3, 3, "зач", 5],
]
for r in rows:
    ws.append(r)
ws.append([None, "Средний балл по предмету", 3.8, 4.0, None, 4.6])
wb.save(sys.argv[1])
`;
    const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    wb = load('rules.xlsx');
  });

  test('выбыл is in no figure and no list; прибыл is counted; н/а and н/з are неуспевающие; зач/осв are no marks', () => {
    const a = analyzeJournalRead(readJournalBooks([{ file: 'rules.xlsx', workbook: wb }]));
    expect(a.periods.map((p) => p.label)).toEqual(['2 четверть 2026-2027']);
    const cls = a.figures.find((f) => f.scope === 'class')!;
    expect(cls.className).toBe('4А');
    expect(cls.level).toBe('НОО');
    expect(cls.left).toBe(2);
    expect(cls.arrived).toBe(1);
    // counted pupils: Андреев, Белов, Васильева, Дмитриева, Егоров, Зайцева (6)
    // Русский 5,3,н/а,4,4,3 · Математика 5,5,4,5,4,3 · Физкультура осв,5,5,5,5,5
    expect(cls.result.counts).toEqual({ n5: 9, n4: 4, n3: 3, n2: 0, na: 1 });
    expect(cls.credits).toBe(6); // 5 «зач» + 1 «осв»
    expect(cls.failedCredits).toBe(1);
    expect(cls.result.n).toBe(16);
    expect(cls.result.passRate).toBe(100);
    const math = a.figures.find((f) => f.scope === 'classSubject' && f.subject === 'Математика')!;
    expect(math.teachers).toEqual(['Белова Т. И.']);
    expect(math.result.counts).toEqual({ n5: 3, n4: 2, n3: 1, n2: 0, na: 0 });
    // by pupils: Андреев «5», Белов «3», Васильева н/а, Дмитриева «4», Егоров «2» (н/з), Зайцева «3»
    expect(cls.pupils?.counts).toEqual({ n5: 1, n4: 1, n3: 2, n2: 1, na: 1 });
    expect(a.failing.map((p) => [p.pupil, p.subjects.map((s) => `${s.subject} ${s.value} ${s.teacher}`)])).toEqual([
      ['Васильева Анна', ['Русский язык н/а Белова Т. И.']],
      ['Егоров Кирилл', ['ОРКСЭ н/з Гусева Л. А.']],
    ]);
    expect(a.oneThree.map((p) => [p.pupil, p.subject, p.teacher])).toEqual([
      ['Белов Пётр', 'Русский язык', 'Белова Т. И.'],
    ]);
    expect(a.oneFour.map((p) => [p.pupil, p.subject, p.status])).toEqual([
      ['Дмитриева Ольга', 'Русский язык', 'arrived'],
    ]);
    expect(a.moved.map((p) => [p.pupil, p.status])).toEqual([
      ['Григорьев Егор', 'left'],
      ['Дмитриева Ольга', 'arrived'],
      ['Жуков Сергей', 'left'],
    ]);
    expect(a.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('«н/а» in n only with the setting', () => {
    const a = analyzeJournalRead(readJournalBooks([{ file: 'rules.xlsx', workbook: wb }]), {
      includeNotAssessed: true,
    });
    const cls = a.figures.find((f) => f.scope === 'class')!;
    expect(cls.result.n).toBe(17);
    expect(cls.result.passRate).toBeCloseTo((16 / 17) * 100, 9);
  });
});

describe('journal: cells, classes, periods', () => {
  test('cells', () => {
    expect(readJournalCell(5)).toEqual({ kind: 'value', value: { kind: 'mark', mark: 5 } });
    expect(readJournalCell('4')).toEqual({ kind: 'value', value: { kind: 'mark', mark: 4 } });
    expect(readJournalCell('Н/А')).toEqual({ kind: 'value', value: { kind: 'na' } });
    expect(readJournalCell('зач.')).toEqual({ kind: 'value', value: { kind: 'credit' } });
    expect(readJournalCell('осв')).toEqual({ kind: 'value', value: { kind: 'exempt' } });
    expect(readJournalCell('н/з')).toEqual({ kind: 'value', value: { kind: 'failedCredit' } });
    expect(readJournalCell('выб')).toEqual({ kind: 'gone' });
    expect(readJournalCell(null)).toEqual({ kind: 'empty' });
    expect(readJournalCell(6).kind).toBe('bad');
  });

  test('classes and statuses', () => {
    expect(parseClass('5а')).toEqual({ className: '5А', grade: 5 });
    expect(parseClass('5-A')).toEqual({ className: '5А', grade: 5 });
    expect(parseClass('Отчёт 10 «Б» класса', true)).toEqual({ className: '10Б', grade: 10 });
    expect(parseClass('Класс: 7В. Период: I четверть 2026-2027 уч. г.', true)).toEqual({ className: '7В', grade: 7 });
    expect(parseClass('Период 2026/2027', true)).toBeNull();
    expect(statusOf('Иванов Иван (выбыл 12.10)')).toBe('left');
    expect(statusOf('прибыла')).toBe('arrived');
    expect(statusOf('Прибылова Анна')).toBeNull();
  });

  test('periods', () => {
    const p = (s: string) => {
      const x = parsePeriod(s);
      return x ? periodLabel(x) : null;
    };
    expect(p('Итоговые отметки за 1 четверть 2026/2027')).toBe('1 четверть 2026-2027');
    expect(p('II четверть 2026-27 уч. г.')).toBe('2 четверть 2026-2027');
    expect(p('за вторую четверть')).toBe('2 четверть');
    expect(p('2 четв.')).toBe('2 четверть');
    expect(p('за четвёртую четверть 2027')).toBe('4 четверть 2026-2027');
    expect(p('Четвертная отметка')).toBeNull();
    expect(p('3 триместр 2027')).toBe('3 триместр 2026-2027');
    expect(p('1 полугодие 2026')).toBe('1 полугодие 2026-2027');
    expect(p('Годовые отметки 2026/2027')).toBe('год 2026-2027');
    expect(p('Отметки 5А')).toBeNull();
    const q1 = parsePeriod('1 четверть 2026/2027')!;
    expect(periodLabel(previousPeriod(q1)!)).toBe('4 четверть 2025-2026');
  });
});

describe('journal: what is not a journal, and what the reader names', () => {
  const write = (name: string, py: string): WorkbookSnapshot => {
    const file = path.join(dir, name);
    const r = spawnSync('/usr/bin/python3', ['-c', `import sys, openpyxl\n${py}\nwb.save(sys.argv[1])`, file], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return load(name);
  };

  test('the samples of other forms (ДТК, results, card, roadmap) hold no journal', () => {
    const samples = path.join(__dirname, '..', '..', 'samples');
    for (const f of ['dtk-correct.xlsx', 'results-long.xlsx', 'results-wide.xlsx', 'card.xlsx', 'roadmap.xlsx']) {
      const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(samples, f))));
      if (!r.ok) throw new Error(r.message);
      const a = analyzeJournalRead(readJournalBooks([{ file: f, workbook: r.workbook }]));
      expect({ f, entries: a.figures.length }).toEqual({ f, entries: 0 });
      expect(a.issues.map((i) => i.code)).toEqual(['JOURNAL-NONE']);
    }
  });

  test('no class, no period: named, counted as «—» and «период не указан»; a bad mark is named and left out', () => {
    const wb = write(
      'noclass.xlsx',
      `wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Лист1"
ws.append(["ФИО", "Математика", "Физика"])
ws.append(["Иванов Иван", 5, 6])
ws.append(["Петров Пётр", 4, 4])
ws.append(["Сидоров Егор", 5, 5])
ws.append(["Смирнов Сергей", 3, 4])`,
    );
    const a = analyzeJournalRead(readJournalBooks([{ file: 'noclass.xlsx', workbook: wb }]));
    expect(a.issues.map((i) => i.code).sort()).toEqual(['JOURNAL-NO-CLASS', 'JOURNAL-NO-PERIOD', 'MARKS-BAD-MARK']);
    expect(a.issues.find((i) => i.code === 'MARKS-BAD-MARK')?.cell).toBe('C2');
    expect(a.periods.map((p) => p.label)).toEqual(['период не указан']);
    const cls = a.figures.find((f) => f.scope === 'class')!;
    expect(cls.className).toBe('—');
    expect(cls.result.counts).toEqual({ n5: 3, n4: 3, n3: 1, n2: 0, na: 0 });
    expect(a.oneThree.map((p) => p.pupil)).toEqual(['Смирнов Сергей']);
    expect(a.oneFour.map((p) => p.pupil)).toEqual([]);
  });

  test('the same journal twice with one mark changed: JOURNAL-DUPLICATE, the first counted', () => {
    const py = (mark: number) => `wb = openpyxl.Workbook()
ws = wb.active
ws.title = "7А"
ws.append(["Итоговые отметки за 3 четверть 2026/2027"])
ws.append(["ФИО", "Алгебра", "Геометрия"])
ws.append(["Иванов Иван", 5, ${mark}])
ws.append(["Петров Пётр", 4, 4])`;
    const one = write('dup1.xlsx', py(5));
    const two = write('dup2.xlsx', py(3));
    const a = analyzeJournalRead(
      readJournalBooks([
        { file: 'dup1.xlsx', workbook: one },
        { file: 'dup2.xlsx', workbook: two },
      ]),
    );
    expect(a.issues.map((i) => i.code)).toEqual(['JOURNAL-DUPLICATE']);
    expect(a.issues[0].message).toMatch(/Иванов Иван \(7А\), Геометрия, 3 четверть 2026-2027: отметка «3»/);
    const cls = a.figures.find((f) => f.scope === 'class')!;
    expect(cls.result.counts).toEqual({ n5: 2, n4: 2, n3: 0, n2: 0, na: 0 });
  });

  test('the 1st quarter is compared with the 4th of the last school year, the class a grade lower', () => {
    const wb = write(
      'years.xlsx',
      `wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Отметки"
ws.append(["Ученик", "Класс", "Предмет", "Период", "Отметка"])
for row in [["Иванов Иван", "5А", "Математика", "4 четверть 2025/2026", 3],
            ["Петров Пётр", "5А", "Математика", "4 четверть 2025/2026", 4],
            ["Иванов Иван", "6А", "Математика", "1 четверть 2026/2027", 4],
            ["Петров Пётр", "6А", "Математика", "1 четверть 2026/2027", 5]]:
    ws.append(row)`,
    );
    const a = analyzeJournalRead(readJournalBooks([{ file: 'years.xlsx', workbook: wb }]));
    expect(a.periods.map((p) => [p.label, p.previous])).toEqual([
      ['4 четверть 2025-2026', null],
      ['1 четверть 2026-2027', '4 четверть 2025-2026'],
    ]);
    const now = a.figures.find((f) => f.scope === 'class' && f.period === '1 четверть 2026-2027')!;
    expect(now.previous?.className).toBe('5А');
    expect(now.change?.quality).toBe(50); // 100 % against 50 %
    expect(now.change?.average).toBe(1); // 4,5 against 3,5
  });
});
