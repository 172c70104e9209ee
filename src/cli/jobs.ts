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
import { identifyEdits } from '../engine/results/output';
import { IdentifySettings, IdentifySettingsInput, parseIdentifySettings } from '../engine/results/settings';
import { readWorkbook } from '../xlsx/read';
import { VerdictInput, fillDateOf, verdictsOf } from '../engine/consolidate';
import { applyEdits } from '../xlsx/patch';

export interface FileJob {
  /** consolidate: check without a copy, plus the ДТК's fill date and the identification verdicts. */
  command: 'check' | 'identify' | 'parse' | 'consolidate';
  file: string;
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
  written?: string | null;
  /** ДТК: conclusion cells holding the user's own text, which the copy leaves alone. */
  kept?: { section: string; kind: 'conclusion' | 'problem'; sheet: string; cell: string }[];
  /** consolidate, ДТК: the header's «Дата заполнения» as the cell holds it. */
  fillDate?: string | number | null;
  /** consolidate, results: the verdicts only (the whole identification stays in the worker). */
  verdicts?: VerdictInput[];
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

export function runJob(job: FileJob): FileOutcome {
  const { file } = job;
  let settings;
  try {
    settings = settingsOf(job.settings);
  } catch (e) {
    return failed(file, errorText(e));
  }
  const bytes = readFileBytes(file);
  if (typeof bytes === 'string') return failed(file, `«${file}»: ${bytes}`);
  const read = readWorkbook(bytes);
  if (!read.ok) return failed(file, `«${file}»: ${read.message}`);
  if (job.command === 'parse')
    return { file, kind: 'unknown', error: null, issues: [], indicators: {}, conclusions: [] };

  if (job.command === 'identify') {
    const res = identify(read.workbook, settings);
    const outcome: FileOutcome = {
      file,
      kind: 'results',
      error: null,
      issues: res.issues,
      indicators: {},
      conclusions: [],
      identification: res,
    };
    if (job.out) {
      if (sameFile(job.out, file)) {
        outcome.error = `«${file}»: исходный файл не изменяется — укажите в --out другое имя файла.`;
        return outcome;
      }
      try {
        writeCopy(bytes, identifyEdits(res, res.issues, job.date), job.out);
        outcome.written = job.out;
      } catch (e) {
        outcome.error = `«${file}»: не удалось записать «${job.out}»: ${errorText(e)}`;
      }
    }
    return outcome;
  }

  const report = checkWorkbook(read.workbook, settings, job.date);
  const outcome: FileOutcome = {
    file,
    kind: report.kind,
    error: null,
    issues: report.issues,
    indicators: report.indicators,
    conclusions: report.conclusions,
    ...(report.kept ? { kept: report.kept } : {}),
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
