/**
 * Identification of schools with low educational results (DOMAIN.md §4).
 *
 * Reads every results table of a workbook (long or wide), checks it, and decides for each school:
 * ШНОР (rule 1: two or more low results in Y; rule 2: a low result in each of Y and Y−1),
 * риск (a low result in Y or Y−1, or a share within the risk band below the threshold in Y), or
 * норма. Shares are compared exactly (failing × 100 ≥ threshold × participants), never rounded first.
 */
import { CellValue, SheetView, WorkbookSnapshot, a1, isCellError } from '../snapshot';
import { Issue, IssueCode, makeIssue } from '../issues';
import { OWNED_SHEETS } from '../report';
import { compareNames, formatNumberRu, normalizeLabel, plural, roundTo } from '../text';
import { readNumber, showValue } from '../values';
import { SchoolYear, formatSchoolYear, parseSchoolYear } from '../years';
import { PROGRAMME_PROCEDURES, isNameLabel } from './descriptor';
import { MetricGroup, ResultsTable, locateFirstTable, locateTableAt } from './locate';
import { Procedure, parseProcedure } from './procedure';
import { IdentifySettings } from './settings';

export type Status = 'ШНОР' | 'риск' | 'норма';

export interface ResultEvidence {
  year: string;
  procedure: string;
  participants: number | null;
  failed: number | null;
  /** Failing share in percent, rounded to 0.1 for display (the comparison used the exact value). */
  share: number;
  smallSample: boolean;
  sheet: string;
  cell: string;
}

export interface BandEvidence {
  year: string;
  procedure: string;
  belowMin: number | null;
  from61to80: number | null;
  from81to100: number | null;
}

export interface SchoolVerdict {
  /** The school's code from the data, or its normalised name when the data has no code. */
  id: string;
  /** True when `id` is a code from the data. */
  idGiven: boolean;
  name: string;
  municipality: string | null;
  status: Status;
  rule1: boolean;
  rule2: boolean;
  /** Low results that count, in Y and Y−1. */
  low: ResultEvidence[];
  lowCountYear: number;
  lowCountPreviousYear: number;
  /** Results in Y at or above the risk band but below the threshold. */
  nearThreshold: ResultEvidence[];
  /** Low results left out by the settings (too few participants, procedure not counted). */
  excluded: ResultEvidence[];
  yearMissing: boolean;
  previousYearMissing: boolean;
  bands: BandEvidence[];
  /** Russian: why this status. */
  reason: string;
}

export interface ProcedureInfo {
  name: string;
  programme: boolean;
  counted: boolean;
  results: number;
}

export interface IdentifyResult {
  year: string | null;
  previousYear: string | null;
  threshold: number;
  settings: IdentifySettings;
  schools: SchoolVerdict[];
  issues: Issue[];
  procedures: ProcedureInfo[];
  summary: {
    schools: number;
    byStatus: Record<Status, number>;
    byMunicipality: { municipality: string; schools: number; ШНОР: number; риск: number; норма: number }[];
    results: number;
    tables: { sheet: string; layout: 'long' | 'wide'; header: string; rows: number }[];
  };
  /** Cells to highlight in the input: every low result, by sheet. */
  lowCells: { sheet: string; cells: string[] }[];
  hasBands: boolean;
}

const SECTION = 'Результаты';
const MAX_ISSUES_PER_CODE = 500;
const collator = new Intl.Collator('ru');
/** A cheap test on the raw text before the exact one on the normalised text. */
const TOTAL_RAW_RE = /^[\s"'«*]*(итог|всего)/i;
/** Only texts starting like a name-column header can be one (cheap test before normalising). */
const NAME_LABEL_RAW_RE = /^[\s"'«]*(наим|оо|обр|общ|шко|назв)/i;
/**
 * A name that needs its spaces cleaned: leading or trailing, doubled, or other than a plain space
 * (and, harmlessly, one with other control characters). A loop, not a regular expression: it runs
 * on every school's name.
 */
function needsSpaceCleaning(s: string): boolean {
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
    } else if (c < 32 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)) return true;
    else if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return true;
    else space = false;
  }
  return space && s.length > 0;
}
const TOTAL_RE = /^(итого|всего|итог)([^а-я]|$)/;

/**
 * Columnar store of the results read: compact typed arrays (24 bytes a result), for speed and
 * little memory on a million rows. Counts are whole numbers, -1 where absent; a share given
 * instead of counts (and ЕГЭ bands) live in maps, since they are rare in big inputs.
 */
class Records {
  length = 0;
  school: Int32Array<ArrayBuffer>;
  row: Int32Array<ArrayBuffer>;
  part: Int32Array<ArrayBuffer>;
  failed: Int32Array<ArrayBuffer>;
  year: Uint16Array<ArrayBuffer>;
  proc: Uint16Array<ArrayBuffer>;
  table: Uint16Array<ArrayBuffer>;
  col: Uint16Array<ArrayBuffer>;
  /** LOW or NEAR, set when reading in the compact mode (see Tally). */
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

function takeRecords(capacity: number): Records {
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
function giveBackRecords(recs: Records): void {
  if (!spareRecords || recs.school.length > spareRecords.school.length) spareRecords = recs;
}

/** Whole counts, participants above zero and failing within them: the rows the tight loops take. */
function plainCounts(part: number, failed: number): boolean {
  return part > 0 && failed >= 0 && failed <= part && Number.isInteger(part) && Number.isInteger(failed);
}

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
class Tally {
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

interface School {
  id: string;
  idGiven: boolean;
  name: string;
  municipality: string | null;
}

class IssueSink {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  add(code: IssueCode, sheet: string | null, cell: string | null, message: string, value?: CellValue): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n > MAX_ISSUES_PER_CODE) return;
    const v =
      value === undefined
        ? undefined
        : value === null
          ? null
          : isCellError(value)
            ? value.error
            : typeof value === 'boolean'
              ? String(value)
              : value;
    this.issues.push(makeIssue(code, { sheet, cell, section: SECTION }, message, v));
  }
  finish(): Issue[] {
    for (const [code, n] of this.counts) {
      if (n > MAX_ISSUES_PER_CODE) {
        const first = this.issues.find((i) => i.code === code)!;
        this.issues.push(
          makeIssue(
            code as IssueCode,
            { sheet: first.sheet, section: SECTION },
            `И ещё ${n - MAX_ISSUES_PER_CODE} таких же замечаний (показаны первые ${MAX_ISSUES_PER_CODE}).`,
          ),
        );
      }
    }
    return this.issues;
  }
}

/** readMetric's answer besides a value (values are never negative: negatives are reported). */
const EMPTY = -1;
const BAD = -2;
/** Explicitly not applicable (`-`, `нет данных` …): no completeness issue (DOMAIN §1.2). */
const NA = -3;

/** Reads a count or share cell; reports what cannot be read. Returns the value, EMPTY or BAD. */
function readMetric(
  v: CellValue,
  format: string | null,
  kind: 'count' | 'share',
  sink: IssueSink,
  sheet: string,
  r: number,
  c: number,
  what: string,
): number {
  if (typeof v === 'number' && v >= 0 && (kind === 'share' ? v <= 100 && format === null : Number.isInteger(v)))
    return v;
  if (v === null) return EMPTY;
  const rv = readNumber(v, kind === 'share' ? format : null);
  switch (rv.kind) {
    case 'empty':
      return EMPTY;
    case 'na':
      return NA;
    case 'error':
      sink.add(
        'CELL-ERROR',
        sheet,
        a1(r, c),
        `В ячейке ${a1(r, c)} (${what}) ошибка Excel ${rv.error}: значение не учтено.`,
        v,
      );
      return BAD;
    case 'text':
      sink.add(
        'NOT-A-NUMBER',
        sheet,
        a1(r, c),
        `В ячейке ${a1(r, c)} (${what}) текст ${showValue(v)} вместо числа.`,
        v,
      );
      return BAD;
    case 'number': {
      const x = rv.value;
      if (kind === 'count' && (x < 0 || !Number.isInteger(x))) {
        sink.add(
          'OUT-OF-RANGE',
          sheet,
          a1(r, c),
          `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: количество должно быть целым неотрицательным числом.`,
          v,
        );
        return BAD;
      }
      if (kind === 'share' && (x < 0 || x > 100)) {
        sink.add(
          'OUT-OF-RANGE',
          sheet,
          a1(r, c),
          `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: доля должна быть от 0 до 100 %.`,
          v,
        );
        return BAD;
      }
      return x;
    }
  }
}

interface Context {
  settings: IdentifySettings;
  sink: IssueSink;
  recs: Records;
  schools: School[];
  /**
   * Schools by their code: by the code as written (a number, or text with spaces around) and by the
   * code as text. One map serves both, since a code without spaces is its own text.
   */
  schoolByRawId: Map<CellValue, number>;
  /** Schools without a code by their normalised name. */
  schoolByName: Map<string, number>;
  /** Schools quickRowsCompact created by code and has not filed in the maps yet (see flushSchools), with their raw codes. */
  pendingSchools: number[];
  pendingRaw: CellValue[];
  schoolByRawName: Map<string, number>;
  procs: { proc: Procedure; programme: boolean; results: number; reported: boolean }[];
  procByName: Map<string, number>;
  /** Alphabetical rank of each procedure (filled before the verdicts), for cheap sorting. */
  procRank: number[];
  sheetNames: string[];
  tables: IdentifyResult['summary']['tables'];
  /** Per table read: its sheet (index into sheetNames) and name column. */
  tableInfo: { sheet: number; nameCol: number }[];
  bandsSeen: boolean;
  /** Tally results as they are read and store only the flagged ones (see Tally). */
  compact: boolean;
  tally: Tally;
}

function procIndex(ctx: Context, p: Procedure, sheet: string, cell: string): number {
  let i = ctx.procByName.get(p.name);
  if (i === undefined) {
    i = ctx.procs.length;
    const programme = (PROGRAMME_PROCEDURES as readonly string[]).includes(p.name);
    ctx.procs.push({ proc: p, programme, results: 0, reported: false });
    ctx.procByName.set(p.name, i);
    ctx.tally.ensureProcs(ctx.procs.length);
    if (!programme) {
      const counted = isCounted(ctx.settings, p.name, false);
      ctx.sink.add(
        'RESULTS-OTHER-PROCEDURE',
        sheet,
        cell,
        `Процедура «${p.name}» не входит в региональную программу; по настройкам она ${counted ? 'учитывается' : 'не учитывается'} при идентификации.`,
        p.name,
      );
    }
  }
  return i;
}

function isCounted(s: IdentifySettings, name: string, programme: boolean): boolean {
  if (s.procedures) return s.procedures.some((p) => normalizeLabel(p) === normalizeLabel(name));
  return programme || s.includeOther;
}

/** The school of a row seen before with the same raw id (or raw name when there is no id); -1 when new. */
function cachedSchool(ctx: Context, idRaw: CellValue, nameRaw: string | null): number {
  if (idRaw !== null && idRaw !== '' && typeof idRaw !== 'object') {
    const i = ctx.schoolByRawId.get(idRaw);
    return i === undefined ? -1 : i;
  }
  if (nameRaw === null) return -1;
  const i = ctx.schoolByRawName.get(nameRaw);
  return i === undefined ? -1 : i;
}

/** A new school (not yet in the maps): its name with spaces cleaned. Returns its index. */
function addSchool(ctx: Context, id: string, idGiven: boolean, nameRaw: string, municipality: string | null): number {
  const i = ctx.schools.length;
  ctx.schools.push({
    id,
    idGiven,
    name: needsSpaceCleaning(nameRaw) ? nameRaw.replace(/\s+/g, ' ').trim() : nameRaw,
    municipality,
  });
  ctx.tally.ensureSchools(ctx.schools.length);
  return i;
}

/** The school of a row, created when new. */
function schoolIndex(ctx: Context, idRaw: CellValue, nameRaw: string, municipality: string | null): number {
  const idText =
    idRaw === null || idRaw === undefined
      ? ''
      : typeof idRaw === 'string'
        ? idRaw.trim()
        : isCellError(idRaw)
          ? ''
          : String(idRaw);
  const byId = idText !== '';
  const key = byId ? idText : normalizeLabel(nameRaw);
  const map: Map<CellValue, number> = byId ? ctx.schoolByRawId : ctx.schoolByName;
  let i = map.get(key);
  if (i === undefined) {
    i = addSchool(ctx, key, byId, nameRaw, municipality);
    map.set(key, i);
  }
  if (byId) {
    if (typeof idRaw !== 'object' && idRaw !== idText) ctx.schoolByRawId.set(idRaw, i);
  } else ctx.schoolByRawName.set(nameRaw, i);
  if (ctx.schools[i].municipality === null && municipality !== null) {
    ctx.schools[i].municipality = municipality;
  }
  return i;
}

function cellText(v: CellValue): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  return null;
}

/** Columns and caches of the table being read, for quickRows (offsets into the row arrays). */
interface QuickCols {
  key: number;
  name: number;
  byId: boolean;
  part: number;
  failed: number;
  failedCol: number;
  mun: number;
  year: number;
  proc: number;
  fixedYear: SchoolYear | null;
  fixedProc: number;
  table: number;
  yearCache: Map<CellValue, SchoolYear | null>;
  procCache: Map<string, number>;
  pattern: Pattern;
}

/** Positions remembered in a school's run of rows; a longer run shares the last one. */
const PATTERN_SIZE = 4096;
const PATTERN_LAST = PATTERN_SIZE - 1;

/**
 * The raw year and procedure cells at each position of the last school's run of rows, with their
 * slot (see Tally) and year: quickRowsCompact checks a row against the row at the same position of
 * the previous school instead of looking its year and procedure up. Valid for one table and one
 * layout of slots (procCap).
 */
class Pattern {
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

/** What the row readers remember from row to row. */
interface RowState {
  lastKey: CellValue | undefined;
  lastSchool: number;
  lastYearRaw: CellValue | undefined;
  lastYear: SchoolYear | null;
  lastProcKey: string | undefined;
  lastProc: number;
  lastMunRaw: CellValue | undefined;
  currentMun: string | null;
  /** Results read by quickRows in this table. */
  rows: number;
  /** The last row quickRows took. */
  lastRow: number;
  /** Participants and failing since the last total row, and since the table start. */
  totals: number[];
  starts: number[];
}

/**
 * The common case in a tight loop: rows of a school seen before, whole counts with failing ≤
 * participants, a year and a procedure seen before, the municipality unchanged. Returns the first
 * row it did not take; the general path reads that one (and reports whatever is wrong with it).
 */
function quickRows(
  ctx: Context,
  values: (CellValue | undefined)[][],
  r0: number,
  c0: number,
  from: number,
  to: number,
  q: QuickCols,
  st: RowState,
): number {
  const schools = q.byId ? ctx.schoolByRawId : ctx.schoolByRawName;
  const recs = ctx.recs;
  const { key: kc, part: pc, failed: fc, mun: mc, year: yc, proc: prc, yearCache, procCache } = q;
  let lastKey = st.lastKey;
  let si = st.lastSchool;
  let lastYearRaw = st.lastYearRaw;
  let year = yc >= 0 ? st.lastYear : q.fixedYear;
  let lastProcKey = st.lastProcKey;
  let pi = prc >= 0 ? st.lastProc : q.fixedProc;
  const lastMunRaw = st.lastMunRaw;
  let sumPart = 0;
  let sumFailed = 0;
  let n = 0;
  let r = from;
  recs.reserve(to - from);
  const base = recs.length;
  const aSchool = recs.school;
  const aYear = recs.year;
  const aProc = recs.proc;
  const aTable = recs.table;
  const aRow = recs.row;
  const aCol = recs.col;
  const aPart = recs.part;
  const aFailed = recs.failed;
  const table = q.table;
  const failedCol = q.failedCol;
  for (; r < to; r++) {
    const row = values[r - r0];
    if (row === undefined) break;
    const key = row[kc];
    if (key !== lastKey) {
      if (typeof key !== 'string' && typeof key !== 'number') break;
      const found = schools.get(key);
      if (found === undefined) break;
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
    if (yc >= 0) {
      const yv = row[yc];
      if (yv !== lastYearRaw) {
        const y = yv === undefined ? undefined : yearCache.get(yv);
        if (y === undefined || y === null) break;
        lastYearRaw = yv;
        year = y;
      }
    }
    if (year === null) break;
    if (prc >= 0) {
      const pv = row[prc];
      if (pv !== lastProcKey) {
        const p = typeof pv === 'string' ? procCache.get(pv) : undefined;
        if (p === undefined || p < 0) break;
        lastProcKey = pv as string;
        pi = p;
      }
    }
    if (pi < 0) break;
    sumPart += part;
    sumFailed += failed;
    const i = base + n++;
    aSchool[i] = si;
    aYear[i] = year;
    aProc[i] = pi;
    aTable[i] = table;
    aRow[i] = r;
    aCol[i] = failedCol;
    aPart[i] = part;
    aFailed[i] = failed;
  }
  recs.length += n;
  if (r > from) st.lastRow = r - 1;
  st.lastKey = lastKey;
  st.lastSchool = si;
  st.lastYearRaw = lastYearRaw;
  if (yc >= 0) st.lastYear = year;
  st.lastProcKey = lastProcKey;
  if (prc >= 0) st.lastProc = pi;
  st.totals[0] += sumPart;
  st.totals[1] += sumFailed;
  st.starts[0] += sumPart;
  st.starts[1] += sumFailed;
  st.rows += n;
  return r;
}

/**
 * Adds a result read by the general path. Full mode: stored. Compact mode: tallied, and stored only
 * when low or near the threshold or carrying ЕГЭ bands; a repeat gives the compact mode up. Returns the
 * record's index, or -1 when it was not stored.
 */
function addRecord(
  ctx: Context,
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
  if (!ctx.compact) return ctx.recs.add(si, year, pi, table, row, col, part, failed, share);
  const tally = ctx.tally;
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
  let flag = 0;
  if (f >= 0) {
    if (f * 100 >= tally.t * p) flag = LOW;
    else if (f * 100 >= tally.riskFrom * p) flag = NEAR;
  } else if (share >= tally.t) flag = LOW;
  else if (share >= tally.riskFrom) flag = NEAR;
  if (flag === 0 && !hasBands) return -1;
  const i = ctx.recs.add(si, year, pi, table, row, col, part, failed, share);
  ctx.recs.flags[i] = flag;
  return i;
}

/**
 * False when a trimmed text cannot match TOTAL_RAW_RE or NAME_LABEL_RAW_RE: it starts neither with
 * a quote or asterisk they skip nor with the first letter of a word they look for (и, в, н, о, ш).
 * Saves two regular expressions on each school's first row.
 */
function mayOpenTotalOrLabel(t: string): boolean {
  const c = t.charCodeAt(0);
  const l = c >= 0x410 && c <= 0x42f ? c + 32 : c;
  return (
    l === 0x438 ||
    l === 0x432 ||
    l === 0x43d ||
    l === 0x43e ||
    l === 0x448 ||
    c === 0x22 ||
    c === 0x27 ||
    c === 0xab ||
    c === 0x2a
  );
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
      ctx.tally.aborted = true;
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
function quickRowsCompact(
  ctx: Context,
  values: (CellValue | undefined)[][],
  r0: number,
  from: number,
  to: number,
  q: QuickCols,
  st: RowState,
): number {
  const schools = q.byId ? ctx.schoolByRawId : ctx.schoolByRawName;
  const tally = ctx.tally;
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
    if (failed * 100 >= riskFrom * part)
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
  recs.flags[i] = failed * 100 >= tally.t * part ? LOW : NEAR;
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
    if (failed * 100 >= riskFrom * part) {
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

/** Reads the data rows of one table (and of the tables stacked below it on the same sheet). */
function readTable(ctx: Context, view: SheetView, first: ResultsTable, sheetIdx: number): void {
  const { sink, recs } = ctx;
  const values = view.snapshot.values;
  const r0 = view.firstRow;
  const c0 = view.firstCol;
  const sheet = view.name;
  let table = first;
  let t0 = first.dataStart;
  let lastDataRow = first.headerBottom;

  // Per-table state, rebuilt when a stacked table starts.
  let nameCol = 0;
  let idCol = -1;
  let munCol = -1;
  let yearCol = -1;
  let procCol = -1;
  let subjCol = -1;
  let gradeCol = -1;
  let numCol = -1;
  let groups: MetricGroup[] = [];
  let groupProc: number[] = [];
  let groupYear: (SchoolYear | null)[] = [];
  let tableYear: SchoolYear | null = null;
  let hasProcCols = false;
  const yearCache = new Map<CellValue, SchoolYear | null>();
  const procCache = new Map<string, number>();
  // Totals to check: row, and per group the sums since the last total / since the start.
  let sinceTotal: number[][] = [];
  // Clean rows of a single-group table go through quickRows; st is shared with the general path.
  let quick = false;
  const qc: QuickCols = {
    key: 0,
    name: 0,
    byId: false,
    part: 0,
    failed: 0,
    failedCol: 0,
    mun: -1,
    year: -1,
    proc: -1,
    fixedYear: null,
    fixedProc: -1,
    table: 0,
    yearCache,
    procCache,
    pattern: new Pattern(),
  };
  const st: RowState = {
    lastKey: undefined,
    lastSchool: -1,
    lastYearRaw: undefined,
    lastYear: null,
    lastProcKey: undefined,
    lastProc: -1,
    lastMunRaw: undefined,
    currentMun: null,
    rows: 0,
    lastRow: -1,
    totals: [0, 0],
    starts: [0, 0],
  };
  let rowsRead = 0;
  let tableNo = 0;
  let sinceStart: number[][] = [];

  const setup = (t: ResultsTable): void => {
    table = t;
    nameCol = t.cols.name!;
    idCol = t.cols.id ?? -1;
    munCol = t.cols.municipality ?? -1;
    yearCol = t.cols.year ?? -1;
    procCol = t.cols.procedure ?? -1;
    subjCol = t.cols.subject ?? -1;
    gradeCol = t.cols.grade ?? -1;
    numCol = t.cols.number ?? -1;
    groups = t.groups;
    hasProcCols = procCol >= 0 || subjCol >= 0 || gradeCol >= 0;
    tableYear = parseSchoolYear(t.context, true);
    st.currentMun = null;
    st.lastMunRaw = undefined;
    procCache.clear();
    qc.pattern.reset();
    groupYear = groups.map((g) => g.year ?? tableYear);
    groupProc = groups.map((g) =>
      hasProcCols
        ? -1
        : procIndex(
            ctx,
            parseProcedure({ group: g.context, sheet: t.context }),
            sheet,
            a1(t.headerBottom, g.cols.failed ?? g.cols.failedShare!),
          ),
    );
    if (!hasProcCols) {
      groups.forEach((g, gi) => {
        const p = ctx.procs[groupProc[gi]].proc;
        if (p.type === null && p.subject === null) {
          sink.add(
            'RESULTS-NO-PROCEDURE',
            sheet,
            a1(t.headerBottom, g.cols.failed ?? g.cols.failedShare!),
            `Лист «${sheet}»: не удалось понять, к какой процедуре относятся столбцы «${g.context || 'результаты'}». Укажите процедуру и предмет в заголовке или добавьте столбцы «Процедура» и «Предмет».`,
          );
        }
      });
    }
    if (yearCol < 0 && groupYear.some((y) => y === null)) {
      sink.add(
        'RESULTS-NO-YEAR',
        sheet,
        a1(t.headerTop, nameCol),
        `Лист «${sheet}»: не найден учебный год таблицы. Добавьте столбец «Учебный год» или укажите год в названии листа или в заголовке.`,
      );
    }
    sinceTotal = groups.map(() => [0, 0]);
    sinceStart = groups.map(() => [0, 0]);
    const g0 = groups[0];
    quick =
      groups.length === 1 &&
      g0.cols.participants !== undefined &&
      g0.cols.failed !== undefined &&
      g0.cols.failedShare === undefined &&
      g0.cols.band61 === undefined &&
      g0.cols.band81 === undefined &&
      subjCol < 0 &&
      gradeCol < 0;
    if (ctx.tables.length > 0) ctx.tables[ctx.tables.length - 1].rows += rowsRead + st.rows;
    rowsRead = 0;
    st.rows = 0;
    tableNo = ctx.tableInfo.length;
    qc.key = (idCol >= 0 ? idCol : nameCol) - c0;
    qc.byId = idCol >= 0;
    qc.name = nameCol - c0;
    qc.part = (g0.cols.participants ?? 0) - c0;
    qc.failed = (g0.cols.failed ?? 0) - c0;
    qc.failedCol = g0.cols.failed ?? 0;
    qc.mun = munCol >= 0 ? munCol - c0 : -1;
    qc.year = yearCol >= 0 ? yearCol - c0 : -1;
    qc.proc = procCol >= 0 ? procCol - c0 : -1;
    qc.fixedYear = groupYear[0] ?? null;
    qc.fixedProc = groupProc[0] ?? -1;
    qc.table = tableNo;
    st.totals = sinceTotal[0];
    st.starts = sinceStart[0];
    st.lastKey = undefined;
    ctx.tableInfo.push({ sheet: sheetIdx, nameCol: t.cols.name! });
    ctx.tables.push({
      sheet,
      layout: t.layout,
      header: a1(t.headerTop, view.firstCol) + ':' + a1(t.headerBottom, view.widthOf(t.headerTop, t.headerBottom) - 1),
      rows: 0,
    });
  };
  setup(first);
  const nameKnown = new Map<string, boolean>();

  let r = t0;
  const rowEnd = view.rowCount;
  // The current row: below the last merged area a plain array read, above it through the view.
  let line: (CellValue | undefined)[] | undefined;
  let fast = false;
  const get = (c: number): CellValue => {
    if (fast) {
      const v = line![c - c0];
      return v === undefined ? null : v;
    }
    return view.get(r, c);
  };
  while (r < rowEnd) {
    if (quick && r > view.mergeMaxRow) {
      r = ctx.compact
        ? quickRowsCompact(ctx, values, r0, r, rowEnd, qc, st)
        : quickRows(ctx, values, r0, c0, r, rowEnd, qc, st);
      if (st.lastRow > lastDataRow) lastDataRow = st.lastRow;
      if (r >= rowEnd) break;
    }
    if (ctx.tally.aborted) return;
    fast = r > view.mergeMaxRow;
    line = fast ? values[r - r0] : undefined;
    if (fast && !line) {
      r++;
      continue;
    }
    const nameV = get(nameCol);
    let name: string | null = typeof nameV === 'string' ? nameV : typeof nameV === 'number' ? String(nameV) : null;
    const idV = idCol >= 0 ? get(idCol) : null;
    let sIdx = cachedSchool(ctx, idV, name);
    if (sIdx < 0 && name !== null) {
      let known = nameKnown.get(name);
      if (known === undefined) {
        const t = name.trim();
        if (t === '') {
          known = false;
          name = null;
        } else if (TOTAL_RAW_RE.test(t) && TOTAL_RE.test(normalizeLabel(t))) {
          known = false;
        } else if (t.length <= 80 && NAME_LABEL_RAW_RE.test(t) && isNameLabel(normalizeLabel(t))) {
          const next = locateTableAt(view, r, nameCol, lastDataRow + 1);
          if (next) {
            setup(next);
            r = next.dataStart;
            continue;
          }
          known = true;
        } else {
          known = true;
        }
        if (name !== null) nameKnown.set(name, known);
      }
      if (known === false && name !== null) {
        // A total row: check it against the schools above, then skip it.
        checkTotal(r, get);
        r++;
        continue;
      }
    }
    if (sIdx < 0 && (name === null || name.trim() === '')) {
      // No school name: a total written in another column, a group title, or a result without a school.
      const other = [numCol, munCol, view.firstCol].filter((c) => c >= 0).map((c) => cellText(get(c)));
      if (other.some((t) => t !== null && TOTAL_RE.test(normalizeLabel(t)))) {
        checkTotal(r, get);
        r++;
        continue;
      }
      let hasMetric = false;
      for (const g of groups) {
        const fv = get(g.cols.failed ?? g.cols.failedShare!);
        if (fv !== null && fv !== '') hasMetric = true;
      }
      if (hasMetric) {
        sink.add(
          'RESULTS-NO-SCHOOL',
          sheet,
          a1(r, nameCol),
          `Строка ${r + 1}: есть результаты, но не указано наименование ОО; строка не учтена.`,
        );
      }
      if (munCol >= 0) {
        const mv = cellText(get(munCol));
        if (mv !== null) st.currentMun = mv;
      }
      r++;
      continue;
    }
    // Municipality: the cell (merged cells read their top-left value), else carried down.
    if (munCol >= 0) {
      const mv = get(munCol);
      if (mv !== st.lastMunRaw) {
        st.lastMunRaw = mv;
        const mt = typeof mv === 'string' ? mv.trim() : null;
        if (mt) st.currentMun = mt;
      }
    } else {
      // Without a municipality column, a row with a name and no results is a group title.
      let any = false;
      for (const g of groups) {
        for (const c of [g.cols.participants, g.cols.failed, g.cols.failedShare]) {
          if (c !== undefined && get(c) !== null) any = true;
        }
      }
      if (!any && sIdx < 0 && name !== null && (idV === null || idV === '')) {
        st.currentMun = name.trim();
        r++;
        continue;
      }
    }
    lastDataRow = r;
    if (sIdx < 0) sIdx = schoolIndex(ctx, idV, name ?? '', st.currentMun);
    else if (st.currentMun !== null && ctx.schools[sIdx].municipality === null)
      ctx.schools[sIdx].municipality = st.currentMun;
    // The tight loops go on from this row's school: a row with the same key is of the same school.
    const keyV = idCol >= 0 ? idV : nameV;
    if ((typeof keyV === 'string' && keyV.trim() !== '') || typeof keyV === 'number') {
      st.lastKey = keyV;
      st.lastSchool = sIdx;
    }

    // The row's year (a year column, else the group's or the table's).
    let rowYear: SchoolYear | null = null;
    if (yearCol >= 0) {
      const yv = get(yearCol);
      let y: SchoolYear | null | undefined = yv === st.lastYearRaw ? st.lastYear : yearCache.get(yv);
      if (y === undefined) {
        y = parseSchoolYear(yv);
        if (typeof yv !== 'object' || yv === null) yearCache.set(yv, y);
      }
      if (y === null && yv !== null && yv !== '') {
        sink.add(
          'RESULTS-BAD-YEAR',
          sheet,
          a1(r, yearCol),
          `В ячейке ${a1(r, yearCol)} учебный год ${showValue(yv)} не распознан; запишите его как 2022-2023.`,
          yv,
        );
      }
      if (typeof yv !== 'object' || yv === null) {
        st.lastYearRaw = yv;
        st.lastYear = y;
      }
      rowYear = y;
    }

    let rowProc = -1;
    if (hasProcCols) {
      const pv = procCol >= 0 ? get(procCol) : null;
      const sv = subjCol >= 0 ? get(subjCol) : null;
      const gv = gradeCol >= 0 ? get(gradeCol) : null;
      const key =
        sv === null && gv === null && typeof pv === 'string'
          ? pv
          : `${cellText(pv) ?? ''}\u0001${cellText(sv) ?? ''}\u0001${cellText(gv) ?? ''}`;
      let pi = key === st.lastProcKey ? st.lastProc : procCache.get(key);
      if (pi === undefined) {
        const p = parseProcedure({
          procedure: cellText(pv),
          subject: cellText(sv),
          grade: cellText(gv),
          group: groups.length === 1 ? groups[0].context : null,
          sheet: table.context,
        });
        if (p.type === null && p.subject === null) {
          pi = -1;
          sink.add(
            'RESULTS-NO-PROCEDURE',
            sheet,
            a1(r, procCol >= 0 ? procCol : subjCol >= 0 ? subjCol : gradeCol),
            `Строка ${r + 1}: не указана оценочная процедура или предмет; строка не учтена.`,
          );
        } else {
          pi = procIndex(ctx, p, sheet, a1(r, procCol >= 0 ? procCol : subjCol >= 0 ? subjCol : gradeCol));
        }
        procCache.set(key, pi);
      }
      st.lastProcKey = key;
      st.lastProc = pi;
      rowProc = pi;
    }

    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const year = yearCol >= 0 ? rowYear : groupYear[gi];
      const pi = hasProcCols ? rowProc : groupProc[gi];
      const pc = g.cols.participants;
      const fc = g.cols.failed;
      const sc = g.cols.failedShare;
      const pv = pc !== undefined ? readMetric(get(pc), null, 'count', sink, sheet, r, pc, 'участников') : EMPTY;
      const fv = fc !== undefined ? readMetric(get(fc), null, 'count', sink, sheet, r, fc, 'не справились') : EMPTY;
      const sv =
        sc !== undefined
          ? readMetric(get(sc), view.format(r, sc), 'share', sink, sheet, r, sc, 'доля не справившихся')
          : EMPTY;
      const pOk = pv >= 0;
      const fOk = fv >= 0;
      const sOk = sv >= 0;
      if (!pOk && !fOk && !sOk) {
        continue; // nothing written for this procedure, or already reported
      }
      if (pOk && fOk) {
        sinceTotal[gi][0] += pv;
        sinceStart[gi][0] += pv;
        sinceTotal[gi][1] += fv;
        sinceStart[gi][1] += fv;
      }
      if (year === null || pi < 0) continue;
      const part = pOk ? pv : NaN;
      const failed = fOk ? fv : NaN;
      let share = sOk ? sv : NaN;
      if (pOk && part === 0) {
        sink.add(
          'RESULTS-ZERO-PARTICIPANTS',
          sheet,
          a1(r, pc!),
          `Строка ${r + 1}: ноль участников — результат пропущен.`,
          0,
        );
        continue;
      }
      if (fOk && pOk) {
        if (failed > part) {
          sink.add(
            'RESULTS-INCONSISTENT',
            sheet,
            a1(r, fc!),
            `Строка ${r + 1}: не справились ${failed}, а участников всего ${part}; результат не учтён.`,
            failed,
          );
          continue;
        }
        if (sOk && Math.abs((failed * 100) / part - share) > 0.15) {
          sink.add(
            'RESULTS-SHARE-MISMATCH',
            sheet,
            a1(r, sc!),
            `Строка ${r + 1}: доля ${formatNumberRu(share)} % не равна ${failed} из ${part} (${formatNumberRu((failed * 100) / part)} %); взято количество.`,
            share,
          );
        }
        share = NaN;
      } else if (fOk && !pOk) {
        if (!sOk && pv === EMPTY) {
          const cell = pc !== undefined ? a1(r, pc) : a1(r, fc!);
          sink.add(
            'MISSING-VALUE',
            sheet,
            cell,
            `Строка ${r + 1}: указано число не справившихся, но нет числа участников; результат не учтён.`,
          );
        }
        if (!sOk) continue;
      } else if (pOk && !fOk && !sOk) {
        if (fv === EMPTY && (sc === undefined || sv === EMPTY)) {
          sink.add(
            'MISSING-VALUE',
            sheet,
            a1(r, fc ?? sc!),
            `Строка ${r + 1}: указано число участников, но не заполнено число не справившихся; результат не учтён. Если не справившихся нет, поставьте 0.`,
          );
        }
        continue;
      }
      const useCounts = fOk && pOk;
      let b61 = NaN;
      let b81 = NaN;
      if (g.cols.band61 !== undefined || g.cols.band81 !== undefined) {
        ctx.bandsSeen = true;
        b61 = readBand(g, 'band61', part);
        b81 = readBand(g, 'band81', part);
      }
      const hasBands = !Number.isNaN(b61) || !Number.isNaN(b81);
      const ri = addRecord(
        ctx,
        sIdx,
        year,
        pi,
        tableNo,
        r,
        useCounts ? fc! : sc!,
        part,
        useCounts ? failed : NaN,
        useCounts ? NaN : share,
        hasBands,
      );
      if (ri >= 0 && hasBands) recs.bands.set(ri, [b61, b81]);
      rowsRead++;
    }
    r++;
  }
  ctx.tables[ctx.tables.length - 1].rows += rowsRead + st.rows;

  function readBand(g: MetricGroup, role: 'band61' | 'band81', part: number): number {
    const c = g.cols[role];
    if (c === undefined) return NaN;
    const what = role === 'band61' ? '61–80 баллов' : '81–100 баллов';
    const isShare = g.bandIsShare || Number.isNaN(part);
    const v = readMetric(view.get(r, c), view.format(r, c), isShare ? 'share' : 'count', sink, sheet, r, c, what);
    if (v < 0) return NaN;
    return isShare ? v : (v * 100) / part;
  }

  function checkTotal(row: number, get: (c: number) => CellValue): void {
    // In a long layout a total row sums one year and procedure of a group; only wide tables are checked.
    if (hasProcCols || yearCol >= 0) return;
    groups.forEach((g, gi) => {
      const checks: [number | undefined, number][] = [
        [g.cols.participants, 0],
        [g.cols.failed, 1],
      ];
      for (const [c, k] of checks) {
        if (c === undefined) continue;
        const v = get(c);
        if (typeof v !== 'number') continue;
        if (v !== sinceTotal[gi][k] && v !== sinceStart[gi][k]) {
          sink.add(
            'RESULTS-TOTAL-MISMATCH',
            sheet,
            a1(row, c),
            `Строка ${row + 1} («итого»): ${showValue(v)}, а сумма по школам выше — ${sinceTotal[gi][k]}${sinceStart[gi][k] !== sinceTotal[gi][k] ? ` (с начала таблицы — ${sinceStart[gi][k]})` : ''}. Строка не участвует в расчёте.`,
            v,
          );
        }
      }
      sinceTotal[gi][0] = 0;
      sinceTotal[gi][1] = 0;
    });
  }
}

/** Identifies ШНОР in a workbook. Never throws on bad data: problems come back as issues. */
export function identify(
  wb: WorkbookSnapshot,
  settings: IdentifySettings,
  options: { mode?: 'auto' | 'full'; results?: ReadResult[] } = {},
): IdentifyResult {
  // `full` skips the compact mode; tests use it to prove both modes give the same result.
  const compact = options.mode === 'full' || options.results ? null : read(wb, settings, true);
  // A school's results not together, or years spanning more than 32: read again, storing everything.
  const ctx = compact === null || compact.tally.aborted ? read(wb, settings, false) : compact;
  const result = decide(ctx);
  if (options.results) listResults(ctx, options.results);
  // Nothing in the result refers to the record store: keep its buffers for the next run.
  giveBackRecords(ctx.recs);
  return result;
}

function read(wb: WorkbookSnapshot, settings: IdentifySettings, compact: boolean): Context {
  const sink = new IssueSink();
  const rows = wb.sheets.reduce((n, sh) => n + sh.values.length, 0);
  const ctx: Context = {
    settings,
    sink,
    recs: takeRecords(compact ? Math.min(rows, 65536) : rows),
    schools: [],
    schoolByName: new Map(),
    schoolByRawId: new Map(),
    pendingSchools: [],
    pendingRaw: [],
    schoolByRawName: new Map(),
    procs: [],
    procByName: new Map(),
    procRank: [],
    sheetNames: [],
    tables: [],
    tableInfo: [],
    bandsSeen: false,
    compact,
    tally: new Tally(settings.threshold, Math.max(0, settings.threshold - settings.riskBand)),
  };
  const sheets = settings.sheet ? wb.sheets.filter((s) => s.name === settings.sheet) : wb.sheets;
  if (settings.sheet && sheets.length === 0) {
    sink.add(
      'MISSING-ROW',
      settings.sheet,
      null,
      `Лист «${settings.sheet}» не найден. Листы книги: ${wb.sheets.map((s) => `«${s.name}»`).join(', ')}.`,
    );
  }
  for (const snap of sheets) {
    if (snap.visibility === 'veryHidden') continue;
    // The product's own sheets (a previous run's verdicts) are not input, unless asked for by name.
    if (!settings.sheet && OWNED_SHEETS.includes(snap.name)) continue;
    const view = new SheetView(snap);
    const table = locateFirstTable(view);
    if (!table) continue;
    ctx.sheetNames.push(snap.name);
    readTable(ctx, view, table, ctx.sheetNames.length - 1);
    if (ctx.tally.aborted) break;
  }
  return ctx;
}

/** Per-record flags computed in one tight pass (see markRecords). */
const IN_Y = 1;
const IN_P = 2;
const LOW = 4;
const NEAR = 8;
const COUNTED = 16;
const DROPPED = 32;

function pickYear(ctx: Context): SchoolYear | null {
  const { recs, settings } = ctx;
  if (settings.year !== null) return parseSchoolYear(settings.year) ?? parseSchoolYear(settings.year, true);
  let Y: SchoolYear | null = null;
  for (let i = 0; i < recs.length; i++) if (Y === null || recs.year[i] > Y) Y = recs.year[i];
  return Y;
}

/** True when each school's records come together in one run (the usual layout). */
function isGrouped(recs: Records, nSchools: number): boolean {
  const seen = new Uint8Array(nSchools);
  let prev = -1;
  for (let i = 0; i < recs.length; i++) {
    const s = recs.school[i];
    if (s !== prev) {
      if (seen[s]) return false;
      seen[s] = 1;
      prev = s;
    }
  }
  return true;
}

interface Scan {
  /** Per record: IN_Y / IN_P, LOW / NEAR, COUNTED, or DROPPED for a repeat. */
  flags: Uint8Array;
  /** The records that are low or near the threshold in Y or Y−1, in reading order. */
  flagged: Int32Array;
  nFlagged: number;
  /** Per school: IN_Y when it has a result in Y, IN_P in Y−1. */
  years: Uint8Array;
  /** Repeats with other numbers: [repeat, first]. */
  differing: [number, number][];
}

/**
 * One pass over the records: the year bits of every school, and which results are low or near the
 * threshold (exact comparison: failing × 100 ≥ threshold × participants, no rounded share). With
 * `findDuplicates` (records grouped by school) repeats are marked in the same pass; otherwise
 * `flags` arrives with them marked already.
 */
function scanRecords(
  recs: Records,
  nSchools: number,
  nProcs: number,
  Y: SchoolYear | null,
  t: number,
  riskFrom: number,
  minPart: number,
  procCounted: boolean[],
  findDuplicates: boolean,
  flags: Uint8Array,
): Scan {
  const n = recs.length;
  const years = new Uint8Array(nSchools);
  let flagged = new Int32Array(1024);
  let nFlagged = 0;
  const differing: [number, number][] = [];
  let minYear = 0;
  let slotSchool = new Int32Array(0);
  let slotRec = new Int32Array(0);
  if (findDuplicates && n > 0) {
    minYear = recs.year[0];
    let maxYear = minYear;
    for (let i = 1; i < n; i++) {
      const y = recs.year[i];
      if (y < minYear) minYear = y;
      else if (y > maxYear) maxYear = y;
    }
    slotSchool = new Int32Array((maxYear - minYear + 1) * nProcs).fill(-1);
    slotRec = new Int32Array(slotSchool.length);
  }
  const YY = Y ?? -10;
  const P = YY - 1;
  const shares = recs.shares;
  const aSchool = recs.school;
  const aYear = recs.year;
  const aProc = recs.proc;
  const aPart = recs.part;
  const aFailed = recs.failed;
  for (let i = 0; i < n; i++) {
    if (flags[i] & DROPPED) continue;
    const s = aSchool[i];
    const y = aYear[i];
    if (findDuplicates) {
      const slot = (y - minYear) * nProcs + aProc[i];
      if (slotSchool[slot] === s) {
        const j = slotRec[slot];
        flags[i] = DROPPED;
        if (!(
          recs.part[i] === recs.part[j] &&
          recs.failed[i] === recs.failed[j] &&
          sameNum(recs.shareAt(i), recs.shareAt(j))
        )) {
          differing.push([i, j]);
        }
        continue;
      }
      slotSchool[slot] = s;
      slotRec[slot] = i;
    }
    let f: number;
    if (y === YY) f = IN_Y;
    else if (y === P) f = IN_P;
    else continue;
    years[s] |= f;
    const part = aPart[i];
    const failed = aFailed[i];
    if (failed >= 0) {
      if (failed * 100 >= t * part) f |= LOW;
      else if (failed * 100 >= riskFrom * part) f |= NEAR;
    } else {
      const share = shares.get(i) ?? NaN;
      if (share >= t) f |= LOW;
      else if (share >= riskFrom) f |= NEAR;
    }
    if (procCounted[aProc[i]] && (part < 0 || part >= minPart)) f |= COUNTED;
    flags[i] = f;
    if (f & (LOW | NEAR)) {
      if (nFlagged === flagged.length) {
        const bigger = new Int32Array(flagged.length * 2);
        bigger.set(flagged);
        flagged = bigger;
      }
      flagged[nFlagged++] = i;
    }
  }
  return { flags, flagged, nFlagged, years, differing };
}

/** Record indices grouped by school (reading order kept within a school): a counting sort, skipped when already grouped. */
function groupBySchool(recs: Records, nSchools: number): { start: Int32Array; order: Int32Array | null } {
  const start = new Int32Array(nSchools + 1);
  let runs = 0;
  let prev = -1;
  for (let i = 0; i < recs.length; i++) {
    const s = recs.school[i];
    start[s + 1]++;
    if (s !== prev) {
      runs++;
      prev = s;
    }
  }
  for (let k = 0; k < nSchools; k++) start[k + 1] += start[k];
  let grouped = runs <= nSchools;
  if (grouped) {
    // one run per school; also require the schools to come in index order (they are numbered as met)
    for (let i = 1; i < recs.length && grouped; i++) if (recs.school[i] < recs.school[i - 1]) grouped = false;
  }
  if (grouped) return { start, order: null };
  const order = new Int32Array(recs.length);
  const fill = start.slice(0, nSchools);
  for (let i = 0; i < recs.length; i++) order[fill[recs.school[i]]++] = i;
  return { start, order };
}

/** Marks repeated (school, year, procedure) results as dropped; returns the pairs that differ (an error). */
function markDuplicates(
  recs: Records,
  start: Int32Array,
  order: Int32Array | null,
  nSchools: number,
  nProcs: number,
  flags: Uint8Array,
): [number, number][] {
  const differing: [number, number][] = [];
  if (recs.length === 0) return differing;
  let minYear = recs.year[0];
  let maxYear = recs.year[0];
  for (let i = 1; i < recs.length; i++) {
    const y = recs.year[i];
    if (y < minYear) minYear = y;
    else if (y > maxYear) maxYear = y;
  }
  const slots = (maxYear - minYear + 1) * nProcs;
  const slotSchool = new Int32Array(slots).fill(-1);
  const slotRec = new Int32Array(slots);
  for (let si = 0; si < nSchools; si++) {
    for (let k = start[si]; k < start[si + 1]; k++) {
      const i = order === null ? k : order[k];
      const slot = (recs.year[i] - minYear) * nProcs + recs.proc[i];
      if (slotSchool[slot] !== si) {
        slotSchool[slot] = si;
        slotRec[slot] = i;
        continue;
      }
      const j = slotRec[slot];
      flags[i] |= DROPPED;
      if (!(
        recs.part[i] === recs.part[j] &&
        recs.failed[i] === recs.failed[j] &&
        sameNum(recs.shareAt(i), recs.shareAt(j))
      )) {
        differing.push([i, j]);
      }
    }
  }
  return differing;
}

/**
 * The compact mode's counterpart of scanRecords: the year bits of every school come from the
 * tally, and only the stored records (low or near the threshold, or with bands) are looked at.
 */
function scanCompact(
  ctx: Context,
  Y: SchoolYear | null,
  minPart: number,
  procCounted: boolean[],
  flags: Uint8Array,
): Scan {
  const { recs, tally } = ctx;
  const nSchools = ctx.schools.length;
  const years = new Uint8Array(nSchools);
  if (Y !== null) {
    for (let s = 0; s < nSchools; s++) {
      years[s] = (tally.schoolHasYear(s, Y) ? IN_Y : 0) | (tally.schoolHasYear(s, Y - 1) ? IN_P : 0);
    }
  }
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
    const part = recs.part[i];
    if (procCounted[recs.proc[i]] && (part < 0 || part >= minPart)) f |= COUNTED;
    flags[i] = f;
    if (f & (LOW | NEAR)) flagged[nFlagged++] = i;
  }
  return { flags, flagged, nFlagged, years, differing: [] };
}

function decide(ctx: Context): IdentifyResult {
  const { recs, settings, sink, tally } = ctx;
  const t = settings.threshold;
  const riskFrom = Math.max(0, t - settings.riskBand);
  const total = ctx.compact ? tally.total : recs.length;
  const Y = ctx.compact
    ? settings.year !== null
      ? (parseSchoolYear(settings.year) ?? parseSchoolYear(settings.year, true))
      : tally.maxYear >= 0
        ? tally.maxYear
        : null
    : pickYear(ctx);
  if (total === 0) {
    sink.add(
      'RESULTS-NO-DATA',
      null,
      null,
      ctx.tables.length === 0
        ? 'Не найдена таблица результатов: нужен столбец с наименованием ОО и столбцы «Количество участников» и «Не справились» (или доля не справившихся).'
        : 'В таблице результатов нет ни одного результата, который можно учесть.',
    );
  } else if (Y !== null && !(ctx.compact ? tally.hasYear(Y) : recs.year.subarray(0, recs.length).includes(Y))) {
    sink.add('RESULTS-NO-DATA', null, null, `В данных нет результатов за ${formatSchoolYear(Y)} учебный год.`);
  }
  const P = Y === null ? null : Y - 1;
  const procCounted = ctx.procs.map((p) => isCounted(settings, p.proc.name, p.programme));
  if (ctx.compact) {
    ctx.procs.forEach((p, i) => (p.results = tally.perProc[i]));
  } else {
    const perProc = countPerProc(recs, ctx.procs.length);
    ctx.procs.forEach((p, i) => (p.results = perProc[i]));
  }
  ctx.procs
    .map((p, i) => ({ name: p.proc.name, i }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .forEach((x, rank) => (ctx.procRank[x.i] = rank));
  const nSchools = ctx.schools.length;
  const nProcs = ctx.procs.length;
  const flags = new Uint8Array(recs.length);
  let scan: Scan;
  // Repeated results with other numbers: (the repeat, the first). None in the compact mode, which
  // gives up on a repeat.
  let differing: [number, number][] = [];
  if (ctx.compact) {
    scan = scanCompact(ctx, Y, settings.minParticipants, procCounted, flags);
  } else {
    const grouped = isGrouped(recs, nSchools);
    if (!grouped) {
      // Rows of a school scattered over the table: group them first to find repeats.
      const { start, order } = groupBySchool(recs, nSchools);
      differing = markDuplicates(recs, start, order, nSchools, nProcs, flags);
    }
    scan = scanRecords(recs, nSchools, nProcs, Y, t, riskFrom, settings.minParticipants, procCounted, grouped, flags);
    if (grouped) differing = scan.differing;
  }
  for (const [i, j] of differing) {
    const d = {
      school: recs.school[i],
      year: recs.year[i],
      proc: recs.proc[i],
      table: recs.table[i],
      row: recs.row[i],
      firstTable: recs.table[j],
      firstRow: recs.row[j],
    };
    const s = ctx.schools[d.school];
    const first = ctx.tableInfo[d.firstTable];
    sink.add(
      'RESULTS-DUPLICATE',
      ctx.sheetNames[ctx.tableInfo[d.table].sheet],
      a1(d.row, ctx.tableInfo[d.table].nameCol),
      `«${s.name}», ${formatSchoolYear(d.year)}, ${ctx.procs[d.proc].proc.name}: результат указан повторно с другими числами (первая строка — ${ctx.sheetNames[first.sheet]}!${d.firstRow + 1}); учтена первая строка.`,
      s.name,
    );
  }
  // Each step below is a function of its own with one loop: called once per run, a long function
  // with several loops would be compiled loop by loop (on-stack replacement) and fall back to the
  // interpreter between them, run after run.
  const { fStart, fOrder } = flaggedBySchool(recs, scan, nSchools);
  const bandsBySchool = bandEvidence(ctx, flags);
  const sc: VerdictScratch = {
    lowCells: new Map(),
    sheet: -1,
    list: [],
    stampY: new Int32Array(nProcs).fill(-1),
    stampP: new Int32Array(nProcs).fill(-1),
    keys: new Float64Array(256),
    low: [],
    reasons: new Map(),
  };
  const verdicts = allVerdicts(ctx, fStart, fOrder, flags, scan.years, bandsBySchool, Y, sc);
  const { byStatus, byMunicipality } = countVerdicts(verdicts);
  const sorted = sortVerdicts(verdicts, byStatus);
  return {
    year: Y === null ? null : formatSchoolYear(Y),
    previousYear: P === null ? null : formatSchoolYear(P),
    threshold: t,
    settings,
    schools: sorted,
    issues: sink.finish(),
    procedures: ctx.procs.map((p, i) => ({
      name: p.proc.name,
      programme: p.programme,
      counted: procCounted[i],
      results: p.results,
    })),
    summary: {
      schools: sorted.length,
      byStatus,
      byMunicipality,
      results: total,
      tables: ctx.tables,
    },
    lowCells: [...sc.lowCells.entries()].map(([si, cells]) => ({ sheet: ctx.sheetNames[si], cells })),
    hasBands: ctx.bandsSeen,
  };
}

function countPerProc(recs: Records, nProcs: number): Int32Array {
  const perProc = new Int32Array(nProcs);
  for (let i = 0; i < recs.length; i++) perProc[recs.proc[i]]++;
  return perProc;
}

/** The flagged records by school: a counting sort over the few flagged ones, reading order kept. */
function flaggedBySchool(recs: Records, scan: Scan, nSchools: number): { fStart: Int32Array; fOrder: Int32Array } {
  const fStart = new Int32Array(nSchools + 1);
  for (let k = 0; k < scan.nFlagged; k++) fStart[recs.school[scan.flagged[k]] + 1]++;
  for (let k = 0; k < nSchools; k++) fStart[k + 1] += fStart[k];
  const fOrder = new Int32Array(scan.nFlagged);
  const fill = fStart.slice(0, nSchools);
  for (let k = 0; k < scan.nFlagged; k++) {
    const i = scan.flagged[k];
    fOrder[fill[recs.school[i]]++] = i;
  }
  return { fStart, fOrder };
}

/** The ЕГЭ bands of the results kept, by school. */
function bandEvidence(ctx: Context, flags: Uint8Array): Map<number, BandEvidence[]> {
  const { recs } = ctx;
  const bySchool = new Map<number, BandEvidence[]>();
  for (const [i, band] of recs.bands) {
    if (flags[i] & DROPPED) continue;
    let list = bySchool.get(recs.school[i]);
    if (!list) bySchool.set(recs.school[i], (list = []));
    list.push({
      year: formatSchoolYear(recs.year[i]),
      procedure: ctx.procs[recs.proc[i]].proc.name,
      belowMin: roundTo(shareOf(recs, i)),
      from61to80: Number.isNaN(band[0]) ? null : roundTo(band[0]),
      from81to100: Number.isNaN(band[1]) ? null : roundTo(band[1]),
    });
  }
  return bySchool;
}

function allVerdicts(
  ctx: Context,
  fStart: Int32Array,
  fOrder: Int32Array,
  flags: Uint8Array,
  years: Uint8Array,
  bandsBySchool: Map<number, BandEvidence[]>,
  Y: SchoolYear | null,
  sc: VerdictScratch,
): SchoolVerdict[] {
  const verdicts: SchoolVerdict[] = [];
  for (let si = 0; si < ctx.schools.length; si++) {
    const bands = bandsBySchool.get(si) ?? NO_BANDS;
    verdicts.push(verdictFor(ctx, si, fStart[si], fStart[si + 1], fOrder, flags, years[si], bands, Y, sc));
  }
  return verdicts;
}

type MunicipalityCounts = IdentifyResult['summary']['byMunicipality'][number];

/** Schools by status and by municipality, counted in reading order (a municipality's schools usually come together). */
function countVerdicts(verdicts: SchoolVerdict[]): {
  byStatus: Record<Status, number>;
  byMunicipality: MunicipalityCounts[];
} {
  // Counted with comparisons, not `counts[v.status]++`: a property named by a variable is a slow
  // generic access, thousands of times.
  let nLow = 0;
  let nRisk = 0;
  const byMun = new Map<string, MunicipalityCounts>();
  let lastMun: string | null | undefined = undefined;
  let e: MunicipalityCounts | undefined;
  for (const v of verdicts) {
    if (v.municipality !== lastMun || e === undefined) {
      lastMun = v.municipality;
      const m = v.municipality ?? '(не указан)';
      e = byMun.get(m);
      if (!e) byMun.set(m, (e = { municipality: m, schools: 0, ШНОР: 0, риск: 0, норма: 0 }));
    }
    e.schools++;
    if (v.status === 'ШНОР') {
      nLow++;
      e.ШНОР++;
    } else if (v.status === 'риск') {
      nRisk++;
      e.риск++;
    } else e.норма++;
  }
  const byStatus: Record<Status, number> = { ШНОР: nLow, риск: nRisk, норма: verdicts.length - nLow - nRisk };
  const byMunicipality = [...byMun.values()].sort((a, b) => collator.compare(a.municipality, b.municipality));
  return { byStatus, byMunicipality };
}

/**
 * By status, then name as people read it, then id. Each status apart, in reading order, so that a
 * list already in order (as exports usually are) sorts in one pass.
 */
function sortVerdicts(verdicts: SchoolVerdict[], byStatus: Record<Status, number>): SchoolVerdict[] {
  const byName = (a: SchoolVerdict, b: SchoolVerdict): number =>
    compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = new Array<SchoolVerdict>(verdicts.length);
  let at = 0;
  for (const status of ['ШНОР', 'риск', 'норма'] as const) {
    const part = new Array<SchoolVerdict>(byStatus[status]);
    let n = 0;
    for (const v of verdicts) if (v.status === status) part[n++] = v;
    part.sort(byName);
    for (const v of part) sorted[at++] = v;
  }
  return sorted;
}

/** A low result's index in its school's list, kept in the low bits of its sort key (a school has at most 2 × 65,536 low results counted). */
const LOW_INDEX = 1 << 20;

/** What verdictFor shares from school to school within a run. */
interface VerdictScratch {
  /** The cells of the low results by sheet, and the list of the sheet last added to. */
  lowCells: Map<number, string[]>;
  sheet: number;
  list: string[];
  /** Per procedure: the last school with a low result in the year / in the previous year. */
  stampY: Int32Array;
  stampP: Int32Array;
  /** Sort keys of a school's low results, and the results in reading order. */
  keys: Float64Array;
  low: ResultEvidence[];
  /** Reason texts by their figures (see reasonFor). */
  reasons: Map<number, string>;
}

/** The verdict of one school from its flagged records; evidence is built only for what is shown. */
function verdictFor(
  ctx: Context,
  si: number,
  from: number,
  to: number,
  order: Int32Array,
  flags: Uint8Array,
  years: number,
  bands: BandEvidence[],
  Y: SchoolYear | null,
  sc: VerdictScratch,
): SchoolVerdict {
  const { recs, settings } = ctx;
  const s = ctx.schools[si];
  const hasY = (years & IN_Y) !== 0;
  const hasP = (years & IN_P) !== 0;
  if (from === to) {
    // Nothing low or near the threshold (most schools): норма, with the shared empty lists.
    return {
      id: s.id,
      idGiven: s.idGiven,
      name: s.name,
      municipality: s.municipality,
      status: 'норма',
      rule1: false,
      rule2: false,
      low: NO_EVIDENCE,
      lowCountYear: 0,
      lowCountPreviousYear: 0,
      nearThreshold: NO_EVIDENCE,
      excluded: NO_EVIDENCE,
      yearMissing: !hasY,
      previousYearMissing: !hasP,
      bands,
      reason: reasonFor('норма', false, false, 0, 0, 0, !hasP, hasY || hasP, Y, settings, sc.reasons),
    };
  }
  // The low results in reading order, gathered in the shared scratch list and copied out sorted.
  const unsorted = sc.low;
  let nLow = 0;
  const near: ResultEvidence[] = [];
  const excluded: ResultEvidence[] = [];
  // Procedures with a low result in the year and in the previous one, counted with stamps.
  const { stampY, stampP } = sc;
  let nY = 0;
  let nP = 0;
  let both = false;
  /** Per low result: its order (latest year first, then procedures alphabetically) and its index in `low`. */
  let keys = sc.keys;
  for (let k = from; k < to; k++) {
    const i = order[k];
    const f = flags[i];
    if (f & NEAR) {
      if (f & IN_Y && f & COUNTED) near.push(evidence(ctx, i, settings));
      continue;
    }
    if (!(f & LOW)) continue;
    const ev = evidence(ctx, i, settings);
    const sheetIdx = ctx.tableInfo[recs.table[i]].sheet;
    if (sheetIdx !== sc.sheet) {
      sc.sheet = sheetIdx;
      let list = sc.lowCells.get(sheetIdx);
      if (!list) sc.lowCells.set(sheetIdx, (list = []));
      sc.list = list;
    }
    sc.list.push(ev.cell);
    if (!(f & COUNTED)) {
      excluded.push(ev);
      continue;
    }
    if (nLow === keys.length) {
      const grown = new Float64Array(keys.length * 2);
      grown.set(keys);
      sc.keys = keys = grown;
    }
    keys[nLow] = ((65535 - recs.year[i]) * 65536 + ctx.procRank[recs.proc[i]]) * LOW_INDEX + nLow;
    unsorted[nLow++] = ev;
    const p = recs.proc[i];
    if (f & IN_Y) {
      if (stampY[p] !== si) {
        stampY[p] = si;
        nY++;
        if (stampP[p] === si) both = true;
      }
    } else if (stampP[p] !== si) {
      stampP[p] = si;
      nP++;
      if (stampY[p] === si) both = true;
    }
  }
  const rule1 = nY >= 2;
  const rule2 = settings.rule2 === 'same' ? both : nY >= 1 && nP >= 1;
  const status: Status = rule1 || rule2 ? 'ШНОР' : nY + nP > 0 || near.length > 0 ? 'риск' : 'норма';
  // The keys hold their index below LOW_INDEX (nLow is far below it): a plain numeric sort orders
  // them, ties in reading order.
  const byKey = keys.subarray(0, nLow).sort();
  const low: ResultEvidence[] = nLow === 0 ? NO_EVIDENCE : new Array<ResultEvidence>(nLow);
  for (let k = 0; k < nLow; k++) low[k] = unsorted[byKey[k] % LOW_INDEX];
  return {
    id: s.id,
    idGiven: s.idGiven,
    name: s.name,
    municipality: s.municipality,
    status,
    rule1,
    rule2,
    low,
    lowCountYear: nY,
    lowCountPreviousYear: nP,
    nearThreshold: near,
    excluded,
    yearMissing: !hasY,
    previousYearMissing: !hasP,
    bands,
    reason: reasonFor(status, rule1, rule2, nY, nP, near.length, !hasP, hasY || hasP, Y, settings, sc.reasons),
  };
}

/**
 * The empty lists of evidence shared by the verdicts that have none (thousands of schools in a
 * region): frozen, so that nobody can add to one school's list and change them all.
 */
const NO_EVIDENCE = Object.freeze([]) as unknown as ResultEvidence[];
const NO_BANDS = Object.freeze([]) as unknown as BandEvidence[];

/** School years as text, made once each (evidence repeats the same few years thousands of times). */
const yearTexts: string[] = [];

function yearText(y: SchoolYear): string {
  return (yearTexts[y] ??= formatSchoolYear(y));
}

function sameNum(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function shareOf(recs: Records, i: number): number {
  return recs.shareAt(i);
}

function evidence(ctx: Context, i: number, settings: IdentifySettings): ResultEvidence {
  const { recs } = ctx;
  const part = recs.partAt(i);
  return {
    year: yearText(recs.year[i]),
    procedure: ctx.procs[recs.proc[i]].proc.name,
    participants: Number.isNaN(part) ? null : part,
    failed: recs.failed[i] < 0 ? null : recs.failed[i],
    share: roundTo(shareOf(recs, i)),
    smallSample: !Number.isNaN(part) && part < settings.smallSample,
    sheet: ctx.sheetNames[ctx.tableInfo[recs.table[i]].sheet],
    cell: a1(recs.row[i], recs.col[i]),
  };
}

/** reasonText, made once per combination of its figures (thousands of schools share a few). */
function reasonFor(
  status: Status,
  rule1: boolean,
  rule2: boolean,
  nY: number,
  nP: number,
  nNear: number,
  prevMissing: boolean,
  hasAny: boolean,
  Y: SchoolYear | null,
  s: IdentifySettings,
  memo: Map<number, string>,
): string {
  // Only the figures the text shows tell texts apart: a ШНОР school's names the count of the year
  // (and only under rule 1), a норма school's none.
  if (status !== 'риск') {
    if (!rule1) nY = 0;
    nP = 0;
    nNear = 0;
  }
  if (nY > 1000 || nP > 1000 || nNear > 1000)
    return reasonText(status, rule1, rule2, nY, nP, nNear, prevMissing, hasAny, Y, s);
  const key =
    (((nY * 1024 + nP) * 1024 + nNear) * 4 + (status === 'ШНОР' ? 0 : status === 'риск' ? 1 : 2)) * 16 +
    (rule1 ? 8 : 0) +
    (rule2 ? 4 : 0) +
    (prevMissing ? 2 : 0) +
    (hasAny ? 1 : 0);
  let text = memo.get(key);
  if (text === undefined) {
    text = reasonText(status, rule1, rule2, nY, nP, nNear, prevMissing, hasAny, Y, s);
    memo.set(key, text);
  }
  return text;
}

function reasonText(
  status: Status,
  rule1: boolean,
  rule2: boolean,
  nY: number,
  nP: number,
  nNear: number,
  prevMissing: boolean,
  hasAny: boolean,
  Y: SchoolYear | null,
  s: IdentifySettings,
): string {
  const y = Y === null ? 'последнем году' : `${formatSchoolYear(Y)} учебном году`;
  const yp = Y === null ? 'предыдущем году' : `${formatSchoolYear(Y - 1)} учебном году`;
  const parts: string[] = [];
  if (rule1) parts.push(`правило 1: низкие результаты в ${y} по ${nY} процедурам`);
  if (rule2) {
    parts.push(
      s.rule2 === 'same'
        ? `правило 2: низкий результат по одной и той же процедуре в ${yp} и в ${y}`
        : `правило 2: низкие результаты и в ${yp}, и в ${y}`,
    );
  }
  if (status === 'риск') {
    if (nY + nP > 0) parts.push(`низкие результаты: ${nY} в ${y}, ${nP} в ${yp} — недостаточно для ШНОР`);
    if (nNear > 0)
      parts.push(
        `в ${y} ${nNear} ${plural(nNear, 'результат', 'результата', 'результатов')} в зоне риска (от ${formatNumberRu(s.threshold - s.riskBand)} % до порога)`,
      );
  }
  if (status === 'норма') parts.push(hasAny ? 'низких результатов нет' : 'нет учитываемых результатов за эти годы');
  if (prevMissing)
    parts.push(`нет данных за ${Y === null ? 'предыдущий год' : formatSchoolYear(Y - 1)} — правило 2 проверить нельзя`);
  return parts.join('; ');
}

/** One result as read (for the report's figures, src/engine/report): the first of repeats only. */
export interface ReadResult {
  schoolId: string;
  year: string;
  procedure: string;
  participants: number | null;
  failed: number | null;
  /** Exact failing share in percent. */
  share: number;
  /** ЕГЭ bands (percent) where the input has them. */
  bands: [number | null, number | null] | null;
}

/** Every result stored by the full mode, repeats of a (school, year, procedure) left out. */
function listResults(ctx: Context, out: ReadResult[]): void {
  const { recs } = ctx;
  const seen = new Set<string>();
  for (let i = 0; i < recs.length; i++) {
    const key = `${recs.school[i]}|${recs.year[i]}|${recs.proc[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const band = recs.bands.get(i);
    out.push({
      schoolId: ctx.schools[recs.school[i]].id,
      year: formatSchoolYear(recs.year[i]),
      procedure: ctx.procs[recs.proc[i]].proc.name,
      participants: recs.part[i] < 0 ? null : recs.part[i],
      failed: recs.failed[i] < 0 ? null : recs.failed[i],
      share: recs.shareAt(i),
      bands: band ? [Number.isNaN(band[0]) ? null : band[0], Number.isNaN(band[1]) ? null : band[1]] : null,
    });
  }
}
