/**
 * The ДТК reader (DOMAIN.md §1.2): the typed value of every located field and year, each remembering
 * its cell so the validation can point at it. Reading reports only what reading itself finds:
 * `NOT-A-NUMBER` (text where a number or yes/no belongs) and `CELL-ERROR` (an Excel error value).
 */
import { Issue } from '../issues';
import { SheetView, WorkbookSnapshot, parseA1 } from '../snapshot';
import { readNumber, readPair, readYesNo, showValue } from '../values';
import { DTK, DtkDescriptor, DtkRow, DtkTableColumn, dtkRows } from './descriptor';
import { DtkLocation } from './locate';

export type DtkValue =
  | { kind: 'number'; value: number; explanation?: string; fromPercentFormat?: boolean }
  | { kind: 'pair'; first: number; second: number }
  /** A pair with a part «не применимо»: `2/-`, `-/0`. */
  | { kind: 'halfPair'; first: DtkPartValue; second: DtkPartValue }
  | { kind: 'yesno'; value: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'na'; text: string }
  | { kind: 'empty' }
  | { kind: 'error'; error: string };

/** One part of a pair written in one cell. */
export type DtkPartValue = { kind: 'number'; value: number } | { kind: 'na'; text: string };

/** A value with its place. */
export type DtkCellValue = DtkValue & { sheet: string; cell: string };

export interface DtkData {
  /** Field id → school year (or `D`) → value. Pair rows written in one cell hold the pair; their parts hold the numbers. */
  values: Record<string, Record<string, DtkCellValue>>;
  header: Record<string, string | null>;
  conclusions: Record<string, string | null>;
  issues: Issue[];
}

type FieldType = DtkRow['type'] | DtkTableColumn['type'];

export function readDtk(wb: WorkbookSnapshot, location: DtkLocation, d: DtkDescriptor = DTK): DtkData {
  const views = new Map(wb.sheets.map((s) => [s.name, new SheetView(s)]));
  const issues: Issue[] = [];
  const values: DtkData['values'] = {};

  const at = (sheet: string, cell: string): { v: ReturnType<SheetView['get']>; f: string | null } => {
    const view = views.get(sheet);
    const p = parseA1(cell);
    if (!view || !p) return { v: null, f: null };
    const a = view.anchor(p.row, p.col);
    return { v: view.get(a.row, a.col), f: view.format(a.row, a.col) };
  };

  const report = (
    sheet: string,
    cell: string,
    section: string,
    label: string,
    type: FieldType,
    r: DtkValue,
    raw: unknown,
  ): void => {
    if (r.kind === 'error')
      issues.push({
        severity: 'error',
        code: 'CELL-ERROR',
        sheet,
        cell,
        section,
        message: `«${label}»: в ячейке ${cell} ошибка Excel ${r.error}. Исправьте формулу или введите значение вручную.`,
        value: r.error,
      });
    else if (r.kind === 'text' && type !== 't') {
      const want =
        type === 'yn' ? '«да» или «нет»' : type === 'p%' ? 'два числа через «/» (например, 98/45) или число' : 'число';
      issues.push({
        severity: 'error',
        code: 'NOT-A-NUMBER',
        sheet,
        cell,
        section,
        message: `«${label}»: в ячейке ${cell} текст ${showValue(raw as string)}, а нужно ${want}.`,
        value: r.text,
      });
    }
  };

  // The value and the raw content apart: an object rest (`{ raw, ...value }`) would give slow
  // dictionary-mode objects that every later step reads.
  const readAs = (type: FieldType, sheet: string, cell: string): { value: DtkValue; raw: unknown } => {
    const { v, f } = at(sheet, cell);
    let r: DtkValue;
    switch (type) {
      case 't': {
        const n = readNumber(v, f);
        r = n.kind === 'number' ? { kind: 'text', text: String(v).trim() } : n;
        if (r.kind === 'text' || r.kind === 'na')
          r = Object.assign({}, r, { text: typeof v === 'string' ? v.trim() : r.text });
        break;
      }
      case 'yn':
        r = readYesNo(v);
        break;
      case 'p%':
        r = readPair(v, f);
        if (r.kind === 'text') r = pairWithNa(r.text) ?? r;
        break;
      case 'n+t':
      case '%+t':
        r = readNumber(v, f, { allowExplanation: true });
        break;
      default:
        r = readNumber(v, f);
    }
    return { value: r, raw: v };
  };

  const put = (id: string, key: string, sheet: string, cell: string, r: DtkValue): void => {
    // Object.assign, not a spread: a spread of values of many shapes takes V8's slow path (~1 µs each).
    (values[id] ??= {})[key] = Object.assign({}, r, { sheet, cell });
  };

  for (const { row: r, section } of dtkRows(d)) {
    const loc = location.fields[r.id];
    if (!loc) continue;
    const holds = !r.items && !r.parts;
    if (r.parts && loc.pairInCell) {
      // One cell holds both parts: `98/45`; a single number is the first part.
      for (const [key, cell] of Object.entries(loc.cells)) {
        const { value: p, raw } = readAs('p%', loc.sheet, cell);
        report(loc.sheet, cell, section.id, r.label, 'p%', p, raw);
        put(r.id, key, loc.sheet, cell, p);
        const [first, second] = r.parts;
        if (p.kind === 'pair') {
          put(first.id, key, loc.sheet, cell, { kind: 'number', value: p.first });
          put(second.id, key, loc.sheet, cell, { kind: 'number', value: p.second });
        } else if (p.kind === 'halfPair') {
          put(first.id, key, loc.sheet, cell, p.first);
          put(second.id, key, loc.sheet, cell, p.second);
        } else if (p.kind === 'number') {
          put(first.id, key, loc.sheet, cell, p);
          put(second.id, key, loc.sheet, cell, { kind: 'empty' });
        } else {
          put(first.id, key, loc.sheet, cell, p);
          put(second.id, key, loc.sheet, cell, p.kind === 'error' ? p : { kind: 'empty' });
        }
      }
      continue;
    }
    if (r.items && loc.pairInCell) {
      // Two yes/no items in one cell: `да/нет`; a single answer is the first item's.
      for (const [key, cell] of Object.entries(loc.cells)) {
        const { v } = at(loc.sheet, cell);
        const texts = typeof v === 'string' && v.includes('/') ? v.split('/') : [v, null];
        r.items.forEach((item, i) => {
          const one = readYesNo(texts[i] ?? null);
          const val: DtkValue = one;
          report(loc.sheet, cell, section.id, item.label, 'yn', val, texts[i]);
          put(item.id, key, loc.sheet, cell, val);
        });
      }
      continue;
    }
    if (!holds || loc.pairInCell) continue;
    for (const [key, cell] of Object.entries(loc.cells)) {
      const parts = loc.sumOf?.[key];
      if (parts && parts.length) {
        // Level sub-items under a single row: their sum (an error or text in one of them is reported there).
        let sum = 0;
        let any = false;
        let bad: { value: DtkValue; cell: string } | null = null;
        for (const p of parts) {
          const { value: v, raw } = readAs(r.type, loc.sheet, p);
          report(loc.sheet, p, section.id, r.label, r.type, v, raw);
          if (v.kind === 'number') {
            sum += v.value;
            any = true;
          } else if ((v.kind === 'error' || v.kind === 'text') && !bad) bad = { value: v, cell: p };
        }
        if (bad) put(r.id, key, loc.sheet, bad.cell, bad.value);
        else put(r.id, key, loc.sheet, cell, any ? { kind: 'number', value: sum } : { kind: 'empty' });
        continue;
      }
      const { value: v, raw } = readAs(r.type, loc.sheet, cell);
      report(loc.sheet, cell, section.id, r.label, r.type, v, raw);
      put(r.id, key, loc.sheet, cell, v);
    }
  }

  for (const c of d.criteria)
    for (const s of c.sections)
      for (const col of s.table?.columns ?? []) {
        const loc = location.fields[col.id];
        if (!loc) continue;
        for (const [key, cell] of Object.entries(loc.cells)) {
          const { value: v, raw } = readAs(col.type, loc.sheet, cell);
          report(loc.sheet, cell, s.id, col.label, col.type, v, raw);
          put(col.id, key, loc.sheet, cell, v);
        }
      }

  const header: DtkData['header'] = {};
  for (const [id, h] of Object.entries(location.header)) header[id] = h.value;
  const conclusions: DtkData['conclusions'] = {};
  for (const [id, c] of Object.entries(location.conclusions)) {
    const { v } = at(c.sheet, c.cell);
    let text = v === null ? null : typeof v === 'object' ? null : String(v).trim();
    if (text !== null && c.cell === c.labelCell) text = text.slice(text.indexOf(':') + 1).trim();
    conclusions[id] = text || null;
  }
  return { values, header, conclusions, issues };
}

/** `2/-`, `- / 0`: a pair whose parts are each a number or «не применимо» (DOMAIN §1.2); null otherwise. */
function pairWithNa(text: string): DtkValue | null {
  const parts = text.split('/');
  if (parts.length !== 2) return null;
  const read = parts.map((p) => readNumber(p.trim() === '' ? null : p, null));
  if (!read.every((r) => r.kind === 'number' || r.kind === 'na')) return null;
  const [a, b] = read as DtkPartValue[];
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'pair', first: a.value, second: b.value };
  return { kind: 'halfPair', first: a, second: b };
}
