/**
 * The fast path of identification: reading a million rows in a few tens of milliseconds.
 *
 * The reference path (read.ts and facts.ts) stores every result and then looks at each one. This
 * path instead tallies each result as it is read — its school's years, its procedure's count, a
 * repeat check — and stores only the results at or above the risk band (and the rare ones with ЕГЭ
 * bands), which are all the verdicts need. It takes the plain rows (whole counts, a school seen in
 * one run of rows, a year and procedure as in the previous school) in tight loops and leaves every
 * other row to the reference reader, which calls fastAdd instead of storing.
 *
 * When the input is not what it can tally exactly (a school coming back after others, a repeated
 * result, years spanning more than 32), it gives up (`aborted`) and identification reads again on
 * the reference path, which reports repeats with both rows. The property tests in
 * test/engine/identify.test.ts prove the two paths give the same result.
 */
import { CellValue } from '../../snapshot';
import { SchoolYear } from '../../years';
import { mayOpenTotalOrLabel, NAME_LABEL_RAW_RE, plainCounts, TOTAL_RAW_RE } from './cells';
import type { Facts } from './facts';
import type { QuickCols, RowState } from './read';
import { addSchool, Context, schoolIndex } from './registry';
import { COUNTED, IN_P, IN_Y, LOW, NEAR, Records } from './records';
import { chosenYear, resultCounts, standing } from './rules';

/** Years are told apart by their last five bits in the compact mode: data spanning more falls back. */
const YEAR_SLOTS = 32;

/**
 * The compact mode of reading (the usual case, and the one that must be fast on a million rows):
 * instead of storing every result and scanning them afterwards, each result is tallied as it is
 * read — its school's years, its procedure's count, a repeat check — and only the results that
 * are low or near the threshold (and the rare ones with ЕГЭ bands) are stored for the verdicts.
 *
 * A repeat of (school, year, procedure) is found by stamping a slot per (procedure, year) with the
 * school: exact as long as each school's results come together. When a school comes back after
 * others (a sheet per year, rows sorted by procedure), a result is repeated, or the years span more
 * than 32, the tally gives up (`aborted`) and identification reads again in the full mode, which
 * stores everything and reports repeats with both rows.
 */
export class Tally {
  aborted = false;
  total = 0;
  perProc = new Int32Array(64);
  /** Per school: a bit (year mod 32) for each year with a result. */
  mask = new Int32Array(1024);
  visited = new Uint8Array(1024);
  lastSchool = -1;
  /** Results taken of lastSchool in its current run of rows, by either path (at most PATTERN_LAST): the position of its next row (see Pattern). */
  runLength = 0;
  minYear = 0;
  maxYear = -1;
  /** Bits (year mod 32) of every year with a result. */
  years = 0;
  /** Per slot (see procCap): the school of the last result. */
  slotSchool = new Int32Array(64 * YEAR_SLOTS).fill(-1);

  constructor(
    readonly t: number,
    readonly riskFrom: number,
  ) {}

  /** Slots per year: the procedures have slots `year mod 32 × procCap + procedure`, so consecutive results of a school write neighbouring slots. */
  procCap = 64;

  ensureProcs(n: number): void {
    if (n <= this.procCap) return;
    const old = this.procCap;
    let cap = old;
    while (cap < n) cap *= 2;
    this.procCap = cap;
    const perProc = new Int32Array(cap);
    perProc.set(this.perProc);
    this.perProc = perProc;
    // Each year's block of slots moves to its new place.
    const slotSchool = new Int32Array(cap * YEAR_SLOTS).fill(-1);
    for (let y = 0; y < YEAR_SLOTS; y++) slotSchool.set(this.slotSchool.subarray(y * old, (y + 1) * old), y * cap);
    this.slotSchool = slotSchool;
  }

  ensureSchools(n: number): void {
    if (n <= this.mask.length) return;
    let cap = this.mask.length;
    while (cap < n) cap *= 2;
    const mask = new Int32Array(cap);
    mask.set(this.mask);
    this.mask = mask;
    const visited = new Uint8Array(cap);
    visited.set(this.visited);
    this.visited = visited;
  }

  /** A result of school `si`; false (and aborted) when the school came back after others. */
  school(si: number): boolean {
    if (si === this.lastSchool) return true;
    if (this.visited[si]) {
      this.aborted = true;
      return false;
    }
    this.visited[si] = 1;
    this.lastSchool = si;
    this.runLength = 0;
    return true;
  }

  /** A result of year `y`; false (and aborted) when the years span more than the slots tell apart. */
  year(y: number): boolean {
    if (this.maxYear < 0) {
      this.minYear = y;
      this.maxYear = y;
    } else if (y < this.minYear) this.minYear = y;
    else if (y > this.maxYear) this.maxYear = y;
    if (this.maxYear - this.minYear >= YEAR_SLOTS) {
      this.aborted = true;
      return false;
    }
    this.years |= 1 << (y & (YEAR_SLOTS - 1));
    return true;
  }

  /** True when some result has year `y` (exact: the years read span fewer than 32). */
  hasYear(y: number): boolean {
    return this.maxYear >= 0 && y >= this.minYear && y <= this.maxYear && (this.years & (1 << (y & 31))) !== 0;
  }

  /** True when school `si` has a result in year `y`. */
  schoolHasYear(si: number, y: number): boolean {
    return y >= this.minYear && y <= this.maxYear && (this.mask[si] & (1 << (y & 31))) !== 0;
  }
}

/** Positions remembered in a school's run of rows; a longer run shares the last one. */
const PATTERN_SIZE = 4096;
export const PATTERN_LAST = PATTERN_SIZE - 1;

/**
 * The raw year and procedure cells at each position of the last school's run of rows, with their
 * slot (see Tally) and year: quickRowsCompact checks a row against the row at the same position of
 * the previous school instead of looking its year and procedure up. Valid for one table and one
 * layout of slots (procCap).
 */
export class Pattern {
  rawYear: unknown[] = [];
  rawProc: unknown[] = [];
  slotAt = new Int32Array(0);
  yearAt = new Int32Array(0);
  /** Positions set so far: the ones below are valid. */
  length = 0;
  private cap = -1;

  /** The pattern for slots laid out for `procCap` procedures: emptied when that changed. */
  ready(procCap: number): this {
    if (this.cap === procCap) return this;
    if (this.slotAt.length === 0) {
      // Filled with text (never read before set) so that comparing with cells stays a text comparison.
      this.rawYear = Array.from({ length: PATTERN_SIZE }, () => '');
      this.rawProc = Array.from({ length: PATTERN_SIZE }, () => '');
      this.slotAt = new Int32Array(PATTERN_SIZE);
      this.yearAt = new Int32Array(PATTERN_SIZE);
    }
    this.length = 0;
    this.cap = procCap;
    return this;
  }

  /** Forgets everything (a new table). */
  reset(): void {
    this.cap = -1;
  }

  set(k: number, rawYear: unknown, rawProc: unknown, slot: number, year: number): void {
    this.rawYear[k] = rawYear;
    this.rawProc[k] = rawProc;
    this.slotAt[k] = slot;
    this.yearAt[k] = year;
    if (k >= this.length) this.length = k + 1;
  }
}

/**
 * Adds a result read by the general path. Full mode: stored. Compact mode: tallied, and stored only
 * when low or near the threshold or carrying ЕГЭ bands; a repeat gives the compact mode up. Returns the
 * record's index, or -1 when it was not stored.
 */
export function fastAdd(
  ctx: Context,
  tally: Tally,
  si: number,
  year: number,
  pi: number,
  table: number,
  row: number,
  col: number,
  part: number,
  failed: number,
  share: number,
  hasBands: boolean,
): number {
  if (!tally.school(si) || !tally.year(year)) return -1;
  const p = Number.isNaN(part) ? -1 : part;
  const f = Number.isNaN(failed) ? -1 : failed;
  const ybit = year & (YEAR_SLOTS - 1);
  const slot = ybit * tally.procCap + pi;
  if (tally.slotSchool[slot] === si) {
    // A repeat: the full mode reports it with both rows.
    tally.aborted = true;
    return -1;
  }
  tally.total++;
  tally.perProc[pi]++;
  tally.slotSchool[slot] = si;
  tally.mask[si] |= 1 << ybit;
  if (tally.runLength < PATTERN_LAST) tally.runLength++;
  const flag = standing(f, p, share, tally.t, tally.riskFrom);
  if (flag === 0 && !hasBands) return -1;
  const i = ctx.recs.add(si, year, pi, table, row, col, part, failed, share);
  ctx.recs.flags[i] = flag;
  return i;
}

/**
 * A school's first row met by quickRowsCompact: the school is created on the spot when the row is
 * plainly a school's result — whole counts, a name that cannot be a total or a repeated header, a
 * municipality cell that is text or empty — as the general path would. -1 leaves the row to it.
 */
function newSchool(
  ctx: Context,
  row: (CellValue | undefined)[],
  q: QuickCols,
  st: RowState,
  key: string | number,
): number {
  const part = row[q.part];
  const failed = row[q.failed];
  if (typeof part !== 'number' || typeof failed !== 'number') return -1;
  if (!plainCounts(part, failed)) return -1;
  const name = row[q.name];
  if (typeof name !== 'string') return -1;
  const t = name.trim();
  if (t === '' || (mayOpenTotalOrLabel(t) && (TOTAL_RAW_RE.test(t) || NAME_LABEL_RAW_RE.test(t)))) return -1;
  if (q.byId && typeof key === 'string' && key.trim() === '') return -1;
  if (q.mun >= 0) {
    const mv = row[q.mun] ?? null;
    if (mv !== st.lastMunRaw) {
      if (mv !== null && typeof mv !== 'string') return -1;
      st.lastMunRaw = mv;
      const mt = mv === null ? '' : mv.trim();
      if (mt) st.currentMun = mt;
    }
  }
  if (!q.byId) return schoolIndex(ctx, null, name, st.currentMun);
  // By code: created without touching the maps, which are cold after a run of rows; flushSchools
  // files it (and finds a school met again) when quickRowsCompact returns.
  const i = addSchool(ctx, typeof key === 'string' ? key.trim() : String(key), true, name, st.currentMun);
  ctx.pendingSchools.push(i);
  ctx.pendingRaw.push(key);
  return i;
}

/**
 * Files the schools quickRowsCompact created by code into the maps, in one go. A code already
 * there is a school met again after others (or under two spellings): the compact mode gives up.
 */
function flushSchools(ctx: Context): void {
  const { pendingSchools: idx, pendingRaw: raw, schoolByRawId: map } = ctx;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const id = ctx.schools[i].id;
    if (map.has(id) || map.has(raw[k])) {
      ctx.tally!.aborted = true;
      break;
    }
    map.set(id, i);
    if (raw[k] !== id) map.set(raw[k], i);
  }
  idx.length = 0;
  raw.length = 0;
}

/**
 * quickRows for the compact mode: the same rows taken, each tallied on the spot (see Tally) and
 * stored only when low or near the threshold. A school coming back or anything unusual leaves the
 * row to the general path; a repeat gives up the compact mode.
 *
 * The year and procedure of a row are guessed from the row at the same position in the previous
 * school's run of rows (see Pattern): exports list every school's results in the same order, so the
 * guess is right on almost every row and costs two comparisons.
 */
export function fastRows(
  ctx: Context,
  values: (CellValue | undefined)[][],
  r0: number,
  from: number,
  to: number,
  q: QuickCols,
  st: RowState,
): number {
  const schools = q.byId ? ctx.schoolByRawId : ctx.schoolByRawName;
  const tally = ctx.tally!;
  const { key: kc, part: pc, failed: fc, mun: mc, year: yc, proc: prc, yearCache, procCache } = q;
  const procCap = tally.procCap;
  const pat = q.pattern.ready(procCap);
  const { rawYear, rawProc, slotAt } = pat;
  let lastKey = st.lastKey;
  let si = st.lastSchool;
  let lastMunRaw = st.lastMunRaw;
  // The school of the last result taken, its position in its run of rows, its years as bits.
  let cur = tally.lastSchool;
  let k = tally.runLength;
  let schoolYears = 0;
  let sumPart = 0;
  let sumFailed = 0;
  let n = 0;
  let r = from;
  const riskFrom = tally.riskFrom;
  const threshold = tally.t;
  const { slotSchool, mask, perProc, visited } = tally;
  const procMask = procCap - 1;
  const yearShift = Math.log2(procCap);
  for (; r < to; r++) {
    const row = values[r - r0];
    if (row === undefined) break;
    const key = row[kc];
    if (key !== lastKey) {
      if (typeof key !== 'string' && typeof key !== 'number') break;
      // Another code than the last row's is a new school (or one met again: flushSchools finds it).
      let found = q.byId ? undefined : schools.get(key);
      if (found === undefined) {
        st.lastMunRaw = lastMunRaw;
        found = newSchool(ctx, row, q, st, key);
        if (found < 0) break;
        lastMunRaw = st.lastMunRaw;
      }
      lastKey = key;
      si = found;
      // A school first seen without a municipality takes the current one, as in the general path.
      if (st.currentMun !== null && ctx.schools[si].municipality === null) ctx.schools[si].municipality = st.currentMun;
    }
    const part = row[pc];
    const failed = row[fc];
    if (typeof part !== 'number' || typeof failed !== 'number') break;
    if (!plainCounts(part, failed)) break;
    if (mc >= 0 && row[mc] !== lastMunRaw) break;
    if (si !== cur) {
      if (visited[si]) {
        tally.aborted = true;
        break;
      }
      visited[si] = 1;
      if (cur >= 0) mask[cur] |= schoolYears;
      cur = si;
      schoolYears = 0;
      k = 0;
    }
    // Without a year or procedure column the cell read is one past any row (undefined on every row).
    const yv = row[yc >= 0 ? yc : NO_COLUMN];
    const pv = row[prc >= 0 ? prc : NO_COLUMN];
    let slot: number;
    if (k < pat.length && yv === rawYear[k] && pv === rawProc[k]) slot = slotAt[k];
    else {
      // Not as in the previous school: the year and procedure from the table's caches.
      let year: SchoolYear | null | undefined = q.fixedYear;
      if (yc >= 0) year = yv === undefined ? undefined : yearCache.get(yv);
      if (year === undefined || year === null) break;
      let pi: number | undefined = q.fixedProc;
      if (prc >= 0) pi = typeof pv === 'string' ? procCache.get(pv) : undefined;
      if (pi === undefined || pi < 0) break;
      if (!tally.year(year)) break;
      slot = (year & (YEAR_SLOTS - 1)) * procCap + pi;
      pat.set(k, yv, pv, slot, year);
    }
    if (slotSchool[slot] === si) {
      // A repeat: the full mode reports it with both rows.
      tally.aborted = true;
      break;
    }
    slotSchool[slot] = si;
    schoolYears |= 1 << (slot >> yearShift);
    perProc[slot & procMask]++;
    sumPart += part;
    sumFailed += failed;
    n++;
    if (standing(failed, part, NaN, threshold, riskFrom) !== 0)
      storeFlagged(ctx.recs, tally, si, pat.yearAt[k], slot & procMask, q, r, part, failed);
    if (k < PATTERN_LAST) k++;
    // The rows that follow, as long as they are as plain as this one, in the hot loop. With a
    // municipality in its cell, it does not look at the municipality cells: a change among them
    // only moves the municipality carried down to the next schools, and is replayed afterwards.
    const munKnown = mc >= 0 && typeof lastMunRaw === 'string' && lastMunRaw.trim() !== '';
    const stop = takeRun(values, r0, r + 1, to, q, key, lastMunRaw, munKnown ? -1 : mc, si, k, pat, tally, ctx.recs);
    if (stop > r + 1) {
      if (munKnown && values[stop - 1 - r0]![mc] !== lastMunRaw) {
        lastMunRaw = replayMunicipality(ctx, values, r0, r + 1, stop, mc, lastMunRaw, st, si);
      }
      r = stop - 1;
      sumPart += RUN[0];
      sumFailed += RUN[1];
      n += RUN[2];
      k = RUN[3];
      schoolYears |= RUN[4];
    }
  }
  if (cur >= 0) mask[cur] |= schoolYears;
  flushSchools(ctx);
  tally.lastSchool = cur;
  tally.total += n;
  if (r > from) st.lastRow = r - 1;
  tally.runLength = k;
  st.lastMunRaw = lastMunRaw;
  st.lastKey = lastKey;
  st.lastSchool = si;
  st.totals[0] += sumPart;
  st.totals[1] += sumFailed;
  st.starts[0] += sumPart;
  st.starts[1] += sumFailed;
  st.rows += n;
  return r;
}

/** Stores a result the tight loops took at or above the risk band, flagged LOW or NEAR. */
function storeFlagged(
  recs: Records,
  tally: Tally,
  si: number,
  year: number,
  proc: number,
  q: QuickCols,
  row: number,
  part: number,
  failed: number,
): void {
  const i = recs.add(si, year, proc, q.table, row, q.failedCol, part, failed, NaN);
  recs.flags[i] = standing(failed, part, NaN, tally.t, tally.riskFrom);
}

/** A column index past the end of any row (Excel has 16,384 columns): reading it gives undefined. */
const NO_COLUMN = 1 << 20;

/** Rows takeRun takes at most in one call, and its notes of the rows at or above the risk band (row, position in the pattern). */
const RUN_FLAGGED_MAX = 4096;
const RUN_FLAGGED = { rows: new Int32Array(RUN_FLAGGED_MAX), positions: new Int32Array(RUN_FLAGGED_MAX) };

/** What takeRun hands back besides the row it stopped at: participants and failing summed, results taken, the position in the school's run, the years seen (bits). */
const RUN = new Float64Array(5);

/**
 * The hot loop of quickRowsCompact: the rows after `from` of the school being read (`key`), as long
 * as each has whole counts, the same municipality cell (in column `munCol`, unless -1), and the
 * year and procedure of the pattern at its position, and repeats nothing. A small function of its own, so that its few variables stay
 * in registers. Returns the first row not taken; quickRowsCompact reads that one the long way.
 */
function takeRun(
  values: (CellValue | undefined)[][],
  r0: number,
  from: number,
  to: number,
  q: QuickCols,
  key: CellValue | undefined,
  munRaw: CellValue | undefined,
  munCol: number,
  si: number,
  k: number,
  pat: Pattern,
  tally: Tally,
  recs: Records,
): number {
  const { key: kc, part: pc, failed: fc } = q;
  // Columns that are not there are read one past any row: undefined, as the pattern holds for them.
  const yc = q.year >= 0 ? q.year : NO_COLUMN;
  const prc = q.proc >= 0 ? q.proc : NO_COLUMN;
  const mc = munCol >= 0 ? munCol : NO_COLUMN;
  const mun = munCol >= 0 ? munRaw : undefined;
  const { rawYear, rawProc, slotAt } = pat;
  const len = pat.length;
  const { slotSchool, perProc } = tally;
  const procMask = tally.procCap - 1;
  const yearShift = Math.log2(tally.procCap);
  const riskFrom = tally.riskFrom;
  const threshold = tally.t;
  let sumPart = 0;
  let sumFailed = 0;
  let n = 0;
  let years = 0;
  let r = from;
  // The rows at or above the risk band are noted and stored after the loop, which then calls
  // nothing: the compiler keeps what it checked about the arrays from one row to the next.
  const { rows: flaggedRows, positions: flaggedAt } = RUN_FLAGGED;
  let nFlagged = 0;
  const end = Math.min(to, from + RUN_FLAGGED_MAX);
  for (; r < end; r++) {
    const row = values[r - r0];
    if (row === undefined || row[kc] !== key) break;
    const part = row[pc];
    const failed = row[fc];
    if (typeof part !== 'number' || typeof failed !== 'number' || !plainCounts(part, failed)) break;
    if (row[mc] !== mun) break;
    if (k >= len) break;
    if (row[yc] !== rawYear[k] || row[prc] !== rawProc[k]) break;
    const slot = slotAt[k];
    if (slotSchool[slot] === si) break;
    slotSchool[slot] = si;
    years |= 1 << (slot >> yearShift);
    perProc[slot & procMask]++;
    sumPart += part;
    sumFailed += failed;
    n++;
    if (standing(failed, part, NaN, threshold, riskFrom) !== 0) {
      flaggedRows[nFlagged] = r;
      flaggedAt[nFlagged++] = k;
    }
    // k < len ≤ PATTERN_SIZE: at most PATTERN_SIZE here, clamped on the way out.
    k++;
  }
  for (let j = 0; j < nFlagged; j++) {
    const fr = flaggedRows[j];
    const at = flaggedAt[j];
    const row = values[fr - r0]!;
    const part = row[pc] as number;
    const failed = row[fc] as number;
    storeFlagged(recs, tally, si, pat.yearAt[at], slotAt[at] & procMask, q, fr, part, failed);
  }
  RUN[0] = sumPart;
  RUN[1] = sumFailed;
  RUN[2] = n;
  RUN[3] = k < PATTERN_LAST ? k : PATTERN_LAST;
  RUN[4] = years;
  return r;
}

/**
 * The municipality cells of rows [from, to) of school `si`, taken without looking at them, read as
 * the general path reads them row by row: each new non-empty text becomes the municipality carried
 * down (and the school's, if it has none). Returns the last cell's value.
 */
function replayMunicipality(
  ctx: Context,
  values: (CellValue | undefined)[][],
  r0: number,
  from: number,
  to: number,
  mc: number,
  munRaw: CellValue | undefined,
  st: RowState,
  si: number,
): CellValue | undefined {
  let raw = munRaw;
  for (let r = from; r < to; r++) {
    const mv = values[r - r0]![mc] ?? null;
    if (mv === raw) continue;
    raw = mv;
    const mt = typeof mv === 'string' ? mv.trim() : null;
    if (mt) {
      st.currentMun = mt;
      if (ctx.schools[si].municipality === null) ctx.schools[si].municipality = mt;
    }
  }
  return raw;
}

/**
 * What the verdicts need, from the tally: the year bits of every school, and the stored records
 * (at or above the risk band, or with bands) of Y and Y−1, flagged.
 */
export function fastFacts(ctx: Context, tally: Tally, procCounted: boolean[]): Facts {
  const { recs, settings } = ctx;
  const Y = chosenYear(settings) ?? (tally.maxYear >= 0 ? tally.maxYear : null);
  const nSchools = ctx.schools.length;
  const years = new Uint8Array(nSchools);
  if (Y !== null) {
    for (let s = 0; s < nSchools; s++) {
      years[s] = (tally.schoolHasYear(s, Y) ? IN_Y : 0) | (tally.schoolHasYear(s, Y - 1) ? IN_P : 0);
    }
  }
  const flags = new Uint8Array(recs.length);
  const flagged = new Int32Array(recs.length);
  let nFlagged = 0;
  const YY = Y ?? -10;
  for (let i = 0; i < recs.length; i++) {
    const y = recs.year[i];
    let f: number;
    if (y === YY) f = IN_Y;
    else if (y === YY - 1) f = IN_P;
    else continue;
    f |= recs.flags[i];
    if (resultCounts(procCounted[recs.proc[i]], recs.part[i], settings)) f |= COUNTED;
    flags[i] = f;
    if (f & (LOW | NEAR)) flagged[nFlagged++] = i;
  }
  const perProc = tally.perProc.slice(0, ctx.procs.length);
  const hasY = Y !== null && tally.hasYear(Y);
  return { total: tally.total, perProc, Y, hasY, flags, flagged, nFlagged, years, differing: [], acrossFiles: [] };
}
