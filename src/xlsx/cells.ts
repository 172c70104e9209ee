/**
 * Cell-level patching of one worksheet part, on its XML text: highlight (point a cell at a
 * recoloured copy of its format), restore (undo a highlight exactly) and set a value. Rows are
 * located with one regex pass over `<sheetData>`; only rows that are touched are parsed into
 * cells, and the part is rebuilt with a few splices, so untouched bytes stay as they were.
 */
import { EditValue, HighlightTone, editValueText } from '../engine/edits';
import {
  El,
  Splice,
  applySplices,
  cellRef,
  cellText,
  escapeAttr,
  findAll,
  findEl,
  findUniqueEl,
  getAttr,
  parseCell,
  parseRange,
  removeAttr,
  setAttr,
  startTag,
  tagRegex,
} from './ooxml';
import { HighlightRecord } from './state';
import { Styles } from './styles';

export type CellOp =
  | { kind: 'highlight'; tone: HighlightTone }
  | { kind: 'set'; value: EditValue; purpose: 'derived' | 'conclusion' | 'user' }
  | { kind: 'clear' }
  | { kind: 'restore'; rec: HighlightRecord };

export interface SheetCellOp {
  row: number;
  col: number;
  op: CellOp;
}

export type SkipReason = 'formula' | 'array' | 'merged' | 'noSheet' | 'badCell' | 'badValue' | 'notWorksheet';

export const SKIP_MESSAGES: Record<SkipReason, string> = {
  formula: 'в ячейке формула, её значение не заменяется',
  array: 'ячейка входит в формулу массива, её значение не заменяется',
  merged: 'ячейка закрыта объединением, значение пишется в левую верхнюю ячейку объединения',
  noSheet: 'лист не найден в книге',
  badCell: 'адрес ячейки не распознан',
  badValue: 'значение не является конечным числом или текстом',
  notWorksheet: 'лист не является обычным листом с ячейками',
};

export interface CellPatchContext {
  sheet: string;
  styles: () => Styles;
  /** The highlight record of a cell still on record (not cleared), if any. */
  record(cell: string): HighlightRecord | undefined;
  addRecord(rec: HighlightRecord): void;
  written(cell: string, text: string): void;
  /** The cell no longer holds the product's conclusion. */
  forget?(cell: string): void;
  skip(cell: string, reason: SkipReason): void;
}

interface CellItem {
  col: number;
  /** Current text of the element; null when removed (or not created yet). */
  text: string | null;
}

type Item = string | CellItem;

interface RowModel {
  num: number;
  /** Index in the row arrays, or -1 for a row not in the XML. */
  loc: number;
  exists: boolean;
  selfClosing: boolean;
  /** The start tag in its open form (`<row r="5">`). */
  openTag: string;
  closeTag: string;
  items: Item[];
  byCol: Map<number, CellItem>;
  createdFlag: boolean;
  expandedFlag: boolean;
  touched: boolean;
}

const FORMULA_RE = /<(?:[A-Za-z_][\w.-]*:)?f[\s>/]/;

function tagOf(text: string): string {
  return text.slice(0, text.indexOf('>') + 1);
}

function withTag(text: string, tag: string): string {
  return tag + text.slice(text.indexOf('>') + 1);
}

function sAttr(text: string): number | null {
  const v = getAttr(tagOf(text), 's');
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function isEmptyCell(text: string): boolean {
  const tag = tagOf(text);
  if (tag.endsWith('/>')) return true;
  const inner = text.slice(tag.length, text.lastIndexOf('</'));
  return inner.trim() === '';
}

/** True for a character that ends an element name in a start tag: space, tab, CR, LF, `>` or `/`. */
function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** The decimal integer starting at `i`, or -1 when there is none. */
function intAt(s: string, i: number): number {
  let n = 0;
  let k = i;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return k > i && k - i < 10 ? n : -1;
}

/** The column of an `A1` reference starting at `i` and closed by `"`, or -1. */
function columnAt(s: string, i: number): number {
  let col = 0;
  let k = i;
  for (; k < s.length && k - i < 4; k++) {
    const c = s.charCodeAt(k) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  let d = k;
  while (d < s.length && s.charCodeAt(d) >= 48 && s.charCodeAt(d) <= 57) d++;
  return col > 0 && k - i <= 3 && d > k && s.charCodeAt(d) === 34 ? col - 1 : -1;
}

/**
 * A record written by the Excel add-in: original colours, no style index (the file adapter's own
 * records of cells without a style carry no colours).
 */
function isExcelRecord(rec: HighlightRecord): boolean {
  return rec.s === null && !rec.created && rec.raw === undefined && rec.fill !== undefined;
}

function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  return String(n);
}

export function patchCells(xml: string, ops: SheetCellOp[], ctx: CellPatchContext): string {
  const sd = findUniqueEl(xml, 'sheetData');
  if (!sd) {
    for (const o of ops) if (o.op.kind !== 'restore') ctx.skip(cellRef(o.row, o.col), 'notWorksheet');
    return xml;
  }
  const p = sd.prefix;

  // ---- index of all rows ----
  const nums: number[] = [];
  const starts: number[] = [];
  const openEnds: number[] = [];
  const closeStarts: number[] = [];
  const ends: number[] = [];
  const selfClosing: boolean[] = [];
  const rowIndex = new Map<number, number>();
  const addRow = (start: number, openEnd: number, num: number, sc: boolean): void => {
    const i = nums.length;
    nums.push(num);
    starts.push(start);
    openEnds.push(openEnd);
    selfClosing.push(sc);
    closeStarts.push(openEnd);
    ends.push(openEnd);
    if (!rowIndex.has(num)) rowIndex.set(num, i);
  };
  /** The row number from a start tag in [from, to), or prev + 1 when it has no `r`. */
  const rowNumber = (from: number, to: number, prev: number): number => {
    // Usually `r` comes first (`<row r="12"`); read it in place.
    const first = from + p.length + 4;
    if (xml.startsWith(' r="', first)) {
      const n = intAt(xml, first + 4);
      if (n > 0) return n;
    }
    // Searched within the tag only: a sheet whose rows have no `r` must not cost a scan per row.
    const tag = xml.slice(from, to);
    const q = tag.indexOf(' r="');
    if (q >= 0) {
      const n = intAt(tag, q + 4);
      if (n > 0) return n;
    }
    const r = getAttr(tag, 'r');
    return r !== null && /^\d+$/.test(r.trim()) ? Number(r) : prev + 1;
  };
  /** The column of a cell whose start tag spans [from, to], or prev + 1 when it has no `r`. */
  const cellColumn = (from: number, to: number, prev: number): number => {
    const first = from + p.length + 2;
    if (xml.startsWith(' r="', first)) {
      const col = columnAt(xml, first + 4);
      if (col >= 0) return col;
    }
    const tag = xml.slice(from, to + 1);
    const q = tag.indexOf(' r="');
    if (q >= 0) {
      const col = columnAt(tag, q + 4);
      if (col >= 0) return col;
    }
    const ref = getAttr(tag, 'r');
    const pos = ref ? parseCell(ref) : null;
    return pos ? pos.col : prev + 1;
  };
  // Comments or CDATA could hide markup from a plain string search; then a slower regex is used.
  const absent = (needle: string): boolean => {
    const at = xml.indexOf(needle, sd.innerStart);
    return at < 0 || at >= sd.innerEnd;
  };
  const fast = absent('<!');
  if (fast) {
    const openNeedle = `<${p}row`;
    const closeNeedle = `</${p}row>`;
    let pos = sd.innerStart;
    let prev = 0;
    for (;;) {
      const i = xml.indexOf(openNeedle, pos);
      if (i < 0 || i >= sd.innerEnd) break;
      if (!isNameEnd(xml.charCodeAt(i + openNeedle.length))) {
        pos = i + openNeedle.length;
        continue;
      }
      const gt = xml.indexOf('>', i);
      const sc = xml.charCodeAt(gt - 1) === 47;
      const k = nums.length;
      prev = rowNumber(i, gt, prev);
      addRow(i, gt + 1, prev, sc);
      if (sc) {
        pos = gt + 1;
      } else {
        const c = xml.indexOf(closeNeedle, gt + 1);
        if (c < 0 || c > sd.innerEnd) break;
        closeStarts[k] = c;
        ends[k] = c + closeNeedle.length;
        pos = ends[k];
      }
    }
  }
  if (nums.length === 0) {
    const re = tagRegex('row');
    re.lastIndex = sd.innerStart;
    let m: RegExpExecArray | null;
    let open = -1;
    let prev = 0;
    while ((m = re.exec(xml)) !== null && m.index < sd.innerEnd) {
      if (m[3] === undefined) continue;
      if (m[1] === '/') {
        if (open >= 0) {
          closeStarts[open] = m.index;
          ends[open] = m.index + m[0].length;
          open = -1;
        }
        continue;
      }
      const sc = m[4].endsWith('/');
      const k = nums.length;
      prev = rowNumber(m.index, m.index + m[0].length, prev);
      addRow(m.index, m.index + m[0].length, prev, sc);
      if (!sc) open = k;
    }
  }

  const models = new Map<number, RowModel>();
  let sdSelfClosing = sd.selfClosing;
  let sdFlag = false;

  function parseRow(i: number): RowModel {
    const tag = xml.slice(starts[i], openEnds[i]);
    const sc = selfClosing[i];
    const items: Item[] = [];
    const byCol = new Map<number, CellItem>();
    if (!sc) {
      let gapStart = openEnds[i];
      let prevCol = -1;
      const push = (start: number, end: number, tagEnd: number): void => {
        const col = cellColumn(start, tagEnd, prevCol);
        prevCol = col;
        items.push(xml.slice(gapStart, start));
        const item: CellItem = { col, text: xml.slice(start, end) };
        items.push(item);
        if (!byCol.has(col)) byCol.set(col, item);
        gapStart = end;
      };
      if (fast) {
        const needle = `<${p}c`;
        const close = `</${p}c>`;
        let pos = openEnds[i];
        for (;;) {
          const at = xml.indexOf(needle, pos);
          if (at < 0 || at >= closeStarts[i]) break;
          if (!isNameEnd(xml.charCodeAt(at + needle.length))) {
            pos = at + needle.length;
            continue;
          }
          const gt = xml.indexOf('>', at);
          let end = gt + 1;
          if (xml.charCodeAt(gt - 1) !== 47) {
            const c = xml.indexOf(close, gt + 1);
            if (c < 0 || c >= closeStarts[i]) break;
            end = c + close.length;
          }
          push(at, end, gt);
          pos = end;
        }
      } else {
        const re = tagRegex('c');
        re.lastIndex = openEnds[i];
        let m: RegExpExecArray | null;
        while ((m = re.exec(xml)) !== null && m.index < closeStarts[i]) {
          if (m[3] === undefined || m[1] === '/') continue;
          const start = m.index;
          const tagEnd = m.index + m[0].length - 1;
          let end = m.index + m[0].length;
          if (!m[4].endsWith('/')) {
            let c: RegExpExecArray | null;
            while ((c = re.exec(xml)) !== null && c.index < closeStarts[i]) {
              if (c[3] !== undefined && c[1] === '/') {
                end = c.index + c[0].length;
                break;
              }
            }
          }
          push(start, end, tagEnd);
          re.lastIndex = end;
        }
      }
      items.push(xml.slice(gapStart, closeStarts[i]));
    }
    return {
      num: nums[i],
      loc: i,
      exists: true,
      selfClosing: sc,
      openTag: sc ? tag.slice(0, -2) + '>' : tag,
      closeTag: sc ? `</${p}row>` : xml.slice(closeStarts[i], ends[i]),
      items,
      byCol,
      createdFlag: false,
      expandedFlag: false,
      touched: false,
    };
  }

  function model(row: number): RowModel | null {
    const num = row + 1;
    let m = models.get(num);
    if (m) return m;
    const i = rowIndex.get(num);
    if (i === undefined) return null;
    m = parseRow(i);
    models.set(num, m);
    return m;
  }

  function cellAt(row: number, col: number): CellItem | null {
    const m = model(row);
    if (!m || !m.exists) return null;
    const c = m.byCol.get(col);
    return c && c.text !== null ? c : null;
  }

  /** Makes sure the row exists (creating or expanding it); returns it. */
  function ensureRow(row: number): RowModel {
    let m = model(row);
    if (!m) {
      m = {
        num: row + 1,
        loc: -1,
        exists: false,
        selfClosing: false,
        openTag: `<${p}row r="${row + 1}">`,
        closeTag: `</${p}row>`,
        items: [],
        byCol: new Map(),
        createdFlag: false,
        expandedFlag: false,
        touched: true,
      };
      models.set(row + 1, m);
    }
    if (!m.exists) {
      m.exists = true;
      m.selfClosing = false;
      m.createdFlag = true;
      m.touched = true;
    }
    if (m.selfClosing) {
      m.selfClosing = false;
      m.expandedFlag = true;
      m.touched = true;
    }
    if (sdSelfClosing) {
      sdSelfClosing = false;
      sdFlag = true;
    }
    return m;
  }

  function insertCell(m: RowModel, col: number, text: string): void {
    m.touched = true;
    const existing = m.byCol.get(col);
    if (existing) {
      existing.text = text;
      return;
    }
    const item: CellItem = { col, text };
    let after = -1;
    let firstCell = -1;
    for (let k = 0; k < m.items.length; k++) {
      const it = m.items[k];
      if (typeof it === 'string') continue;
      if (firstCell < 0) firstCell = k;
      if (it.col < col) after = k;
    }
    const at = after >= 0 ? after + 1 : firstCell >= 0 ? firstCell : 0;
    m.items.splice(at, 0, item);
    m.byCol.set(col, item);
  }

  function afterRemoval(m: RowModel): void {
    for (const it of m.items) {
      if (typeof it === 'string' ? it !== '' : it.text !== null) return;
    }
    if (m.createdFlag) m.exists = false;
    else if (m.expandedFlag) m.selfClosing = true;
  }

  // ---- lazily parsed sheet features ----
  let colStyles: { min: number; max: number; style: number }[] | null = null;
  function defaultStyle(row: number, col: number): number {
    const m = model(row);
    if (m && m.exists) {
      const tag = m.openTag;
      if (getAttr(tag, 'customFormat') === '1' || getAttr(tag, 'customFormat') === 'true') {
        const s = Number(getAttr(tag, 's') ?? '0');
        if (Number.isInteger(s) && s >= 0) return s;
      }
    }
    if (!colStyles) {
      colStyles = [];
      const cols = findEl(xml, 'cols', 0, sd!.start);
      if (cols) {
        for (const c of findAll(xml, 'col', cols.innerStart, cols.innerEnd)) {
          const t = startTag(xml, c);
          const style = Number(getAttr(t, 'style') ?? '0');
          if (style > 0)
            colStyles.push({ min: Number(getAttr(t, 'min')) - 1, max: Number(getAttr(t, 'max')) - 1, style });
        }
      }
    }
    for (const c of colStyles) if (col >= c.min && col <= c.max) return c.style;
    return 0;
  }

  let arrays: { r1: number; c1: number; r2: number; c2: number }[] | null = null;
  function inArray(row: number, col: number): boolean {
    if (!arrays) {
      arrays = [];
      const re = /<(?:[A-Za-z_][\w.-]*:)?f\s([^>]*)>/g;
      re.lastIndex = sd!.innerStart;
      let m: RegExpExecArray | null;
      while ((m = re.exec(xml)) !== null && m.index < sd!.innerEnd) {
        const t = getAttr(m[1], 't');
        const ref = getAttr(m[1], 'ref');
        if ((t === 'array' || t === 'dataTable') && ref) {
          const box = parseRange(ref);
          if (box) arrays.push(box);
        }
      }
    }
    return arrays.some((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2);
  }

  let merges: { r1: number; c1: number; r2: number; c2: number }[] | null = null;
  function covered(row: number, col: number): boolean {
    if (!merges) {
      merges = [];
      const mc = findEl(xml, 'mergeCells', sd!.end);
      if (mc) {
        for (const el of findAll(xml, 'mergeCell', mc.innerStart, mc.innerEnd)) {
          const box = parseRange(getAttr(startTag(xml, el), 'ref') ?? '');
          if (box) merges.push(box);
        }
      }
    }
    return merges.some(
      (b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2 && (row !== b.r1 || col !== b.c1),
    );
  }

  // ---- apply the operations in order ----
  let written: { r1: number; c1: number; r2: number; c2: number } | null = null;
  for (const { row, col, op } of ops) {
    const ref = cellRef(row, col);
    if (op.kind === 'highlight') {
      const styles = ctx.styles();
      const cell = cellAt(row, col);
      const rec = ctx.record(ref);
      let base: number;
      // A record of the Excel add-in (colours, no style index): the cell's current format is the base.
      if (rec && isExcelRecord(rec)) base = (cell ? sAttr(cell.text!) : null) ?? 0;
      else if (rec) base = rec.s ?? (rec.created ? defaultStyle(row, col) : 0);
      else if (cell) base = sAttr(cell.text!) ?? 0;
      else base = defaultStyle(row, col);
      const s = styles.highlightXf(base, op.tone);
      if (cell) {
        if (!rec) {
          const r: HighlightRecord = { sheet: ctx.sheet, cell: ref, s: sAttr(cell.text!), created: false };
          const raw = getAttr(tagOf(cell.text!), 's');
          if (raw !== null && raw !== String(r.s)) r.raw = raw;
          // The original colours too, so the Excel add-in (which sees colours, not styles) can clear it.
          const colors = r.s !== null ? styles.colorsOf(r.s) : null;
          if (colors) Object.assign(r, colors);
          ctx.addRecord(r);
        }
        cell.text = withTag(cell.text!, setAttr(tagOf(cell.text!), 's', String(s)));
        model(row)!.touched = true;
      } else {
        const sdWasSelfClosing = sdSelfClosing;
        const m = ensureRow(row);
        insertCell(m, col, `<${p}c r="${ref}" s="${s}"/>`);
        if (!rec) {
          const r: HighlightRecord = { sheet: ctx.sheet, cell: ref, s: null, created: true };
          if (m.createdFlag) r.row = 'created';
          else if (m.expandedFlag) r.row = 'expanded';
          if (sdWasSelfClosing || sdFlag) r.sheetData = 'expanded';
          ctx.addRecord(r);
        }
      }
    } else if (op.kind === 'restore') {
      const rec = op.rec;
      const m = model(row);
      if (m) {
        if (rec.row === 'created') m.createdFlag = true;
        if (rec.row === 'expanded') m.expandedFlag = true;
      }
      if (rec.sheetData === 'expanded') sdFlag = true;
      const cell = cellAt(row, col);
      if (!cell || !m) continue;
      const cur = sAttr(cell.text!);
      // A cell whose format the user changed since is left alone.
      if (cur === null || !ctx.styles().isHighlightXf(cur)) continue;
      m.touched = true;
      if (rec.created) {
        if (isEmptyCell(cell.text!)) {
          cell.text = null;
          afterRemoval(m);
        } else {
          cell.text = withTag(cell.text!, removeAttr(tagOf(cell.text!), 's'));
        }
      } else if (isExcelRecord(rec)) {
        const s = ctx.styles().recolourXf(cur, rec.fill ?? null, rec.pattern, rec.font ?? null);
        cell.text = withTag(cell.text!, setAttr(tagOf(cell.text!), 's', String(s)));
      } else if (rec.raw !== undefined) {
        cell.text = withTag(cell.text!, setAttr(tagOf(cell.text!), 's', escapeAttr(rec.raw)));
      } else if (rec.s === null) {
        cell.text = withTag(cell.text!, removeAttr(tagOf(cell.text!), 's'));
      } else {
        cell.text = withTag(cell.text!, setAttr(tagOf(cell.text!), 's', String(rec.s)));
      }
    } else if (op.kind === 'clear') {
      const cell = cellAt(row, col);
      if (!cell || isEmptyCell(cell.text!)) {
        ctx.forget?.(ref);
        continue;
      }
      if (FORMULA_RE.test(cell.text!)) {
        ctx.skip(ref, 'formula');
        continue;
      }
      if (inArray(row, col)) {
        ctx.skip(ref, 'array');
        continue;
      }
      // The element stays with its attributes but the type (and rich-value links): format and validation stay.
      let tag = tagOf(cell.text!);
      for (const a of ['t', 'cm', 'vm']) tag = removeAttr(tag, a);
      cell.text = tag.replace(/\s*\/?>$/, '') + '/>';
      model(row)!.touched = true;
      ctx.forget?.(ref);
    } else {
      const value = op.value;
      if (typeof value === 'number' && !Number.isFinite(value)) {
        ctx.skip(ref, 'badValue');
        continue;
      }
      const cell = cellAt(row, col);
      if (cell && FORMULA_RE.test(cell.text!)) {
        ctx.skip(ref, 'formula');
        continue;
      }
      if (inArray(row, col)) {
        ctx.skip(ref, 'array');
        continue;
      }
      if (covered(row, col)) {
        ctx.skip(ref, 'merged');
        continue;
      }
      let attrs: string;
      if (cell) {
        const tag = tagOf(cell.text!);
        attrs = tag.replace(/^<[^\s/>]+/, '').replace(/\/?>$/, '');
        for (const a of ['t', 'cm', 'vm']) attrs = removeAttr(attrs, a);
      } else {
        attrs = ` r="${ref}"`;
      }
      const body =
        typeof value === 'number'
          ? `><${p}v>${formatNumber(value)}</${p}v>`
          : typeof value === 'boolean'
            ? ` t="b"><${p}v>${value ? 1 : 0}</${p}v>`
            : typeof value === 'object'
              ? ` t="e"><${p}v>${cellText(value.error)}</${p}v>`
              : ` t="inlineStr"><${p}is><${p}t xml:space="preserve">${cellText(value)}</${p}t></${p}is>`;
      const text = `<${p}c${attrs}${body}</${p}c>`;
      if (cell) {
        cell.text = text;
        model(row)!.touched = true;
      } else {
        insertCell(ensureRow(row), col, text);
      }
      if (op.purpose === 'conclusion') ctx.written(ref, editValueText(value));
      written = written
        ? {
            r1: Math.min(written.r1, row),
            c1: Math.min(written.c1, col),
            r2: Math.max(written.r2, row),
            c2: Math.max(written.c2, col),
          }
        : { r1: row, c1: col, r2: row, c2: col };
    }
  }

  // ---- rebuild ----
  const splices: Splice[] = [];
  const rowText = (m: RowModel): string => {
    if (!m.exists) return '';
    if (m.selfClosing) return m.openTag.slice(0, -1) + '/>';
    let s = m.openTag;
    for (const it of m.items) s += typeof it === 'string' ? it : (it.text ?? '');
    return s + m.closeTag;
  };
  const newRows: RowModel[] = [];
  for (const m of models.values()) {
    if (!m.touched) continue;
    if (m.loc >= 0) {
      const text = rowText(m);
      if (text !== xml.slice(starts[m.loc], ends[m.loc]))
        splices.push({ start: starts[m.loc], end: ends[m.loc], text });
    } else if (m.exists) {
      newRows.push(m);
    }
  }
  let allRowsGone = newRows.length === 0;
  for (let i = 0; i < nums.length && allRowsGone; i++) {
    const m = models.get(nums[i]);
    if (!m || m.loc !== i || m.exists) allRowsGone = false;
  }
  newRows.sort((a, b) => a.num - b.num);
  if (sd.selfClosing) {
    if (newRows.length) {
      splices.push({
        start: sd.start,
        end: sd.end,
        text: startTag(xml, sd).slice(0, -2) + '>' + newRows.map(rowText).join('') + `</${p}sheetData>`,
      });
    }
  } else {
    for (const m of newRows) {
      // Before the first existing row with a greater number (rows are in ascending order).
      let lo = 0;
      let hi = nums.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (nums[mid] > m.num) hi = mid;
        else lo = mid + 1;
      }
      const at = lo < nums.length ? starts[lo] : sd.innerEnd;
      splices.push({ start: at, end: at, text: rowText(m) });
    }
    if (sdFlag && allRowsGone) {
      let rowsLen = 0;
      for (let i = 0; i < nums.length; i++) rowsLen += ends[i] - starts[i];
      if (rowsLen === sd.innerEnd - sd.innerStart) {
        splices.length = 0;
        splices.push({ start: sd.start, end: sd.end, text: startTag(xml, sd).slice(0, -1) + '/>' });
      }
    }
  }
  if (written) updateDimension(xml, sd, written, splices);
  return applySplices(xml, splices);
}

function updateDimension(
  xml: string,
  sd: El,
  box: { r1: number; c1: number; r2: number; c2: number },
  splices: Splice[],
): void {
  const dim = findEl(xml, 'dimension', 0, sd.start);
  if (!dim) return;
  const tag = startTag(xml, dim);
  const cur = parseRange(getAttr(tag, 'ref') ?? '');
  const u = cur
    ? {
        r1: Math.min(cur.r1, box.r1),
        c1: Math.min(cur.c1, box.c1),
        r2: Math.max(cur.r2, box.r2),
        c2: Math.max(cur.c2, box.c2),
      }
    : box;
  if (cur && u.r1 === cur.r1 && u.c1 === cur.c1 && u.r2 === cur.r2 && u.c2 === cur.c2) return;
  const ref = u.r1 === u.r2 && u.c1 === u.c2 ? cellRef(u.r1, u.c1) : cellRef(u.r1, u.c1) + ':' + cellRef(u.r2, u.c2);
  splices.push({ start: dim.start, end: dim.openEnd, text: setAttr(tag, 'ref', ref) });
}
