/**
 * The worksheet functions: their work on ranges as 2-D arrays (Excel passes empty cells as ""),
 * Excel errors returned (not thrown) through a stand-in for Office's CustomFunctions, and the
 * hand-written metadata (Russian and English) kept equal to the implementation's parameter lists.
 */
import * as fs from 'fs';
import * as path from 'path';

class StubError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}
const associated = new Map<string, (...args: unknown[]) => unknown>();
(globalThis as Record<string, unknown>).CustomFunctions = {
  Error: StubError,
  ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!' },
  associate: (id: string, fn: (...args: unknown[]) => unknown) => associated.set(id, fn),
};

const { FUNCTIONS } = require('../../src/functions/functions') as typeof import('../../src/functions/functions');

const DIR = path.join(__dirname, '..', '..', 'src', 'functions');
interface Meta {
  functions: {
    id: string;
    name: string;
    description: string;
    result: { type: string; dimensionality?: string };
    parameters: { name: string; description: string; type: string; dimensionality?: string; optional?: boolean }[];
  }[];
}
const ru = JSON.parse(fs.readFileSync(path.join(DIR, 'functions.json'), 'utf8')) as Meta;
const en = JSON.parse(fs.readFileSync(path.join(DIR, 'functions.en.json'), 'utf8')) as Meta;

const call = (id: string, ...args: unknown[]): unknown => associated.get(id)!(...args);

// a class column: 4 «5», 10 «4», 9 «3», 2 «2», one «н/а», blanks
const CLASS = [
  ...Array(4).fill([5]),
  ...Array(10).fill([4]),
  ...Array(9).fill(['3']),
  ...Array(2).fill([2]),
  ['н/а'],
  [''],
  [''],
];

describe('worksheet functions', () => {
  test('every function is associated with Excel under its id', () => {
    expect([...associated.keys()].sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  test('the four indicators on a column of marks equal the hand count', () => {
    expect(call('PASSRATE', CLASS)).toBe(92);
    expect(call('QUALITY', CLASS)).toBe(56);
    expect(call('AVERAGE_MARK', CLASS)).toBe(3.64);
    expect(call('SOU', CLASS)).toBe(55.84);
    expect(call('SOU', CLASS)).not.toBe(call('PASSRATE', CLASS));
    // with «н/а» in n: 26 pupils
    expect(call('PASSRATE', CLASS, true)).toBeCloseTo((23 / 26) * 100, 9);
    expect(call('SOU', CLASS, true)).toBeCloseTo(((13.96 + 0.07) / 26) * 100, 9);
  });

  test('MARKS and FROM_COUNTS spill the same row', () => {
    const row = [[25, 4, 10, 9, 2, 1, 92, 56, 3.64, 55.84]];
    expect(call('MARKS', CLASS)).toEqual(row);
    expect(call('FROM_COUNTS', [[4, 10, 9, 2, 1]])).toEqual(row);
    expect(call('FROM_COUNTS', [[4], [10], [9], [2]])).toEqual([[25, 4, 10, 9, 2, 0, 92, 56, 3.64, 55.84]]);
    expect(call('FROM_COUNTS', [[0, 0, 0, 0]])).toEqual([
      [0, 0, 0, 0, 0, 0, 'нет данных', 'нет данных', 'нет данных', 'нет данных'],
    ]);
  });

  test('bad input answers with an Excel error carrying a Russian message, never a throw', () => {
    const six = call('PASSRATE', [[5], [6]]) as StubError;
    expect(six).toBeInstanceOf(StubError);
    expect(six.code).toBe('#VALUE!');
    expect(six.message).toMatch(/Не отметка 6 \(строка 2, столбец 1/);
    const empty = call('SOU', [[''], ['н/а']]) as StubError;
    expect(empty.code).toBe('#N/A');
    expect(empty.message).toMatch(/нет данных/);
    expect((call('FROM_COUNTS', [[1, 2, 3]]) as StubError).code).toBe('#VALUE!');
    expect((call('FROM_COUNTS', [[1, -2, 3, 4]]) as StubError).message).toMatch(/«4».*отрицательное/);
    expect((call('FROM_COUNTS', [[1, 2.5, 3, 4]]) as StubError).code).toBe('#NUM!');
    // even an argument of the wrong shape does not throw
    expect(() => call('MARKS', null)).not.toThrow();
    expect(call('MARKS', null)).toBeInstanceOf(StubError);
  });

  test('MARK: a total by a scale range, header row allowed; faulty scales and totals out of range are errors', () => {
    const scale = [
      ['от', 'до', 'отметка'],
      [0, 4, 2],
      [5, 9, 3],
      [10, 14, 4],
      [15, 20, 5],
    ];
    expect([0, 4, 5, 14, 15, 20].map((t) => call('MARK', t, scale))).toEqual([2, 2, 3, 4, 5, 5]);
    expect(call('MARK', '12', scale)).toBe(4);
    expect((call('MARK', 21, scale) as StubError).code).toBe('#NUM!');
    expect((call('MARK', 'много', scale) as StubError).code).toBe('#VALUE!');
    const overlap = call('MARK', 3, [
      [0, 5, 2],
      [5, 9, 3],
    ]) as StubError;
    expect(overlap.code).toBe('#VALUE!');
    expect(overlap.message).toMatch(/попадают и в отметку «2», и в «3»/);
    expect((call('MARK', 3, [[0, 9, 6]]) as StubError).message).toMatch(/Отметка 6/);
  });
});

describe('hand-written metadata', () => {
  test('both files list exactly the registered ids, in the same order', () => {
    expect(ru.functions.map((f) => f.id)).toEqual(Object.keys(FUNCTIONS));
    expect(en.functions.map((f) => f.id)).toEqual(Object.keys(FUNCTIONS));
  });

  test('parameters match the implementation: names (English file), count, order, types; optional last', () => {
    for (const [i, f] of ru.functions.entries()) {
      const impl = FUNCTIONS[f.id];
      const e = en.functions[i];
      expect(e.parameters.map((p) => p.name)).toEqual(impl.params);
      expect(f.parameters).toHaveLength(impl.params.length);
      expect(f.parameters.map((p) => [p.type, p.dimensionality, p.optional ?? false])).toEqual(
        e.parameters.map((p) => [p.type, p.dimensionality, p.optional ?? false]),
      );
      expect(f.result).toEqual(e.result);
      // the implementation takes at least its required parameters
      expect(impl.run.length).toBeGreaterThanOrEqual(f.parameters.filter((p) => !p.optional).length);
      const firstOptional = f.parameters.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(f.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
    }
  });

  test('Russian names and descriptions in functions.json, English in functions.en.json; names Excel accepts', () => {
    for (const f of ru.functions) {
      expect(f.name).toMatch(/^[А-ЯЁ][А-ЯЁ_]*$/);
      expect(f.description).toMatch(/[а-яё]/);
      for (const p of f.parameters) expect(p.description).toMatch(/[а-яё]/);
    }
    for (const f of en.functions) {
      expect(f.name).toBe(f.id);
      expect(f.name).toMatch(/^[A-Z][A-Z_]*$/);
    }
    expect(new Set(ru.functions.map((f) => f.name)).size).toBe(ru.functions.length);
  });

  test('spilling functions declare a matrix result', () => {
    for (const f of ru.functions) {
      const spills = f.id === 'MARKS' || f.id === 'FROM_COUNTS';
      expect(f.result.dimensionality === 'matrix').toBe(spills);
    }
  });
});
