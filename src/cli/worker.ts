/** Worker thread: runs one file job at a time for the pool. */
import { parentPort } from 'worker_threads';
import { FileJob, runJob, failed } from './jobs';

parentPort?.on('message', (msg: { id: number; job: FileJob }) => {
  let out;
  try {
    out = runJob(msg.job);
  } catch (e) {
    out = failed(
      msg.job.file,
      `«${msg.job.file}»: внутренняя ошибка при обработке файла (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  parentPort!.postMessage({ id: msg.id, out });
});
