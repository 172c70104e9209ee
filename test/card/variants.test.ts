/**
 * The variant corpus of the information card (test/card/variants.ts): 200 clean layouts give no
 * error and no warning and read back the values written; 200 layouts with one seeded mistake each
 * give exactly that code at that cell and no other error or warning. The rates are printed.
 */
import { checkCard } from '../../src/engine/card/check';
import { CARD } from '../../src/engine/card/descriptor';
import { readWorkbook } from '../../src/xlsx/read';
import { CARD_MISTAKES, SEED_003_CARD, cardVariant } from './variants';
import { cardLabelNorm } from '../../src/engine/card/locate';
import { bareLabel, labelSet } from '../../src/engine/grid';

const N = 200;

type Finding = { code: string; severity: string; sheet: string | null; cell: string | null; message: string };
const show = (f: Finding): string => `${f.severity} ${f.code} ${f.sheet}!${f.cell}: ${f.message}`;

function run(seed: number, mistake: (typeof CARD_MISTAKES)[number]['mistake'] | null) {
  const v = cardVariant(seed, mistake);
  const r = readWorkbook(v.bytes);
  if (!r.ok) throw new Error(r.message);
  const res = checkCard(r.workbook, { date: '01.01.2026' });
  const findings = (res.issues as Finding[]).filter((i) => i.severity !== 'info');
  return { v, res, findings };
}

describe('information card: the variant corpus', () => {
  test('every label of the seed 003 card is a label or synonym of the descriptor', () => {
    const all = new Set<string>();
    const add = (x: { label?: string; title?: string; header?: string; synonyms: string[] }): void => {
      for (const s of [x.label ?? x.title ?? x.header ?? '', ...x.synonyms])
        for (const n of labelSet({ label: cardLabelNorm(s), synonyms: [] })) all.add(n);
    };
    add({ title: CARD.title, synonyms: CARD.synonyms });
    for (const s of CARD.sections) {
      add(s);
      const walk = (rows: typeof s.rows): void => rows.forEach((r) => (add(r), walk(r.items ?? [])));
      walk(s.rows);
      for (const r of s.rows) for (const c of r.combined ?? []) all.add(cardLabelNorm(c));
      for (const c of s.measures?.columns ?? []) add(c);
    }
    const want = [
      ...Object.values(SEED_003_CARD.rows),
      ...Object.values(SEED_003_CARD.sections).map((t) => t.replace(/^\d\.\s*/, '')),
      SEED_003_CARD.measureHeader,
      SEED_003_CARD.title.replace(' В {municipality} МУНИЦИПАЛЬНОМ РАЙОНЕ', ''),
    ].map((s) => bareLabel(cardLabelNorm(s.replace('{year}', '2023'))));
    expect(want.filter((w) => !all.has(w))).toEqual([]);
  });

  test(`${N} clean layouts: no error, no warning, the values read back`, () => {
    const alarms: string[] = [];
    const wrong: string[] = [];
    let falseFindings = 0;
    let paraphrased = 0;
    const unreported: string[] = [];
    for (let seed = 1; seed <= N; seed++) {
      const { v, res, findings } = run(seed, null);
      falseFindings += findings.length;
      // Each row written in other words is reported as a similar label naming the form's label, never silently.
      const similar = (res.issues as Finding[]).filter((i) => i.code === 'LABEL-SIMILAR' && i.severity === 'info');
      for (const id of v.truth.paraphrased) {
        paraphrased++;
        const label = CARD.sections.flatMap((s) => s.rows).find((x) => x.id === id)!.label;
        if (!similar.some((i) => i.message.includes(`«${label}»`)))
          unreported.push(`seed ${seed}: ${id} written in other words, no LABEL-SIMILAR naming «${label}»`);
      }
      if (findings.length) alarms.push(`seed ${seed} [${v.traits.join(' ')}]\n  ${findings.map(show).join('\n  ')}`);
      const ind = res.indicators;
      const got = [
        String(ind.municipality ?? '')
          .toLowerCase()
          .includes(v.truth.municipality.toLowerCase().slice(0, 5)),
        ind.year === v.truth.year,
        ind.measures === v.truth.measures,
        ind['planExecution.31.12'] === v.truth.execution[2],
        v.truth.schools
          ? ind['schools.noo'] === v.truth.schools.noo && ind['schools.soo'] === v.truth.schools.soo
          : true,
        v.truth.schoolsTotal !== null ? ind['schools.total'] === v.truth.schoolsTotal : true,
      ];
      if (got.some((x) => !x) && !findings.length)
        wrong.push(
          `seed ${seed} [${v.traits.join(' ')}]: ${JSON.stringify(got)} ${JSON.stringify({
            municipality: ind.municipality,
            year: ind.year,
            measures: ind.measures,
            exec: ind['planExecution.31.12'],
            noo: ind['schools.noo'],
            total: ind['schools.total'],
          })} want ${JSON.stringify(v.truth)}`,
        );
    }
    process.stdout.write(
      `card variants: false alarms in ${alarms.length}/${N} clean layouts (${((alarms.length / N) * 100).toFixed(1)} %), ${falseFindings} false findings; wrong values in ${wrong.length}; rows in other words ${paraphrased}, reported as similar ${paraphrased - unreported.length}\n`,
    );
    expect(paraphrased).toBeGreaterThan(50);
    expect(unreported.slice(0, 5)).toEqual([]);
    expect(alarms.slice(0, 5)).toEqual([]);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  test(`${N} layouts with one seeded mistake: exactly its code at its cell`, () => {
    const missed: string[] = [];
    const per: Record<string, [number, number]> = {};
    for (let seed = 1; seed <= N; seed++) {
      const m = CARD_MISTAKES[seed % CARD_MISTAKES.length];
      const { v, findings } = run(1000 + seed, m.mistake);
      const e = v.expected!;
      const hit = findings.some((f) => f.code === e.code && f.sheet === e.sheet && f.cell === e.cell);
      const others = findings.filter((f) => !(f.code === e.code && f.sheet === e.sheet && f.cell === e.cell));
      const ok = hit && others.length === 0;
      per[m.mistake] ??= [0, 0];
      per[m.mistake][1]++;
      if (ok) per[m.mistake][0]++;
      else
        missed.push(
          `seed ${1000 + seed} ${m.mistake} want ${e.code} at ${e.cell} [${v.traits.join(' ')}]\n  ${findings.map(show).join('\n  ') || '(nothing)'}`,
        );
    }
    const detected = N - missed.length;
    process.stdout.write(
      `card variants: seeded mistakes detected exactly in ${detected}/${N} (${((detected / N) * 100).toFixed(1)} %): ${Object.entries(
        per,
      )
        .map(([k, [a, b]]) => `${k} ${a}/${b}`)
        .join(', ')}\n`,
    );
    expect(missed.slice(0, 5)).toEqual([]);
  });
});
