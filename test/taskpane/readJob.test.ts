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
  runIdentifyJob,
  runRead,
  snapshotRows,
  summarize,
  identifyInWorker,
  FileRead,
  ToWorkerSchema,
} from '../../src/taskpane/readJob';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { streamSnapshot } from '../../src/xlsx/stream';
import { FileHost } from '../../src/taskpane/fileHost';
import { activeSheetKind, runIdentify } from '../../src/taskpane/actions';
import { readWorkbook } from '../../src/xlsx/read';
import { identify } from '../../src/engine/results/identify';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { Progress } from '../../src/taskpane/host';

const FIX = path.join(__dirname, '..', 'fixtures', 'results');
const file = (n: string): ReadFile => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(FIX, n))) });

let big: ReadFile;

function wbOf(r: FileRead): WorkbookSnapshot {
  if (!r.ok || !('workbook' in r)) throw new Error(`no snapshot for ${r.name}`);
  return r.workbook;
}
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
      const post = (out: FromWorker): void => {
        this.sent.push(out);
        const copy = structuredClone(out);
        setTimeout(() => !this.terminated && this.onmessage?.({ data: copy }), ++t);
      };
      if (msg.type === 'read') runRead(msg.files, post, () => this.terminated, msg.hold);
      else runIdentifyJob(msg, post);
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
  // (progress within a file, as the streaming reader goes, is the next test's)
  const within = (m: FromWorker): m is Extract<FromWorker, { type: 'progress' }> =>
    m.type === 'progress' && /: прочитано /.test(m.progress.stage);
  expect(msgs.filter((m) => within(m) && !/«big\.xlsx»/.test(m.progress.stage))).toEqual([]);
  expect(msgs.filter((m) => !within(m)).map((m) => m.type)).toEqual([
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
    .filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress' && !within(m))
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
  expect(seen.filter((p) => !/: прочитано /.test(p.stage)).length).toBe(2 * files.length);
  expect(seen.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
  for (const [i, r] of viaWorker.entries()) {
    const direct = readWorkbook(files[i].bytes);
    if (!r.ok || !direct.ok) throw new Error('unreadable fixture');
    expect(wbOf(r)).toEqual(direct.workbook);
    expect(r.rows).toBe(snapshotRows(direct.workbook));
    const a = identify(wbOf(r), parseIdentifySettings({}));
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
  expect(direct.ok && wbOf(viaFallback[0])).toEqual(direct.ok && direct.workbook);
  const throwing = await readFiles([big], {
    makeWorker: () => {
      throw new Error('SecurityError');
    },
  });
  expect(throwing[0].ok).toBe(true);
});

test("runRead reads with the streaming reader: progress within one file, the general reader's snapshot", () => {
  // the streaming reader handles these openpyxl files (so this is its path, not the fallback) …
  for (const f of [file('long_openpyxl.xlsx'), file('wide_all_years_openpyxl.xlsx'), big])
    expect(streamSnapshot(f.bytes)).not.toBeNull();
  const msgs: FromWorker[] = [];
  runRead([big], (m) => msgs.push(m));
  const progress = msgs.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
  // … and the bar moves inside the one file, with the MB and rows read so far
  const inside = progress.filter((p) => /: прочитано [\d,]+ МБ, строк: [\d\s\u00a0]+…$/.test(p.stage));
  expect(inside.length).toBeGreaterThanOrEqual(2);
  for (const p of inside) expect(p.done > 0 && p.done < p.total).toBe(true);
  for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  // … giving exactly the old path's (readWorkbook's) snapshot
  const direct = readWorkbook(big.bytes);
  const got = msgs.find((m) => m.type === 'file');
  expect(direct.ok && got?.type === 'file' && wbOf(got.result)).toEqual(direct.ok && direct.workbook);
});

test('a workbook above the hold limit comes back as its summary: the sheets and the kinds the page would tell', async () => {
  const msgs: FromWorker[] = [];
  runRead(
    [file('long_openpyxl.xlsx'), big],
    (m) => msgs.push(m),
    () => false,
    1000,
  );
  const files = msgs.flatMap((m) => (m.type === 'file' ? [m.result] : []));
  expect(files[0].ok && 'workbook' in files[0]).toBe(true);
  const held = files[1];
  if (!held.ok || !('held' in held)) throw new Error('not held');
  const direct = readWorkbook(big.bytes);
  if (!direct.ok) throw new Error('unreadable');
  expect(held.rows).toBe(snapshotRows(direct.workbook));
  expect(held.held).toEqual(summarize(direct.workbook));
  const page = FileHost.fromSnapshot('big.xlsx', big.bytes, direct.workbook);
  const kept = FileHost.held('big.xlsx', big.bytes, held.held, async () => {
    throw new Error('not used');
  });
  expect(kept.visibleSheets()).toEqual(page.visibleSheets());
  expect(await activeSheetKind(kept)).toEqual(await activeSheetKind(page));
  expect((await activeSheetKind(kept)).kind).toBe('results');
  // other commands say the book is too big for the page, in Russian
  await expect(kept.read()).rejects.toThrow(/^«big\.xlsx»: в книге [\d\s\u00a0]+ строк — на веб-странице/);
});

test("«Идентификация» on a held workbook (in the worker) equals the page's own: verdicts, findings, bytes", async () => {
  const now = new Date(2026, 11, 7);
  const direct = readWorkbook(big.bytes);
  if (!direct.ok) throw new Error('unreadable');
  const summary = summarize(direct.workbook);
  const sheet = summary.sheets[0].name;
  for (const target of [{ sheet }, { range: { sheet, address: 'A1:L3001' } }]) {
    const page = FileHost.fromSnapshot('big.xlsx', big.bytes, direct.workbook);
    const viaWorker = FileHost.held('big.xlsx', big.bytes, summary, (job, o) =>
      identifyInWorker(job, { ...o, makeWorker: () => new FakeWorker() }),
    );
    const inThread = FileHost.held('big.xlsx', big.bytes, summary, (job, o) =>
      identifyInWorker(job, { ...o, makeWorker: null }),
    );
    const a = await runIdentify(page, { threshold: 30 }, target, { now });
    const seen: Progress[] = [];
    const b = await runIdentify(viaWorker, { threshold: 30 }, target, { now, onProgress: (p) => seen.push(p) });
    const c = await runIdentify(inThread, { threshold: 30 }, target, { now });
    expect(a.result.summary.schools).toBeGreaterThan(0);
    expect(b.result).toEqual(a.result);
    expect(c.result).toEqual(a.result);
    expect(b.outcome).toEqual(a.outcome);
    expect(b.settings).toEqual(a.settings);
    expect(Buffer.from(viaWorker.copy()).equals(Buffer.from(page.copy()))).toBe(true);
    expect(Buffer.from(inThread.copy()).equals(Buffer.from(page.copy()))).toBe(true);
    expect(viaWorker.changed && page.changed).toBe(true);
    // the held book's new sheets are the page's, with the same kinds
    expect(viaWorker.visibleSheets()).toEqual(page.visibleSheets());
    for (const n of page.visibleSheets()) {
      page.setActiveSheet(n);
      viaWorker.setActiveSheet(n);
      expect(await activeSheetKind(viaWorker)).toEqual(await activeSheetKind(page));
    }
    expect(seen.map((p) => p.stage)).toEqual(
      expect.arrayContaining(['Определяю ШНОР…', 'Записываю в книгу лист с итогами и выделение…']),
    );
  }
});

test('«Идентификация» in the worker: «Отменить» ends it and leaves the held book as it was', async () => {
  const direct = readWorkbook(big.bytes);
  if (!direct.ok) throw new Error('unreadable');
  const w = new FakeWorker();
  const kept = FileHost.held('big.xlsx', big.bytes, summarize(direct.workbook), (job, o) =>
    identifyInWorker(job, { ...o, makeWorker: () => w }),
  );
  const ac = new AbortController();
  const p = runIdentify(
    kept,
    {},
    { sheet: kept.visibleSheets()[0] },
    { signal: ac.signal, onProgress: () => ac.abort() },
  );
  await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  expect(w.terminated).toBe(true);
  expect(kept.changed).toBe(false);
  expect(kept.copy()).toBe(big.bytes);
  // a malformed request is refused by the worker's schema
  expect(ToWorkerSchema.safeParse({ type: 'identify', name: 'x' }).success).toBe(false);
});
