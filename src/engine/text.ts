/** Label normalisation (DOMAIN.md §1.1) and Russian number formatting. */

const QUOTES = /["'«»„“”‘’`]/g;
const SPACES = /[\s\u00a0\u2007\u202f]+/g;

/**
 * Normalises a label for comparison: lower case, `ё`→`е`, no quotes, line breaks and repeated or
 * non-breaking spaces folded, OCR hyphenation (`минималь- ного`) joined, trailing colons and
 * punctuation removed.
 */
export const normalizeLabel = memoizeText(normalize, 300);

/**
 * A pure function of a text, memoised: a batch of forms repeats the same label texts in every file,
 * and the locators go over every text cell of every sheet. The memo cannot go stale; it is bounded
 * (cleared when full) and only keeps texts up to `maxText` long (longer ones go to `long`).
 */
export function memoizeText<T>(
  compute: (s: string) => T,
  maxText: number,
  long: (s: string) => T = compute,
  maxEntries = 20000,
): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    if (s.length > maxText) return long(s);
    let hit = memo.get(s);
    if (hit === undefined) {
      if (memo.size >= maxEntries) memo.clear();
      hit = compute(s);
      memo.set(s, hit);
    }
    return hit;
  };
}

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(QUOTES, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(SPACES, ' ')
    .replace(/([а-я])- ([а-я])/g, '$1$2')
    .replace(/\s*([,;:])\s*/g, '$1 ')
    .replace(/[\s:;,.!?*]+$/g, '')
    .replace(/^[\s*•\-–]+/, '')
    .trim();
}

/** Formats a number the Russian way with a fixed number of decimals: 34 → `34,0`. */
export function formatNumberRu(v: number, decimals = 1): string {
  const fixed = v.toFixed(decimals);
  // Most numbers need no digit groups: only the decimal point changes (no split, no regular expression).
  const dot = fixed.indexOf('.');
  if ((dot < 0 ? fixed.length : dot) - (v < 0 ? 1 : 0) <= 4) return dot < 0 ? fixed : fixed.replace('.', ',');
  const [int, frac] = fixed.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.length > 4 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : digits;
  return (neg ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

/** `34,0 %` */
export function formatPercentRu(v: number, decimals = 1): string {
  return formatNumberRu(v, decimals) + '\u00a0%';
}

/** Rounds to n decimals the way people expect (half away from zero, stable on binary fractions). */
export function roundTo(v: number, decimals = 1): number {
  const f = 10 ** decimals;
  return (Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9)) / f;
}

/** Plain Russian plural: plural(5, 'школа', 'школы', 'школ') → 'школ'. */
export function plural(n: number, one: string, few: string, many: string): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
}

/** A date the Russian way: 22.11.2026. The engine reads no clock: callers pass the date. */
export function formatDateRu(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()}`;
}

/** A character for comparing names: lower case, `ё` as `е`. */
function foldChar(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c >= 0x430 && c <= 0x44f) return c;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c === 0x401 || c === 0x451) return 0x435;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Orders names as people read them: case and `ё` ignored, numbers by value (`№ 2` before `№ 10`,
 * `№ 007` as `№ 7`). Compares on the fly, without building keys: sorting names that are already
 * mostly in order costs one comparison each.
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  // The common beginning as it is (names in a list share most of theirs), back to the start of a
  // number it ends inside; the careful comparison starts there.
  let i = 0;
  const common = n < m ? n : m;
  while (i < common && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  while (i > 0 && isDigit(a.charCodeAt(i - 1))) i--;
  let j = i;
  while (i < n && j < m) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      while (i < n - 1 && a.charCodeAt(i) === 48 && isDigit(a.charCodeAt(i + 1))) i++;
      while (j < m - 1 && b.charCodeAt(j) === 48 && isDigit(b.charCodeAt(j + 1))) j++;
      let ie = i;
      while (ie < n && isDigit(a.charCodeAt(ie))) ie++;
      let je = j;
      while (je < m && isDigit(b.charCodeAt(je))) je++;
      if (ie - i !== je - j) return ie - i - (je - j);
      for (; i < ie; i++, j++) {
        const d = a.charCodeAt(i) - b.charCodeAt(j);
        if (d !== 0) return d;
      }
      continue;
    }
    if (x !== y) {
      const d = foldChar(x) - foldChar(y);
      if (d !== 0) return d;
    }
    i++;
    j++;
  }
  return n - i - (m - j);
}

/** A text for a message: spaces folded, cut to `n` characters with «…». */
export function clipText(s: string, n = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}
