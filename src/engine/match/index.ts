/**
 * The label matcher (issue 11): finds a form's label among the texts of a sheet by meaning, not
 * only by exact text. A label and a candidate are normalised (case, `ё`→`е`, quotes, punctuation,
 * OCR line breaks and hyphenation, numbering such as «1.», «1.2.», «а)», «(1)», «-»), cut into
 * words, the words reduced to Russian stems (Snowball, package `snowball-stemmers`) and the
 * stop-words dropped. The score (0–1) is a weighted Dice coefficient over the stems, times a small
 * factor for the words' order, plus an optional bonus for the context (the parent label above,
 * the section). `matchLabel` takes the best candidate above a threshold and says how it was found:
 * `exact` (the form's label), `alias` (one of its synonyms) or `similar` (the score), and whether
 * the two best candidates are too close to choose (`ambiguous`).
 *
 * Pure and deterministic; the stems of a text are memoised (forms repeat the same labels).
 */
import { newStemmer } from 'snowball-stemmers';
import { memoizeText } from '../text';

export type MatchHow = 'exact' | 'alias' | 'similar';

/** A label to look for: the form's label and the synonyms it also answers to. */
export interface LabelSpec {
  label: string;
  synonyms?: readonly string[];
  /** The label of the parent row above it, or the section it sits in (for the context bonus). */
  context?: string;
}

/** A text of the sheet that may be the label. */
export interface LabelCandidate {
  text: string;
  /** The text of the parent row above, or the section heading the candidate sits under. */
  context?: string;
}

export interface MatchOptions {
  /** The lowest score of a `similar` match (default `SIMILAR_THRESHOLD`). */
  threshold?: number;
  /** Two best candidates closer than this are `ambiguous` (default `AMBIGUITY_MARGIN`). */
  margin?: number;
  /** Weight of the context bonus (default 0.1): score += weight × similarity of the contexts. */
  contextWeight?: number;
}

export interface LabelMatch {
  /** Index of the candidate in the list given. */
  index: number;
  how: MatchHow;
  /** 1 for exact and alias; the similarity otherwise (0–1). */
  score: number;
  /** The label (or synonym) of the spec the candidate is most like. */
  label: string;
}

export interface MatchResult {
  best: LabelMatch | null;
  /** The second best candidate above the threshold (another index), if any. */
  second: LabelMatch | null;
  /** True when `second` scores within the margin of `best` and `best` is only similar. */
  ambiguous: boolean;
}

/** The lowest score taken as a similar label. */
export const SIMILAR_THRESHOLD = 0.65;
/** Two candidates scoring closer than this are equally likely. */
export const AMBIGUITY_MARGIN = 0.05;

/** Leading numbering: «1.», «1.2.», «1)», «(1)», «а)», «IV.», «-», «•», «Раздел 1.», «№ 3». */
const NUMBERING =
  /^(?:(?:раздел|пункт|п\.)\s*)?(?:№\s*)?(?:(?:\d+\.)+\d*\)?|\d+\)|\(\d+\)|\(?[а-яa-z]\)|[ivx]+[.)])\s*/;

/** Words that carry no meaning of their own in a form's label. */
const STOP = new Set(
  (
    'в во на по для с со и или а но за к ко о об от из у при без до под над через ' +
    'кем где когда как что чем который которая которые которых котором каких какой ' +
    'его ее их это этот эта эти том тот та те же ли не ни то также т ч т.ч. др n'
  ).split(' '),
);

/** Generic words of forms: they count for less than the words that tell rows apart. */
const WEAK = new Set(['план', 'дорожн', 'карт', 'показател', 'значен', 'всег']);

/** Stems of words forms use for the same thing, mapped to one. */
const SAME: Record<string, string> = {
  назван: 'наименован',
  фио: 'фамил',
  контакт: 'контактн',
  кол: 'количеств',
  числ: 'количеств',
  телефон: 'контактн',
  школ: 'оо',
  организац: 'оо',
  общеобразовательн: 'оо',
};

const stemmer = newStemmer('russian');

/**
 * A label normalised for comparison: lower case, `ё`→`е`, no quotes, line breaks and OCR
 * hyphenation joined, leading numbering removed, punctuation as spaces, spaces folded.
 */
export const normalizeForMatch = memoizeText(normalizeOnce, 400);

function normalizeOnce(s: string): string {
  let t = s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/["'«»„“”‘’`]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u2007\u202f]+/g, ' ')
    .replace(/([а-я])- ([а-я])/g, '$1$2')
    .trim();
  // Numbering (possibly several: «1. а) …») and bullets.
  for (let i = 0; i < 3; i++) {
    const u = t.replace(/^[\s*•\-–—.]+/, '').replace(NUMBERING, '');
    if (u === t) break;
    t = u;
  }
  // «Ф.И.О.» → «фио», «т.ч.» kept as one token.
  t = t.replace(/(?:^|(?<=[\s(]))([а-я])\.([а-я])\.([а-я])\.?/g, '$1$2$3');
  return t
    .replace(/(\d)\s*%/g, '$1 %')
    .replace(/[^a-zа-я0-9%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a normalised label, in order. */
export function tokenize(s: string): string[] {
  const n = normalizeForMatch(s);
  return n === '' ? [] : n.split(' ');
}

/** The stems of a label's meaningful words, in order (stop-words and bare numbers dropped). */
export const labelStems = memoizeText(stemsOf, 400, (s) => stemsOf(s.slice(0, 400)));

/** Latin letters OCR reads for Cyrillic ones that look the same. */
const LOOKALIKE: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  k: 'к',
  m: 'м',
  h: 'н',
  t: 'т',
  b: 'в',
  y: 'у',
};

/**
 * A word as OCR may have read it, back in Cyrillic: Latin look-alikes inside a Cyrillic word
 * («програмMы»), and «000», «C00» for «ООО», «СОО» (zeros for О next to a look-alike letter).
 */
function unOcr(w: string): string {
  const cyr = /[а-я]/.test(w);
  const lat = /[a-z]/.test(w);
  if (cyr && lat) return w.replace(/[a-z]/g, (c) => LOOKALIKE[c] ?? c);
  if (lat && /^[0acoe]{3}$/.test(w)) return w.replace(/0/g, 'о').replace(/[a-z]/g, (c) => LOOKALIKE[c] ?? c);
  return w;
}

function stemsOf(s: string): string[] {
  const out: string[] = [];
  for (const raw of tokenize(s)) {
    const w = unOcr(raw);
    if (STOP.has(w) || /^\d+$/.test(w)) continue;
    const st = w.length <= 3 ? w : stemmer.stem(w);
    out.push(SAME[st] ?? st);
  }
  return out;
}

function weight(stem: string): number {
  return WEAK.has(stem) ? 0.4 : stem === '%' ? 0.3 : 1;
}

/** 1 for the same stem, 0.8 for two forms of one word (a common start of 5+ letters), else 0. */
function stemMatch(a: string, b: string): number {
  if (a === b) return 1;
  const n = Math.min(a.length, b.length);
  if (n < 5) return 0;
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p >= 5 && p >= n - 1 ? 0.8 : 0;
}

/**
 * The similarity of two labels, 0–1: 0.7 × the weighted Dice coefficient of their stems (each
 * stem of one list paired with its best unpaired match in the other) + 0.3 × the share of the
 * shorter label's words found in the longer, times 0.85–1 for how much of the paired words keep
 * their order. 1 for labels equal after normalisation.
 */
export function labelScore(a: string, b: string): number {
  const x = labelStems(a);
  const y = labelStems(b);
  if (x.length === 0 || y.length === 0) return 0;
  if (x.length === y.length && x.every((s, i) => s === y[i])) return 1;
  const used = new Array<boolean>(y.length).fill(false);
  let common = 0;
  const pairs: number[] = [];
  for (const s of x) {
    let bi = -1;
    let bm = 0;
    for (let j = 0; j < y.length; j++) {
      if (used[j]) continue;
      const m = stemMatch(s, y[j]);
      if (m > bm) {
        bm = m;
        bi = j;
        if (m === 1) break;
      }
    }
    if (bi < 0) continue;
    used[bi] = true;
    common += bm * Math.min(weight(s), weight(y[bi]));
    pairs.push(bi);
  }
  const wx = x.reduce((t, s) => t + weight(s), 0);
  const wy = y.reduce((t, s) => t + weight(s), 0);
  const dice = (2 * common) / (wx + wy);
  // A label the user lengthened («… с целью ликвидации отставания») keeps most of the score.
  const contained = common / Math.min(wx, wy);
  return Math.min(1, (0.7 * dice + 0.3 * contained) * (0.85 + 0.15 * orderRatio(pairs)));
}

/** Share of the paired words in the same order in both labels (longest increasing run of positions). */
function orderRatio(pairs: number[]): number {
  if (pairs.length <= 1) return 1;
  const tails: number[] = [];
  for (const p of pairs) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = p;
  }
  return tails.length / pairs.length;
}

/** The score of one candidate against a spec: exact, alias, or the best similarity over its labels. */
export function scoreLabel(
  spec: LabelSpec,
  candidate: LabelCandidate,
  opts: MatchOptions = {},
): Omit<LabelMatch, 'index'> {
  const n = normalizeForMatch(candidate.text);
  const labels = [spec.label, ...(spec.synonyms ?? [])];
  if (n !== '') {
    if (normalizeForMatch(spec.label) === n) return { how: 'exact', score: 1, label: spec.label };
    for (const s of spec.synonyms ?? []) if (normalizeForMatch(s) === n) return { how: 'alias', score: 1, label: s };
  }
  let best = 0;
  let label = spec.label;
  // Quick rejection: a candidate sharing no stem with any of the labels scores (almost) nothing.
  const have = labelStems(candidate.text);
  const want = specStems(spec);
  if (!have.some((x) => want.has(x))) return { how: 'similar', score: 0, label };
  for (const l of labels) {
    const s = labelScore(l, candidate.text);
    if (s > best) {
      best = s;
      label = l;
    }
  }
  if (best > 0 && spec.context && candidate.context) {
    best = Math.min(1, best + (opts.contextWeight ?? 0.1) * labelScore(spec.context, candidate.context));
  }
  return { how: 'similar', score: best, label };
}

const specMemo = new WeakMap<LabelSpec, Set<string>>();

/** Every stem of a spec's labels (memoised per spec object). */
function specStems(spec: LabelSpec): Set<string> {
  let hit = specMemo.get(spec);
  if (!hit) {
    hit = new Set([spec.label, ...(spec.synonyms ?? [])].flatMap(labelStems));
    specMemo.set(spec, hit);
  }
  return hit;
}

/**
 * The candidate that is the spec's label: exact or alias first (the first such candidate), else
 * the best similar one at or above the threshold. `ambiguous` when the two best similar
 * candidates are within the margin of each other.
 */
export function matchLabel(
  spec: LabelSpec,
  candidates: readonly LabelCandidate[],
  opts: MatchOptions = {},
): MatchResult {
  const threshold = opts.threshold ?? SIMILAR_THRESHOLD;
  const margin = opts.margin ?? AMBIGUITY_MARGIN;
  let best: LabelMatch | null = null;
  let second: LabelMatch | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const m = { index: i, ...scoreLabel(spec, candidates[i], opts) };
    if (m.how !== 'similar') return { best: m, second: null, ambiguous: false };
    if (m.score < threshold) continue;
    if (!best || m.score > best.score) {
      second = best;
      best = m;
    } else if (!second || m.score > second.score) second = m;
  }
  return { best, second, ambiguous: best !== null && second !== null && best.score - second.score < margin };
}

/** A score as people read it: 0.8234 → «0,82». */
export function formatScore(score: number): string {
  return (Math.round(score * 100) / 100).toFixed(2).replace('.', ',');
}
