/**
 * Lays out a sheet the product owns (OwnedSheet) as cells for the Office.js adapter, in the same
 * places the `.xlsx` writer puts them (src/xlsx/owned.ts): blocks from A1 downwards with one empty
 * row between them; a table's heading, header row, data rows and blank rows; label/value pairs in
 * columns A–B; form rows cell by cell with spans merged. The writer (apply.ts) turns the plan
 * into a constant number of Office.js operations per kind (one values write, one table, …).
 */
import { ColumnFormat, ColumnValidation, FormCellStyle, HighlightTone, OutValue, OwnedSheet } from '../engine/edits';
import { tableHeaders } from '../xlsx/owned';
import { columnName } from '../engine/snapshot';
import { Box } from './address';

export type CellStyle = 'title' | 'heading' | 'note' | 'link' | FormCellStyle;

export interface PlannedLink {
  row: number;
  col: number;
  sheet: string;
  cell: string;
  text: string;
}

export interface SheetPlan {
  /** Values from A1, row by row; null leaves a cell empty. Strings are text, never formulas. */
  rows: (string | number | boolean | null)[][];
  width: number;
  tables: { name: string; box: Box }[];
  links: PlannedLink[];
  merges: Box[];
  /** Number format codes over boxes. */
  formats: { box: Box; code: string }[];
  styles: { row: number; col: number; style: CellStyle }[];
  tones: { row: number; col: number; tone: HighlightTone }[];
  /** Data validation; `source` is set for a list kept in a hidden helper column. */
  validations: { box: Box; rule: ColumnValidation; source?: string }[];
  /** Rows frozen at the top (0: none). */
  freezeRows: number;
  /** Column widths in characters, from column A. */
  widths: number[];
  /** Cells drawn with thin borders (form cells), and cells whose text wraps. */
  borders: { row: number; col: number }[];
  wrap: { row: number; col: number }[];
  /** Row heights in points where a row must be taller than one line. */
  rowHeights: Map<number, number>;
  /** Hidden helper columns holding long lists for validation. */
  hiddenColumns: number[];
  /** Notes on cells (template help on headers). */
  notes: { row: number; col: number; text: string }[];
  /** Clustered column charts over table columns, placed where the `.xlsx` writer anchors them. */
  charts: PlannedChart[];
}

/** A chart of an owned sheet (OwnedChart) laid out: its table's rows and columns, and where it sits. */
export interface PlannedChart {
  title: string;
  /** The table's header row and its first and last data rows (0-based sheet rows). */
  headerRow: number;
  first: number;
  last: number;
  /** Sheet columns of the categories and of each series, with the series' names (their headers). */
  categories: number;
  series: { col: number; name: string }[];
  /** Top-left cell (0-based) and size in cells, as in src/xlsx/owned.ts. */
  anchor: { col: number; row: number; cols: number; rows: number };
}

/** Excel number format codes of the column formats (the same as the `.xlsx` writer's). */
export const NUMBER_FORMATS: Record<ColumnFormat, string | null> = {
  text: null,
  yesno: null,
  integer: '0',
  decimal1: '0.0',
  decimal2: '0.00',
  percent1: '0.0',
  date: 'dd.mm.yyyy',
  percentPoints: '0.0" %"',
};

const MAX_WIDTH = 60;
const MIN_WIDTH = 8;
/** Points per line of 11 pt text, and the most lines a row is made tall for. */
const LINE_HEIGHT = 15;
const MAX_LINES = 20;

/** A list goes inline into the rule when Excel's 255-character limit allows (as in the file writer). */
function listFitsInline(items: string[]): boolean {
  return items.join(',').length <= 250 && !items.some((i) => i.includes(','));
}

function isLink(v: OutValue): v is { link: { sheet: string; cell: string }; text: string } {
  return typeof v === 'object' && v !== null && 'link' in v;
}

function shown(v: OutValue, format?: ColumnFormat): string {
  if (v === null || v === undefined) return '';
  if (isLink(v)) return v.text;
  if (typeof v === 'boolean') return v ? 'ИСТИНА' : 'ЛОЖЬ';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (format === 'integer') return Math.round(v).toString();
    if (format === 'decimal1' || format === 'percent1' || format === 'percentPoints') return v.toFixed(1);
    if (format === 'decimal2') return v.toFixed(2);
    if (format === 'date') return '00.00.0000';
    return String(Math.round(v * 1e6) / 1e6);
  }
  return v;
}

function longestLine(s: string): number {
  let max = 0;
  for (const line of s.split('\n')) if (line.length > max) max = line.length;
  return max;
}

export function planSheet(sheet: OwnedSheet): SheetPlan {
  // ---- column widths, measured as the .xlsx writer does ----
  const tableLens = new Map<number, number>();
  const pairLens = new Map<number, number>();
  const given = new Map<number, number>();
  const measure = (lens: Map<number, number>, col: number, text: string, extra = 0): void => {
    const len = longestLine(text) + extra;
    if (len > (lens.get(col) ?? 0)) lens.set(col, len);
  };
  for (const b of sheet.blocks) {
    if (b.kind === 'pairs') {
      for (const [label, value] of b.rows) {
        measure(pairLens, 0, label);
        measure(pairLens, 1, shown(value));
      }
    } else if (b.kind === 'table') {
      const headers = tableHeaders(b.columns);
      b.columns.forEach((c, i) => {
        if (c.width !== undefined && c.width > 0 && !given.has(i)) given.set(i, Math.min(255, c.width));
        measure(tableLens, i, headers[i], 3);
        for (const r of b.rows) measure(tableLens, i, shown(r[i] ?? null, c.format));
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

  // ---- layout ----
  const plan: SheetPlan = {
    rows: [],
    width: 0,
    tables: [],
    links: [],
    merges: [],
    formats: [],
    styles: [],
    tones: [],
    validations: [],
    freezeRows: 0,
    widths: [],
    borders: [],
    wrap: [],
    rowHeights: new Map(),
    hiddenColumns: [],
    notes: [],
    charts: [],
  };
  const placed = new Map<string, { headerRow: number; rows: number; heading: boolean; headers: string[] }>();
  let maxCol = -1;
  const put = (r: number, c: number, v: OutValue, format?: ColumnFormat): void => {
    const line = (plan.rows[r] ??= []);
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
      if (c > maxCol) maxCol = c;
      return;
    }
    if (isLink(v)) {
      line[c] = v.text;
      plan.links.push({ row: r, col: c, sheet: v.link.sheet, cell: v.link.cell.replace(/\$/g, ''), text: v.text });
    } else line[c] = v;
    if (c > maxCol) maxCol = c;
    const code = format ? NUMBER_FORMATS[format] : null;
    if (code && typeof v === 'number') plan.formats.push({ box: { r1: r, c1: c, r2: r, c2: c }, code });
  };
  let freezeAt: number | null = null;
  let row = 0;
  sheet.blocks.forEach((b, bi) => {
    if (bi > 0) row++;
    if (b.kind === 'text') {
      for (const line of b.lines) {
        if (line !== '') {
          put(row, 0, line);
          if (b.style === 'title' || b.style === 'heading' || b.style === 'note')
            plan.styles.push({ row, col: 0, style: b.style });
        }
        row++;
      }
    } else if (b.kind === 'pairs') {
      if (b.heading) {
        put(row, 0, b.heading);
        plan.styles.push({ row: row++, col: 0, style: 'heading' });
      }
      for (const [label, v] of b.rows) {
        put(row, 0, label);
        plan.styles.push({ row, col: 0, style: 'heading' });
        put(row, 1, v);
        row++;
      }
    } else if (b.kind === 'form') {
      if (b.freezeRows && freezeAt === null) freezeAt = row + b.freezeRows;
      for (const fr of b.rows) {
        if (fr.lines && fr.lines > 1) plan.rowHeights.set(row, Math.min(MAX_LINES, fr.lines) * LINE_HEIGHT);
        if (fr.cells[0]?.style === 'title') plan.rowHeights.set(row, Math.max(plan.rowHeights.get(row) ?? 0, 22));
        fr.cells.forEach((cell, c) => {
          if (!cell) return;
          const span = Math.max(1, Math.floor(cell.span ?? 1));
          const style = cell.style ?? 'input';
          const textual = cell.format === undefined || cell.format === 'text' || cell.format === 'yesno';
          for (let k = 0; k < span; k++) {
            if (style !== 'title' && style !== 'note') plan.borders.push({ row, col: c + k });
            if (
              style === 'criterion' ||
              style === 'section' ||
              style === 'header' ||
              style === 'label' ||
              style === 'strong' ||
              (style === 'input' && textual) ||
              (style === 'note' && span > 1)
            )
              plan.wrap.push({ row, col: c + k });
          }
          put(row, c, cell.value, cell.format);
          if (span > 1) {
            plan.merges.push({ r1: row, c1: c, r2: row, c2: c + span - 1 });
            if (c + span - 1 > maxCol) maxCol = c + span - 1;
          }
          plan.styles.push({ row, col: c, style: cell.style ?? 'input' });
          const code = cell.format ? NUMBER_FORMATS[cell.format] : null;
          if (code && typeof cell.value !== 'number')
            plan.formats.push({ box: { r1: row, c1: c, r2: row, c2: c }, code });
          if (cell.note) plan.notes.push({ row, col: c, text: cell.note });
          if (cell.validation)
            plan.validations.push({ box: { r1: row, c1: c, r2: row, c2: c + span - 1 }, rule: cell.validation });
        });
        row++;
      }
    } else {
      if (b.heading) {
        put(row, 0, b.heading);
        plan.styles.push({ row: row++, col: 0, style: 'heading' });
      }
      const headers = tableHeaders(b.columns);
      const headerRow = row;
      placed.set(b.name, { headerRow, rows: b.rows.length, heading: !!b.heading, headers });
      if (freezeAt === null) freezeAt = headerRow + 1;
      headers.forEach((h, c) => {
        put(headerRow, c, h);
        const note = b.columns[c].note;
        if (note) plan.notes.push({ row: headerRow, col: c, text: note });
      });
      row++;
      const tones = new Map<string, HighlightTone>();
      for (const [ri, ci, tone] of b.tones ?? []) tones.set(`${ri}:${ci}`, tone);
      b.rows.forEach((values, ri) => {
        b.columns.forEach((col, ci) => {
          put(row, ci, values[ci] ?? null, undefined);
          const tone = tones.get(`${ri}:${ci}`);
          if (tone) plan.tones.push({ row, col: ci, tone });
        });
        row++;
      });
      row += Math.max(0, Math.floor(b.blankRows ?? 0));
      if (row === headerRow + 1) row++;
      const lastRow = row - 1;
      const lastCol = Math.max(0, b.columns.length - 1);
      if (lastCol > maxCol) maxCol = lastCol;
      plan.rows[lastRow] ??= [];
      b.columns.forEach((col, ci) => {
        const code = col.format ? NUMBER_FORMATS[col.format] : null;
        if (code && lastRow > headerRow)
          plan.formats.push({ box: { r1: headerRow + 1, c1: ci, r2: lastRow, c2: ci }, code });
        if (col.validation && lastRow > headerRow)
          plan.validations.push({ box: { r1: headerRow + 1, c1: ci, r2: lastRow, c2: ci }, rule: col.validation });
      });
      plan.tables.push({ name: b.name, box: { r1: headerRow, c1: 0, r2: lastRow, c2: lastCol } });
      // Columns whose texts are longer than the column is wide wrap (as in the file writer).
      b.columns.forEach((_col, ci) => {
        if ((tableLens.get(ci) ?? 0) > widthOf(ci))
          for (let r = headerRow + 1; r <= lastRow; r++) plan.wrap.push({ row: r, col: ci });
      });
    }
  });
  // Lists too long for a validation rule go into hidden helper columns to the right (as in the file writer).
  const used = maxCol + 1;
  for (const v of plan.validations) {
    if (v.rule.kind !== 'list' || listFitsInline(v.rule.items)) continue;
    const c = used + 1 + plan.hiddenColumns.length;
    plan.hiddenColumns.push(c);
    v.rule.items.forEach((item, i) => ((plan.rows[i] ??= [])[c] = item));
    v.source = `=$${columnName(c)}$1:$${columnName(c)}$${Math.max(1, v.rule.items.length)}`;
    if (c > maxCol) maxCol = c;
  }
  // Charts: to the right of the used and helper columns, one under another or level with their tables.
  for (const ch of sheet.charts ?? []) {
    const at = placed.get(ch.table);
    if (!at || !at.rows) continue;
    const width = at.headers.length;
    const series = ch.series.filter((c) => c >= 0 && c < width);
    if (!series.length || ch.categories < 0 || ch.categories >= width) continue;
    plan.charts.push({
      title: ch.title,
      headerRow: at.headerRow,
      first: at.headerRow + 1,
      last: at.headerRow + at.rows,
      categories: ch.categories,
      series: series.map((c) => ({ col: c, name: at.headers[c] })),
      anchor: {
        col: used + 1 + plan.hiddenColumns.length,
        row: ch.beside ? Math.max(0, at.headerRow - (at.heading ? 1 : 0)) : plan.charts.length * 20 + 1,
        cols: 8,
        rows: 18,
      },
    });
  }
  plan.width = maxCol + 1;
  for (let r = 0; r < plan.rows.length; r++) plan.rows[r] ??= [];
  if (sheet.freezeHeader && freezeAt !== null) plan.freezeRows = freezeAt;
  for (let c = 0; c < used; c++) plan.widths.push(widthOf(c));
  return plan;
}
