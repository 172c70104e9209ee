/**
 * The web page's WorkbookHost: a workbook opened from disk, held as bytes in the browser. Reads
 * go through the file adapter's reader (src/xlsx/read.ts), edits through its package patcher
 * (src/xlsx/patch.ts), so the annotated copy keeps every part of the original package.
 * Nothing leaves the browser: the copy is handed back as bytes for a download.
 */
import { Edit, editValueText } from '../engine/edits';
import { CellValue, SheetSnapshot, WorkbookSnapshot, parseA1 } from '../engine/snapshot';
import { readWorkbook } from '../xlsx/read';
import { applyEditsWithReport, readState } from '../xlsx/patch';
import { ApplyOutcome, HostOptions, IdentifyJob, SheetKind, WorkbookHost } from './host';
import type { BookSummary, Identified } from './readJob';
import type { IdentifyResult } from '../engine/results/identify';

/** Runs «Идентификация» on a held workbook's bytes (in the page's worker: readJob.identifyInWorker). */
export type HeldRunner = (
  job: IdentifyJob & { name: string; bytes: Uint8Array },
  options: HostOptions,
) => Promise<Identified>;

export class FileOpenError extends Error {}

export const OWN_TEXT_REASON = 'в ячейке ваш собственный текст, программа его не заменяет';
export const FILLED_REASON = 'ячейка уже заполнена, программа пишет только в пустые';

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('Работа прервана.', 'AbortError');
}

/** Lets the page paint (progress bar) between two steps of synchronous work. */
function pause(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

function isEmpty(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** A1 range `B2:D10` (or one cell) to 0-based inclusive bounds. */
function parseRange(address: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const [a, b] = address.replace(/^.*!/, '').split(':');
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

/** The part of a sheet snapshot inside a range, with its origin; merges clipped to the range. */
export function cropSheet(s: SheetSnapshot, address: string): SheetSnapshot {
  const box = parseRange(address);
  if (!box) throw new FileOpenError(`«${address}» — не адрес диапазона; пишите так: A1:F200.`);
  const r0 = s.origin?.row ?? 0;
  const c0 = s.origin?.col ?? 0;
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  let anyFormat = false;
  for (let r = box.r1; r <= box.r2 && r - r0 < s.values.length; r++) {
    const line = s.values[r - r0] ?? [];
    const out: CellValue[] = [];
    const fout: (string | null)[] = [];
    for (let c = box.c1; c <= box.c2 && c - c0 < line.length; c++) {
      out.push(line[c - c0] ?? null);
      const f = s.formats?.[r - r0]?.[c - c0] ?? null;
      if (f) anyFormat = true;
      fout.push(f);
    }
    values.push(out);
    formats.push(fout);
  }
  const merges = s.merges
    .filter((m) => m.r1 <= box.r2 && m.r2 >= box.r1 && m.c1 <= box.c2 && m.c2 >= box.c1)
    .map((m) => ({
      r1: Math.max(m.r1, box.r1),
      c1: Math.max(m.c1, box.c1),
      r2: Math.min(m.r2, box.r2),
      c2: Math.min(m.c2, box.c2),
    }));
  return {
    name: s.name,
    values,
    formats: anyFormat ? formats : undefined,
    merges,
    origin: { row: box.r1, col: box.c1 },
    visibility: s.visibility,
  };
}

/** What a command other than «Идентификация» says on a workbook held by the worker. */
export function tooBig(name: string, rows: number): string {
  return (
    `«${name}»: в книге ${rows.toLocaleString('ru-RU')} строк — на веб-странице с такой большой книгой работает ` +
    'только «Идентификация ШНОР». Остальные команды для неё выполните в командной строке (shnor) или в Excel.'
  );
}

export class FileHost implements WorkbookHost {
  readonly kind = 'file' as const;
  private bytes: Uint8Array;
  /** The workbook's snapshot; null for a big one held by the page's worker (then `book` says what it is). */
  private snapshot: WorkbookSnapshot | null;
  private book: BookSummary | null = null;
  private current: string;
  private selected: { sheet: string; address: string } | null = null;
  /** True once an edit changed the workbook (there is an annotated copy to download). */
  changed = false;

  private constructor(
    readonly name: string,
    bytes: Uint8Array,
    snapshot: WorkbookSnapshot | null,
    book: BookSummary | null = null,
  ) {
    this.bytes = bytes;
    this.snapshot = snapshot;
    this.book = book;
    this.current = this.visibleSheets()[0] ?? this.sheetNames()[0] ?? '';
  }

  /**
   * A big workbook the page's worker read and kept (src/taskpane/readJob.ts): the page holds its
   * bytes and what it shows of it; «Идентификация» runs in a worker (`runner`), other commands say
   * the book is too big for the page.
   */
  static held(name: string, bytes: Uint8Array, book: BookSummary, runner: HeldRunner): FileHost {
    const h = new FileHost(name, bytes, null, book);
    h.identifyHere = async (job, options = {}) => {
      aborted(options.signal);
      const out = await runner({ ...job, name: h.name, bytes: h.bytes }, options);
      h.bytes = out.bytes;
      h.book = out.held;
      h.changed = true;
      return { result: out.result, outcome: out.outcome };
    };
    return h;
  }

  /** Set for a held workbook: «Идентификация» in the worker (see `held`). */
  identifyHere?: (
    job: IdentifyJob,
    options?: HostOptions,
  ) => Promise<{ result: IdentifyResult; outcome: ApplyOutcome }>;

  /** True for a big workbook held by the page's worker. */
  get isHeld(): boolean {
    return this.snapshot === null;
  }

  private sheetNames(): string[] {
    return (this.snapshot?.sheets ?? this.book?.sheets ?? []).map((s) => s.name);
  }

  /** The kind of a sheet of a held workbook, as the worker told it; null otherwise. */
  kindOf(sheet: string): SheetKind | null {
    const s = this.book?.sheets.find((x) => x.name === sheet);
    if (!s) return null;
    return s.fisoko ? { sheet, kind: s.kind, fisoko: s.fisoko } : { sheet, kind: s.kind };
  }

  private whole(): WorkbookSnapshot {
    if (!this.snapshot) throw new FileOpenError(tooBig(this.name, this.book?.rows ?? 0));
    return this.snapshot;
  }

  /** Opens a workbook from its bytes; throws FileOpenError with a Russian message naming the file. */
  static open(name: string, bytes: Uint8Array): FileHost {
    const read = readWorkbook(bytes);
    if (!read.ok) throw new FileOpenError(`«${name}»: ${read.message}`);
    return new FileHost(name, bytes, read.workbook);
  }

  /** A workbook already read (by the page's reading worker, src/taskpane/readJob.ts). */
  static fromSnapshot(name: string, bytes: Uint8Array, snapshot: WorkbookSnapshot): FileHost {
    return new FileHost(name, bytes, snapshot);
  }

  /** Names of the sheets a user sees (hidden and very-hidden ones left out). */
  visibleSheets(): string[] {
    return (this.snapshot?.sheets ?? this.book?.sheets ?? [])
      .filter((s) => (s.visibility ?? 'visible') === 'visible')
      .map((s) => s.name);
  }

  /** The page's sheet chooser: the sheet the commands work on. */
  setActiveSheet(name: string): void {
    if (!this.sheetNames().includes(name)) throw new FileOpenError(`В книге нет листа «${name}».`);
    this.current = name;
  }

  /** The page's range field: the range «Идентификация» may work on. */
  setSelection(sheet: string, address: string): void {
    if (!parseRange(address)) throw new FileOpenError(`«${address}» — не адрес диапазона; пишите так: A1:F200.`);
    this.selected = { sheet, address: address.toUpperCase() };
  }

  /** The workbook as it is now: the original bytes, or the annotated copy after edits. */
  copy(): Uint8Array {
    return this.bytes;
  }

  /** The name of the annotated copy: `книга — проверено.xlsx`. */
  copyName(): string {
    return this.name.replace(/(\.xlsx|\.xlsm)?$/i, (ext) => ' — проверено' + (ext || '.xlsx'));
  }

  async activeSheet(): Promise<string> {
    return this.current;
  }

  async selection(): Promise<{ sheet: string; address: string } | null> {
    return this.selected;
  }

  async read(
    options: HostOptions & { sheets?: string[]; range?: { sheet: string; address: string } } = {},
  ): Promise<WorkbookSnapshot> {
    aborted(options.signal);
    const all = this.whole().sheets;
    if (options.range) {
      const { sheet, address } = options.range;
      const s = all.find((x) => x.name === sheet);
      if (!s) throw new FileOpenError(`В книге нет листа «${sheet}».`);
      return { sheets: [cropSheet(s, address)] };
    }
    if (options.sheets) {
      const wanted = new Set(options.sheets);
      return { sheets: all.filter((s) => wanted.has(s.name)) };
    }
    return { sheets: all.filter((s) => (s.visibility ?? 'visible') !== 'hidden') };
  }

  async apply(edits: Edit[], options: HostOptions & { overwrite?: string[] } = {}): Promise<ApplyOutcome> {
    const { signal, onProgress } = options;
    aborted(signal);
    this.whole();
    const total = edits.length;
    onProgress?.({ done: 0, total, stage: 'Подготовка изменений…' });
    await pause();
    aborted(signal);
    const skipped: ApplyOutcome['skipped'] = [];
    const allowed = this.guard(edits, new Set(options.overwrite ?? []), skipped);
    onProgress?.({ done: 0, total, stage: 'Запись в книгу…' });
    await pause();
    aborted(signal);
    if (allowed.length > 0) {
      const report = applyEditsWithReport(this.bytes, allowed);
      for (const s of report.skipped) skipped.push({ sheet: s.sheet, cell: s.cell, reason: s.message });
      // Nothing is kept half-done: the new bytes replace the old ones only once the patch is whole.
      const read = readWorkbook(report.bytes);
      if (!read.ok) throw new FileOpenError(`«${this.name}»: ${read.message}`);
      this.bytes = report.bytes;
      this.snapshot = read.workbook;
      this.changed = true;
    }
    onProgress?.({ done: total, total, stage: 'Готово.' });
    return { skipped };
  }

  async select(sheet: string, cell: string): Promise<void> {
    if (this.sheetNames().includes(sheet)) this.current = sheet;
    this.selected = { sheet, address: cell };
  }

  /**
   * The write-back rules for values: a computed (derived) cell is written only when empty; a
   * conclusion only when empty, already holding the draft, or still holding the text the product
   * wrote there last time — unless the user chose to replace it (`overwrite`).
   */
  private guard(edits: Edit[], overwrite: Set<string>, skipped: ApplyOutcome['skipped']): Edit[] {
    if (!edits.some((e) => e.kind === 'setValue')) return edits;
    const written = new Map<string, string>();
    for (const w of readState(this.bytes)?.written ?? []) written.set(`${w.sheet}!${w.cell}`, w.text);
    const sheets = new Map(this.whole().sheets.map((s) => [s.name, s]));
    const valueAt = (sheet: string, cell: string): CellValue | undefined => {
      const s = sheets.get(sheet);
      const p = parseA1(cell);
      if (!s || !p) return undefined;
      return s.values[p.row - (s.origin?.row ?? 0)]?.[p.col - (s.origin?.col ?? 0)];
    };
    return edits.filter((e) => {
      if (e.kind !== 'setValue') return true;
      const key = `${e.sheet}!${e.cell}`;
      const now = valueAt(e.sheet, e.cell);
      if (isEmpty(now) || overwrite.has(key) || e.purpose === 'user' || text(now) === editValueText(e.value))
        return true;
      if (e.purpose === 'conclusion') {
        if (written.get(key) === text(now)) return true;
        skipped.push({ sheet: e.sheet, cell: e.cell, reason: OWN_TEXT_REASON, ownText: text(now) });
      } else {
        skipped.push({ sheet: e.sheet, cell: e.cell, reason: FILLED_REASON });
      }
      return false;
    });
  }
}

/** The web page's «Сводка»: a file from disk as one input, read only when its turn comes. */
export function fileSource(
  name: string,
  bytes: () => Promise<Uint8Array>,
): { name: string; load: () => Promise<WorkbookSnapshot> } {
  return {
    name,
    load: async () => {
      const read = readWorkbook(await bytes());
      if (!read.ok) throw new FileOpenError(`«${name}»: ${read.message}`);
      return read.workbook;
    },
  };
}
