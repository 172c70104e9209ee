/**
 * The simulated Excel host's workbook: cells with values, formulas, number formats, fill and font
 * colours and hyperlinks; merged areas; tables; freeze panes; column widths; data validation;
 * settings. Plain data, no Office.js: the API layer (api.ts) reads and changes it when a request
 * is executed at `context.sync()`. Free of Node APIs so it runs in the browser too.
 */

export type SimValue = string | number | boolean;

export interface SimCell {
  /** The value as Office.js returns it (errors as `#DIV/0!` strings); absent for an empty cell. */
  v?: SimValue;
  /** The formula without its `=`, when the cell holds one. */
  f?: string;
  /** Number format code; absent means `General`. */
  nf?: string;
  /** Fill colour `#RRGGBB`; absent means no fill. */
  fill?: string;
  /** Fill pattern as ExcelApi 1.9 names it (`Solid`, `Gray50` …); absent means `Solid` when there is a fill. */
  pattern?: string;
  /** Font colour `#RRGGBB`; absent means automatic (`#000000`). */
  font?: string;
  bold?: boolean;
  /** An internal hyperlink (`'Sheet'!A1`) or an address. */
  link?: { documentReference?: string; address?: string; textToDisplay?: string };
  /** Text typed with a leading apostrophe (or written so): kept as text. */
  quote?: boolean;
  wrap?: boolean;
  /** A note (ExcelApi 1.18). */
  note?: string;
  /** Border edges drawn on the cell (`EdgeTop` …). */
  borders?: string[];
}

export interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface SimTable {
  name: string;
  sheet: SimSheet;
  rect: Rect;
  hasHeaders: boolean;
  style: string;
}

export interface SimValidation {
  rect: Rect;
  rule: unknown;
}

export type SimVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

/** A series of a chart: its name and the addresses (`'Sheet'!B2:B5`) of its values and categories. */
export interface SimChartSeries {
  name: string;
  values: string | null;
  xValues: string | null;
}

/** A chart on a sheet (ExcelApi 1.1 `charts.add`; series set one by one on 1.7). */
export interface SimChart {
  name: string;
  type: string;
  title: string;
  /** The range given to `charts.add` (or `setData`), with its sheet. */
  source: string;
  seriesBy: string;
  series: SimChartSeries[];
  /** The cells the chart covers after `setPosition` (`H2:O19`); null until placed. */
  position: string | null;
  legend: { visible: boolean; position: string };
}

export class SimSheet {
  readonly cells = new Map<number, SimCell>();
  merges: Rect[] = [];
  visibility: SimVisibility = 'Visible';
  tabColor = '';
  freezeRows = 0;
  readonly columnWidths = new Map<number, number>();
  readonly validations: SimValidation[] = [];
  orientation = 'Portrait';
  readonly rowHeights = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly charts: SimChart[] = [];
  constructor(public name: string) {}

  static key(r: number, c: number): number {
    return r * 16384 + c;
  }

  get(r: number, c: number): SimCell | undefined {
    return this.cells.get(SimSheet.key(r, c));
  }

  /** The cell, created empty when missing. */
  at(r: number, c: number): SimCell {
    const k = SimSheet.key(r, c);
    let cell = this.cells.get(k);
    if (!cell) this.cells.set(k, (cell = {}));
    return cell;
  }

  /** Drops cells that hold nothing at all (so the used range shrinks as in Excel). */
  tidy(r: number, c: number): void {
    const k = SimSheet.key(r, c);
    const cell = this.cells.get(k);
    if (cell && Object.keys(cell).every((p) => (cell as Record<string, unknown>)[p] === undefined))
      this.cells.delete(k);
  }

  /** The smallest rectangle holding every cell with a value (or, valuesOnly false, any content or format). */
  usedRect(valuesOnly: boolean): Rect | null {
    let r1 = Infinity;
    let c1 = Infinity;
    let r2 = -1;
    let c2 = -1;
    for (const [k, cell] of this.cells) {
      const has = cell.v !== undefined || cell.f !== undefined;
      if (valuesOnly ? !has : Object.values(cell).every((v) => v === undefined)) continue;
      const r = Math.floor(k / 16384);
      const c = k % 16384;
      if (r < r1) r1 = r;
      if (r > r2) r2 = r;
      if (c < c1) c1 = c;
      if (c > c2) c2 = c;
    }
    if (!valuesOnly) {
      for (const m of this.merges) {
        r1 = Math.min(r1, m.r1);
        c1 = Math.min(c1, m.c1);
        r2 = Math.max(r2, m.r2);
        c2 = Math.max(c2, m.c2);
      }
    }
    return r2 < 0 ? null : { r1, c1, r2, c2 };
  }
}

export class SimWorkbook {
  sheets: SimSheet[] = [];
  tables: SimTable[] = [];
  readonly settings = new Map<string, unknown>();
  readonly names = new Map<string, string>();
  activeSheet = 0;
  selection: { sheet: string; address: string } = { sheet: '', address: 'A1' };

  sheet(name: string): SimSheet | undefined {
    const low = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === low);
  }

  // ---- what tests assert on ----

  /** The value of a cell as Office.js would return it ('' when empty). */
  value(sheet: string, address: string): SimValue | '' {
    const { row, col } = parseCell(address);
    return this.sheet(sheet)?.get(row, col)?.v ?? '';
  }

  cell(sheet: string, address: string): SimCell | undefined {
    const { row, col } = parseCell(address);
    return this.sheet(sheet)?.get(row, col);
  }

  /** Every non-empty value of a sheet as `A1 → value`. */
  values(sheet: string): Map<string, SimValue> {
    const out = new Map<string, SimValue>();
    const s = this.sheet(sheet);
    if (!s) return out;
    for (const [k, c] of s.cells)
      if (c.v !== undefined && c.v !== '') out.set(a1(Math.floor(k / 16384), k % 16384), c.v);
    return out;
  }

  /** Fill and font colour of every cell that has either, as `A1 → {fill, pattern, font}`. */
  formats(sheet: string): Map<string, { fill?: string; pattern?: string; font?: string }> {
    const out = new Map<string, { fill?: string; pattern?: string; font?: string }>();
    const s = this.sheet(sheet);
    if (!s) return out;
    for (const [k, c] of s.cells) {
      if (c.fill === undefined && c.font === undefined && c.pattern === undefined) continue;
      const f: { fill?: string; pattern?: string; font?: string } = {};
      if (c.fill !== undefined) f.fill = c.fill;
      if (c.pattern !== undefined) f.pattern = c.pattern;
      if (c.font !== undefined) f.font = c.font;
      out.set(a1(Math.floor(k / 16384), k % 16384), f);
    }
    return out;
  }
}

// ---- addresses ----

export function columnName(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function a1(row: number, col: number): string {
  return columnName(col) + String(row + 1);
}

export function rectAddress(r: Rect): string {
  const tl = a1(r.r1, r.c1);
  return r.r1 === r.r2 && r.c1 === r.c2 ? tl : `${tl}:${a1(r.r2, r.c2)}`;
}

export function quoteSheetName(name: string): string {
  // Excel quotes a name only when it needs to (spaces, punctuation, a leading digit, a cell-like name).
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

export function parseCell(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m)
    throw new SimError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${ref}`);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]) - 1;
  if (col > 16384 || row >= 1048576 || row < 0) throw new SimError('InvalidArgument', `Out of the grid: ${ref}`);
  return { row, col: col - 1 };
}

/** `Sheet!A1:B2`, `'My sheet'!A1`, `A1`, `B2:A1` → sheet (or null) and a normalised rectangle. */
export function parseAddress(address: string): { sheet: string | null; rect: Rect } {
  let sheet: string | null = null;
  let ref = address.trim();
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    let s = ref.slice(0, bang);
    if (s.startsWith("'") && s.endsWith("'")) s = s.slice(1, -1).replace(/''/g, "'");
    sheet = s;
    ref = ref.slice(bang + 1);
  }
  const parts = ref.split(':');
  if (parts.length > 2) throw new SimError('InvalidArgument', `Bad address ${address}`);
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  return {
    sheet,
    rect: {
      r1: Math.min(a.row, b.row),
      c1: Math.min(a.col, b.col),
      r2: Math.max(a.row, b.row),
      c2: Math.max(a.col, b.col),
    },
  };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}
