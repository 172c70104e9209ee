/**
 * Clustering (DOMAIN.md §6) and the reporting period rule on small hand-made sets with known answers.
 */
import {
  ConsolidateInput,
  consolidate,
  monthOf,
  periodOf,
  periodOfFileName,
  quantile,
  summaryEdits,
} from '../../src/engine/consolidate';

/** A ДТК outcome with only the indicators clustering reads. */
function dtk(
  school: string,
  lowIncome: number | null,
  failing: number | null,
  lowCur = 0,
  lowPrev = 0,
  extra: Partial<ConsolidateInput> = {},
): ConsolidateInput {
  return {
    file: `${school}.xlsx`,
    kind: 'dtk',
    error: null,
    issues: [],
    indicators: {
      school,
      municipality: 'Энский район',
      lowIncome,
      failingShareCurrent: failing,
      lowResultsCurrent: lowCur,
      lowResultsPrevious: lowPrev,
    },
    fillDate: '20.12.2023',
    ...extra,
  };
}

// Disadvantage indices 10 … 50: the 75th percentile (linear) of the eight is 20 + 0.25 × 20 = 25.
// Failing shares: median of [35, 5, 40, 31, 26, 10, 12, 8] = (12 + 26) / 2 = 19.
const SET = [
  dtk('А', 40, 35, 1, 1), // adverse, low results → ШНСУ
  dtk('Б', 50, 5), // adverse, failing share below the median → резильентная
  dtk('В', 10, 40, 1, 1), // low in both years → ШНОР
  dtk('Г', 12, 31, 1, 0), // low in the last year only → зона риска
  dtk('Д', 14, 26), // mean failing share 26 ≥ 30 − 5 → зона риска
  dtk('Е', 16, 10), // → стабильная
  dtk('Ж', 18, 12), // → стабильная
  dtk('З', 20, 8), // → стабильная
];
const EXPECTED: Record<string, string> = {
  А: 'ШНСУ',
  Б: 'резильентная',
  В: 'ШНОР',
  Г: 'зона риска',
  Д: 'зона риска',
  Е: 'стабильная',
  Ж: 'стабильная',
  З: 'стабильная',
};

const clusters = (inputs: ConsolidateInput[], settings = {}): Record<string, string> =>
  Object.fromEntries(consolidate(inputs, settings).schools.map((s) => [s.school, s.cluster]));

test('the hand-made set gets the known clusters, cut-offs and counts', () => {
  const r = consolidate(SET);
  expect(clusters(SET)).toEqual(EXPECTED);
  expect(r.clusters.cutoffs).toEqual([
    { period: 'декабрь', disadvantageQuantile: 0.75, disadvantageCutoff: 25, failingMedian: 19, schoolsWithIndex: 8 },
  ]);
  expect(r.clusters.counts).toEqual({ ШНОР: 1, 'зона риска': 2, ШНСУ: 1, резильентная: 1, стабильная: 3 });
  expect(r.clusters.rule.join(' ')).toMatch(/75-го процентиля/);
  expect(r.municipalities).toHaveLength(1);
  expect(r.municipalities[0].clusters).toEqual(r.clusters.counts);
});

test('the identification verdict wins over the ДТК’s own results; names match after normalisation', () => {
  const results: ConsolidateInput = {
    file: 'results.xlsx',
    kind: 'results',
    error: null,
    issues: [],
    indicators: {},
    identification: {
      schools: [
        { id: 'е', idGiven: false, name: '  е ', municipality: 'ЭНСКИЙ  район', status: 'ШНОР' },
        { id: 'в', idGiven: false, name: '«В»', municipality: null, status: 'норма' },
        { id: 'б', idGiven: false, name: 'Б', municipality: 'Другой район', status: 'ШНОР' },
      ],
    },
  };
  const r = consolidate([...SET, results]);
  const by = Object.fromEntries(r.schools.map((s) => [s.school, s]));
  expect(by['Е'].status).toBe('ШНОР');
  expect(by['Е'].cluster).toBe('ШНОР');
  // «В» is named without a municipality: matched by name alone; its verdict «норма» overrides the ДТК.
  expect(by['В'].status).toBe('норма');
  expect(by['В'].cluster).toBe('стабильная');
  // «Б» of another municipality is another school.
  expect(by['Б'].status).toBeNull();
  expect(by['Б'].cluster).toBe('резильентная');
});

test('cut-offs are settings: fewer schools than the minimum gives no ШНСУ, a lower quantile widens it', () => {
  expect(Object.values(clusters(SET, { minSchoolsForQuartile: 9 }))).not.toContain('ШНСУ');
  expect(clusters(SET, { minSchoolsForQuartile: 9 })['А']).toBe('ШНОР');
  // The median of the indices is 17: «Ж» and «З» (18, 20; failing shares below 19) become резильентная; «Г» (12) is not adverse.
  const half = clusters(SET, { disadvantageQuantile: 0.5 });
  expect(half['Ж']).toBe('резильентная');
  expect(half['З']).toBe('резильентная');
  expect(half['Г']).toBe('зона риска');
  expect(() => consolidate(SET, { disadvantageQuantile: 2 })).toThrow();
});

test('two periods: the later one is main, each school’s change is computed, efficiency gets its change', () => {
  const sep = (s: string, courses: number): ConsolidateInput => ({
    ...dtk(s, 10, 10),
    file: `${s}-сентябрь.xlsx`,
    fillDate: null,
    indicators: { ...dtk(s, 10, 10).indicators, courses, courses80: courses >= 80 ? 1 : 0 },
  });
  const dec = (s: string, courses: number): ConsolidateInput => ({
    ...dtk(s, 10, 10),
    file: `${s}.xlsx`,
    fillDate: 45280, // 20.12.2023 as an Excel serial
    indicators: { ...dtk(s, 10, 10).indicators, courses, courses80: courses >= 80 ? 1 : 0 },
  });
  const r = consolidate([sep('А', 70), sep('Б', 85), dec('А', 90), dec('Б', 75), dec('В', 95)]);
  expect(r.period).toBe('декабрь');
  expect(r.previousPeriod).toBe('сентябрь');
  const a = r.schools.find((s) => s.school === 'А' && s.period === 'декабрь')!;
  expect(a.changes?.courses).toBe(20);
  expect(r.schools.find((s) => s.school === 'В')!.changes).toBeNull();
  const c80 = r.efficiency.find((e) => e.id === 'courses80')!;
  expect([c80.numerator, c80.denominator, c80.value]).toEqual([2, 3, 66.7]);
  expect(c80.previous).toEqual({ period: 'сентябрь', numerator: 1, denominator: 2, value: 50 });
  expect(c80.change).toBe(16.7);
});

test('a repeated ДТК of one school and period is listed as a repeat; the last one counts', () => {
  const r = consolidate([dtk('А', 10, 10), { ...dtk('А', 10, 10), file: 'А-2.xlsx' }]);
  expect(r.schools).toHaveLength(1);
  expect(r.schools[0].file).toBe('А-2.xlsx');
  expect(r.files[0].status).toBe('повтор');
  expect(r.files[0].reason).toMatch(/А-2\.xlsx/);
});

test('a ДТК without the school’s name is listed, not summarised; the summary as edits replaces five sheets', () => {
  const r = consolidate([...SET, dtk('', 10, 10)]);
  expect(r.schools).toHaveLength(SET.length);
  expect(r.files[SET.length]).toMatchObject({ status: 'нет наименования ОО', error: null });
  expect(r.files[SET.length].reason).toMatch(/Наименование ОО/);
  const edits = summaryEdits(r, '22.11.2026');
  expect(edits.map((e) => (e.kind === 'replaceSheet' ? e.sheet.name : e.kind))).toEqual([
    'Сводка по школам',
    'Муниципалитеты',
    'Эффективность',
    'Кластеры',
    'Файлы',
  ]);
});

test('the period rule: fill date first, then the file name', () => {
  expect(monthOf('15.09.2023')).toBe(9);
  expect(monthOf('2023-12-20')).toBe(12);
  expect(monthOf(45184)).toBe(9); // 15.09.2023
  expect(monthOf('20 декабря 2023')).toBe(12);
  expect(monthOf('когда-то')).toBeNull();
  expect(periodOf('10.01.2024', 'x.xlsx')).toEqual({ period: 'декабрь', by: 'date' });
  expect(periodOf('15.05.2023', 'ДТК_сентябрь.xlsx')).toEqual({ period: 'сентябрь', by: 'name' });
  expect(periodOfFileName('school_2023-12.xlsx')).toBe('декабрь');
  expect(periodOfFileName('ДТК 12.2023.xlsx')).toBe('декабрь');
  expect(periodOfFileName('СОШ 12.xlsx')).toBeNull(); // a school's number is not a month
  expect(periodOfFileName('school.xlsx')).toBeNull();
  // The April report (seed 003: «до 15 апреля»).
  expect(periodOf('14.04.2024', 'x.xlsx')).toEqual({ period: 'апрель', by: 'date' });
  expect(periodOf(45366, 'x.xlsx')).toEqual({ period: 'апрель', by: 'date' }); // 15.03.2024
  expect(periodOf(null, 'ДТК_апрель_2024.xlsx')).toEqual({ period: 'апрель', by: 'name' });
  expect(periodOfFileName('school_2024-04.xlsx')).toBe('апрель');
  expect(periodOfFileName('СОШ 4.xlsx')).toBeNull();
  expect(periodOf('20.06.2024', 'x.xlsx')).toEqual({ period: null, by: null });
  expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25);
});

test('an April and a September ДТК: September is main, April the earlier period', () => {
  const at = (s: string, file: string, fillDate: number | null): ConsolidateInput => ({
    ...dtk(s, 10, 10),
    file,
    fillDate,
  });
  const r = consolidate([at('А', 'А.xlsx', 45366), at('Б', 'Б-апрель.xlsx', null), at('А', 'А-сентябрь.xlsx', null)]);
  expect(r.period).toBe('сентябрь');
  expect(r.previousPeriod).toBe('апрель');
  expect(r.schools.filter((s) => s.period === 'апрель').map((s) => s.school)).toEqual(['А', 'Б']);
});
