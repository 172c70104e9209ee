/**
 * Periods of the class journal (issue 16): «1 четверть», «II триместр», «1 полугодие», «год»
 * (годовые отметки), with the school year when the text gives one. A period is data; its key
 * compares periods from different files and its place orders them.
 */
import { formatSchoolYear } from '../years';

export type PeriodKind = 'quarter' | 'trimester' | 'half' | 'year';

export interface Period {
  kind: PeriodKind;
  /** 1–4 for a quarter, 1–3 a trimester, 1–2 a half-year, 1 for the year. */
  n: number;
  /** The school year (the calendar year it starts in), null when the text gives none. */
  year: number | null;
}

const COUNT: Record<PeriodKind, number> = { quarter: 4, trimester: 3, half: 2, year: 1 };
const NAME: Record<PeriodKind, string> = {
  quarter: 'четверть',
  trimester: 'триместр',
  half: 'полугодие',
  year: 'год',
};

const ORDINALS: [RegExp, number][] = [
  [/^(1|i|перв\S*)$/, 1],
  [/^(2|ii|втор\S*)$/, 2],
  [/^(3|iii|трет\S*)$/, 3],
  [/^(4|iv|четверт[аоуы]\S*)$/, 4],
];

function ordinal(word: string): number | null {
  const w = word.replace(/-?(я|й|е|ю|ая|ой|ую|ий|го|ого)$/, '');
  for (const [re, n] of ORDINALS) if (re.test(w) || re.test(word)) return n;
  return null;
}

function kindOf(word: string): PeriodKind | null {
  // «четверть», «четв.», «триместр», «трим.», «полугодие», «полуг.»
  if (/^четв/.test(word)) return 'quarter';
  if (/^трим/.test(word)) return 'trimester';
  if (/^полуг/.test(word)) return 'half';
  return null;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[«»"“”„'`.,:;()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The school year in a text: a pair `2026/2027`, `2026-27` gives its start; a single calendar year
 * gives the school year of that period (autumn periods start in that year, spring ones end in it).
 */
export function schoolYearIn(t: string, p: { kind: PeriodKind; n: number } | null): number | null {
  t = norm(t);
  const pair = /(?:^|\D)((?:19|20)\d\d)\s*[-/\\\u2010-\u2015]\s*((?:19|20)?\d\d)(?!\d)/.exec(t);
  if (pair) {
    const a = Number(pair[1]);
    let b = Number(pair[2]);
    if (pair[2].length === 2) b = Math.floor(a / 100) * 100 + b;
    if (b === a + 1) return a;
  }
  const single = /(?:^|\D)((?:19|20)\d\d)(?!\d)/.exec(t);
  if (!single) return null;
  const y = Number(single[1]);
  const autumn = p !== null && p.kind !== 'year' && p.n <= Math.floor(COUNT[p.kind] / 2);
  return autumn ? y : y - 1;
}

/** The period a text names (a title, a sheet name, a cell of a «Период» column), or null. */
export function parsePeriod(text: string, opts: { yearWord?: boolean } = {}): Period | null {
  const t = norm(text);
  if (!t) return null;
  const words = t.split(' ');
  let found: { kind: PeriodKind; n: number } | null = null;
  for (let i = 0; i < words.length && !found; i++) {
    const k = kindOf(words[i]);
    if (!k) continue;
    // «1 четверть», «1-я четверть», «I четверть», «первая четверть» or «четверть 1», «четверть: II»
    const before = i > 0 ? ordinal(words[i - 1]) : null;
    const after = i + 1 < words.length ? ordinal(words[i + 1]) : null;
    const n = before ?? after;
    if (n !== null && n <= COUNT[k]) found = { kind: k, n };
  }
  // «1ч», «2 ч.» as some journals abbreviate a quarter
  if (!found) {
    const m = /(?:^|\s)([1-4])\s?ч(?:\s|$)/.exec(t);
    if (m) found = { kind: 'quarter', n: Number(m[1]) };
  }
  if (!found) {
    // годовые отметки: «год», «годовая», «за год», «за учебный год», «итоговая (годовая)»
    const yearly =
      /(^|\s)годов/.test(t) ||
      /(^|\s)за (учебный )?год(\s|$)/.test(t) ||
      /^(год|итог|итоговая|итоговые|итоговая отметка)$/.test(t) ||
      (opts.yearWord === true && /(^|\s)год(\s|$)/.test(t));
    if (yearly) found = { kind: 'year', n: 1 };
  }
  if (!found) return null;
  return { ...found, year: schoolYearIn(t, found) };
}

export function periodKey(p: Period): string {
  return `${p.year ?? ''}|${p.kind}|${p.n}`;
}

/** «1 четверть 2026-2027», «год 2025-2026», «2 полугодие». */
export function periodLabel(p: Period): string {
  const base = p.kind === 'year' ? 'год' : `${p.n} ${NAME[p.kind]}`;
  return p.year === null ? base : `${base} ${formatSchoolYear(p.year)}`;
}

/** Orders periods: by school year (unknown first), then by the part of the year they close. */
export function comparePeriods(a: Period, b: Period): number {
  const ya = a.year ?? -1;
  const yb = b.year ?? -1;
  if (ya !== yb) return ya - yb;
  const pa = a.kind === 'year' ? 1.01 : a.n / COUNT[a.kind];
  const pb = b.kind === 'year' ? 1.01 : b.n / COUNT[b.kind];
  return pa - pb || a.kind.localeCompare(b.kind);
}

/**
 * The period before this one, of the same kind: the previous quarter (the 4th of the previous school
 * year before the 1st), the previous year's год. Null when the year is unknown and n = 1.
 */
export function previousPeriod(p: Period): Period | null {
  if (p.n > 1) return { ...p, n: p.n - 1 };
  if (p.year === null) return null;
  return { kind: p.kind, n: COUNT[p.kind], year: p.year - 1 };
}
