/**
 * Sheet snapshots: the plain data every adapter hands to the engine.
 * Rows and columns are 0-based; `values[r][c]` is the cell at row r, column c of the sheet
 * (shifted by `origin` when the snapshot does not start at A1). Rows may be ragged or missing.
 */

/** An Excel error value such as `#DIV/0!`, kept as plain data so a snapshot stays JSON. */
export interface CellError {
  error: string;
}

export type CellValue = string | number | boolean | CellError | null;

/** A merged area, 0-based and inclusive, in sheet coordinates. */
export interface Merge {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface SheetSnapshot {
  name: string;
  values: (CellValue | undefined)[][];
  /** Number format code per cell where it is not `General`; same indexing as `values`. */
  formats?: (string | null | undefined)[][];
  merges: Merge[];
  /** Sheet position of values[0][0]; {0,0} (A1) when absent. */
  origin?: { row: number; col: number };
  visibility?: 'visible' | 'hidden' | 'veryHidden';
  /** The file the sheet comes from, when several files are read as one input (results/sources.ts). */
  source?: string;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
}

/** Excel's column limit (XFD). */
const EXCEL_COLUMNS = 16384;

export function isCellError(v: unknown): v is CellError {
  return typeof v === 'object' && v !== null && typeof (v as CellError).error === 'string';
}

const ERROR_TEXTS = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
]);

/** True when a text is exactly an Excel error literal (Office.js returns errors as such strings). */
export function isErrorText(s: string): boolean {
  return ERROR_TEXTS.has(s);
}

const columnNames: string[] = [];

/** Column index (0-based) to letters: 0 → A, 27 → AB. */
export function columnName(c: number): string {
  if (c < 1024) return (columnNames[c] ??= lettersOf(c));
  return lettersOf(c);
}

function lettersOf(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Sheet coordinates (0-based) to an A1 address. */
export function a1(row: number, col: number): string {
  return columnName(col) + String(row + 1);
}

/** Parses `B12` (also `$B$12`) into 0-based coordinates; null when it is not an address. */
export function parseA1(ref: string): { row: number; col: number } | null {
  // By character codes, not a regular expression: the checks resolve every cell they read this way.
  const s = ref.trim();
  const n = s.length;
  let i = 0;
  if (i < n && s.charCodeAt(i) === 36) i++; // $
  const letters = i;
  let col = 0;
  for (; i < n; i++) {
    let ch = s.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32; // a-z → A-Z
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (i - letters < 1 || i - letters > 3) return null;
  if (i < n && s.charCodeAt(i) === 36) i++;
  const digits = i;
  let row = 0;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) break;
    row = row * 10 + (ch - 48);
  }
  if (i !== n || i - digits < 1 || i - digits > 7) return null;
  return { row: row - 1, col: col - 1 };
}

/**
 * A read view over a snapshot that resolves merged areas (every cell of a merge reads the
 * top-left value) and works in sheet coordinates.
 */
export class SheetView {
  readonly name: string;
  readonly rowCount: number;
  private cols = -1;
  private readonly r0: number;
  private readonly c0: number;
  private readonly mergeTopLeft = new Map<number, number>();
  private readonly mergeByTopLeft = new Map<number, Merge>();
  private readonly width: number;
  /** The last row any merged area reaches; below it `get` is a plain array read. */
  readonly mergeMaxRow: number = -1;

  constructor(readonly snapshot: SheetSnapshot) {
    this.name = snapshot.name;
    this.r0 = snapshot.origin?.row ?? 0;
    this.c0 = snapshot.origin?.col ?? 0;
    this.rowCount = this.r0 + snapshot.values.length;
    // Keys of cells are row × width + column; Excel has at most 16,384 columns.
    let maxCol = EXCEL_COLUMNS;
    for (const m of snapshot.merges) if (m.c2 + 1 > maxCol) maxCol = m.c2 + 1;
    this.width = maxCol + 1;
    for (const m of snapshot.merges) {
      // Large merges (whole columns or rows) are clipped to the data so the map stays small.
      const r2 = Math.min(m.r2, this.rowCount - 1);
      // Not clipped to the data's width: a header row holds only the top-left cell of a merge that spans the table.
      const c2 = Math.min(m.c2, maxCol - 1);
      const tl = this.key(m.r1, m.c1);
      this.mergeByTopLeft.set(tl, m);
      if (r2 > this.mergeMaxRow) this.mergeMaxRow = r2;
      if ((r2 - m.r1 + 1) * (c2 - m.c1 + 1) > 1_000_000) continue;
      for (let r = m.r1; r <= r2; r++) {
        for (let c = m.c1; c <= c2; c++) {
          if (r !== m.r1 || c !== m.c1) this.mergeTopLeft.set(this.key(r, c), tl);
        }
      }
    }
  }

  /** One past the last column that holds data, over the whole sheet (a full scan, computed once). */
  get colCount(): number {
    if (this.cols < 0) this.cols = this.widthOf(this.r0, this.rowCount - 1);
    return this.cols;
  }

  /** One past the last column holding data in rows r1..r2 (sheet coordinates), merges included. */
  widthOf(r1: number, r2: number): number {
    let out = this.dataWidth(r1, r2);
    for (const m of this.snapshot.merges) if (m.r1 <= r2 && m.r2 >= r1 && m.c2 + 1 > out) out = m.c2 + 1;
    return out;
  }

  /** One past the last column holding a value in rows r1..r2, merges not counted. */
  private dataWidth(r1: number, r2: number): number {
    let w = 0;
    const values = this.snapshot.values;
    const from = Math.max(0, r1 - this.r0);
    const to = Math.min(values.length - 1, r2 - this.r0);
    for (let i = from; i <= to; i++) {
      const row = values[i];
      if (row && row.length > w) w = row.length;
    }
    return this.c0 + w;
  }

  private key(r: number, c: number): number {
    return r * this.width + c;
  }

  /** The raw value stored at a cell, ignoring merges. */
  raw(row: number, col: number): CellValue {
    const line = this.snapshot.values[row - this.r0];
    if (!line) return null;
    const v = line[col - this.c0];
    return v === undefined ? null : v;
  }

  /** The value at a cell, reading the top-left cell of a merged area. */
  get(row: number, col: number): CellValue {
    if (row <= this.mergeMaxRow) {
      const tl = this.mergeTopLeft.get(this.key(row, col));
      if (tl !== undefined) {
        return this.raw(Math.floor(tl / this.width), tl % this.width);
      }
    }
    return this.raw(row, col);
  }

  format(row: number, col: number): string | null {
    const f = this.snapshot.formats?.[row - this.r0]?.[col - this.c0];
    return f ?? null;
  }

  /** The merged area starting at this cell, if any. */
  mergeAt(row: number, col: number): Merge | null {
    return this.mergeByTopLeft.get(this.key(row, col)) ?? null;
  }

  /** True when the cell lies inside a merged area but is not its top-left cell. */
  isCovered(row: number, col: number): boolean {
    return this.mergeTopLeft.has(this.key(row, col));
  }

  /** The top-left cell of the merged area covering this cell, or the cell itself. */
  anchor(row: number, col: number): { row: number; col: number } {
    const tl = this.mergeTopLeft.get(this.key(row, col));
    if (tl === undefined) return { row, col };
    return { row: Math.floor(tl / this.width), col: tl % this.width };
  }

  get firstRow(): number {
    return this.r0;
  }

  get firstCol(): number {
    return this.c0;
  }
}
