/**
 * The reporting period of a school's ДТК (DOMAIN.md §6: one ДТК per school per period — September
 * and December; seed 003 adds the April report, «до 15 апреля»). The rule (docs/consolidation.md):
 * 1. the «Дата заполнения» of the ДТК header: a date in February–April is the April period, in
 *    July–October the September period, in November–January the December period (a January date
 *    is a late December report);
 * 2. otherwise the file name: «апрел», «apr», `04.2023`, `2023-04` → April; «сентябр», «sep» or a
 *    month-and-year `09.2023`, `2023-09` → September; «декабр», «dec», `12.2023`, `2023_12` →
 *    December (a bare «12», as in «СОШ 12», is not a month);
 * 3. otherwise the period is unknown, and the ДТК counts as the only period of its school.
 */
import { SheetView, WorkbookSnapshot } from '../snapshot';
import { normalizeLabel } from '../text';

export type Period = 'апрель' | 'сентябрь' | 'декабрь';

/** The order of the periods within a calendar year: April, September, December. */
export const PERIODS: readonly Period[] = ['апрель', 'сентябрь', 'декабрь'];

const MONTHS: [RegExp, number][] = [
  [/^янв/, 1],
  [/^фев/, 2],
  [/^мар/, 3],
  [/^апр/, 4],
  [/^ма[йя]/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^авг/, 8],
  [/^сен/, 9],
  [/^окт/, 10],
  [/^ноя/, 11],
  [/^дек/, 12],
];

/** The month (1–12) of a date as a cell may hold it: `15.09.2023`, `2023-09-15`, an Excel serial, `15 сентября 2023`. */
export function monthOf(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || /^\s*\d{5}(\.\d+)?\s*$/.test(v)) {
    const n = Number(v);
    if (!(n > 20000 && n < 80000)) return null;
    // Excel serial day 1 = 1900-01-01 (with the 1900 leap-year bug: serial 25569 = 1970-01-01).
    return new Date(Math.round((n - 25569) * 86400000)).getUTCMonth() + 1;
  }
  const s = v.trim().toLowerCase();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})/.exec(s);
  if (m) return valid(Number(m[2]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (m) return valid(Number(m[2]));
  m = /^\d{1,2}\s+([а-яё]+)/.exec(s) ?? /^([а-яё]+)\s+\d{4}/.exec(s);
  if (m) for (const [re, n] of MONTHS) if (re.test(m[1])) return n;
  return null;
}

function valid(n: number): number | null {
  return n >= 1 && n <= 12 ? n : null;
}

/** The period of a month: February–April → April, July–October → September, November–January → December. */
export function periodOfMonth(month: number | null): Period | null {
  if (month === null) return null;
  if (month >= 2 && month <= 4) return 'апрель';
  if (month >= 7 && month <= 10) return 'сентябрь';
  if (month >= 11 || month === 1) return 'декабрь';
  return null;
}

/** The period told by a file name, or null. */
export function periodOfFileName(file: string): Period | null {
  const base = file.split(/[\\/]/).pop()!.toLowerCase();
  const month = (m: string): boolean =>
    new RegExp(`(^|\\D)${m}[._-](20)?\\d{2}(\\D|$)`).test(base) || new RegExp(`20\\d{2}[._-]${m}(\\D|$)`).test(base);
  if (/апрел|apr/.test(base) || month('04')) return 'апрель';
  if (/сентябр|sep/.test(base) || month('09')) return 'сентябрь';
  if (/декабр|dec/.test(base) || month('12')) return 'декабрь';
  return null;
}

const DATE_LABELS = ['дата заполнения', 'дата'];
const SCAN_ROWS = 40;
const SCAN_COLS = 12;

/**
 * The «Дата заполнения» of a ДТК's header block, found by its label in the first rows of the
 * visible sheets (the value to its right, or after a colon in the same cell); null when absent.
 */
export function fillDateOf(wb: WorkbookSnapshot): string | number | null {
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    const view = new SheetView(s);
    const r0 = s.origin?.row ?? 0;
    const c0 = s.origin?.col ?? 0;
    for (let r = r0; r < Math.min(view.rowCount, r0 + SCAN_ROWS); r++) {
      for (let c = c0; c < c0 + SCAN_COLS; c++) {
        const v = view.raw(r, c);
        if (typeof v !== 'string' || v.length > 60 || !/дата/i.test(v)) continue;
        const colon = v.indexOf(':');
        const label = normalizeLabel(colon >= 0 ? v.slice(0, colon) : v);
        if (!DATE_LABELS.includes(label)) continue;
        const inline = colon >= 0 ? v.slice(colon + 1).trim() : '';
        if (inline) return inline;
        for (let k = c + 1; k < c + 1 + SCAN_COLS; k++) {
          const w = view.get(r, k);
          if (w !== null && w !== '' && (typeof w === 'string' || typeof w === 'number')) return w;
        }
        return null;
      }
    }
  }
  return null;
}

/** The period of a ДТК: by its fill date, else by its file name. */
export function periodOf(
  fillDate: string | number | null,
  file: string,
): { period: Period | null; by: 'date' | 'name' | null } {
  const byDate = periodOfMonth(monthOf(fillDate));
  if (byDate) return { period: byDate, by: 'date' };
  const byName = periodOfFileName(file);
  return byName ? { period: byName, by: 'name' } : { period: null, by: null };
}
