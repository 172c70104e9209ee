/**
 * The deputy's analyses (issue 16) on workbooks written by openpyxl (test/fixtures/marks/make_analyses.py):
 * % done per ВПР task and class, the «Реестр затруднений», teachers with stably low results and the
 * objectivity of marks. The expected figures are counted here from the generator's raw data
 * (analyses_openpyxl.data.json), never by the code under test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readWorkbook } from '../../src/xlsx/read';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { scaleBookOf } from '../../src/engine/marks/scales';
import { analyzeTasks, readTaskSources, tasksSheet, taskKey, classKey } from '../../src/engine/marks/tasks';
import { analyzeTeachers, protocolRecords, readTeacherTables, teachersSheet } from '../../src/engine/marks/teachers';
import { analyzeObjectivity, objectivityFigures, objectivitySheet } from '../../src/engine/marks/objectivity';
import { createWorkbook } from '../../src/xlsx/patch';

const DIR = path.join(__dirname, '..', 'fixtures', 'marks');

interface RawPupil {
  kind: 'pupil' | 'absent' | 'na';
  scores?: number[];
  over?: number[];
}
interface RawClass {
  cls: string;
  teacher: string;
  pupils: RawPupil[];
}
interface Raw {
  school: string;
  max: number[];
  skills: string[];
  scale: [number, number, number][];
  protocols: Record<string, { classes: RawClass[] }>;
  table2022: [string, string, number, number][];
  fisoko: { region: number[]; municipality: number[] };
  objectivity: {
    pupils: { school: string; exam: number; year: number }[];
    counts: [string, number, number, number, number][];
    shares: [string, number, number, number, number][];
  };
  designed: { stablyLow: string[]; flagged: [string, string][] };
  variant: {
    max: number[];
    labels: string[];
    classes: { cls: string; teacher: string; pupils: number[][] }[];
    region: number[];
  };
}

const raw = JSON.parse(fs.readFileSync(path.join(DIR, 'analyses_openpyxl.data.json'), 'utf8')) as Raw;

function load(file: string): WorkbookSnapshot {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(DIR, file))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

const protocolsBook = load('analyses_protocols_openpyxl.xlsx');
const fisokoBook = load('analyses_fisoko_openpyxl.xlsx');
const both: WorkbookSnapshot = { sheets: [...protocolsBook.sheets, ...fisokoBook.sheets] };

function markOf(total: number): number {
  const band = raw.scale.find(([lo, hi]) => total >= lo && total <= hi);
  if (!band) throw new Error(String(total));
  return band[2];
}

/** % done of each task per (year, class), counted from the raw scores. */
function expectedDone(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [year, p] of Object.entries(raw.protocols))
    for (const c of p.classes) {
      const done = raw.max.map((max, i) => {
        let pts = 0;
        let n = 0;
        for (const x of c.pupils) {
          if (x.kind !== 'pupil' || x.over?.includes(i)) continue;
          pts += x.scores![i];
          n++;
        }
        return (pts / (max * n)) * 100;
      });
      out.set(`${year}|${c.cls}`, done);
    }
  return out;
}

describe('ВПР tasks and the register of difficulties', () => {
  const { book } = scaleBookOf(both);
  const { protocols, reports } = readTaskSources(both, book);
  const a = analyzeTasks(protocols, reports);

  test('the protocols, their max-points and skill rows and the ФИС ОКО report are found', () => {
    expect(protocols.map((p) => [p.sheet, p.procedure, p.year])).toEqual([
      ['Мат5 2024', 'ВПР математика 5', 2024],
      ['Мат5 2023', 'ВПР математика 5', 2023],
    ]);
    for (const p of protocols) {
      expect(p.tasks.map((t) => t.max)).toEqual(raw.max);
      expect(p.tasks.map((t) => t.skill)).toEqual(raw.skills);
    }
    expect(reports.map((r) => r.sheet)).toEqual(['Выполнение заданий']);
  });

  test('% done per task and class equals the count from the raw scores', () => {
    const done = expectedDone();
    expect(a.classes).toHaveLength(done.size);
    for (const c of a.classes) {
      const want = done.get(`${c.year}|${c.cls}`);
      expect(want).toBeDefined();
      expect(c.tasks.map((t) => t.task)).toEqual(raw.max.map((_, i) => String(i + 1)));
      c.tasks.forEach((t, i) => expect(t.done).toBeCloseTo(want![i], 9));
      expect(c.school).toBe(raw.school);
    }
    // the absent pupil and the pupil «н/а» of 5А 2024 did not write; the score 3 of 1 is left out of task 1
    const a5 = a.classes.find((c) => c.year === 2024 && c.cls === '5А')!;
    expect(a5.pupils).toBe(raw.protocols['2024'].classes[0].pupils.filter((x) => x.kind === 'pupil').length);
    const b5 = a.classes.find((c) => c.year === 2024 && c.cls === '5Б')!;
    expect(b5.tasks[0].pupils).toBe(b5.pupils - 1);
    expect(a.issues.filter((i) => i.code === 'TASKS-SCORE-OVER-MAX').map((i) => i.sheet)).toEqual(['Мат5 2024']);
  });

  test('2024 is compared with the region and the municipality; 2023 has no report', () => {
    for (const c of a.classes) {
      if (c.year === 2024) {
        expect(c.tasks.map((t) => t.region)).toEqual(raw.fisoko.region);
        expect(c.tasks.map((t) => t.municipality)).toEqual(raw.fisoko.municipality);
      } else expect(c.tasks.every((t) => t.region === null)).toBe(true);
    }
    expect(a.issues.filter((i) => i.code === 'TASKS-NO-REGION')).toHaveLength(1);
    expect(a.issues.find((i) => i.code === 'TASKS-NO-REGION')!.message).toMatch(/2023/);
  });

  test.each([15, 5, 25])(
    'the register names exactly the tasks below 50 %% or more than %d p. p. below the region',
    (gap) => {
      const r = analyzeTasks(protocols, reports, { below: 50, gap });
      const done = expectedDone();
      const want: string[] = [];
      let byGapOnly = 0;
      for (const [key, values] of done) {
        const [year, cls] = key.split('|');
        values.forEach((v, i) => {
          const region = year === '2024' ? raw.fisoko.region[i] : null;
          const behind = region !== null && region - v > gap;
          if (v < 50 || behind) want.push(`${year}|${cls}|${i + 1}`);
          if (v >= 50 && behind) byGapOnly++;
        });
      }
      const got = r.difficulties.map((d) => `${d.year}|${d.cls}|${d.task}`);
      expect(got.sort()).toEqual(want.sort());
      if (gap === 5) expect(byGapOnly).toBeGreaterThan(0);
      // the rules choose: some tasks are in, some are not
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(done.size * raw.max.length);
      for (const d of r.difficulties) {
        const c = raw.protocols[String(d.year)].classes.find((x) => x.cls === d.cls)!;
        expect(d.teacher).toBe(c.teacher);
        expect(d.skill).toBe(raw.skills[Number(d.task) - 1]);
        if (d.region !== null) expect(d.difference).toBeCloseTo(d.done - d.region, 9);
      }
    },
  );

  test('the sheet «Реестр затруднений» is written with its two tables', () => {
    const sheet = tasksSheet(a);
    expect(sheet.name).toBe('Реестр затруднений');
    const tables = sheet.blocks.filter((b) => b.kind === 'table');
    expect(tables.map((t) => t.kind === 'table' && t.rows.length)).toEqual([
      a.difficulties.length,
      a.classes.length * 10,
    ]);
    expect(createWorkbook([sheet]).length).toBeGreaterThan(1000);
  });

  test('task labels and classes in several spellings', () => {
    expect(['Задание 3.1', '№ 3,1', '3.1 (2 б.)', '3.1'].map(taskKey)).toEqual(['3.1', '3.1', '3.1', '3.1']);
    expect(taskKey('K1')).toBe('к1');
    expect(['5 а', '5-А', '5 «А»', '5А'].map(classKey)).toEqual(['5А', '5А', '5А', '5А']);
  });
});

describe('another layout: a sheet per class, the teacher above, the maximum in the header', () => {
  const wb: WorkbookSnapshot = {
    sheets: [...load('analyses_variant_openpyxl.xlsx').sheets, ...load('analyses_variant_fisoko_openpyxl.xlsx').sheets],
  };
  const { book } = scaleBookOf(wb);
  const { protocols, reports } = readTaskSources(wb, book);
  const a = analyzeTasks(protocols, reports);

  test('classes from the sheet names, teachers from the title, % done from the raw scores', () => {
    const v = raw.variant;
    expect(a.classes.map((c) => [c.procedure, c.year, c.cls, c.teachers])).toEqual(
      v.classes.map((c) => ['ВПР русский язык 5', 2024, c.cls, [c.teacher]]),
    );
    for (const c of a.classes) {
      const want = v.classes.find((x) => x.cls === c.cls)!;
      expect(c.pupils).toBe(want.pupils.length);
      expect(c.tasks.map((t) => [t.task, t.max])).toEqual(v.labels.map((l, i) => [l, v.max[i]]));
      c.tasks.forEach((t, i) => {
        const pts = want.pupils.reduce((sum, p) => sum + p[i], 0);
        expect(t.done).toBeCloseTo((pts / (v.max[i] * want.pupils.length)) * 100, 9);
      });
    }
  });

  test('a report of two municipalities gives the region and no municipality', () => {
    for (const c of a.classes) {
      expect(c.tasks.map((t) => t.region)).toEqual(raw.variant.region);
      expect(c.tasks.every((t) => t.municipality === null)).toBe(true);
    }
    expect(a.issues.filter((i) => i.code === 'TASKS-NO-MAX' || i.code === 'TASKS-NO-REGION')).toEqual([]);
  });
});

describe('teachers: the «2» share by year and the stably low', () => {
  const { book } = scaleBookOf(protocolsBook);
  const { protocols } = readTaskSources(protocolsBook, book);
  const fromProtocols = protocolRecords(protocols);
  const fromTables = readTeacherTables(protocolsBook);
  const a = analyzeTeachers([...fromProtocols.records, ...fromTables.records]);

  /** teacher (spaces removed) → year → [n, n2], from the raw data. */
  function counts(): Map<string, Map<number, [number, number]>> {
    const out = new Map<string, Map<number, [number, number]>>();
    const add = (t: string, y: number, n: number, n2: number): void => {
      const key = t.replace(/\s+/g, '');
      const m = out.get(key) ?? new Map<number, [number, number]>();
      const c = m.get(y) ?? [0, 0];
      m.set(y, [c[0] + n, c[1] + n2]);
      out.set(key, m);
    };
    for (const [year, p] of Object.entries(raw.protocols))
      for (const c of p.classes)
        for (const x of c.pupils)
          if (x.kind === 'pupil')
            add(c.teacher, Number(year), 1, markOf(x.scores!.reduce((s, v) => s + v, 0)) === 2 ? 1 : 0);
    for (const [t, , n, n2] of raw.table2022) add(t, 2022, n, n2);
    return out;
  }

  test('per teacher and year the pupils and «2» equal the raw count (the table by teacher included)', () => {
    // the protocols' task columns «2»…«5» are not taken for a table by teacher
    expect(fromTables.issues).toEqual([]);
    expect(fromTables.records).toHaveLength(raw.table2022.length);
    const want = counts();
    expect(a.teachers).toHaveLength(want.size);
    for (const t of a.teachers) {
      const w = want.get(t.teacher.replace(/\s+/g, ''));
      expect(w).toBeDefined();
      expect(t.years.map((y) => [y.year, y.n, y.n2])).toEqual(
        [...w!.entries()].sort((x, y) => x[0] - y[0]).map(([y, c]) => [y, ...c]),
      );
      expect(t.school).toBe(raw.school);
    }
  });

  test('the default threshold is the share over all the data of the year; stably low exactly right', () => {
    const want = counts();
    const base = new Map<number, [number, number]>();
    for (const m of want.values())
      for (const [y, [n, n2]] of m) {
        const b = base.get(y) ?? [0, 0];
        base.set(y, [b[0] + n, b[1] + n2]);
      }
    const stably: string[] = [];
    for (const [t, m] of want) {
      const low = new Set([...m].filter(([y, [n, n2]]) => n2 * base.get(y)![0] > base.get(y)![1] * n).map(([y]) => y));
      if ([...low].some((y) => low.has(y + 1))) stably.push(t);
    }
    const got = a.teachers.filter((t) => t.stablyLow).map((t) => t.teacher.replace(/\s+/g, ''));
    expect(got.sort()).toEqual(stably.sort());
    expect(got.sort()).toEqual(raw.designed.stablyLow.map((t) => t.replace(/\s+/g, '')).sort());
    for (const b of a.baselines) expect(b.share).toBeCloseTo((base.get(b.year)![1] / base.get(b.year)![0]) * 100, 9);
    // Петров: low in 2022 and 2024, not in 2023 — not consecutive
    const petrov = a.teachers.find((t) => t.teacher.startsWith('Петров'))!;
    expect(petrov.years.map((y) => y.low)).toEqual([true, false, true]);
    expect(petrov.stablyLow).toBe(false);
  });

  test('a fixed threshold: 30 % → low only when the share is above 30 %', () => {
    const fixed = analyzeTeachers([...fromProtocols.records, ...fromTables.records], { threshold: 30 });
    for (const t of fixed.teachers) for (const y of t.years) expect(y.low).toBe(y.n2 / y.n > 0.3);
    const got = fixed.teachers.filter((t) => t.stablyLow).map((t) => t.teacher.replace(/\s+/g, ''));
    const want = [...counts()]
      .filter(([, m]) =>
        [...m].some(([y, [n, n2]]) => n2 / n > 0.3 && m.has(y + 1) && m.get(y + 1)![1] / m.get(y + 1)![0] > 0.3),
      )
      .map(([t]) => t);
    expect(got.sort()).toEqual(want.sort());
  });

  test('the sheet «Учителя» lists the stably low first', () => {
    const sheet = teachersSheet(a);
    expect(sheet.name).toBe('Учителя');
    const list = sheet.blocks.find((b) => b.kind === 'table' && b.name === 'TeachersStablyLow');
    expect(list && list.kind === 'table' && list.rows.map((r) => String(r[1]).replace(/\s+/g, '')).sort()).toEqual(
      raw.designed.stablyLow.map((t) => t.replace(/\s+/g, '')).sort(),
    );
    expect(createWorkbook([sheet]).length).toBeGreaterThan(1000);
  });
});

describe('objectivity: confirmed, lowered, raised', () => {
  const wb = load('analyses_objectivity_openpyxl.xlsx');
  const a = analyzeObjectivity(wb);

  test('pupil-level: the shares per school equal the raw count; the bad mark and the absent pupil are left out', () => {
    const schools = [...new Set(raw.objectivity.pupils.map((p) => p.school))];
    for (const s of schools) {
      const ps = raw.objectivity.pupils.filter((p) => p.school === s);
      const row = a.rows.find((r) => r.school === s && r.subject === 'ОГЭ математика')!;
      expect(row).toBeDefined();
      expect(row.source).toBe('pupils');
      expect([row.n, row.confirmed, row.lowered, row.raised]).toEqual([
        ps.length,
        ps.filter((p) => p.exam === p.year).length,
        ps.filter((p) => p.exam < p.year).length,
        ps.filter((p) => p.exam > p.year).length,
      ]);
      expect(row.loweredShare).toBeCloseTo((ps.filter((p) => p.exam < p.year).length / ps.length) * 100, 9);
    }
    expect(a.issues.filter((i) => i.code === 'MARKS-BAD-MARK')).toHaveLength(1);
  });

  test('per-school counts and shares are read; a count that does not add up is reported', () => {
    for (const [school, , conf, low, rai] of raw.objectivity.counts) {
      const row = a.rows.find((r) => r.school === school && r.subject === 'ОГЭ русский язык')!;
      expect([row.n, row.confirmed, row.lowered, row.raised]).toEqual([conf + low + rai, conf, low, rai]);
    }
    expect(a.issues.filter((i) => i.code === 'OBJECTIVITY-COUNTS-MISMATCH')).toHaveLength(1);
    for (const [school, n, conf, low, rai] of raw.objectivity.shares) {
      const row = a.rows.find((r) => r.school === school && r.subject === 'ВПР математика 5')!;
      expect(row.n).toBe(n);
      expect(row.lowered).toBe(Math.round((n * low) / 100));
      expect(row.confirmed).toBe(Math.round((n * conf) / 100));
      expect(row.raised).toBe(Math.round((n * rai) / 100));
    }
  });

  test('flagged exactly when «понизили» is above the flag share (50 % by default, exactly 50 % is not)', () => {
    const flagged = a.rows.filter((r) => r.flagged).map((r) => [r.subject, r.school]);
    expect(flagged.sort()).toEqual([...raw.designed.flagged].sort());
    const strict = analyzeObjectivity(wb, { flagShare: 30 });
    for (const r of strict.rows) expect(r.flagged).toBe((r.lowered! / r.n!) * 100 > 30);
  });

  test('the figures for the справка add up by subject', () => {
    const f = objectivityFigures(a);
    expect(f.flagShare).toBe(50);
    const oge = f.bySubject.find((s) => s.subject === 'ОГЭ математика')!;
    const ps = raw.objectivity.pupils;
    expect(oge.n).toBe(ps.length);
    expect(oge.loweredShare).toBeCloseTo((ps.filter((p) => p.exam < p.year).length / ps.length) * 100, 9);
    expect(f.flagged.map((x) => [x.subject, x.school]).sort()).toEqual([...raw.designed.flagged].sort());
    const sheet = objectivitySheet(a);
    expect(sheet.name).toBe('Объективность');
    expect(createWorkbook([sheet]).length).toBeGreaterThan(1000);
  });
});
