/**
 * Reading workbooks off the page's main thread: the message protocol between the web page and its
 * Web Worker (src/taskpane/read.worker.ts), the work itself (`runRead`, the same code in the worker
 * and in the in-thread fallback), and the client (`readFiles`) that starts a worker when the
 * environment has one, reports progress and cancels by ending the worker — the page stays usable
 * and nothing it held before is touched: results arrive only once every file is read.
 *
 * A big workbook (more than `HOLD_ROWS` rows: the all-Russia results) is not handed to the page:
 * copying its snapshot into the page would stop the page for seconds and double the memory. The
 * page gets what it shows of it (`BookSummary`: the sheets and their kinds), keeps its bytes, and
 * runs «Идентификация» on it in a worker too (`runIdentifyJob`, the same `identifyWork` and the
 * same patcher as on the page), which sends back the verdicts, the new bytes and the new summary.
 */
import { z } from 'zod';
import { WorkbookSnapshot } from '../engine/snapshot';
import { IdentifyResult } from '../engine/results/identify';
import { parseIdentifySettings } from '../engine/results/settings';
import { readWorkbook } from '../xlsx/read';
import { readFast } from '../xlsx/stream';
import { applyEditsWithReport } from '../xlsx/patch';
import { identifyWork, sheetKindOf } from './actions';
import { cropSheet } from './fileHost';
import { ApplyOutcome, IdentifyJob, Progress, SheetKind } from './host';

/** Above this many rows a workbook read by the worker stays there (see the file's header). */
export const HOLD_ROWS = 100_000;

/** One file to read: its name (for messages) and its bytes. */
export interface ReadFile {
  name: string;
  bytes: Uint8Array;
}

/** A sheet of a workbook kept out of the page: its name, visibility and kind. */
export interface SheetSummary {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  kind: SheetKind['kind'];
  fisoko?: SheetKind['fisoko'];
}

/** What the page shows of a workbook kept out of it. */
export interface BookSummary {
  rows: number;
  sheets: SheetSummary[];
}

/** The outcome for one file: its snapshot (or, for a big one, its summary), or a Russian message naming it. */
export type FileRead =
  | { name: string; ok: true; workbook: WorkbookSnapshot; rows: number }
  | { name: string; ok: true; held: BookSummary; rows: number }
  | { name: string; ok: false; message: string };

const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array);

/** Page → worker: read files, or identify a big one. */
export const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    files: z.array(z.object({ name: z.string(), bytes: bytesSchema })),
    /** Workbooks with more rows than this stay in the worker (none when absent). */
    hold: z.number().optional(),
  }),
  z.object({
    type: z.literal('identify'),
    name: z.string(),
    bytes: bytesSchema,
    settings: z.record(z.string(), z.unknown()),
    target: z.union([
      z.object({ sheet: z.string() }),
      z.object({ range: z.object({ sheet: z.string(), address: z.string() }) }),
    ]),
    date: z.string(),
  }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/** The outcome of «Идентификация» in the worker. */
export interface Identified {
  result: IdentifyResult;
  outcome: ApplyOutcome;
  /** The workbook with the verdict sheet, «Проверка» and the highlights, and its new summary. */
  bytes: Uint8Array;
  held: BookSummary;
}

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'file'; result: FileRead }
  | { type: 'identified'; identified: Identified }
  | { type: 'done' }
  | { type: 'fail'; message: string };

const mb = (n: number): string => (n / 1048576).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
const count = (n: number): string => n.toLocaleString('ru-RU');

/** Rows of all sheets of a snapshot. */
export function snapshotRows(wb: WorkbookSnapshot): number {
  return wb.sheets.reduce((n, s) => n + s.values.length, 0);
}

/** The summary of a snapshot: each sheet's name, visibility and kind (as `activeSheetKind` tells it). */
export function summarize(wb: WorkbookSnapshot): BookSummary {
  return {
    rows: snapshotRows(wb),
    sheets: wb.sheets.map((s) => {
      const k = sheetKindOf({ sheets: [s] }, s.name);
      const visibility = s.visibility ?? 'visible';
      return k.fisoko
        ? { name: s.name, visibility, kind: k.kind, fisoko: k.fisoko }
        : { name: s.name, visibility, kind: k.kind };
    }),
  };
}

/**
 * Reads one file with the CLI's reader (`readFast`: the streaming one when it handles the file,
 * else the general one), posting progress within it at most about once per 1 % of the file.
 * `done`/`total`: the bytes of the files before this one and of all files; `rows`: rows read before.
 */
function readOne(
  f: ReadFile,
  head: string,
  at: { done: number; total: number; rows: number },
  post: (m: FromWorker) => void,
): ReturnType<typeof readFast> {
  let last = 0;
  const onProgress = (part: number, parts: number, read: number): void => {
    // the sheet data's compressed bytes, as a share of this file's size
    const now = Math.min(f.bytes.length, Math.round((part / (parts || 1)) * f.bytes.length));
    if (now - last < f.bytes.length / 100 || now >= f.bytes.length) return;
    last = now;
    post({
      type: 'progress',
      progress: {
        done: at.done + now,
        total: at.total,
        stage: `${head}: прочитано ${mb(now)} МБ, строк: ${count(at.rows + read)}…`,
      },
    });
  };
  return readFast(f.bytes, readWorkbook, { onProgress });
}

/**
 * Reads the files one by one, posting progress (in bytes: the share of the files' size read so
 * far — within a big file too, as the streaming reader goes) and each file's outcome; a workbook
 * of more than `hold` rows is sent as its summary. `stop()` is asked between two files (the
 * in-thread path's cancel; the worker is simply ended).
 */
export function runRead(
  files: ReadFile[],
  post: (m: FromWorker) => void,
  stop: () => boolean = () => false,
  hold = Infinity,
): void {
  const total = files.reduce((n, f) => n + f.bytes.length, 0) || 1;
  let done = 0;
  let rows = 0;
  files.forEach((f, i) => {
    if (stop()) return;
    const head = `Читаю файл ${i + 1} из ${files.length}: «${f.name}» (${mb(f.bytes.length)} МБ)`;
    post({
      type: 'progress',
      progress: { done, total, stage: head + (rows > 0 ? `. Прочитано строк: ${count(rows)}` : '') + '…' },
    });
    const read = readOne(f, head, { done, total, rows }, post);
    done += f.bytes.length;
    if (read.ok) {
      const n = snapshotRows(read.workbook);
      rows += n;
      post({
        type: 'file',
        result:
          n > hold
            ? { name: f.name, ok: true, held: summarize(read.workbook), rows: n }
            : { name: f.name, ok: true, workbook: read.workbook, rows: n },
      });
    } else post({ type: 'file', result: { name: f.name, ok: false, message: `«${f.name}»: ${read.message}` } });
    post({
      type: 'progress',
      progress: { done, total, stage: `Прочитано файлов: ${i + 1} из ${files.length}, строк: ${count(rows)}.` },
    });
  });
  post({ type: 'done' });
}

/**
 * «Идентификация» on a big workbook, in the worker: reads it again (the page kept only its bytes),
 * identifies the target as the page would (`identifyWork`), writes the edits with the page's
 * patcher (FileHost.apply: the identification's edits write no values, so no write-back rule
 * holds one back), reads the new workbook and posts the verdicts, the new bytes and their summary.
 */
export function runIdentifyJob(
  job: IdentifyJob & { name: string; bytes: Uint8Array },
  post: (m: FromWorker) => void,
): void {
  const size = job.bytes.length;
  const step = (k: number, stage: string): void =>
    post({ type: 'progress', progress: { done: size * k, total: size * 4, stage } });
  // each snapshot lives only inside its step, so that it can be freed before the next one
  const work = identifyStep(job, step, post);
  if (typeof work === 'string') {
    post({ type: 'fail', message: work });
    return;
  }
  step(2, 'Записываю в книгу лист с итогами и выделение…');
  const report = applyEditsWithReport(job.bytes, work.edits);
  const skipped = report.skipped.map((s) => ({ sheet: s.sheet, cell: s.cell, reason: s.message }));
  step(3, 'Перечитываю книгу…');
  const held = summaryOf(report.bytes);
  if (typeof held === 'string') {
    post({ type: 'fail', message: `«${job.name}»: ${held}` });
    return;
  }
  post({ type: 'identified', identified: { result: work.result, outcome: { skipped }, bytes: report.bytes, held } });
  post({ type: 'done' });
}

/** Reads the job's workbook and identifies its target; a Russian message when it cannot. */
function identifyStep(
  job: IdentifyJob & { name: string; bytes: Uint8Array },
  step: (k: number, stage: string) => void,
  post: (m: FromWorker) => void,
): ReturnType<typeof identifyWork> | string {
  const size = job.bytes.length;
  const head = `Читаю «${job.name}» (${mb(size)} МБ)`;
  step(0, head + '…');
  const read = readOne({ name: job.name, bytes: job.bytes }, head, { done: 0, total: size * 4, rows: 0 }, post);
  if (!read.ok) return `«${job.name}»: ${read.message}`;
  const sheet = 'range' in job.target ? job.target.range.sheet : job.target.sheet;
  const own = read.workbook.sheets.find((s) => s.name === sheet);
  if (!own) return `В книге нет листа «${sheet}».`;
  const wb = { sheets: ['range' in job.target ? cropSheet(own, job.target.range.address) : own] };
  step(1, 'Определяю ШНОР…');
  return identifyWork(wb, parseIdentifySettings(job.settings), job.date);
}

function summaryOf(bytes: Uint8Array): BookSummary | string {
  const again = readFast(bytes, readWorkbook);
  return again.ok ? summarize(again.workbook) : again.message;
}

/** What `readFiles` needs of a Worker (the browser's, or a test's stand-in). */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  terminate(): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: unknown) => void) | null;
}

export const CANCELLED = 'Чтение файлов прервано. Открытые ранее книги не изменились — можно работать дальше.';
const WORKER_FAILED = 'Не удалось прочитать файлы: чтение остановилось с ошибкой. Попробуйте открыть файлы ещё раз.';

function abortError(): DOMException {
  return new DOMException(CANCELLED, 'AbortError');
}

/**
 * Sends one request to a new worker and follows its answers until 'done': progress to
 * `onProgress`, the rest to `onMessage`. Rejects with an AbortError when `signal` aborts (the
 * worker is ended at once, whatever it was doing), with `fallback()`'s outcome when the worker
 * never started (blocked by the browser), else with the worker's Russian message.
 */
function talk<T>(
  w: WorkerLike,
  request: ToWorker,
  options: { onProgress?: (p: Progress) => void; signal?: AbortSignal },
  onMessage: (m: FromWorker) => void,
  finish: () => T,
  fallback: () => Promise<T>,
): Promise<T> {
  const { onProgress, signal } = options;
  let heard = false;
  return new Promise((resolve, reject) => {
    const end = (): void => {
      signal?.removeEventListener('abort', onAbort);
      w.onmessage = null;
      w.onerror = null;
      w.terminate();
    };
    const onAbort = (): void => {
      end();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort);
    w.onerror = () => {
      end();
      if (!heard) fallback().then(resolve, reject);
      else reject(new Error(WORKER_FAILED));
    };
    w.onmessage = (e) => {
      const m = e.data;
      heard = true;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') {
        end();
        resolve(finish());
      } else if (m.type === 'fail') {
        end();
        reject(new Error(m.message));
      } else onMessage(m);
    };
    w.postMessage(request);
  });
}

/**
 * Reads the files in a worker made by `makeWorker` (none: read in this thread, letting the page
 * paint between files). Rejects with an AbortError when `signal` aborts; the worker is ended at
 * once, whatever it was doing. With a worker, a workbook of more than `hold` rows comes back as
 * its summary (`held`); read in this thread, every file comes back whole.
 */
export function readFiles(
  files: ReadFile[],
  options: {
    onProgress?: (p: Progress) => void;
    signal?: AbortSignal;
    makeWorker?: (() => WorkerLike) | null;
    hold?: number;
  } = {},
): Promise<FileRead[]> {
  const { onProgress, signal, makeWorker } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const results: FileRead[] = [];
  if (!makeWorker) return readInThread(files, results, onProgress, signal);
  let w: WorkerLike;
  try {
    w = makeWorker();
  } catch {
    return readInThread(files, results, onProgress, signal);
  }
  return talk(
    w,
    { type: 'read', files: files.map((f) => ({ name: f.name, bytes: f.bytes })), hold: options.hold },
    options,
    (m) => {
      if (m.type === 'file') results.push(m.result);
    },
    () => results,
    () => readInThread(files, results, onProgress, signal),
  );
}

/**
 * «Идентификация» on a big workbook (`runIdentifyJob`) in a worker made by `makeWorker`; without
 * one (or when it cannot start) in this thread, where the page cannot paint meanwhile.
 */
export function identifyInWorker(
  job: IdentifyJob & { name: string; bytes: Uint8Array },
  options: { onProgress?: (p: Progress) => void; signal?: AbortSignal; makeWorker?: (() => WorkerLike) | null } = {},
): Promise<Identified> {
  if (options.signal?.aborted) return Promise.reject(abortError());
  let got: Identified | null = null;
  const here = async (): Promise<Identified> => {
    await new Promise((r) => setTimeout(r, 0));
    if (options.signal?.aborted) throw abortError();
    let out: Identified | null = null;
    let failure: string | null = null;
    runIdentifyJob(job, (m) => {
      if (m.type === 'identified') out = m.identified;
      else if (m.type === 'fail') failure = m.message;
      else if (m.type === 'progress') options.onProgress?.(m.progress);
    });
    if (failure !== null || !out) throw new Error(failure ?? WORKER_FAILED);
    return out;
  };
  let w: WorkerLike;
  try {
    if (!options.makeWorker) return here();
    w = options.makeWorker();
  } catch {
    return here();
  }
  return talk(
    w,
    { type: 'identify', ...job, settings: { ...job.settings } },
    options,
    (m) => {
      if (m.type === 'identified') got = m.identified;
    },
    () => {
      if (!got) throw new Error(WORKER_FAILED);
      return got;
    },
    here,
  );
}

async function readInThread(
  files: ReadFile[],
  results: FileRead[],
  onProgress: ((p: Progress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<FileRead[]> {
  for (const f of files) {
    await new Promise((r) => setTimeout(r, 0));
    if (signal?.aborted) throw abortError();
    runRead(
      [f],
      (m) => {
        if (m.type === 'file') results.push(m.result);
      },
      () => signal?.aborted ?? false,
    );
    const done = results.length;
    onProgress?.({ done, total: files.length, stage: `Прочитано файлов: ${done} из ${files.length}.` });
  }
  if (signal?.aborted) throw abortError();
  return results;
}
