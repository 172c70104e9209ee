/**
 * Edits: what the engine asks an adapter to change in a workbook, as plain data.
 * Adapters (the `.xlsx` patcher, the Office.js adapter) apply them; the engine never writes.
 *
 * Write-back rules (PRODUCT.md): the product writes only computed cells that are empty,
 * conclusion cells that are empty or still hold its own last text, sheets it owns (replaced
 * whole on each run) and the fill/font of highlighted cells, reversibly.
 */

/** How a highlighted cell is coloured: by the severity of its finding, or `low` for a low result. */
export type HighlightTone = 'error' | 'warning' | 'info' | 'low';

export const HIGHLIGHT_COLORS: Record<HighlightTone, { fill: string; font: string }> = {
  error: { fill: 'FFC7CE', font: '9C0006' },
  warning: { fill: 'FFEB9C', font: '9C5700' },
  info: { fill: 'DDEBF7', font: '1F4E78' },
  low: { fill: 'F8CBAD', font: '833C0B' },
};

/** A value written into a cell of an owned sheet. Strings are always written as text, never as formulas. */
export type OutValue = string | number | boolean | null | OutLink;

/** A hyperlink to a cell of the same workbook, shown as `text`. */
export interface OutLink {
  link: { sheet: string; cell: string };
  text: string;
}

export type ColumnFormat =
  | 'text'
  | 'integer'
  | 'decimal1'
  | 'decimal2'
  | 'percent1'
  | 'date'
  | 'yesno'
  /** Percent points shown with a « %» sign (85 → `85,0 %`); not an Excel percent format, so 85 stays 85. */
  | 'percentPoints';

/** Data validation for a template column (applied to the data rows below the header). */
export type ColumnValidation =
  | { kind: 'list'; items: string[] }
  | { kind: 'whole'; min: number; max?: number }
  | { kind: 'decimal'; min: number; max: number };

export interface TableColumn {
  header: string;
  /** Width in characters; the writer picks a readable default from the content when absent. */
  width?: number;
  format?: ColumnFormat;
  validation?: ColumnValidation;
  /** A note shown on the header cell (template help). */
  note?: string;
}

export interface TableBlock {
  kind: 'table';
  /** Excel table name: letters, digits and underscores, unique in the workbook. */
  name: string;
  heading?: string;
  columns: TableColumn[];
  rows: OutValue[][];
  /** Empty rows kept under the header for a template to be filled in (validation applies to them). */
  blankRows?: number;
  /** Per-cell highlight inside this table: [rowIndex, colIndex, tone]. */
  tones?: [number, number, HighlightTone][];
}

export interface TextBlock {
  kind: 'text';
  /** One paragraph per line; `title` is the sheet title (large, bold). */
  lines: string[];
  style?: 'title' | 'heading' | 'normal' | 'note';
}

/** Label/value rows, e.g. a summary: «Ошибок | 3». */
export interface PairsBlock {
  kind: 'pairs';
  heading?: string;
  rows: [string, OutValue][];
}

/** How a cell of a form block looks (a printable form with borders, not an Excel table). */
export type FormCellStyle =
  /** The form's title: large, bold, no border. */
  | 'title'
  /** A criterion heading: bold, shaded, bordered. */
  | 'criterion'
  /** A section heading: bold, lightly shaded, bordered. */
  | 'section'
  /** A column header (school years, «Описание»): bold, centred, shaded, bordered. */
  | 'header'
  /** A row label: bordered, wrapped. */
  | 'label'
  /** A bold row label (Вывод, Проблема, header block). */
  | 'strong'
  /** A cell to fill in: bordered. */
  | 'input'
  /** A hint: italic grey, no border. */
  | 'note';

export interface FormCell {
  value: OutValue;
  style?: FormCellStyle;
  /** Indent of a label in levels (sub-items under their parent). */
  indent?: number;
  /** The cell is merged with the cells to its right: `span` columns in all (the value stays in the first). */
  span?: number;
  format?: ColumnFormat;
  validation?: ColumnValidation;
  /** A note shown on the cell (template help). */
  note?: string;
}

export interface FormRow {
  /** Cells from column A; null leaves a cell empty. */
  cells: (FormCell | null)[];
  /** The least height of the row in text lines (room to write); wrapped text may make it taller. */
  lines?: number;
  /** Start a new printed page with this row. */
  pageBreakBefore?: boolean;
}

/** A free-form grid: per-cell values, styles, merges, validation and number formats. */
export interface FormBlock {
  kind: 'form';
  /** Column widths in characters, from column A. */
  widths: number[];
  rows: FormRow[];
  /** With the sheet's `freezeHeader`: the first this many rows of the block stay on screen. */
  freezeRows?: number;
}

export type SheetBlock = TableBlock | TextBlock | PairsBlock | FormBlock;

/**
 * A clustered column chart of a table block of the same sheet, placed to the right of the sheet's
 * columns (the `.xlsx` writer draws it; an adapter without chart support may leave it out).
 */
export interface OwnedChart {
  title: string;
  /** The `name` of a table block of this sheet. */
  table: string;
  /** The table's column (0-based) holding the categories. */
  categories: number;
  /** The table's columns (0-based) holding the numbers, one series each, named by its header. */
  series: number[];
  /** Put the chart level with its table (a chart per table) rather than one under another from the top. */
  beside?: boolean;
}

export interface OwnedSheet {
  name: string;
  blocks: SheetBlock[];
  /** Charts next to the tables (`.xlsx` writer). */
  charts?: OwnedChart[];
  /** Freeze the rows above the first table's data rows. */
  freezeHeader?: boolean;
  tabColor?: string;
  /** Where to put a sheet that does not exist yet. */
  position?: 'first' | 'last';
  /** Landscape and fit to one page wide when printed. */
  landscape?: boolean;
}

/**
 * A value an edit puts into a cell. Booleans and Excel error values (`{ error: '#DIV/0!' }`) only
 * come from the user's own cells moved by the new school year; the product itself writes text and numbers.
 */
export type EditValue = string | number | boolean | { error: string };

/** An edit's value as text, for comparing with a cell's value (an error by its code, a boolean as `true`/`false`). */
export function editValueText(v: EditValue): string {
  return typeof v === 'object' ? v.error : String(v);
}

export type Edit =
  /**
   * Put a value into a cell of a user sheet (only cells the write-back rules allow). `user`: a value
   * of the user's own moved by a command the user ran on a copy (the new school year), not the product's.
   */
  | {
      kind: 'setValue';
      sheet: string;
      cell: string;
      value: EditValue;
      purpose: 'derived' | 'conclusion' | 'user';
    }
  /**
   * Empty a cell's value, keeping its format and data validation (the new school year's column, the
   * product's own conclusion). Formula cells are left alone. Applied by the `.xlsx` adapter.
   */
  | { kind: 'clearValue'; sheet: string; cell: string }
  /** Colour cells; the adapter remembers each cell's original format so it can be restored exactly. */
  | { kind: 'highlight'; sheet: string; cells: string[]; tone: HighlightTone }
  /** Restore every cell the product highlighted before (all sheets). */
  | { kind: 'clearHighlights' }
  /** Add the sheet, or replace it whole when it exists. */
  | { kind: 'replaceSheet'; sheet: OwnedSheet };

/** The name of the very-hidden sheet that keeps the product's state inside the workbook. */
export const STATE_SHEET = 'shnor_state';
