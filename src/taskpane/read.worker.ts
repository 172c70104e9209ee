/**
 * The web page's Web Worker: reads the opened workbooks (src/taskpane/readJob.ts) so the page
 * never freezes; ended by the page to cancel. Built by webpack 5 from
 * `new Worker(new URL('./read.worker.ts', import.meta.url))`.
 */
import { FromWorker, ToWorkerSchema, runRead } from './readJob';

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
    runRead(msg.data.files, (m) => scope.postMessage(m));
  } catch (err) {
    scope.postMessage({
      type: 'fail',
      message: `Не удалось прочитать файлы: внутренняя ошибка (${err instanceof Error ? err.message : String(err)}).`,
    });
  }
};
