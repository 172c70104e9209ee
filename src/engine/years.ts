/** School years (DOMAIN.md glossary): `2022-2023`; accepts `2022/2023`, `2022–2023`, `2022-23`, `2022 - 2023`, calendar `2023`. */
import { CellValue } from './snapshot';

/** A school year is identified by the calendar year it starts in: 2022 ↔ `2022-2023`. */
export type SchoolYear = number;

export function formatSchoolYear(start: SchoolYear): string {
  return `${start}-${start + 1}`;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/**
 * Reads a school year from a cell or a text. A calendar year (`2023`, or 2023 as a number) is the
 * school year ending that spring (2022-2023). Returns null when the text holds no year.
 * With `search`, the year may stand inside a longer text (a sheet name, a title).
 */
export function parseSchoolYear(v: CellValue | undefined, search = false): SchoolYear | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= MIN_YEAR && v <= MAX_YEAR) return v - 1;
    return null;
  }
  if (typeof v !== 'string') return null;
  // Without `search` the text must start with the year (19xx or 20xx): most cells are rejected here,
  // before any replacement or regular expression (the locators ask this of every text cell).
  if (!search) {
    const first = v.trimStart().charCodeAt(0);
    if (first !== 0x31 && first !== 0x32) return null;
  }
  const t = v.replace(/[\u00a0\u2007\u202f]/g, ' ').trim();
  const pair = search
    ? /(?:^|[^\d])((?:19|20)\d\d)\s*(?:[-\u2010-\u2015/\\]|\s)\s*((?:19|20)?\d\d)(?!\d)/.exec(t)
    : /^((?:19|20)\d\d)\s*(?:[-\u2010-\u2015/\\])\s*((?:19|20)?\d\d)(?:\s*(?:уч\.?|учебный)?\s*(?:г\.?|год|гг\.?)?)?$/i.exec(
        t,
      );
  if (pair) {
    const a = Number(pair[1]);
    let b = Number(pair[2]);
    if (pair[2].length === 2) b = Math.floor(a / 100) * 100 + b;
    if (b === a + 1 && a >= MIN_YEAR && a <= MAX_YEAR) return a;
    if (!search) return null;
  }
  const single = search
    ? /(?:^|[^\d])((?:19|20)\d\d)(?!\d)/.exec(t)
    : /^((?:19|20)\d\d)(?:\s*(?:г\.?|год|года))?$/i.exec(t);
  if (single) {
    const y = Number(single[1]);
    if (y >= MIN_YEAR && y <= MAX_YEAR) return y - 1;
  }
  return null;
}
