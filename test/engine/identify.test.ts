import fc from 'fast-check';
import { identify, IdentifyResult } from '../../src/engine/results/identify';
import * as fastPath from '../../src/engine/results/identify/fast';
import { parseIdentifySettings, IdentifySettingsInput } from '../../src/engine/results/settings';
import { CellValue, WorkbookSnapshot } from '../../src/engine/snapshot';

const HEADER = [
  'Код ОО',
  'Наименование ОО',
  'Муниципалитет',
  'Учебный год',
  'Процедура',
  'Участников',
  'Не справились',
];
const PROCS = ['ВПР математика 5', 'ВПР математика 6', 'ВПР русский язык 5', 'ОГЭ математика', 'ЕГЭ русский язык'];

type Row = [string, string, string, string, string, number, number];

function book(rows: CellValue[][], extra?: Partial<WorkbookSnapshot['sheets'][0]>): WorkbookSnapshot {
  return { sheets: [{ name: 'Результаты', values: [HEADER, ...rows], merges: [], ...extra }] };
}

function run(rows: CellValue[][], s: IdentifySettingsInput = {}): IdentifyResult {
  return identify(book(rows), parseIdentifySettings(s));
}

function verdicts(r: IdentifyResult): Record<string, [string, boolean, boolean]> {
  return Object.fromEntries(r.schools.map((v) => [v.id, [v.status, v.rule1, v.rule2]]));
}

describe('identification rules (DOMAIN §4)', () => {
  test('3 of 10 is low, 299 of 1000 is not, 300 of 1000 is', () => {
    const r = run([
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 3],
      ['1', 'Школа 1', 'М', '2022-2023', 'ОГЭ математика', 1000, 300],
      ['2', 'Школа 2', 'М', '2022-2023', 'ВПР математика 5', 10, 3],
      ['2', 'Школа 2', 'М', '2022-2023', 'ОГЭ математика', 1000, 299],
    ]);
    const v = verdicts(r);
    expect(v['1']).toEqual(['ШНОР', true, false]);
    expect(v['2']).toEqual(['риск', false, false]);
    const s2 = r.schools.find((s) => s.id === '2')!;
    expect(s2.low.map((e) => [e.procedure, e.share, e.smallSample])).toEqual([['ВПР математика 5', 30, false]]);
    expect(s2.nearThreshold.map((e) => e.share)).toEqual([29.9]);
  });

  test('rule 2: any procedure in each year, or the same one', () => {
    const rows = [
      ['1', 'Школа 1', 'М', '2021-2022', 'ВПР математика 5', 20, 8],
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР русский язык 5', 20, 8],
      ['2', 'Школа 2', 'М', '2021-2022', 'ОГЭ математика', 20, 8],
      ['2', 'Школа 2', 'М', '2022-2023', 'ОГЭ математика', 20, 8],
    ];
    expect(verdicts(run(rows))).toEqual({ '1': ['ШНОР', false, true], '2': ['ШНОР', false, true] });
    expect(verdicts(run(rows, { rule2: 'same' }))).toEqual({ '1': ['риск', false, false], '2': ['ШНОР', false, true] });
  });

  test('risk band, zero participants, minimum participants, small samples', () => {
    const r = run(
      [
        ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 100, 25],
        ['2', 'Школа 2', 'М', '2022-2023', 'ВПР математика 5', 100, 24],
        ['3', 'Школа 3', 'М', '2022-2023', 'ВПР математика 5', 0, 0],
        ['4', 'Школа 4', 'М', '2022-2023', 'ВПР математика 5', 5, 3],
        ['4', 'Школа 4', 'М', '2022-2023', 'ОГЭ математика', 40, 20],
      ],
      { minParticipants: 10 },
    );
    expect(verdicts(r)).toEqual({
      '1': ['риск', false, false],
      '4': ['риск', false, false],
      '2': ['норма', false, false],
      '3': ['норма', false, false],
    });
    expect(r.schools.find((s) => s.id === '3')!.reason).toMatch(/нет учитываемых результатов/);
    expect(r.issues.map((i) => [i.code, i.cell])).toContainEqual(['RESULTS-ZERO-PARTICIPANTS', 'F4']);
    const s4 = r.schools.find((s) => s.id === '4')!;
    expect(s4.excluded.map((e) => [e.procedure, e.smallSample])).toEqual([['ВПР математика 5', true]]);
    expect(s4.previousYearMissing).toBe(true);
  });

  test('duplicates: identical ones are fine, differing ones are an error and the first counts', () => {
    const r = run([
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 3],
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 3],
      ['2', 'Школа 2', 'М', '2022-2023', 'ВПР математика 5', 10, 1],
      ['2', 'Школа 2', 'М', '2022-2023', 'ВПР математика 5', 10, 5],
    ]);
    expect(r.issues.filter((i) => i.code === 'RESULTS-DUPLICATE').map((i) => i.cell)).toEqual(['B5']);
    expect(verdicts(r)).toEqual({ '1': ['риск', false, false], '2': ['норма', false, false] });
  });

  test('bad values are reported at their cells and never throw', () => {
    const r = run([
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 'двадцать', 3],
      ['1', 'Школа 1', 'М', '2022-2023', 'ОГЭ математика', 10, { error: '#DIV/0!' }],
      ['1', 'Школа 1', 'М', '2022-2023', 'ЕГЭ русский язык', 10, 12],
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 6', -1, 0],
      ['1', 'Школа 1', 'М', '22/23 уч', 'ВПР русский язык 5', 10, 5],
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР русский язык 6', 10, null],
      ['1', 'Школа 1', 'М', '2022-2023', 'ЕГЭ математика (базовый)', 10, 1],
    ]);
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([
      ['NOT-A-NUMBER', 'F2'],
      ['CELL-ERROR', 'G3'],
      ['RESULTS-INCONSISTENT', 'G4'],
      ['OUT-OF-RANGE', 'F5'],
      ['RESULTS-BAD-YEAR', 'D6'],
      ['MISSING-VALUE', 'G7'],
    ]);
  });

  test('settings are validated with a Russian message', () => {
    expect(() => parseIdentifySettings({ threshold: 130 })).toThrow(/порог низкого результата/);
    expect(() => parseIdentifySettings({ rule2: 'every' })).toThrow(/any.*same/);
    expect(() => parseIdentifySettings({ thresold: 30 })).toThrow(/неизвестные параметры: thresold/);
  });

  test('calendar years and the chosen year', () => {
    const rows = [
      ['1', 'Школа 1', 'М', 2022, 'ВПР математика 5', 10, 5],
      ['1', 'Школа 1', 'М', 2023, 'ВПР математика 5', 10, 5],
      ['1', 'Школа 1', 'М', 2024, 'ВПР математика 5', 10, 0],
    ];
    const last = run(rows);
    expect([last.year, last.previousYear]).toEqual(['2023-2024', '2022-2023']);
    expect(verdicts(last)['1']).toEqual(['риск', false, false]);
    const chosen = run(rows, { year: '2022-2023' });
    expect(verdicts(chosen)['1']).toEqual(['ШНОР', false, true]);
  });
});

describe('wide layout with merged headers and municipalities', () => {
  test('reads groups, carries merged municipalities, skips totals and checks them', () => {
    const values: CellValue[][] = [
      ['Результаты ВПР 2023 года'],
      ['№', 'АТЕ', 'Наименование ОО', 'Математика 5 класс', null, 'Русский язык 5 класс', null],
      [null, null, null, 'приняли участие', 'не справились', 'приняли участие', 'не справились'],
      [1, 'Алданский', 'СОШ 1', 10, 3, 10, 3],
      [2, null, 'СОШ 2', 20, 1, 20, 1],
      [null, 'Итого по району', null, 30, 4, 30, 5],
      [3, 'Томмотский', 'СОШ 3', 10, 0, 10, 4],
      ['Всего', null, null, 40, 4, 40, 8],
    ];
    const wb: WorkbookSnapshot = {
      sheets: [
        {
          name: 'ВПР',
          values,
          merges: [
            { r1: 0, c1: 0, r2: 0, c2: 6 },
            { r1: 1, c1: 0, r2: 2, c2: 0 },
            { r1: 1, c1: 1, r2: 2, c2: 1 },
            { r1: 1, c1: 2, r2: 2, c2: 2 },
            { r1: 1, c1: 3, r2: 1, c2: 4 },
            { r1: 1, c1: 5, r2: 1, c2: 6 },
            { r1: 3, c1: 1, r2: 4, c2: 1 },
          ],
        },
      ],
    };
    const r = identify(wb, parseIdentifySettings({}));
    expect(r.year).toBe('2022-2023');
    expect(r.schools.map((v) => [v.name, v.municipality, v.status, v.low.map((e) => e.procedure)])).toEqual([
      ['СОШ 1', 'Алданский', 'ШНОР', ['ВПР математика 5', 'ВПР русский язык 5']],
      ['СОШ 3', 'Томмотский', 'риск', ['ВПР русский язык 5']],
      ['СОШ 2', 'Алданский', 'норма', []],
    ]);
    expect(r.issues.filter((i) => i.code === 'RESULTS-TOTAL-MISMATCH').map((i) => i.cell)).toEqual(['G6']);
    expect(r.lowCells).toEqual([{ sheet: 'ВПР', cells: ['E4', 'G4', 'G7'] }]);
  });
});

describe('properties', () => {
  const rowArb = fc.record({
    school: fc.integer({ min: 1, max: 12 }),
    year: fc.constantFrom('2021-2022', '2022-2023'),
    proc: fc.integer({ min: 0, max: PROCS.length - 1 }),
    participants: fc.integer({ min: 1, max: 60 }),
    failedRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  /** Rows without differing duplicates: one result per (school, year, procedure). */
  const rowsArb = fc
    .uniqueArray(rowArb, { selector: (r) => `${r.school}|${r.year}|${r.proc}`, minLength: 1, maxLength: 60 })
    .map((rs) =>
      rs.map((r): Row => [
        String(r.school),
        `Школа ${r.school}`,
        `М${r.school % 3}`,
        r.year,
        PROCS[r.proc],
        r.participants,
        Math.round(r.participants * r.failedRatio),
      ]),
    );

  test('permuting rows never changes the output', () => {
    fc.assert(
      fc.property(rowsArb, fc.func(fc.integer()), (rows, key) => {
        const shuffled = rows
          .map((r, i) => ({ r, k: key(i) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.r);
        const a = run(rows);
        const b = run(shuffled);
        expect(b.schools).toEqual(
          a.schools.map((s) => ({
            ...s,
            low: s.low.map((e) => ({ ...e, cell: expect.any(String) })),
            nearThreshold: expect.any(Array),
            excluded: expect.any(Array),
          })),
        );
        expect(verdicts(b)).toEqual(verdicts(a));
        expect([b.year, b.previousYear, b.summary.byStatus]).toEqual([a.year, a.previousYear, a.summary.byStatus]);
      }),
      { numRuns: 200 },
    );
  });

  test('adding a result below the risk band never changes a verdict', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('2021-2022', '2022-2023'),
        fc.integer({ min: 1, max: 500 }),
        (rows, school, year, n) => {
          const before = run(rows);
          const used = new Set(rows.map((r) => `${r[0]}|${r[3]}|${r[4]}`));
          const years = new Set(rows.map((r) => r[3]));
          if (!years.has(year)) return; // a new year would move Y
          const free = ['ЕГЭ математика (базовый)', 'ОГЭ русский язык', 'ВПР русский язык 6'].find(
            (p) => !used.has(`${school}|${year}|${p}`),
          );
          if (!free) return;
          const failed = Math.floor((n * 24.99) / 100); // share < 25 % = threshold − band
          const after = run([...rows, [String(school), `Школа ${school}`, `М${school % 3}`, year, free, n, failed]]);
          const vb = verdicts(before);
          const va = verdicts(after);
          for (const id of Object.keys(vb)) expect(va[id]).toEqual(vb[id]);
          for (const id of Object.keys(va)) if (!(id in vb)) expect(va[id]).toEqual(['норма', false, false]);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('raising the threshold never adds a ШНОР', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 5, max: 60 }), fc.integer({ min: 1, max: 40 }), (rows, t, d) => {
        const low = new Set(
          run(rows, { threshold: t })
            .schools.filter((s) => s.status === 'ШНОР')
            .map((s) => s.id),
        );
        const high = run(rows, { threshold: Math.min(100, t + d) }).schools.filter((s) => s.status === 'ШНОР');
        for (const s of high) expect(low.has(s.id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('more layouts', () => {
  test('tables stacked on one sheet, each under its own year title', () => {
    const values: CellValue[][] = [
      ['Результаты ВПР, 2021-2022 учебный год'],
      ['ОО', 'Процедура', 'Участников', 'Не справились'],
      ['СОШ 1', 'ВПР математика 5', 20, 7],
      ['СОШ 2', 'ВПР математика 5', 20, 1],
      [],
      ['Результаты ВПР, 2022-2023 учебный год'],
      ['ОО', 'Процедура', 'Участников', 'Не справились'],
      ['СОШ 1', 'ВПР русский язык 5', 20, 6],
      ['СОШ 2', 'ВПР русский язык 5', 20, 2],
    ];
    const r = identify({ sheets: [{ name: 'ВПР', values, merges: [] }] }, parseIdentifySettings({}));
    expect([r.year, r.previousYear]).toEqual(['2022-2023', '2021-2022']);
    expect(r.summary.tables.map((t) => t.rows)).toEqual([2, 2]);
    expect(r.schools.map((v) => [v.name, v.status, v.rule2])).toEqual([
      ['СОШ 1', 'ШНОР', true],
      ['СОШ 2', 'норма', false],
    ]);
  });

  test('ЕГЭ bands: shares below the minimum, 61–80 and 81–100 points, as counts or shares', () => {
    const values: CellValue[][] = [
      ['Результаты ЕГЭ 2023 года'],
      ['Наименование ОО', 'Математика (профильный уровень)', null, null, null],
      [null, 'приняли участие', 'не преодолели min порог', '61-80', '81-100'],
      ['СОШ 1', 20, 7, 4, 1],
      ['СОШ 2', 10, 0, 5, 5],
    ];
    const merges = [
      { r1: 1, c1: 0, r2: 2, c2: 0 },
      { r1: 1, c1: 1, r2: 1, c2: 4 },
    ];
    const r = identify({ sheets: [{ name: 'ЕГЭ', values, merges }] }, parseIdentifySettings({}));
    expect(r.hasBands).toBe(true);
    expect(r.schools.map((v) => [v.name, v.bands])).toEqual([
      [
        'СОШ 1',
        [{ year: '2022-2023', procedure: 'ЕГЭ математика (профильный)', belowMin: 35, from61to80: 20, from81to100: 5 }],
      ],
      [
        'СОШ 2',
        [{ year: '2022-2023', procedure: 'ЕГЭ математика (профильный)', belowMin: 0, from61to80: 50, from81to100: 50 }],
      ],
    ]);
    expect(r.schools[0].status).toBe('риск');
  });

  test('rows of a school scattered over the table: repeats are still found', () => {
    const r = run([
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 1],
      ['2', 'Школа 2', 'М', '2022-2023', 'ВПР математика 5', 10, 1],
      ['1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 6],
    ]);
    expect(r.issues.filter((i) => i.code === 'RESULTS-DUPLICATE').map((i) => i.cell)).toEqual(['B4']);
    expect(verdicts(r)['1']).toEqual(['норма', false, false]);
  });
});

test('a merged group header whose row holds only the merge’s top-left cell still names every column under it', () => {
  // As SheetJS and Office.js deliver it: the header row array ends at the merge's first cell.
  const values: CellValue[][] = [
    ['Наименование ОО', '2021-2022', null, '2022-2023'],
    [null, 'Участников', 'Не справились', 'Участников', 'Не справились'],
    ['СОШ 1', 10, 3, 10, 3],
  ];
  const merges = [
    { r1: 0, c1: 0, r2: 1, c2: 0 },
    { r1: 0, c1: 1, r2: 0, c2: 2 },
    { r1: 0, c1: 3, r2: 0, c2: 4 },
  ];
  const wb: WorkbookSnapshot = { sheets: [{ name: 'ВПР математика 5', values, merges }] };
  const r = identify(wb, parseIdentifySettings({}));
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(r.schools.map((v) => [v.status, v.rule2])).toEqual([['ШНОР', true]]);
});

describe('the fast path equals the reference path', () => {
  // More than 64 procedures (the tally's first slot capacity), ids or names only, repeats with the
  // same or other numbers, schools together or scattered, shares instead of counts, years far apart.
  const SUBJECTS = [
    'математика',
    'русский язык',
    'история',
    'биология',
    'география',
    'обществознание',
    'физика',
    'химия',
    'английский язык',
    'окружающий мир',
  ];
  const MANY = SUBJECTS.flatMap((s) => [4, 5, 6, 7, 8, 9, 10, 11].map((g) => `ВПР ${s} ${g}`));
  const rowArb = fc.record({
    school: fc.integer({ min: 1, max: 9 }),
    year: fc.constantFrom('2019-2020', '2021-2022', '2022-2023', '2023'),
    proc: fc.integer({ min: 0, max: MANY.length - 1 }),
    participants: fc.integer({ min: 0, max: 60 }),
    failedRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    shareOnly: fc.boolean(),
  });
  const bookArb = fc.record({
    rows: fc.array(rowArb, { minLength: 1, maxLength: 120 }),
    repeats: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 5 }),
    grouped: fc.boolean(),
    ids: fc.boolean(),
    farYear: fc.boolean(),
    shares: fc.boolean(),
  });

  test('schools in runs of the same procedures, with municipalities changing within a run', () => {
    // Regular exports (each school's results together, in the same order) go through the hot loop
    // (takeRun); the perturbations make rows leave it at every kind of place.
    const cellArb = fc.record({
      mun: fc.constantFrom('own', 'own', 'empty', 'other', 'number', 'spaces'),
      drop: fc.integer({ min: 0, max: 9 }),
      // 0: the row names another year than its place in the run (a year differs, the procedure not).
      otherYear: fc.integer({ min: 0, max: 7 }),
      participants: fc.integer({ min: 0, max: 40 }),
      failedRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      fraction: fc.integer({ min: 0, max: 19 }),
    });
    const arb = fc.record({
      schools: fc.integer({ min: 1, max: 6 }),
      procs: fc.integer({ min: 1, max: 6 }),
      years: fc.constantFrom<string[]>(
        ['2022-2023'],
        ['2021-2022', '2022-2023'],
        ['2020-2021', '2021-2022', '2022-2023'],
      ),
      firstMunEmpty: fc.boolean(),
      ids: fc.boolean(),
      // The year in the sheet's name instead of a column (the tight loop reads no year cell).
      yearInSheetName: fc.boolean(),
      // Municipality cells changing within runs, or every school's own on all its rows.
      munNoise: fc.boolean(),
      cells: fc.array(cellArb, { minLength: 60, maxLength: 60 }),
    });
    fc.assert(
      fc.property(arb, (b) => {
        const rows: CellValue[][] = [];
        let c = 0;
        for (let sc = 1; sc <= b.schools; sc++) {
          for (const y of b.years) {
            for (let p = 0; p < b.procs; p++) {
              const cell = b.cells[c++ % b.cells.length];
              if (cell.drop === 0) continue;
              const own = b.firstMunEmpty && sc === 1 ? null : `Район ${sc % 2}`;
              const mun =
                cell.mun === 'own' || !b.munNoise
                  ? own
                  : cell.mun === 'empty'
                    ? null
                    : cell.mun === 'other'
                      ? 'Другой район'
                      : cell.mun === 'number'
                        ? 5
                        : '   ';
              const failed = Math.round(cell.participants * cell.failedRatio) + (cell.fraction === 0 ? 0.5 : 0);
              const year = cell.otherYear === 0 ? (y === '2021-2022' ? '2022-2023' : '2021-2022') : y;
              rows.push([b.ids ? `К${sc}` : null, `Школа № ${sc}`, mun, year, MANY[p], cell.participants, failed]);
            }
          }
        }
        const inName = b.yearInSheetName;
        const values = inName
          ? [
              HEADER.filter((_, c) => c !== 3),
              ...rows.filter((r) => r[3] === '2022-2023').map((r) => r.filter((_, c) => c !== 3)),
            ]
          : [HEADER, ...rows];
        const wb: WorkbookSnapshot = {
          sheets: [{ name: inName ? 'ВПР 2022-2023' : 'Результаты', values, merges: [] }],
        };
        const s = parseIdentifySettings({});
        const auto = identify(wb, s);
        const full = identify(wb, s, { mode: 'reference' });
        expect(auto.schools).toEqual(full.schools);
        expect(auto.summary).toEqual(full.summary);
        expect(auto.procedures).toEqual(full.procedures);
        expect(auto.lowCells).toEqual(full.lowCells);
        expect([...auto.issues].sort(byText)).toEqual([...full.issues].sort(byText));
        if (inName && auto.summary.results > 0) expect(auto.year).toBe('2022-2023');
      }),
      { numRuns: 400 },
    );
  });

  test('a municipality changing within a school is carried down to the next school, as row by row', () => {
    const P = [MANY[0], MANY[1], MANY[2]];
    const rows: CellValue[][] = [];
    for (const sc of [1, 2, 3])
      for (const p of P) rows.push([`К${sc}`, `МБОУ № ${sc}`, 'Район 1', '2022-2023', p, 20, 1]);
    rows.push(['К4', 'МБОУ № 4', 'Район 2', '2022-2023', P[0], 20, 1]);
    rows.push(['К4', 'МБОУ № 4', 'Район 3', '2022-2023', P[1], 20, 1]);
    rows.push(['К4', 'МБОУ № 4', null, '2022-2023', P[2], 20, 1]);
    rows.push(['К5', 'МБОУ № 5', null, '2022-2023', P[0], 20, 1]);
    const wb = book(rows);
    const s = parseIdentifySettings({});
    const auto = identify(wb, s);
    expect(auto.schools.map((v) => [v.id, v.municipality])).toEqual([
      ['К1', 'Район 1'],
      ['К2', 'Район 1'],
      ['К3', 'Район 1'],
      ['К4', 'Район 2'],
      ['К5', 'Район 3'],
    ]);
    expect(auto).toEqual(identify(wb, s, { mode: 'reference' }));
  });

  test('a repeat is found after the procedures outgrow the first slots', () => {
    // 70 procedures of one school (more than the 64 slots the tally starts with), then the first again.
    const rows: CellValue[][] = MANY.slice(0, 70).map((p, k) => [
      'К1',
      'Школа № 1',
      'М1',
      '2022-2023',
      p,
      20,
      k % 2 ? 10 : 1,
    ]);
    rows.push(['К1', 'Школа № 1', 'М1', '2022-2023', MANY[0], 20, 15]);
    rows.push(['К2', 'Школа № 2', 'М1', '2022-2023', MANY[1], 20, 1]);
    const wb = book(rows);
    const s = parseIdentifySettings({});
    const auto = identify(wb, s);
    expect(auto.issues.filter((i) => i.code === 'RESULTS-DUPLICATE').map((i) => i.cell)).toEqual(['B72']);
    expect(auto.schools.find((v) => v.id === 'К1')!.low.some((e) => e.procedure === MANY[0])).toBe(false);
    expect(auto).toEqual(identify(wb, s, { mode: 'reference' }));
  });

  test('any settings, counts on either side of the threshold and the risk band', () => {
    // Adversarial for the comparisons: failing exactly at, one below and one above the threshold
    // and the start of the risk band, with thresholds that are not whole shares (33.3 %), a chosen
    // year present or not, procedures left out, too few participants.
    const settingsArb = fc.record({
      threshold: fc.constantFrom(30, 25, 33.3, 50, 10, 100),
      riskBand: fc.constantFrom(0, 5, 10, 2.5),
      minParticipants: fc.constantFrom(0, 5, 12),
      smallSample: fc.constantFrom(1, 10, 30),
      rule2: fc.constantFrom<('any' | 'same')[]>('any', 'same'),
      includeOther: fc.boolean(),
      year: fc.constantFrom<(string | null)[]>(null, null, '2022-2023', '2023', '2021-2022', '2030-2031'),
      procedures: fc.constantFrom<(string[] | null)[]>(null, null, [MANY[0], MANY[2]]),
    });
    const resultArb = fc.record({
      participants: fc.integer({ min: 1, max: 300 }),
      // 0..2: just below, at, just above the threshold; 3..5: the same around the risk band; 6: anything.
      edge: fc.integer({ min: 0, max: 6 }),
      any: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const arb = fc.record({
      schools: fc.integer({ min: 1, max: 8 }),
      procs: fc.integer({ min: 1, max: 5 }),
      years: fc.constantFrom<string[]>(
        ['2022-2023'],
        ['2021-2022', '2022-2023'],
        ['2020-2021', '2021-2022', '2022-2023'],
      ),
      results: fc.array(resultArb, { minLength: 40, maxLength: 40 }),
      settings: settingsArb,
    });
    const spy = jest.spyOn(fastPath, 'fastFacts');
    let runs = 0;
    fc.assert(
      fc.property(arb, (b) => {
        const s = parseIdentifySettings(b.settings);
        const riskFrom = Math.max(0, s.threshold - s.riskBand);
        const rows: CellValue[][] = [];
        let k = 0;
        for (let sc = 1; sc <= b.schools; sc++)
          for (const y of b.years)
            for (let p = 0; p < b.procs; p++) {
              const r = b.results[k++ % b.results.length];
              const n = r.participants;
              const at = r.edge < 3 ? s.threshold : riskFrom;
              const exact = Math.ceil((at * n) / 100);
              const failed = r.edge === 6 ? Math.round(r.any * n) : exact + ((r.edge % 3) - 1);
              rows.push([
                `К${sc}`,
                `Школа № ${sc}`,
                `Район ${sc % 3}`,
                y,
                MANY[p],
                n,
                Math.min(n, Math.max(0, failed)),
              ]);
            }
        const wb = book(rows);
        const before = spy.mock.calls.length;
        const fast = identify(wb, s);
        if (spy.mock.calls.length > before) runs++;
        expect(fast).toEqual(identify(wb, s, { mode: 'reference' }));
      }),
      { numRuns: 300 },
    );
    // The inputs are grouped by school without repeats: the fast path must have read them itself.
    expect(runs).toBe(300);
    spy.mockRestore();
  });

  test('same verdicts, evidence, issues and summary', () => {
    fc.assert(
      fc.property(bookArb, (b) => {
        let rows: CellValue[][] = b.rows.map((r) => {
          const failed = Math.round(r.participants * r.failedRatio);
          const shareOnly = b.shares && r.shareOnly;
          return [
            b.ids ? `К${r.school}` : null,
            `Школа № ${r.school}`,
            `М${r.school % 3}`,
            b.farYear && r.school === 1 ? '1995-1996' : r.year,
            MANY[r.proc],
            shareOnly ? null : r.participants,
            shareOnly ? null : failed,
            ...(b.shares ? [shareOnly ? Math.round(r.failedRatio * 1000) / 10 : null] : []),
          ];
        });
        for (const [k, same] of b.repeats) {
          const src = rows[k % rows.length];
          const copy = [...src];
          if (!same && typeof copy[6] === 'number') copy[6] = (copy[6] as number) + 1;
          rows.splice((k * 7) % (rows.length + 1), 0, copy);
        }
        if (b.grouped) rows = [...rows].sort((x, y) => String(x[1]).localeCompare(String(y[1])));
        // Without a share column the rows go through the tight loops (quickRows, quickRowsCompact).
        const header = b.shares ? [...HEADER, 'Доля не справившихся, %'] : HEADER;
        const wb: WorkbookSnapshot = { sheets: [{ name: 'Результаты', values: [header, ...rows], merges: [] }] };
        const s = parseIdentifySettings({ minParticipants: 3 });
        const auto = identify(wb, s);
        const full = identify(wb, s, { mode: 'reference' });
        expect(auto.schools).toEqual(full.schools);
        expect(auto.summary).toEqual(full.summary);
        expect(auto.procedures).toEqual(full.procedures);
        expect(auto.lowCells).toEqual(full.lowCells);
        expect([...auto.issues].sort(byText)).toEqual([...full.issues].sort(byText));
        expect([auto.year, auto.previousYear]).toEqual([full.year, full.previousYear]);
      }),
      { numRuns: 300 },
    );
  });
});

function byText(a: { code: string; cell: string | null; message: string }, b: typeof a): number {
  return `${a.code}${a.cell}${a.message}`.localeCompare(`${b.code}${b.cell}${b.message}`);
}
