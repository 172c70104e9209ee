/**
 * The variant corpus of the roadmap (test/roadmap/variants.ts): 200 clean layouts give no error and
 * no warning and count the measures and the factors present; 200 layouts with one seeded mistake
 * each (among them a measure with a blank responsible) give exactly that code at that cell and no
 * other error or warning. The rates are printed.
 */
import { checkRoadmap } from '../../src/engine/roadmap/check';
import { readWorkbook } from '../../src/xlsx/read';
import { ROADMAP_MISTAKES, roadmapVariant } from './variants';

const N = 200;

type Finding = { code: string; severity: string; sheet: string | null; cell: string | null; message: string };
const show = (f: Finding): string => `${f.severity} ${f.code} ${f.sheet}!${f.cell}: ${f.message}`;

function run(seed: number, mistake: (typeof ROADMAP_MISTAKES)[number]['mistake'] | null) {
  const v = roadmapVariant(seed, mistake);
  const r = readWorkbook(v.bytes);
  if (!r.ok) throw new Error(r.message);
  const res = checkRoadmap(r.workbook, { date: '01.01.2026' });
  const findings = (res.issues as Finding[]).filter((i) => i.severity !== 'info');
  return { v, res, findings };
}

describe('roadmap: the variant corpus', () => {
  test(`${N} clean layouts: no error, no warning, the measures and factors counted`, () => {
    const alarms: string[] = [];
    const wrong: string[] = [];
    let falseFindings = 0;
    for (let seed = 1; seed <= N; seed++) {
      const { v, res, findings } = run(seed, null);
      falseFindings += findings.length;
      if (findings.length) alarms.push(`seed ${seed} [${v.traits.join(' ')}]\n  ${findings.map(show).join('\n  ')}`);
      else if (res.indicators.measures !== v.truth.measures || res.indicators.factorsPresent !== v.truth.present)
        wrong.push(
          `seed ${seed} [${v.traits.join(' ')}]: measures ${res.indicators.measures}/${v.truth.measures}, present ${res.indicators.factorsPresent}/${v.truth.present}`,
        );
    }
    process.stdout.write(
      `roadmap variants: false alarms in ${alarms.length}/${N} clean layouts (${((alarms.length / N) * 100).toFixed(1)} %), ${falseFindings} false findings; wrong counts in ${wrong.length}\n`,
    );
    expect(alarms.slice(0, 5)).toEqual([]);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  test(`${N} layouts with one seeded mistake: exactly its code at its cell`, () => {
    const missed: string[] = [];
    const per: Record<string, [number, number]> = {};
    for (let seed = 1; seed <= N; seed++) {
      const m = ROADMAP_MISTAKES[seed % ROADMAP_MISTAKES.length];
      const { v, findings } = run(1000 + seed, m.mistake);
      const e = v.expected!;
      const same = (f: Finding): boolean => f.code === e.code && f.sheet === e.sheet && f.cell === e.cell;
      const ok = findings.some(same) && findings.every(same);
      per[m.mistake] ??= [0, 0];
      per[m.mistake][1]++;
      if (ok) per[m.mistake][0]++;
      else
        missed.push(
          `seed ${1000 + seed} ${m.mistake} want ${e.code} at ${e.sheet}!${e.cell} [${v.traits.join(' ')}]\n  ${findings.map(show).join('\n  ') || '(nothing)'}`,
        );
    }
    const detected = N - missed.length;
    process.stdout.write(
      `roadmap variants: seeded mistakes detected exactly in ${detected}/${N} (${((detected / N) * 100).toFixed(1)} %): ${Object.entries(
        per,
      )
        .map(([k, [a, b]]) => `${k} ${a}/${b}`)
        .join(', ')}\n`,
    );
    expect(missed.slice(0, 5)).toEqual([]);
  });
});
