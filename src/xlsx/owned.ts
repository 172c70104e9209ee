/**
 * Renders a sheet the product owns (report, identification, summary, templates) as worksheet
 * XML: blocks laid out from A1 downwards with one empty row between them, tables as real Excel
 * tables, internal hyperlinks, data validation, header notes. Strings are always inline
 * strings, never formulas.
 */
import {
  ColumnFormat,
  ColumnValidation,
  FormBlock,
  FormCell,
  FormCellStyle,
  HighlightTone,
  OutValue,
  OwnedSheet,
  TableBlock,
} from '../engine/edits';
import {
  NS,
  XML_DECL,
  cellRef,
  cellText,
  colLetters,
  escapeAttr,
  escapeText,
  excelString,
  quoteSheet,
  stripIllegalXml,
} from './ooxml';
import { Styles } from './styles';
import { RenderedChart, absRange } from './chart';

export interface TableAllocation {
  id: number;
  name: string;
  relId: string;
}

export interface RenderHooks {
  /** A workbook-unique table id and name (from the requested one) and a relationship id. */
  table(requestedName: string): TableAllocation;
  /** The relationship id of the sheet's VML drawing (asked only when there are notes). */
  legacyDrawing(): string;
  /** The relationship id of the sheet's drawing (asked only when there are charts). */
  drawing?(): string;
}

export interface RenderedTable extends TableAllocation {
  xml: string;
}

export interface Note {
  row: number;
  col: number;
  text: string;
}

export interface RenderedSheet {
  xml: string;
  tables: RenderedTable[];
  notes: Note[];
  charts: RenderedChart[];
}

const NUMFMT: Record<ColumnFormat, number | string | undefined> = {
  text: undefined,
  yesno: undefined,
  integer: 1,
  decimal1: '0.0',
  decimal2: 2,
  percent1: '0.0',
  date: 'dd.mm.yyyy',
  percentPoints: '0.0" %"',
};

/** Form cell looks: font, fill, border, alignment (see FormCellStyle). */
const FORM_FILL = { criterion: 'BDD7EE', section: 'DDEBF7', header: 'F2F2F2' } as const;

const MAX_WIDTH = 60;
/** Points per line of 11 pt text, and the most lines a row is made tall for. */
const LINE_HEIGHT = 15;
const MAX_LINES = 20;
const MIN_WIDTH = 8;
const LINK_COLOR = '0563C1';
const NOTE_COLOR = '7F7F7F';

function isLink(v: OutValue): v is { link: { sheet: string; cell: string }; text: string } {
  return typeof v === 'object' && v !== null && 'link' in v;
}

function displayText(v: OutValue, format?: ColumnFormat): string {
  if (v === null || v === undefined) return '';
  if (isLink(v)) return v.text;
  if (typeof v === 'boolean') return v ? 'ИСТИНА' : 'ЛОЖЬ';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    switch (format) {
      case 'integer':
        return Math.round(v).toString();
      case 'decimal1':
      case 'percent1':
      case 'percentPoints':
        return v.toFixed(1);
      case 'decimal2':
        return v.toFixed(2);
      case 'date':
        return '00.00.0000';
      default:
        return String(Math.round(v * 1e6) / 1e6);
    }
  }
  return v;
}

function longestLine(s: string): number {
  let max = 0;
  for (const line of s.split('\n')) if (line.length > max) max = line.length;
  return max;
}

/** How many lines a text takes when wrapped at `cap` characters (greedy, by words). */
export function wrappedLines(text: string, cap: number): number {
  const width = Math.max(1, Math.floor(cap));
  let lines = 0;
  for (const para of text.split('\n')) {
    lines++;
    let used = 0;
    for (const word of para.split(/\s+/)) {
      if (!word) continue;
      if (used > 0 && used + 1 + word.length <= width) {
        used += 1 + word.length;
        continue;
      }
      if (used > 0) lines++;
      used = word.length;
      while (used > width) {
        lines++;
        used -= width;
      }
    }
  }
  return lines;
}

function normalizeColor(c: string | undefined): string | null {
  if (!c) return null;
  const h = c.replace(/^#/, '').toUpperCase();
  if (/^[0-9A-F]{6}$/.test(h)) return 'FF' + h;
  if (/^[0-9A-F]{8}$/.test(h)) return h;
  return null;
}

function number(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Header names as a table needs them: one line, non-empty, unique (case-insensitively). */
export function tableHeaders(columns: { header: string }[]): string[] {
  const seen = new Set<string>();
  return columns.map((c, i) => {
    let h = stripIllegalXml(c.header)
      .replace(/[\r\n\t]+/g, ' ')
      .trim()
      .slice(0, 250);
    if (!h) h = `Столбец ${i + 1}`;
    let name = h;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${h} ${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function validationXml(v: ColumnValidation, sqref: string, listRange: string | null): string {
  const common = 'allowBlank="1" showErrorMessage="1" errorTitle="Неверное значение"';
  if (v.kind === 'list') {
    const shown = v.items.join(', ');
    const error = `Выберите значение из списка: ${shown}`;
    const err = error.length > 220 ? error.slice(0, 217) + '…' : error;
    const formula = listRange ?? '"' + v.items.map((i) => i.replace(/"/g, '""')).join(',') + '"';
    return `<dataValidation type="list" ${common} error="${escapeAttr(err)}" sqref="${sqref}"><formula1>${escapeText(formula)}</formula1></dataValidation>`;
  }
  const kind = v.kind === 'whole' ? 'целое число' : 'число';
  if (v.max === undefined) {
    return (
      `<dataValidation type="${v.kind}" operator="greaterThanOrEqual" ${common} error="${escapeAttr(`Введите ${kind} не меньше ${v.min}`)}" sqref="${sqref}">` +
      `<formula1>${number(v.min)}</formula1></dataValidation>`
    );
  }
  return (
    `<dataValidation type="${v.kind}" operator="between" ${common} error="${escapeAttr(`Введите ${kind} от ${v.min} до ${v.max}`)}" sqref="${sqref}">` +
    `<formula1>${number(v.min)}</formula1><formula2>${number(v.max)}</formula2></dataValidation>`
  );
}

function listFitsInline(items: string[]): boolean {
  const joined = items.join(',');
  return joined.length <= 250 && !items.some((i) => i.includes(','));
}

export function renderOwnedSheet(
  sheet: OwnedSheet,
  styles: Styles,
  hooks: RenderHooks,
  selected: boolean,
): RenderedSheet {
  // ---- measure columns ----
  /** Where each table block landed (for charts over its ranges). */
  const placed = new Map<string, { block: TableBlock; headerRow: number }>();
  // Tables may fix a column's width; label/value pairs sharing the column still get room.
  const tableLens = new Map<number, number>();
  const pairLens = new Map<number, number>();
  const given = new Map<number, number>();
  const multiline = new Set<number>();
  const measure = (lens: Map<number, number>, col: number, text: string, extra = 0): void => {
    if (text.includes('\n')) multiline.add(col);
    const len = longestLine(text) + extra;
    if (len > (lens.get(col) ?? 0)) lens.set(col, len);
  };
  for (const b of sheet.blocks) {
    if (b.kind === 'pairs') {
      for (const [label, value] of b.rows) {
        measure(pairLens, 0, label);
        measure(pairLens, 1, displayText(value));
      }
    } else if (b.kind === 'table') {
      const headers = tableHeaders(b.columns);
      b.columns.forEach((c, i) => {
        if (c.width !== undefined && c.width > 0 && !given.has(i)) given.set(i, Math.min(255, c.width));
        measure(tableLens, i, headers[i], 3);
        for (const r of b.rows) measure(tableLens, i, displayText(r[i] ?? null, c.format));
      });
    } else if (b.kind === 'form') {
      b.widths.forEach((w, i) => {
        if (w > 0 && !given.has(i)) given.set(i, Math.min(255, w));
      });
    }
  }
  const clamp = (n: number): number => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, n));
  const widthOf = (col: number): number => {
    const table = given.get(col) ?? clamp((tableLens.get(col) ?? 0) + 2);
    const pairs = pairLens.has(col) ? clamp(pairLens.get(col)! + 2) : 0;
    return Math.max(table, pairs);
  };
  const wraps = (col: number): boolean =>
    multiline.has(col) || Math.max(tableLens.get(col) ?? 0, pairLens.get(col) ?? 0) > widthOf(col);

  // ---- styles ----
  const xfTitle = styles.ownedXf({ font: { bold: true, size: 14 } });
  const xfHeading = styles.ownedXf({ font: { bold: true } });
  const xfNote = styles.ownedXf({ font: { italic: true, color: NOTE_COLOR } });
  const xfCache = new Map<string, number>();
  const xfFor = (
    format: ColumnFormat | undefined,
    wrap: boolean,
    link: boolean,
    tone?: HighlightTone,
    top = false,
  ): number => {
    const key = `${format ?? ''}|${wrap}|${link}|${tone ?? ''}|${top}`;
    let xf = xfCache.get(key);
    if (xf === undefined) {
      xf = styles.ownedXf({
        numFmt: NUMFMT[format ?? 'text'],
        wrap,
        top,
        font: link ? { underline: true, color: LINK_COLOR } : undefined,
        tone,
      });
      xfCache.set(key, xf);
    }
    return xf;
  };

  // ---- layout ----
  const rows = new Map<number, string[]>();
  let maxCol = 0;
  let maxRow = 0;
  const put = (r: number, c: number, xml: string): void => {
    if (!xml) return;
    let line = rows.get(r);
    if (!line) {
      line = [];
      rows.set(r, line);
    }
    line.push(xml);
    if (c > maxCol) maxCol = c;
    if (r > maxRow) maxRow = r;
  };
  const sAttr = (s: number): string => (s ? ` s="${s}"` : '');
  const str = (r: number, c: number, text: string, s: number): void =>
    put(
      r,
      c,
      `<c r="${cellRef(r, c)}"${sAttr(s)} t="inlineStr"><is><t xml:space="preserve">${cellText(text)}</t></is></c>`,
    );
  const empty = (r: number, c: number, s: number): void => {
    if (s) put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)}/>`);
  };
  // Rows with wrapped text get an explicit height (LibreOffice does not fit them on opening).
  const rowLines = new Map<number, number>();
  const fitRow = (r: number, text: string, cap: number): void => {
    const lines = Math.min(MAX_LINES, wrappedLines(text, cap));
    if (lines > (rowLines.get(r) ?? 1)) rowLines.set(r, lines);
  };
  const hyperlinks: string[] = [];
  const value = (
    r: number,
    c: number,
    v: OutValue,
    format: ColumnFormat | undefined,
    tone?: HighlightTone,
    top = false,
  ): void => {
    const wrap = wraps(c);
    if (wrap && v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'boolean') {
      fitRow(r, isLink(v) ? v.text : v, widthOf(c) * 1.1 - 1);
    }
    if (isLink(v)) {
      str(r, c, v.text, xfFor(format, wrap, true, tone, top));
      const loc = quoteSheet(v.link.sheet) + '!' + v.link.cell.replace(/\$/g, '');
      hyperlinks.push(
        `<hyperlink ref="${cellRef(r, c)}" location="${escapeAttr(loc)}" display="${escapeAttr(excelString(v.text))}"/>`,
      );
      return;
    }
    const s = xfFor(format, wrap, false, tone, top);
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) empty(r, c, s);
    else if (typeof v === 'number') put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)}><v>${number(v)}</v></c>`);
    else if (typeof v === 'boolean') put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)} t="b"><v>${v ? 1 : 0}</v></c>`);
    else str(r, c, String(v), s);
  };

  const tables: RenderedTable[] = [];
  const notes: Note[] = [];
  const validations: { v: ColumnValidation; sqref: string }[] = [];
  const merges: string[] = [];
  /** Rows that start a printed page (0-based). */
  const pageBreaks: number[] = [];
  /** Rows that need at least this height in points (a form's title). */
  const rowPoints = new Map<number, number>();
  let freezeAt: number | null = null;
  let row = 0;
  sheet.blocks.forEach((b, bi) => {
    if (bi > 0) row++;
    if (b.kind === 'text') {
      const s = b.style === 'title' ? xfTitle : b.style === 'heading' ? xfHeading : b.style === 'note' ? xfNote : 0;
      for (const line of b.lines) {
        if (line !== '') str(row, 0, line, s);
        row++;
      }
    } else if (b.kind === 'pairs') {
      if (b.heading) str(row++, 0, b.heading, xfHeading);
      for (const [label, v] of b.rows) {
        str(row, 0, label, xfHeading);
        value(row, 1, v, undefined);
        row++;
      }
    } else if (b.kind === 'form') {
      row = renderForm(b, row);
    } else {
      row = renderTable(b, row);
    }
  });

  function formXf(cell: FormCell): number {
    const style: FormCellStyle = cell.style ?? 'input';
    const span = Math.max(1, Math.floor(cell.span ?? 1));
    const textual = cell.format === undefined || cell.format === 'text' || cell.format === 'yesno';
    const key = `form|${style}|${cell.indent ?? 0}|${span > 1}|${cell.format ?? ''}`;
    let xf = xfCache.get(key);
    if (xf !== undefined) return xf;
    const numFmt = NUMFMT[cell.format ?? 'text'];
    switch (style) {
      case 'title':
        xf = styles.ownedXf({ font: { bold: true, size: 14 }, middle: true });
        break;
      case 'criterion':
        xf = styles.ownedXf({
          font: { bold: true, size: 12 },
          fill: FORM_FILL.criterion,
          border: true,
          wrap: true,
          middle: true,
        });
        break;
      case 'section':
        xf = styles.ownedXf({ font: { bold: true }, fill: FORM_FILL.section, border: true, wrap: true, middle: true });
        break;
      case 'header':
        xf = styles.ownedXf({ font: { bold: true }, fill: FORM_FILL.header, border: true, wrap: true, center: true });
        break;
      case 'label':
        xf = styles.ownedXf({ border: true, wrap: true, middle: true, indent: cell.indent });
        break;
      case 'strong':
        xf = styles.ownedXf({ font: { bold: true }, border: true, wrap: true, middle: true, indent: cell.indent });
        break;
      case 'note':
        xf = styles.ownedXf({ font: { italic: true, color: NOTE_COLOR }, wrap: span > 1, top: span > 1 });
        break;
      default:
        xf = styles.ownedXf({
          numFmt,
          border: true,
          wrap: textual,
          middle: !(textual && span > 1),
          top: textual && span > 1,
          center: cell.format === 'yesno',
        });
    }
    xfCache.set(key, xf);
    return xf;
  }

  function renderForm(b: FormBlock, start: number): number {
    if (b.freezeRows && freezeAt === null) freezeAt = start + b.freezeRows;
    const groups = new Map<string, { v: ColumnValidation; refs: string[] }>();
    let r = start;
    for (const fr of b.rows) {
      if (fr.pageBreakBefore && r > 0) pageBreaks.push(r);
      if (fr.lines && fr.lines > (rowLines.get(r) ?? 1)) rowLines.set(r, Math.min(MAX_LINES, fr.lines));
      let run: { key: string; v: ColumnValidation; from: number; to: number } | null = null;
      const flush = (): void => {
        if (!run) return;
        const ref = run.from === run.to ? cellRef(r, run.from) : `${cellRef(r, run.from)}:${cellRef(r, run.to)}`;
        const g = groups.get(run.key) ?? { v: run.v, refs: [] };
        g.refs.push(ref);
        groups.set(run.key, g);
        run = null;
      };
      fr.cells.forEach((cell, c) => {
        if (!cell) return;
        const span = Math.max(1, Math.floor(cell.span ?? 1));
        const s = formXf(cell);
        const v: OutValue = cell.value;
        if (isLink(v)) {
          str(r, c, v.text, s);
          const loc = quoteSheet(v.link.sheet) + '!' + v.link.cell.replace(/\$/g, '');
          hyperlinks.push(
            `<hyperlink ref="${cellRef(r, c)}" location="${escapeAttr(loc)}" display="${escapeAttr(excelString(v.text))}"/>`,
          );
        } else if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
          put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)}/>`);
        } else if (typeof v === 'number') put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)}><v>${number(v)}</v></c>`);
        else if (typeof v === 'boolean') put(r, c, `<c r="${cellRef(r, c)}"${sAttr(s)} t="b"><v>${v ? 1 : 0}</v></c>`);
        else str(r, c, String(v), s);
        for (let k = 1; k < span; k++) put(r, c + k, `<c r="${cellRef(r, c + k)}"${sAttr(s)}/>`);
        if (span > 1) merges.push(`${cellRef(r, c)}:${cellRef(r, c + span - 1)}`);
        const text = isLink(v) ? v.text : typeof v === 'string' ? v : '';
        if (text) {
          let width = 0;
          for (let k = 0; k < span; k++) width += widthOf(c + k);
          const scale = cell.style === 'title' ? 0.75 : cell.style === 'criterion' ? 0.9 : 1.1;
          const cap = width * scale - 1 - 2 * (cell.indent ?? 0);
          if (cell.style !== 'title' && !(cell.style === 'note' && span === 1)) fitRow(r, text, cap);
        }
        if (cell.note) notes.push({ row: r, col: c, text: cell.note });
        if (cell.validation) {
          const key = JSON.stringify(cell.validation);
          if (run && run.key === key && run.to === c - 1) run.to = c + span - 1;
          else {
            flush();
            run = { key, v: cell.validation, from: c, to: c + span - 1 };
          }
        } else flush();
      });
      flush();
      if (fr.cells.length && fr.cells[0]?.style === 'title') rowPoints.set(r, 22);
      r++;
    }
    for (const g of groups.values()) validations.push({ v: g.v, sqref: g.refs.join(' ') });
    return r;
  }

  function renderTable(b: TableBlock, start: number): number {
    let r = start;
    if (b.heading) str(r++, 0, b.heading, xfHeading);
    const headers = tableHeaders(b.columns);
    const headerRow = r;
    if (freezeAt === null) freezeAt = headerRow + 1;
    const headerWrap = styles.ownedXf({ font: { bold: true }, wrap: true });
    headers.forEach((h, c) => {
      const wrap = h.length + 3 > widthOf(c);
      if (wrap) fitRow(headerRow, h, widthOf(c) - 4);
      str(headerRow, c, h, wrap ? headerWrap : xfHeading);
      const note = b.columns[c].note;
      if (note) notes.push({ row: headerRow, col: c, text: note });
    });
    r++;
    const top = b.columns.some((_c, ci) => wraps(ci));
    const tones = new Map<string, HighlightTone>();
    for (const [ri, ci, tone] of b.tones ?? []) tones.set(`${ri}:${ci}`, tone);
    b.rows.forEach((values, ri) => {
      b.columns.forEach((col, ci) => value(r, ci, values[ci] ?? null, col.format, tones.get(`${ri}:${ci}`), top));
      r++;
    });
    const blank = Math.max(0, Math.floor(b.blankRows ?? 0));
    for (let k = 0; k < blank; k++) {
      b.columns.forEach((col, ci) => empty(r, ci, xfFor(col.format, wraps(ci), false, undefined, top)));
      r++;
    }
    // A table needs at least one data row.
    if (r === headerRow + 1) r++;
    const lastRow = r - 1;
    const lastCol = Math.max(0, b.columns.length - 1);
    if (lastRow > maxRow) maxRow = lastRow;
    if (lastCol > maxCol) maxCol = lastCol;
    b.columns.forEach((col, ci) => {
      if (col.validation) {
        validations.push({ v: col.validation, sqref: `${cellRef(headerRow + 1, ci)}:${cellRef(lastRow, ci)}` });
      }
    });
    placed.set(b.name, { block: b, headerRow });
    const alloc = hooks.table(b.name);
    const ref = `${cellRef(headerRow, 0)}:${cellRef(lastRow, lastCol)}`;
    const xml =
      XML_DECL +
      `<table xmlns="${NS.main}" id="${alloc.id}" name="${escapeAttr(alloc.name)}" displayName="${escapeAttr(alloc.name)}" ref="${ref}" totalsRowShown="0">` +
      `<autoFilter ref="${ref}"/>` +
      `<tableColumns count="${headers.length}">` +
      headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(excelString(h))}"/>`).join('') +
      '</tableColumns>' +
      '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>' +
      '</table>';
    tables.push({ ...alloc, xml });
    return r;
  }

  // Long lists for validation go into hidden helper columns to the right.
  const usedCols = maxCol + 1;
  const hidden: number[] = [];
  const dv: string[] = [];
  for (const { v, sqref } of validations) {
    let listRange: string | null = null;
    if (v.kind === 'list' && !listFitsInline(v.items)) {
      const c = usedCols + 1 + hidden.length;
      hidden.push(c);
      v.items.forEach((item, i) => str(i, c, item, 0));
      const L = colLetters(c);
      listRange = `$${L}$1:$${L}$${Math.max(1, v.items.length)}`;
    }
    dv.push(validationXml(v, sqref, listRange));
  }

  // ---- charts: to the right of the used and helper columns, one under another ----
  const charts: RenderedChart[] = [];
  for (const ch of sheet.charts ?? []) {
    const at = placed.get(ch.table);
    if (!at || !at.block.rows.length) continue;
    const { block, headerRow } = at;
    const first = headerRow + 1;
    const last = headerRow + block.rows.length;
    const heads = tableHeaders(block.columns);
    const series = ch.series.filter((c) => c >= 0 && c < block.columns.length);
    if (!series.length || ch.categories < 0 || ch.categories >= block.columns.length) continue;
    charts.push({
      title: ch.title,
      categories: {
        ref: absRange(sheet.name, first, ch.categories, last, ch.categories),
        values: block.rows.map((r) => displayText(r[ch.categories] ?? null)),
      },
      series: series.map((c) => ({
        nameRef: absRange(sheet.name, headerRow, c, headerRow, c),
        name: heads[c],
        ref: absRange(sheet.name, first, c, last, c),
        values: block.rows.map((r) => (typeof r[c] === 'number' ? (r[c] as number) : null)),
      })),
      anchor: {
        col: usedCols + 1 + hidden.length,
        row: ch.beside ? Math.max(0, headerRow - (block.heading ? 1 : 0)) : charts.length * 20 + 1,
        cols: 8,
        rows: 18,
      },
    });
  }

  // ---- assemble ----
  const out: string[] = [XML_DECL, `<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}">`];
  const tab = normalizeColor(sheet.tabColor);
  if (tab || sheet.landscape) {
    out.push(
      '<sheetPr>',
      tab ? `<tabColor rgb="${tab}"/>` : '',
      sheet.landscape ? '<pageSetUpPr fitToPage="1"/>' : '',
      '</sheetPr>',
    );
  }
  out.push(`<dimension ref="${rows.size && (maxRow || maxCol) ? 'A1:' + cellRef(maxRow, maxCol) : 'A1'}"/>`);
  out.push(`<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`);
  if (sheet.freezeHeader && freezeAt !== null) {
    const tl = cellRef(freezeAt, 0);
    out.push(
      `<pane ySplit="${freezeAt}" topLeftCell="${tl}" activePane="bottomLeft" state="frozen"/>`,
      `<selection pane="bottomLeft" activeCell="${tl}" sqref="${tl}"/>`,
    );
  }
  out.push('</sheetView></sheetViews>', '<sheetFormatPr defaultRowHeight="15"/>');
  const cols: string[] = [];
  for (let c = 0; c < usedCols; c++) {
    const w = widthOf(c);
    cols.push(`<col min="${c + 1}" max="${c + 1}" width="${Math.round(w * 100) / 100}" customWidth="1"/>`);
  }
  for (const c of hidden) cols.push(`<col min="${c + 1}" max="${c + 1}" width="20" hidden="1" customWidth="1"/>`);
  if (rows.size && cols.length) out.push('<cols>', ...cols, '</cols>');
  out.push('<sheetData>');
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const cells = rows.get(r)!;
    const lines = rowLines.get(r) ?? 1;
    const ht = Math.max(lines * LINE_HEIGHT, rowPoints.get(r) ?? 0);
    out.push(`<row r="${r + 1}"${ht > LINE_HEIGHT ? ` ht="${ht}" customHeight="1"` : ''}>`, ...cells, '</row>');
  }
  out.push('</sheetData>');
  if (merges.length)
    out.push(`<mergeCells count="${merges.length}">`, ...merges.map((m) => `<mergeCell ref="${m}"/>`), '</mergeCells>');
  if (dv.length) out.push(`<dataValidations count="${dv.length}">`, ...dv, '</dataValidations>');
  if (hyperlinks.length) out.push('<hyperlinks>', ...hyperlinks, '</hyperlinks>');
  // A printable form gets narrower margins, so a criterion fits on a page.
  out.push(
    sheet.blocks.some((b) => b.kind === 'form')
      ? '<pageMargins left="0.5" right="0.5" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
      : '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  );
  if (sheet.landscape) out.push('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
  if (pageBreaks.length) {
    out.push(
      `<rowBreaks count="${pageBreaks.length}" manualBreakCount="${pageBreaks.length}">`,
      ...pageBreaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`),
      '</rowBreaks>',
    );
  }
  if (charts.length && hooks.drawing) out.push(`<drawing r:id="${hooks.drawing()}"/>`);
  if (notes.length) out.push(`<legacyDrawing r:id="${hooks.legacyDrawing()}"/>`);
  if (tables.length) {
    out.push(
      `<tableParts count="${tables.length}">`,
      ...tables.map((t) => `<tablePart r:id="${t.relId}"/>`),
      '</tableParts>',
    );
  }
  out.push('</worksheet>');
  return { xml: out.join(''), tables, notes, charts: hooks.drawing ? charts : [] };
}

export function commentsXml(notes: Note[]): string {
  return (
    XML_DECL +
    `<comments xmlns="${NS.main}"><authors><author>Проверка</author></authors><commentList>` +
    notes
      .map(
        (n) =>
          `<comment ref="${cellRef(n.row, n.col)}" authorId="0"><text><r><t xml:space="preserve">${cellText(n.text)}</t></r></text></comment>`,
      )
      .join('') +
    '</commentList></comments>'
  );
}

export function vmlXml(notes: Note[], idmap: number): string {
  const shapes = notes.map((n, i) => {
    const lines = Math.min(12, Math.max(3, Math.ceil(n.text.length / 40)));
    return (
      `<v:shape id="_x0000_s${idmap * 1024 + 1 + i}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:216pt;height:${lines * 15}pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
      '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${n.col + 1}, 15, ${n.row}, 2, ${n.col + 4}, 15, ${n.row + lines}, 16</x:Anchor>` +
      `<x:AutoFill>False</x:AutoFill><x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`
    );
  });
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idmap}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes.join('') +
    '</xml>'
  );
}
