/**
 * The web page's reading worker protocol (src/taskpane/readJob.ts): messages, progress, cancel, and
 * the in-thread fallback giving the same snapshots as the worker path — on real workbooks written by
 * openpyxl (committed fixtures) and one generated at test time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import {
  FromWorker,
  ReadFile,
  ToWorker,
  WorkerLike,
  readFiles,
  runRead,
  snapshotRows,
} from '../../src/taskpane/readJob';
import { readWorkbook } from '../../src/xlsx/read';
import { identify } from '../../src/engine/results/identify';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { Progress } from '../../src/taskpane/host';

const FIX = path.join(__dirname, '..', 'fixtures', 'results');
const file = (n: string): ReadFile => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(FIX, n))) });

let big: ReadFile;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readjob-'));
  const out = path.join(dir, 'big.xlsx');
  const r = spawnSync('/usr/bin/python3', [path.join(FIX, 'make_large.py'), out, '300', '7'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  big = { name: 'big.xlsx', bytes: new Uint8Array(fs.readFileSync(out)) };
});

/**
 * A stand-in for the browser's Worker: runs the same `runRead` later on the event loop, as a real
 * worker would, delivering each message asynchronously; `terminate` stops delivery at once.
 */
class FakeWorker implements WorkerLike {
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  terminated = false;
  sent: FromWorker[] = [];
  postMessage(m: ToWorker): void {
    // structured clone, as postMessage does
    const msg = structuredClone(m);
    setTimeout(() => {
      let t = 0;
      runRead(
        msg.files,
        (out) => {
          this.sent.push(out);
          const copy = structuredClone(out);
          setTimeout(() => !this.terminated && this.onmessage?.({ data: copy }), ++t);
        },
        () => this.terminated,
      );
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

test('runRead posts progress per file, one outcome per file in order, then done', () => {
  const msgs: FromWorker[] = [];
  const bad: ReadFile = { name: 'not.xlsx', bytes: new TextEncoder().encode('Код ОО;Школа\n1;2\n') };
  runRead([file('long_openpyxl.xlsx'), bad, big], (m) => msgs.push(m));
  expect(msgs.map((m) => m.type)).toEqual([
    'progress',
    'file',
    'progress',
    'progress',
    'file',
    'progress',
    'progress',
    'file',
    'progress',
    'done',
  ]);
  const progress = msgs
    .filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress')
    .map((m) => m.progress);
  expect(progress[0].stage).toMatch(/^Читаю файл 1 из 3: «long_openpyxl\.xlsx» \([\d,]+ МБ\)…$/);
  expect(progress[4].stage).toMatch(/^Читаю файл 3 из 3: «big\.xlsx» .*Прочитано строк: /);
  // done only grows and ends at total
  for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
  const files = msgs.filter((m): m is Extract<FromWorker, { type: 'file' }> => m.type === 'file').map((m) => m.result);
  expect(files.map((f) => [f.name, f.ok])).toEqual([
    ['long_openpyxl.xlsx', true],
    ['not.xlsx', false],
    ['big.xlsx', true],
  ]);
  expect(files[1].ok === false && files[1].message).toMatch(/^«not\.xlsx»: /);
  // 300 schools x 20 rows + the header
  expect(files[2].ok && files[2].rows).toBe(300 * 20 + 1);
  expect(progress.at(-1)!.stage).toBe(
    `Прочитано файлов: 3 из 3, строк: ${(724 + 300 * 20 + 1).toLocaleString('ru-RU')}.`,
  );
});

test('the worker path and the in-thread fallback give the same snapshots and the same identification', async () => {
  const files = [file('long_openpyxl.xlsx'), file('wide_all_years_openpyxl.xlsx'), big];
  const seen: Progress[] = [];
  const viaWorker = await readFiles(files, { makeWorker: () => new FakeWorker(), onProgress: (p) => seen.push(p) });
  const inThread = await readFiles(files, { makeWorker: null });
  expect(viaWorker).toEqual(inThread);
  expect(seen.length).toBe(2 * files.length);
  expect(seen.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
  for (const [i, r] of viaWorker.entries()) {
    const direct = readWorkbook(files[i].bytes);
    if (!r.ok || !direct.ok) throw new Error('unreadable fixture');
    expect(r.workbook).toEqual(direct.workbook);
    expect(r.rows).toBe(snapshotRows(direct.workbook));
    const a = identify(r.workbook, parseIdentifySettings({}));
    const b = identify(direct.workbook, parseIdentifySettings({}));
    expect(a.schools.length).toBeGreaterThan(0);
    expect(a.schools).toEqual(b.schools);
  }
});

test('cancel ends the worker, rejects with a Russian AbortError and delivers nothing more', async () => {
  const w = new FakeWorker();
  const ac = new AbortController();
  const seen: Progress[] = [];
  const p = readFiles([file('long_openpyxl.xlsx'), big, big], {
    makeWorker: () => w,
    signal: ac.signal,
    onProgress: (x) => {
      seen.push(x);
      if (seen.length === 1) ac.abort();
    },
  });
  await expect(p).rejects.toMatchObject({
    name: 'AbortError',
    message: expect.stringMatching(/^Чтение файлов прервано\./),
  });
  expect(w.terminated).toBe(true);
  const before = seen.length;
  await new Promise((r) => setTimeout(r, 50));
  expect(seen.length).toBe(before);
  expect(w.onmessage).toBeNull();
  // what the worker read after the cancel never reached the page
  expect(w.sent.length).toBeGreaterThan(before);
});

test('the in-thread fallback stops between files when cancelled; an already aborted signal reads nothing', async () => {
  const ac = new AbortController();
  const p = readFiles([file('long_openpyxl.xlsx'), big], {
    makeWorker: null,
    signal: ac.signal,
    onProgress: () => ac.abort(),
  });
  await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  await expect(readFiles([big], { signal: ac.signal, makeWorker: () => new FakeWorker() })).rejects.toMatchObject({
    name: 'AbortError',
  });
});

test('a worker error or a fail message rejects with a Russian message', async () => {
  const failing: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
    postMessage() {
      setTimeout(() => this.onmessage?.({ data: { type: 'fail', message: 'Не удалось прочитать файлы: x.' } }), 0);
    },
  };
  await expect(readFiles([big], { makeWorker: () => failing })).rejects.toThrow('Не удалось прочитать файлы: x.');
  const crashing: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
    postMessage() {
      setTimeout(() => this.onerror?.(new Error('boom')), 0);
    },
  };
  // a worker that fails before saying anything (blocked): the files are read in this thread instead
  const direct = readWorkbook(big.bytes);
  const viaFallback = await readFiles([big], { makeWorker: () => crashing });
  expect(viaFallback[0].ok && direct.ok && viaFallback[0].workbook).toEqual(direct.ok && direct.workbook);
  const throwing = await readFiles([big], {
    makeWorker: () => {
      throw new Error('SecurityError');
    },
  });
  expect(throwing[0].ok).toBe(true);
});
