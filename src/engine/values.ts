/**
 * The value reader of DOMAIN.md §1.2: how a cell's content is read as a number, a pair, a yes/no,
 * "not applicable", an Excel error or a number with an explanation.
 */
import { CellValue, isCellError, isErrorText } from './snapshot';

export type ReadValue =
  | { kind: 'number'; value: number; explanation?: string; fromPercentFormat?: boolean }
  | { kind: 'empty' }
  | { kind: 'na'; text: string }
  | { kind: 'error'; error: string }
  | { kind: 'text'; text: string };

export type ReadPair =
  | { kind: 'pair'; first: number; second: number }
  | Exclude<ReadValue, { kind: 'number' }>
  | { kind: 'number'; value: number };

export type ReadYesNo =
  { kind: 'yesno'; value: boolean } | Exclude<ReadValue, { kind: 'number' }> | { kind: 'number'; value: number };

const NA_TEXTS = new Set([
  '-',
  '—',
  '–',
  '--',
  'нет',
  'н/д',
  'нд',
  'нет данных',
  'не реализуется',
  'не применимо',
  'x',
  'х',
]);

/** True for a number format that displays a percent (`0%`, `0.0%`, `0,00 %`), ignoring quoted text. */
export function isPercentFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  const unquoted = format.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return unquoted.includes('%');
}

function cleanText(s: string): string {
  return s.replace(/[\u00a0\u2007\u202f]/g, ' ').trim();
}

/** Parses a Russian or English written number: `12,5`, `12.5`, `1 234,5`, `12,5 %`. Null when it is not one. */
export function parseNumberText(s: string): { value: number; percent: boolean } | null {
  const t = cleanText(s);
  const m = /^([+-]?)(\d{1,3}(?:[ ]\d{3})+|\d+)?(?:[.,](\d+))?\s*(%)?$/.exec(t);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const int = (m[2] ?? '0').replace(/ /g, '');
  const value = Number(int + (m[3] !== undefined ? '.' + m[3] : ''));
  if (!Number.isFinite(value)) return null;
  return { value: m[1] === '-' ? -value : value, percent: m[4] === '%' };
}

/** Reads a number (DOMAIN §1.2). `percentField` tells a share field, where a percent format means × 100. */
export function readNumber(v: CellValue, format?: string | null, opts?: { allowExplanation?: boolean }): ReadValue {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'error', error: '#NUM!' };
    if (isPercentFormat(format)) return { kind: 'number', value: fixFloat(v * 100), fromPercentFormat: true };
    return { kind: 'number', value: v };
  }
  if (typeof v === 'boolean') return { kind: 'text', text: v ? 'ИСТИНА' : 'ЛОЖЬ' };
  if (isCellError(v)) return { kind: 'error', error: v.error };
  const t = cleanText(v);
  if (t === '') return { kind: 'empty' };
  if (isErrorText(t)) return { kind: 'error', error: t };
  const lower = t
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[.\s]+$/, '');
  if (NA_TEXTS.has(lower)) return { kind: 'na', text: t };
  const n = parseNumberText(t);
  if (n) return { kind: 'number', value: n.value };
  if (opts?.allowExplanation) {
    // `24 % (ФГАОУ ДПО …)`, `85 % (низкая мотивация)`, `2: «…»; «…»`
    const m = /^([+-]?\d+(?:[.,]\d+)?)\s*%?\s*[:(\-–—,;]?\s*(.*)$/s.exec(t);
    if (m && m[2] !== undefined) {
      const num = parseNumberText(m[1]);
      if (num) {
        const rest = m[2].replace(/\)\s*$/, '').trim();
        return { kind: 'number', value: num.value, explanation: rest || undefined };
      }
    }
  }
  return { kind: 'text', text: t };
}

/** Reads a pair `98/45`, `98 / 45`, `98%/45%`; a single number is returned as a number. */
export function readPair(v: CellValue, format?: string | null): ReadPair {
  if (typeof v === 'string') {
    const parts = cleanText(v).split('/');
    if (parts.length === 2) {
      const a = parseNumberText(parts[0]);
      const b = parseNumberText(parts[1]);
      if (a && b) return { kind: 'pair', first: a.value, second: b.value };
    }
  }
  const r = readNumber(v, format);
  if (r.kind === 'number') return { kind: 'number', value: r.value };
  return r;
}

const YES = new Set(['да', 'есть', 'имеется', 'yes', 'true', 'истина', '+', 'в наличии']);
const NO = new Set(['нет', 'отсутствует', 'no', 'false', 'ложь', 'не имеется']);

/** Reads a yes/no field. */
export function readYesNo(v: CellValue): ReadYesNo {
  if (typeof v === 'boolean') return { kind: 'yesno', value: v };
  if (typeof v === 'string') {
    const t = cleanText(v)
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[.\s]+$/, '');
    if (YES.has(t)) return { kind: 'yesno', value: true };
    if (NO.has(t)) return { kind: 'yesno', value: false };
  }
  const r = readNumber(v);
  if (r.kind === 'number') return { kind: 'number', value: r.value };
  return r;
}

/** Removes binary noise from `0.325 * 100 = 32.50000000000001`. */
function fixFloat(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** Shows a cell value in a message: text in quotes, numbers the Russian way. */
export function showValue(v: CellValue): string {
  if (v === null || v === undefined) return 'пусто';
  if (typeof v === 'number') return String(v).replace('.', ',');
  if (typeof v === 'boolean') return v ? 'ИСТИНА' : 'ЛОЖЬ';
  if (isCellError(v)) return v.error;
  const t = v.length > 60 ? v.slice(0, 57) + '…' : v;
  return `«${t}»`;
}
