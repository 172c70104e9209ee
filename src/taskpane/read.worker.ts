/**
 * The web page's Web Worker: reads the opened workbooks, and identifies a big one, so the page
 * never freezes (src/taskpane/readJob.ts); ended by the page to cancel. Built by webpack 5 from
 * `new Worker(new URL('./read.worker.ts', import.meta.url))`.
 */
import { FromWorker, ToWorkerSchema, runIdentifyJob, runRead } from './readJob';

const scope = self as unknown as {
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(m: FromWorker): void;
};

scope.onmessage = (e) => {
  const msg = ToWorkerSchema.safeParse(e.data);
  if (!msg.success) {
    scope.postMessage({ type: 'fail', message: 'Не удалось прочитать файлы: внутренняя ошибка страницы.' });
    return;
  }
  try {
    const m = msg.data;
    const post = (out: FromWorker): void => scope.postMessage(out);
    if (m.type === 'read') runRead(m.files, post, () => false, m.hold ?? Infinity);
    else runIdentifyJob(m, post);
  } catch (err) {
    scope.postMessage({
      type: 'fail',
      message: `Не удалось прочитать файлы: внутренняя ошибка (${err instanceof Error ? err.message : String(err)}).`,
    });
  }
};
