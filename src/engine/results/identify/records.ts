/**
 * The results read, as a columnar store: compact typed arrays (24 bytes a result), for speed and
 * little memory on a million rows, with per-record flags.
 */

/** Per-record flags: the year (Y or Y−1), how the result stands against the threshold (see rules.ts), whether it counts, or a dropped repeat. */
export const IN_Y = 1;
export const IN_P = 2;
export const LOW = 4;
export const NEAR = 8;
export const COUNTED = 16;
export const DROPPED = 32;

/** Counts are whole numbers, -1 where absent; a share given instead of counts (and ЕГЭ bands) live in maps, since they are rare in big inputs. */
export class Records {
  length = 0;
  school: Int32Array<ArrayBuffer>;
  row: Int32Array<ArrayBuffer>;
  part: Int32Array<ArrayBuffer>;
  failed: Int32Array<ArrayBuffer>;
  year: Uint16Array<ArrayBuffer>;
  proc: Uint16Array<ArrayBuffer>;
  table: Uint16Array<ArrayBuffer>;
  col: Uint16Array<ArrayBuffer>;
  /** LOW or NEAR, set by the fast reader as it stores a result (see fast.ts). */
  flags: Uint8Array<ArrayBuffer>;
  /** Failing share (percent) by record, where the input gave a share and no counts. */
  shares = new Map<number, number>();
  /** ЕГЭ bands by record, only where the input has them. */
  bands = new Map<number, [number, number]>();

  constructor(capacity: number) {
    const n = Math.max(1024, capacity);
    this.school = new Int32Array(n);
    this.row = new Int32Array(n);
    this.part = new Int32Array(n);
    this.failed = new Int32Array(n);
    this.year = new Uint16Array(n);
    this.proc = new Uint16Array(n);
    this.table = new Uint16Array(n);
    this.col = new Uint16Array(n);
    this.flags = new Uint8Array(n);
  }

  /** part, failed: whole counts or NaN when absent; share: NaN unless the record is share-only. */
  add(
    school: number,
    year: number,
    proc: number,
    table: number,
    row: number,
    col: number,
    part: number,
    failed: number,
    share: number,
  ): number {
    if (this.length === this.school.length) this.reserve(1);
    const i = this.length++;
    this.school[i] = school;
    this.year[i] = year;
    this.proc[i] = proc;
    this.table[i] = table;
    this.row[i] = row;
    this.col[i] = col;
    this.flags[i] = 0;
    this.part[i] = Number.isNaN(part) ? -1 : part;
    this.failed[i] = Number.isNaN(failed) ? -1 : failed;
    if (!Number.isNaN(share)) this.shares.set(i, share);
    return i;
  }

  /** Makes room for `extra` more records so a loop can write the arrays directly. */
  reserve(extra: number): void {
    if (this.length + extra <= this.school.length) return;
    let n = this.school.length * 2;
    while (n < this.length + extra) n *= 2;
    const grow = <T extends Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer>>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.school = grow(this.school, (k) => new Int32Array(k));
    this.row = grow(this.row, (k) => new Int32Array(k));
    this.part = grow(this.part, (k) => new Int32Array(k));
    this.failed = grow(this.failed, (k) => new Int32Array(k));
    this.year = grow(this.year, (k) => new Uint16Array(k));
    this.proc = grow(this.proc, (k) => new Uint16Array(k));
    this.table = grow(this.table, (k) => new Uint16Array(k));
    this.col = grow(this.col, (k) => new Uint16Array(k));
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
  }

  /** Participants, or NaN when the input gave none. */
  partAt(i: number): number {
    const v = this.part[i];
    return v < 0 ? NaN : v;
  }

  failedAt(i: number): number {
    const v = this.failed[i];
    return v < 0 ? NaN : v;
  }

  /** The exact failing share in percent. */
  shareAt(i: number): number {
    const f = this.failed[i];
    return f < 0 ? (this.shares.get(i) ?? NaN) : (f * 100) / this.part[i];
  }
}

/**
 * The buffers of the last run, reused by the next one: identification runs again and again on the
 * same sheet in the add-in, and tens of megabytes of fresh typed arrays each time would cost a full
 * garbage collection of everything else in memory.
 */
let spareRecords: Records | null = null;

export function takeRecords(capacity: number): Records {
  const spare = spareRecords;
  if (spare && spare.school.length >= capacity && spare.school.length <= capacity * 4 + 4096) {
    spareRecords = null;
    spare.length = 0;
    spare.shares.clear();
    spare.bands.clear();
    return spare;
  }
  return new Records(capacity);
}

/** Offers a run's buffers to the next run; the larger of them and the spare is kept. */
export function giveBackRecords(recs: Records): void {
  if (!spareRecords || recs.school.length > spareRecords.school.length) spareRecords = recs;
}
