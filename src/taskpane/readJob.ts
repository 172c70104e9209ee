/**
 * Reading workbooks off the page's main thread: the message protocol between the web page and its
 * Web Worker (src/taskpane/read.worker.ts), the work itself (`runRead`, the same code in the worker
 * and in the in-thread fallback), and the client (`readFiles`) that starts a worker when the
 * environment has one, reports progress and cancels by ending the worker — the page stays usable
 * and nothing it held before is touched: results arrive only once every file is read.
 */
import { z } from 'zod';
import { WorkbookSnapshot } from '../engine/snapshot';
import { readWorkbook } from '../xlsx/read';
import { readFast } from '../xlsx/stream';
import { Progress } from './host';

/** One file to read: its name (for messages) and its bytes. */
export interface ReadFile {
  name: string;
  bytes: Uint8Array;
}

/** The outcome for one file: its snapshot, or a Russian message naming it. */
export type FileRead =
  { name: string; ok: true; workbook: WorkbookSnapshot; rows: number } | { name: string; ok: false; message: string };

/** Page → worker. */
export const ToWorkerSchema = z.object({
  type: z.literal('read'),
  files: z.array(z.object({ name: z.string(), bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array) })),
});
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'file'; result: FileRead }
  | { type: 'done' }
  | { type: 'fail'; message: string };

const mb = (n: number): string => (n / 1048576).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
const count = (n: number): string => n.toLocaleString('ru-RU');

/** Rows of all sheets of a snapshot. */
export function snapshotRows(wb: WorkbookSnapshot): number {
  return wb.sheets.reduce((n, s) => n + s.values.length, 0);
}

/**
 * Reads the files one by one, posting progress (in bytes: the share of the files' size read so
 * far — within a big file too, as the streaming reader goes, at most about once per 1 % of the
 * file) and each file's outcome. The reader is the CLI's: the streaming one when it handles the
 * file, else the general one (`readFast`). `stop()` is asked between two files (the in-thread
 * path's cancel; the worker is simply ended).
 */
export function runRead(files: ReadFile[], post: (m: FromWorker) => void, stop: () => boolean = () => false): void {
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
    let last = 0;
    const onProgress = (part: number, parts: number, read: number): void => {
      // the sheet data's compressed bytes, as a share of this file's size
      const at = Math.min(f.bytes.length, Math.round((part / (parts || 1)) * f.bytes.length));
      if (at - last < f.bytes.length / 100 || at >= f.bytes.length) return;
      last = at;
      post({
        type: 'progress',
        progress: {
          done: done + at,
          total,
          stage: `${head}: прочитано ${mb(at)} МБ, строк: ${count(rows + read)}…`,
        },
      });
    };
    const read = readFast(f.bytes, readWorkbook, { onProgress });
    done += f.bytes.length;
    if (read.ok) {
      const n = snapshotRows(read.workbook);
      rows += n;
      post({ type: 'file', result: { name: f.name, ok: true, workbook: read.workbook, rows: n } });
    } else post({ type: 'file', result: { name: f.name, ok: false, message: `«${f.name}»: ${read.message}` } });
    post({
      type: 'progress',
      progress: { done, total, stage: `Прочитано файлов: ${i + 1} из ${files.length}, строк: ${count(rows)}.` },
    });
  });
  post({ type: 'done' });
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
 * Reads the files in a worker made by `makeWorker` (none: read in this thread, letting the page
 * paint between files). Rejects with an AbortError when `signal` aborts; the worker is ended at
 * once, whatever it was doing.
 */
export function readFiles(
  files: ReadFile[],
  options: { onProgress?: (p: Progress) => void; signal?: AbortSignal; makeWorker?: (() => WorkerLike) | null } = {},
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
      // the worker never started (blocked by the browser): read in this thread instead
      if (!heard) readInThread(files, results, onProgress, signal).then(resolve, reject);
      else reject(new Error(WORKER_FAILED));
    };
    w.onmessage = (e) => {
      const m = e.data;
      heard = true;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'file') results.push(m.result);
      else if (m.type === 'done') {
        end();
        resolve(results);
      } else {
        end();
        reject(new Error(m.message));
      }
    };
    w.postMessage({ type: 'read', files: files.map((f) => ({ name: f.name, bytes: f.bytes })) });
  });
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
