/** DOMAIN.md §7 formulas on hand-computed cases, the СОУ guard and the edge cases. */
import fc from 'fast-check';
import { computeMarks, countMarkGrid, countsProblem, readMark, SOU_WEIGHTS } from '../../src/engine/marks/formulas';

const c = (n5: number, n4: number, n3: number, n2: number, na = 0) => ({ n5, n4, n3, n2, na });

describe('formulas of §7', () => {
  test('a class of 25: 4 «5», 10 «4», 9 «3», 2 «2» (computed by hand)', () => {
    const r = computeMarks(c(4, 10, 9, 2));
    expect(r.n).toBe(25);
    expect(r.passRate).toBe(92); // 23 / 25
    expect(r.quality).toBe(56); // 14 / 25
    expect(r.average).toBe(3.64); // (20 + 40 + 27 + 4) / 25 = 91 / 25
    expect(r.sou).toBe(55.84); // (4 + 6,4 + 3,24 + 0,32) / 25 × 100 = 13,96 / 25 × 100
  });

  test('СОУ is not the pass rate (the mistake of public calculators)', () => {
    for (const counts of [c(4, 10, 9, 2), c(0, 0, 30, 0), c(1, 1, 1, 1), c(10, 0, 0, 5)]) {
      const r = computeMarks(counts);
      const passRate = ((counts.n5 + counts.n4 + counts.n3) / r.n) * 100;
      expect(r.passRate).toBeCloseTo(passRate, 9);
      expect(r.sou).not.toBeCloseTo(passRate, 3);
      // and it is the weighted sum, each weight as Симонов gives it
      expect(r.sou).toBeCloseTo(
        ((1 * counts.n5 + 0.64 * counts.n4 + 0.36 * counts.n3 + 0.16 * counts.n2) / r.n) * 100,
        9,
      );
    }
    // the class of «3» only: pass rate 100 %, СОУ 36 %
    expect(computeMarks(c(0, 0, 30, 0))).toMatchObject({ passRate: 100, quality: 0, average: 3, sou: 36 });
  });

  test('the weights', () => {
    expect(SOU_WEIGHTS).toEqual({ n5: 1, n4: 0.64, n3: 0.36, n2: 0.16, na: 0.07 });
    expect(computeMarks(c(7, 0, 0, 0)).sou).toBe(100);
    expect(computeMarks(c(0, 3, 0, 0)).sou).toBe(64);
    expect(computeMarks(c(0, 0, 0, 9)).sou).toBe(16);
    expect(computeMarks(c(0, 0, 0, 9)).passRate).toBe(0);
  });

  test('«н/а»: off by default, with the setting counted in n and in СОУ at 0,07', () => {
    const counts = c(6, 8, 7, 3, 1);
    const off = computeMarks(counts);
    expect(off.n).toBe(24);
    expect(off.passRate).toBe(87.5); // 21 / 24
    expect(off.sou).toBeCloseTo((14.12 / 24) * 100, 9); // 58,83…
    const on = computeMarks(counts, { includeNotAssessed: true });
    expect(on.n).toBe(25);
    expect(on.passRate).toBe(84); // 21 / 25
    expect(on.quality).toBe(56); // 14 / 25
    expect(on.sou).toBe(56.76); // (14,12 + 0,07) / 25 × 100
    // средний балл is over the pupils with a mark either way: 89 / 24
    expect(on.average).toBeCloseTo(89 / 24, 9);
    expect(off.average).toBeCloseTo(89 / 24, 9);
  });

  test('n = 0 gives no data, never NaN or Infinity', () => {
    const r = computeMarks(c(0, 0, 0, 0, 3));
    expect(r).toMatchObject({ n: 0, passRate: null, quality: null, average: null, sou: null });
    const only = computeMarks(c(0, 0, 0, 0, 2), { includeNotAssessed: true });
    expect(only).toMatchObject({ n: 2, passRate: 0, quality: 0, average: null, sou: 7 });
  });

  test('bad counts are named', () => {
    expect(countsProblem(c(1, 2, 3, 4))).toBeNull();
    expect(countsProblem(c(-1, 2, 3, 4))).toMatch(/«5».*отрицательное/);
    expect(countsProblem(c(1, 2.5, 3, 4))).toMatch(/«4».*дробное \(2,5\)/);
    expect(countsProblem(c(1, 2, 3, NaN))).toMatch(/«2».*не число/);
  });
});

describe('reading marks', () => {
  test('numbers, texts, «н/а», empty and bad cells', () => {
    expect(readMark(5)).toEqual({ kind: 'mark', mark: 5 });
    expect(readMark(' 4 ')).toEqual({ kind: 'mark', mark: 4 });
    expect(readMark('«3»')).toEqual({ kind: 'mark', mark: 3 });
    expect(readMark('Н/А')).toEqual({ kind: 'na' });
    expect(readMark('н/а')).toEqual({ kind: 'na' });
    expect(readMark(null)).toEqual({ kind: 'empty' });
    expect(readMark('')).toEqual({ kind: 'empty' });
    expect(readMark('осв.')).toEqual({ kind: 'empty' });
    expect(readMark(6)).toEqual({ kind: 'bad', shown: '6' });
    expect(readMark(4.5)).toEqual({ kind: 'bad', shown: '4,5' });
    expect(readMark(1)).toEqual({ kind: 'bad', shown: '1' });
    expect(readMark('пять')).toEqual({ kind: 'bad', shown: '«пять»' });
    expect(readMark({ error: '#N/A' })).toEqual({ kind: 'bad', shown: '#N/A' });
  });

  test('a grid of marks is counted; bad cells are listed with their place', () => {
    const { counts, bad } = countMarkGrid([
      [5, 4, 'н/а'],
      [3, 7, null],
      ['2', 5],
    ]);
    expect(counts).toEqual({ n5: 2, n4: 1, n3: 1, n2: 1, na: 1 });
    expect(bad).toEqual([{ row: 1, col: 1, shown: '7' }]);
  });
});

describe('property: any whole counts', () => {
  const count = fc.integer({ min: 0, max: 500 });

  test('equal the §7 formulas computed in whole hundredths (no float weights), never NaN or Infinity', () => {
    fc.assert(
      fc.property(count, count, count, count, count, fc.boolean(), (n5, n4, n3, n2, na, include) => {
        const r = computeMarks({ n5, n4, n3, n2, na }, { includeNotAssessed: include });
        const n = n5 + n4 + n3 + n2 + (include ? na : 0);
        for (const v of [r.passRate, r.quality, r.average, r.sou])
          if (v !== null) expect(Number.isFinite(v)).toBe(true);
        if (n === 0) {
          expect(r.passRate).toBeNull();
          expect(r.sou).toBeNull();
          return;
        }
        // the weights in hundredths: 100, 64, 36, 16, 7
        const souHundredths = 100 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + (include ? 7 * na : 0);
        expect(r.sou).toBeCloseTo(souHundredths / n, 6);
        expect(r.passRate).toBeCloseTo((100 * (n5 + n4 + n3)) / n, 6);
        expect(r.quality).toBeCloseTo((100 * (n5 + n4)) / n, 6);
        expect(r.quality!).toBeLessThanOrEqual(r.passRate! + 1e-9);
        const marked = n5 + n4 + n3 + n2;
        if (marked > 0) expect(r.average).toBeCloseTo((5 * n5 + 4 * n4 + 3 * n3 + 2 * n2) / marked, 6);
        else expect(r.average).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
