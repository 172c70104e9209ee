/**
 * The per-file work of the command line: read, run the engine, write the annotated copy.
 * Runs inside a worker thread (see pool.ts) so that one file cannot hang or exhaust a batch.
 * Never throws: every failure becomes a Russian message naming the file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook, Kind, Conclusion } from '../engine/check';
import { Issue } from '../engine/issues';
import { identify, IdentifyResult } from '../engine/results/identify';
import { WorkbookSnapshot } from '../engine/snapshot';
import { identifyEdits } from '../engine/results/output';
import { IdentifySettings, IdentifySettingsInput, parseIdentifySettings } from '../engine/results/settings';
import type { ReadResult } from '../xlsx/read';
import { readFast } from '../xlsx/stream';
import { SourceSheet, mergeSources } from '../engine/results/sources';
import { buildIdentifySheet } from '../engine/results/output';
import { buildCheckSheet } from '../engine/report';
import { createWorkbook } from '../xlsx/patch';
import { VerdictInput, fillDateOf, verdictsOf } from '../engine/consolidate';
import { applyEdits } from '../xlsx/patch';

export interface FileJob {
  /** consolidate: check without a copy, plus the ДТК's fill date and the identification verdicts. */
  command: 'check' | 'identify' | 'parse' | 'consolidate';
  file: string;
  /** identify: every input file (results forms and ФИС ОКО reports, merged into one identification). */
  files?: string[];
  /** check: a folder for the annotated copy; identify: the output file. */
  out?: string | null;
  settings: IdentifySettingsInput;
  /** The date printed on report sheets (dd.mm.yyyy). */
  date: string;
}

export interface FileOutcome {
  file: string;
  kind: Kind;
  error: string | null;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: Conclusion[];
  identification?: IdentifyResult;
  /** identify: the input files and what each sheet was read as. */
  files?: string[];
  sources?: SourceSheet[];
  written?: string | null;
  /** ДТК: conclusion cells holding the user's own text, which the copy leaves alone. */
  kept?: { section: string; kind: 'conclusion' | 'problem' | 'recommendation'; sheet: string; cell: string }[];
  /** ДТК: how each located row was found (exact / alias / similar, with the score). */
  located?: { id: string; sheet: string; labelCell: string; how: 'exact' | 'alias' | 'similar'; score: number }[];
  /** consolidate, ДТК: the header's «Дата заполнения» as the cell holds it. */
  fillDate?: string | number | null;
  /** consolidate, results: the verdicts only (the whole identification stays in the worker). */
  verdicts?: VerdictInput[];
}

type GeneralReader = typeof import('../xlsx/read');
let general: GeneralReader | null = null;

/**
 * The general reader (over SheetJS), loaded when first needed: `identify` reads most workbooks with
 * the streaming reader alone, and loading SheetJS costs up to a second of start-up.
 */
function readWorkbook(bytes: Uint8Array): ReadResult {
  general ??= require('../xlsx/read') as GeneralReader;
  return general.readWorkbook(bytes);
}

export function failed(file: string, message: string): FileOutcome {
  return { file, kind: 'unknown', error: message, issues: [], indicators: {}, conclusions: [] };
}

function readFileBytes(file: string): Uint8Array | string {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return 'это папка, а не файл.';
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'файл не найден. Проверьте имя и путь.';
    if (code === 'EACCES' || code === 'EPERM')
      return 'нет доступа к файлу: проверьте права или закройте его в другой программе.';
    return `файл не удалось открыть (${code ?? 'ошибка чтения'}).`;
  }
}

function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

function writeCopy(input: Uint8Array, edits: Parameters<typeof applyEdits>[1], target: string): void {
  const bytes = applyEdits(input, edits);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = target + '.tmp-' + process.pid;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 300 ? m.slice(0, 300) + '…' : m;
}

/** The settings of the last job, parsed: a batch gives every file the same ones. */
let lastSettings: { text: string; parsed: IdentifySettings } | null = null;

function settingsOf(input: IdentifySettingsInput): IdentifySettings {
  const text = JSON.stringify(input ?? {});
  if (lastSettings?.text !== text) lastSettings = { text, parsed: parseIdentifySettings(input) };
  return lastSettings.parsed;
}

/**
 * identify over one or several files: each read (the streaming reader, which falls back to the
 * general one), the results forms and ФИС ОКО reports merged into one input, identified once.
 * One file with --out: its copy with the verdict sheet and highlights; several: a new workbook
 * with the verdict and check sheets.
 */
function runIdentify(job: FileJob, settings: IdentifySettings): FileOutcome {
  const files = job.files ?? [job.file];
  const label = files.join(', ');
  const inputs: { file: string; bytes: Uint8Array; workbook: WorkbookSnapshot }[] = [];
  for (const f of files) {
    const bytes = readFileBytes(f);
    if (typeof bytes === 'string') return failed(label, `«${f}»: ${bytes}`);
    const read = readFast(bytes, readWorkbook);
    if (!read.ok) return failed(label, `«${f}»: ${read.message}`);
    inputs.push({ file: f, bytes, workbook: read.workbook });
  }
  const names = inputs.map((x) => path.basename(x.file));
  const unique = new Set(names.map((n) => n.toLowerCase())).size === names.length;
  const merged = mergeSources(inputs.map((x, i) => ({ file: unique ? names[i] : x.file, workbook: x.workbook })));
  const res = identify(merged.workbook, settings);
  if (merged.issues.length > 0) res.issues = [...merged.issues, ...res.issues];
  const outcome: FileOutcome = {
    file: label,
    kind: 'results',
    error: null,
    issues: res.issues,
    indicators: {},
    conclusions: [],
    identification: res,
    files,
    sources: merged.sheets,
  };
  if (!job.out) return outcome;
  const clash = files.find((f) => sameFile(job.out!, f));
  if (clash !== undefined) {
    outcome.error = `«${clash}»: исходный файл не изменяется — укажите в --out другое имя файла.`;
    return outcome;
  }
  try {
    if (inputs.length === 1) {
      writeCopy(inputs[0].bytes, identifyEdits(res, res.issues, job.date), job.out);
    } else {
      const bytes = createWorkbook([buildIdentifySheet(res), buildCheckSheet('results', res.issues, job.date)]);
      fs.mkdirSync(path.dirname(job.out), { recursive: true });
      fs.writeFileSync(job.out, bytes);
    }
    outcome.written = job.out;
  } catch (e) {
    outcome.error = `«${label}»: не удалось записать «${job.out}»: ${errorText(e)}`;
  }
  return outcome;
}

export function runJob(job: FileJob): FileOutcome {
  const { file } = job;
  let settings;
  try {
    settings = settingsOf(job.settings);
  } catch (e) {
    return failed(file, errorText(e));
  }
  if (job.command === 'identify') return runIdentify(job, settings);
  const bytes = readFileBytes(file);
  if (typeof bytes === 'string') return failed(file, `«${file}»: ${bytes}`);
  const read = readWorkbook(bytes);
  if (!read.ok) return failed(file, `«${file}»: ${read.message}`);
  if (job.command === 'parse')
    return { file, kind: 'unknown', error: null, issues: [], indicators: {}, conclusions: [] };

  const report = checkWorkbook(read.workbook, settings, job.date, path.basename(file));
  const outcome: FileOutcome = {
    file,
    kind: report.kind,
    error: null,
    issues: report.issues,
    indicators: report.indicators,
    conclusions: report.conclusions,
    ...(report.kept ? { kept: report.kept } : {}),
    ...(report.located ? { located: report.located } : {}),
    // ФИС ОКО: what each sheet was read as, without the means (the JSON of `identify` carries those)
    ...(report.sources ? { sources: report.sources.map(({ means: _means, ...x }) => x) } : {}),
  };
  if (job.command === 'consolidate') {
    if (report.kind === 'dtk') outcome.fillDate = fillDateOf(read.workbook);
    const verdicts = verdictsOf(report);
    if (verdicts) outcome.verdicts = verdicts;
    return outcome;
  }
  if (job.out && report.edits.length > 0) {
    const target = path.join(job.out, path.basename(file));
    if (sameFile(target, file)) {
      outcome.error = `«${file}»: папка --out совпадает с папкой исходного файла, а исходный файл не изменяется — выберите другую папку.`;
      return outcome;
    }
    try {
      writeCopy(bytes, report.edits, target);
      outcome.written = target;
    } catch (e) {
      outcome.error = `«${file}»: не удалось записать копию с пометками «${target}»: ${errorText(e)}`;
    }
  }
  return outcome;
}
