/**
 * The report's figures against the identification (issue 14): `identify(..., { results })` lists
 * every result it read, with the same numbers as the evidence of its verdicts, and the verdicts
 * do not change; the weighted means are Σ failed ÷ Σ participants counted plainly.
 */
import fc from 'fast-check';
import { ReadResult, identify } from '../../src/engine/results/identify';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { computeFigures } from '../../src/engine/report/figures';
import { roundTo } from '../../src/engine/text';

const PROCS = ['ВПР математика 5', 'ВПР русский язык 5', 'ОГЭ математика', 'ОГЭ русский язык'];
const MUNS = ['Район А', 'Район Б'];

interface Row {
  school: number;
  year: number;
  proc: number;
  part: number;
  failed: number;
}

const rowArb = fc
  .record({
    school: fc.integer({ min: 0, max: 7 }),
    year: fc.integer({ min: 0, max: 2 }),
    proc: fc.integer({ min: 0, max: 3 }),
    part: fc.integer({ min: 1, max: 80 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((r): Row => ({ school: r.school, year: r.year, proc: r.proc, part: r.part, failed: Math.floor(r.part * r.f) }));

/** The first row of each school × year × procedure (repeats would be an error in the data). */
function unique(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.school}|${r.year}|${r.proc}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function book(rows: Row[], grouped: boolean): WorkbookSnapshot {
  const list = grouped ? [...rows].sort((a, b) => a.school - b.school) : rows;
  return {
    sheets: [
      {
        name: 'Результаты',
        merges: [],
        values: [
          ['Наименование ОО', 'Муниципалитет', 'Учебный год', 'Процедура', 'Участников', 'Не справились'],
          ...list.map((r) => [
            `Школа № ${r.school + 1}`,
            MUNS[r.school % 2],
            `${2020 + r.year}-${2021 + r.year}`,
            PROCS[r.proc],
            r.part,
            r.failed,
          ]),
        ],
      },
    ],
  };
}

const settings = parseIdentifySettings({});

test('the results listed for the report agree with the verdicts, which do not change', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (raw, grouped) => {
      const rows = unique(raw);
      const wb = book(rows, grouped);
      const plain = identify(wb, settings);
      const results: ReadResult[] = [];
      const res = identify(wb, settings, { results });
      expect(res.schools).toEqual(plain.schools);
      expect(results.length).toBe(rows.length);
      const byKey = new Map(results.map((r) => [`${r.schoolId}|${r.year}|${r.procedure}`, r]));
      for (const v of res.schools) {
        for (const e of [...v.low, ...v.nearThreshold]) {
          const r = byKey.get(`${v.id}|${e.year}|${e.procedure}`)!;
          expect(r.participants).toBe(e.participants);
          expect(r.failed).toBe(e.failed);
          expect(roundTo(r.share)).toBe(e.share);
        }
      }
      // Means by hand: Σ failed × 100 ÷ Σ participants in Y per procedure and municipality.
      const f = computeFigures(res, results, null);
      const Y = 2020 + Math.max(...rows.map((r) => r.year));
      for (const p of f.procedures) {
        const k = PROCS.indexOf(p.procedure);
        for (const m of [null, ...MUNS]) {
          const mine = rows.filter(
            (r) => r.year + 2020 === Y && r.proc === k && (m === null || MUNS[r.school % 2] === m),
          );
          const n = mine.reduce((s, r) => s + r.part, 0);
          const failed = mine.reduce((s, r) => s + r.failed, 0);
          const got = m === null ? p.region.cur.share : (p.municipal[m]?.cur ?? null);
          expect(got).toBe(n > 0 ? (failed * 100) / n : null);
        }
      }
    }),
    { numRuns: 150 },
  );
});
