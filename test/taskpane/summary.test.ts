/**
 * «Сводка» in the task pane over real files written by openpyxl (test/fixtures/dtk, samples): each
 * file is checked exactly as `check` sees it alone, a broken file is listed with its reason and
 * does not stop the batch, cancelling stops between files, and in a workbook the ДТК sheets are
 * the inputs and the summary sheets are written back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { countBySeverity } from '../../src/engine/issues';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { FileHost, fileSource } from '../../src/taskpane/fileHost';
import { runSummary, workbookSources, writeSummary } from '../../src/taskpane/actions';
import { readWorkbook } from '../../src/xlsx/read';
import { runJob } from '../../src/cli/jobs';
import { toInput } from '../../src/cli/consolidate';

const ROOT = path.resolve(__dirname, '..', '..');
const FILES = [
  'test/fixtures/dtk/school_valid.xlsx',
  'test/fixtures/dtk/school_mistakes.xlsx',
  'test/fixtures/dtk/template_filled.xlsx',
  'samples/dtk-correct.xlsx',
  'samples/dtk-mistakes.xlsx',
  'samples/card.xlsx',
];
const bytes = (f: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(ROOT, f)));
const NOW = new Date(2026, 10, 22);
const BROKEN = new TextEncoder().encode('это не книга Excel');

function sources(): ReturnType<typeof fileSource>[] {
  return [
    ...FILES.map((f) => fileSource(path.basename(f), async () => bytes(f))),
    fileSource('сломанный.xlsx', async () => BROKEN),
  ];
}

describe('runSummary over files from disk', () => {
  it('counts each file’s errors and warnings as checkWorkbook does alone, and lists the broken one', async () => {
    const seen: string[] = [];
    const run = await runSummary(
      sources(),
      {},
      {},
      { now: NOW, onFile: (i, n, name) => seen.push(`${i}/${n} ${name}`) },
    );
    expect(seen).toEqual([...FILES.map((f, k) => `${k + 1}/7 ${path.basename(f)}`), '7/7 сломанный.xlsx']);
    expect(run.date).toBe('22.11.2026');
    expect(run.result.files).toHaveLength(7);
    const settings = parseIdentifySettings({});
    for (const f of FILES) {
      const read = readWorkbook(bytes(f));
      if (!read.ok) throw new Error(read.message);
      const alone = checkWorkbook(read.workbook, settings, '22.11.2026');
      const n = countBySeverity(alone.issues);
      const row = run.result.files.find((x) => x.file === path.basename(f))!;
      expect({ file: row.file, kind: row.kind, errors: row.errors, warnings: row.warnings }).toEqual({
        file: path.basename(f),
        kind: alone.kind,
        errors: n.error,
        warnings: n.warning,
      });
      const input = run.inputs.find((x) => x.file === path.basename(f))!;
      expect(input.issues).toEqual(alone.issues);
    }
    const broken = run.result.files.find((x) => x.file === 'сломанный.xlsx')!;
    expect(broken.status).not.toBe('прочитан');
    expect(broken.error).toMatch(/«сломанный\.xlsx»/);
    // the ДТК files that are read give schools; the summary is not empty
    expect(run.result.schools.length).toBeGreaterThan(0);
    expect(run.result.efficiency.length).toBe(7);
  });

  it('feeds the engine the same inputs as `shnor consolidate` does, file by file', async () => {
    const run = await runSummary(sources(), {}, {}, { now: NOW });
    for (const f of FILES) {
      const cli = toInput(
        runJob({ command: 'consolidate', file: path.join(ROOT, f), settings: {}, date: '22.11.2026' }),
      );
      const pane = run.inputs.find((x) => x.file === path.basename(f))!;
      expect({ ...pane, file: '' }).toEqual({ ...cli, file: '' });
    }
    // the mapping's parts are exercised: a ДТК fill date and a card's indicators
    expect(run.inputs.some((i) => i.fillDate !== null)).toBe(true);
    expect(run.inputs.some((i) => i.kind === 'card' && Object.keys(i.indicators).length > 0)).toBe(true);
  });

  it('passes the cut-offs to the clustering', async () => {
    const run = await runSummary(
      sources(),
      { threshold: 40 },
      { threshold: 40, riskBand: 7, disadvantageQuantile: 0.5 },
      { now: NOW },
    );
    expect(run.result.settings).toMatchObject({ threshold: 40, riskBand: 7, disadvantageQuantile: 0.5 });
  });

  it('stops between two files when cancelled', async () => {
    const ac = new AbortController();
    const loaded: string[] = [];
    const src = sources().map((s) => ({
      name: s.name,
      load: async () => {
        loaded.push(s.name);
        return s.load();
      },
    }));
    const p = runSummary(src, {}, {}, { signal: ac.signal, onFile: (i) => i === 3 && ac.abort() });
    let caught: unknown = null;
    try {
      await p;
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).name).toBe('AbortError');
    expect(loaded).toHaveLength(2);
  });
});

describe('runSummary in a workbook (the host Excel uses, here over a file)', () => {
  it('takes the ДТК sheets as inputs and writes the summary sheets into the workbook', async () => {
    const host = FileHost.open('dtk-correct.xlsx', bytes('samples/dtk-correct.xlsx'));
    const src = await workbookSources(host);
    expect(src.length).toBeGreaterThan(0);
    const run = await runSummary(src, {}, {}, { now: NOW });
    // the sample's ДТК is spread over three section sheets: one school, one input
    expect(src.map((s) => s.name)).toEqual(['1. Образовательный, 2. Социальный, 3. Педагогический']);
    expect(run.result.files.map((f) => f.status)).toEqual(['прочитан']);
    expect(run.result.schools.map((x) => x.school)).toEqual(['МБОУ «Озёрновская средняя общеобразовательная школа»']);
    await writeSummary(host, run);
    const names = (await host.read()).sheets.map((s) => s.name);
    expect(names).toContain('Сводка по школам');
    // the summary's own sheets are not taken for ДТК the next time
    expect((await workbookSources(host)).map((s) => s.name)).toEqual(src.map((s) => s.name));
  });

  it('a workbook with ДТК of three schools on three sheets gives three inputs, counted as each file alone', async () => {
    const host = FileHost.open('summary_book.xlsx', bytes('test/fixtures/pane/summary_book.xlsx'));
    const src = await workbookSources(host);
    expect(src.map((s) => s.name)).toEqual(['Школа 1', 'Школа 2', 'Школа 3']);
    const run = await runSummary(src, {}, {}, { now: NOW });
    const settings = parseIdentifySettings({});
    for (const [sheet, f] of [
      ['Школа 1', 'test/fixtures/dtk/school_valid.xlsx'],
      ['Школа 2', 'test/fixtures/dtk/template_filled.xlsx'],
      ['Школа 3', 'test/fixtures/dtk/school_mistakes.xlsx'],
    ]) {
      const read = readWorkbook(bytes(f));
      if (!read.ok) throw new Error(read.message);
      const n = countBySeverity(checkWorkbook(read.workbook, settings, '22.11.2026').issues);
      const row = run.result.files.find((x) => x.file === sheet)!;
      expect([row.errors, row.warnings]).toEqual([n.error, n.warning]);
    }
    // the third ДТК names no school: listed with its reason, not in the summary
    expect(run.result.files.map((f) => f.status)).toEqual(['прочитан', 'прочитан', 'нет наименования ОО']);
    expect(run.result.schools).toHaveLength(2);
    expect(run.result.files.find((x) => x.file === 'Школа 3')!.errors).toBeGreaterThan(0);
  });
});
