/** A1 addresses as Office.js reads and writes them: `'Мой лист'!A1:B2,'Мой лист'!C3`. */
import { Merge, a1, parseA1 } from '../engine/snapshot';

export interface Box {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** A sheet name as an address needs it: quoted unless it is a plain identifier. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function boxAddress(b: Box): string {
  const tl = a1(b.r1, b.c1);
  return b.r1 === b.r2 && b.c1 === b.c2 ? tl : `${tl}:${a1(b.r2, b.c2)}`;
}

/** `B2`, `$B$2:C5` (no sheet) → a box; null when it is not an address. */
export function parseBox(ref: string): Box | null {
  const [a, b, extra] = ref.trim().split(':');
  if (extra !== undefined) return null;
  const p = parseA1(a);
  const q = b === undefined ? p : parseA1(b);
  if (!p || !q) return null;
  return {
    r1: Math.min(p.row, q.row),
    c1: Math.min(p.col, q.col),
    r2: Math.max(p.row, q.row),
    c2: Math.max(p.col, q.col),
  };
}

/** Splits `Sheet!A1` into its sheet (unquoted; null when absent) and the reference. */
export function splitSheet(address: string): { sheet: string | null; ref: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: null, ref: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: address.slice(bang + 1) };
}

/** The parts of a multi-area address (`'Лист, 2'!A1:B2,'Лист, 2'!D4`); sheet names may hold commas. */
export function splitAreas(address: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < address.length) {
    // Skip a quoted sheet name, then cut at the next comma.
    let j = i;
    if (address[j] === "'") {
      j++;
      while (j < address.length) {
        if (address[j] === "'" && address[j + 1] === "'") j += 2;
        else if (address[j] === "'") break;
        else j++;
      }
      j++;
    }
    let end = address.indexOf(',', j);
    if (end < 0) end = address.length;
    out.push(address.slice(i, end));
    i = end + 1;
  }
  return out;
}

/** The areas of a RangeAreas address as boxes. */
export function parseAreas(address: string): Merge[] {
  const out: Merge[] = [];
  for (const part of splitAreas(address)) {
    const box = parseBox(splitSheet(part).ref);
    if (box) out.push(box);
  }
  return out;
}

/**
 * Covers cells with few rectangles: runs of adjacent columns in a row, then runs stacked over
 * consecutive rows with the same columns. Keys are `row * 16384 + col`.
 */
export function coverCells(cells: Iterable<number>): Box[] {
  const sorted = [...new Set(cells)].sort((a, b) => a - b);
  const runs: Box[] = [];
  for (const k of sorted) {
    const r = Math.floor(k / 16384);
    const c = k % 16384;
    const last = runs[runs.length - 1];
    if (last && last.r1 === r && last.c2 === c - 1) last.c2 = c;
    else runs.push({ r1: r, c1: c, r2: r, c2: c });
  }
  // Stack runs with the same columns over consecutive rows.
  const open = new Map<string, Box>();
  const out: Box[] = [];
  for (const run of runs) {
    const key = `${run.c1}:${run.c2}`;
    const prev = open.get(key);
    if (prev && prev.r2 === run.r1 - 1) prev.r2 = run.r1;
    else {
      open.set(key, run);
      out.push(run);
    }
  }
  return out;
}

export function cellKey(row: number, col: number): number {
  return row * 16384 + col;
}
