/**
 * The browser's reading worker for the web page, or null where there is no Worker (then the page
 * reads in its own thread: src/taskpane/readJob.ts). Kept apart so tests never load `import.meta`.
 */
import { WorkerLike } from './readJob';

export function browserWorker(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  // a page opened from the folder (file://) may not start workers: read in the page's own thread
  if (typeof location !== 'undefined' && location.protocol === 'file:') return null;
  return () =>
    // webpack 5 bundles the worker from this exact form; the project's node tsconfig is CommonJS.
    // @ts-ignore -- import.meta is valid for the web build (module: esnext)
    new Worker(new URL('./read.worker.ts', import.meta.url)) as unknown as WorkerLike;
}
