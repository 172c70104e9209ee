/** Reading one cell of a results table: counts and shares, names that are totals or headers. */
import { CellValue, a1 } from '../../snapshot';
import { readNumber, showValue } from '../../values';
import { IssueSink } from './sink';

/** A cheap test on the raw text before the exact one on the normalised text. */
export const TOTAL_RAW_RE = /^[\s"'«*]*(итог|всего)/i;
/** Only texts starting like a name-column header can be one (cheap test before normalising). */
export const NAME_LABEL_RAW_RE = /^[\s"'«]*(наим|оо|обр|общ|шко|назв)/i;
export const TOTAL_RE = /^(итого|всего|итог)([^а-я]|$)/;

/** Whole counts, participants above zero and failing within them: the rows the fast reader takes. */
export function plainCounts(part: number, failed: number): boolean {
  return part > 0 && failed >= 0 && failed <= part && Number.isInteger(part) && Number.isInteger(failed);
}

/** readMetric's answer besides a value (values are never negative: negatives are reported). */
export const EMPTY = -1;
export const BAD = -2;
/** Explicitly not applicable (`-`, `нет данных` …): no completeness issue (DOMAIN §1.2). */
export const NA = -3;

/** Reads a count or share cell; reports what cannot be read. Returns the value, EMPTY or BAD. */
export function readMetric(
  v: CellValue,
  format: string | null,
  kind: 'count' | 'share',
  sink: IssueSink,
  sheet: string,
  r: number,
  c: number,
  what: string,
): number {
  if (typeof v === 'number' && v >= 0 && (kind === 'share' ? v <= 100 && format === null : Number.isInteger(v)))
    return v;
  if (v === null) return EMPTY;
  const rv = readNumber(v, kind === 'share' ? format : null);
  switch (rv.kind) {
    case 'empty':
      return EMPTY;
    case 'na':
      return NA;
    case 'error':
      sink.add(
        'CELL-ERROR',
        sheet,
        a1(r, c),
        `В ячейке ${a1(r, c)} (${what}) ошибка Excel ${rv.error}: значение не учтено.`,
        v,
      );
      return BAD;
    case 'text':
      sink.add(
        'NOT-A-NUMBER',
        sheet,
        a1(r, c),
        `В ячейке ${a1(r, c)} (${what}) текст ${showValue(v)} вместо числа.`,
        v,
      );
      return BAD;
    case 'number': {
      const x = rv.value;
      if (kind === 'count' && (x < 0 || !Number.isInteger(x))) {
        sink.add(
          'OUT-OF-RANGE',
          sheet,
          a1(r, c),
          `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: количество должно быть целым неотрицательным числом.`,
          v,
        );
        return BAD;
      }
      if (kind === 'share' && (x < 0 || x > 100)) {
        sink.add(
          'OUT-OF-RANGE',
          sheet,
          a1(r, c),
          `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: доля должна быть от 0 до 100 %.`,
          v,
        );
        return BAD;
      }
      return x;
    }
  }
}

export function cellText(v: CellValue): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  return null;
}

/**
 * False when a trimmed text cannot match TOTAL_RAW_RE or NAME_LABEL_RAW_RE: it starts neither with
 * a quote or asterisk they skip nor with the first letter of a word they look for (и, в, н, о, ш).
 * Saves two regular expressions on each school's first row.
 */
export function mayOpenTotalOrLabel(t: string): boolean {
  const c = t.charCodeAt(0);
  const l = c >= 0x410 && c <= 0x42f ? c + 32 : c;
  return (
    l === 0x438 ||
    l === 0x432 ||
    l === 0x43d ||
    l === 0x43e ||
    l === 0x448 ||
    c === 0x22 ||
    c === 0x27 ||
    c === 0xab ||
    c === 0x2a
  );
}
