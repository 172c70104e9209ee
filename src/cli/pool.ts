/**
 * Runs file jobs in worker threads, each under a time and memory limit (PRODUCT.md: default
 * 30 s), so one pathological file cannot hang or crash a batch. Results keep the input order.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { FileJob, FileOutcome, failed } from './jobs';

export interface PoolOptions {
  concurrency?: number;
  timeoutMs?: number;
  memoryMb?: number;
  onDone?: (done: number, total: number, outcome: FileOutcome) => void;
}

interface Slot {
  worker: Worker | null;
}

const WORKER = path.join(__dirname, 'worker.js');

export async function runJobs(jobs: FileJob[], opts: PoolOptions = {}): Promise<FileOutcome[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const memoryMb = opts.memoryMb ?? 4096;
  const concurrency = Math.max(
    1,
    Math.min(opts.concurrency ?? Math.min(os.availableParallelism?.() ?? 2, 4), jobs.length),
  );
  const results: FileOutcome[] = new Array(jobs.length);
  let next = 0;
  let done = 0;

  const spawn = (): Worker => new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });

  const runOne = (slot: Slot, index: number): Promise<FileOutcome> =>
    new Promise((resolve) => {
      const job = jobs[index];
      if (!slot.worker) slot.worker = spawn();
      const w = slot.worker;
      let settled = false;
      const finish = (out: FileOutcome, kill: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          slot.worker = null;
          void w.terminate();
        }
        resolve(out);
      };
      const onMessage = (m: { id: number; out: FileOutcome }): void => {
        if (m.id === index) finish(m.out, false);
      };
      const onError = (e: Error): void => {
        const oom = /memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}`);
        finish(
          failed(
            job.file,
            oom
              ? `«${job.file}»: файлу не хватило памяти (предел ${memoryMb} МБ); файл слишком большой или устроен необычно.`
              : `«${job.file}»: внутренняя ошибка при обработке файла (${e.message}).`,
          ),
          true,
        );
      };
      const onExit = (): void => {
        finish(failed(job.file, `«${job.file}»: обработка файла прервалась.`), true);
      };
      const timer = setTimeout(() => {
        finish(
          failed(
            job.file,
            `«${job.file}»: чтение и проверка заняли больше ${Math.round(timeoutMs / 1000)} с и были остановлены; файл слишком большой или устроен необычно.`,
          ),
          true,
        );
      }, timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id: index, job });
    });

  const lane = async (): Promise<void> => {
    const slot: Slot = { worker: null };
    try {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await runOne(slot, i);
        done++;
        opts.onDone?.(done, jobs.length, results[i]);
      }
    } finally {
      if (slot.worker) await slot.worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}
