/**
 * `shnor consolidate FILE… --out SUMMARY.xlsx [--json]` (PRODUCT.md command line contract,
 * DOMAIN.md §6): every file through the worker pool as `check` would see it alone, then the
 * regional summary workbook. A bad or foreign file is listed with its reason; it never stops the batch.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ConsolidateInput,
  ConsolidateResult,
  RosterSchool,
  consolidate,
  readRoster,
  rosterSummary,
  summarySheets,
} from '../engine/consolidate';
import { readWorkbook } from '../xlsx/read';
import { IdentifySettingsInput } from '../engine/results/settings';
import { formatNumberRu, formatPercentRu, plural } from '../engine/text';
import { createWorkbook } from '../xlsx/patch';
import { FileJob, FileOutcome } from './jobs';
import { PoolOptions, runJobs } from './pool';

/** The inputs with every folder replaced by its `.xlsx` files (not recursive, sorted by name). */
export function expandInputs(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let dir = false;
    try {
      dir = fs.statSync(a).isDirectory();
    } catch {
      dir = false;
    }
    if (!dir) {
      out.push(a);
      continue;
    }
    const names = fs
      .readdirSync(a)
      .filter((n) => /\.xlsx$/i.test(n) && !n.startsWith('~$'))
      .sort((x, y) => x.localeCompare(y, 'ru', { numeric: true }));
    for (const n of names) out.push(path.join(a, n));
  }
  return out;
}

/** A checked file as the consolidation engine takes it. */
export function toInput(o: FileOutcome): ConsolidateInput {
  return {
    file: o.file,
    kind: o.kind,
    error: o.error,
    issues: o.issues,
    indicators: o.indicators,
    fillDate: o.fillDate ?? null,
    identification: o.verdicts ? { schools: o.verdicts } : null,
  };
}

export function consolidateJson(r: ConsolidateResult, out: string | null): unknown {
  return {
    files: r.files.map((f) => ({
      file: f.file,
      kind: f.kind,
      error: f.error,
      school: f.school,
      municipality: f.municipality,
      errors: f.errors,
      warnings: f.warnings,
      status: f.status,
      reason: f.reason,
      period: f.period,
    })),
    schools: r.schools.map((s) => ({
      school: s.school,
      municipality: s.municipality,
      status: s.status,
      cluster: s.cluster,
      errors: s.errors,
      warnings: s.warnings,
      indicators: s.indicators,
      period: s.period,
      file: s.file,
      disadvantage: s.disadvantage,
      clusterReason: s.clusterReason,
      changes: s.changes,
    })),
    efficiency: r.efficiency,
    municipalities: r.municipalities,
    clusters: r.clusters,
    period: r.period,
    previousPeriod: r.previousPeriod,
    settings: r.settings,
    ...(r.roster ? { roster: r.roster } : {}),
    out,
  };
}

export function formatConsolidate(r: ConsolidateResult, out: string | null): string {
  const lines: string[] = [];
  const read = r.files.filter((f) => f.status === 'прочитан').length;
  lines.push(
    `Файлов: ${r.files.length}, прочитано: ${read}; школ в сводке: ${r.schools.length}; период: ${r.period ?? 'не определён'}${r.previousPeriod ? ` (сравнение с периодом «${r.previousPeriod}»)` : ''}.`,
  );
  const bad = r.files.filter((f) => f.status !== 'прочитан');
  if (bad.length) {
    lines.push('', `Не вошли в сводку (${bad.length}):`);
    for (const f of bad) lines.push(`  ${f.file} — ${f.status}: ${f.reason ?? ''}`);
  }
  lines.push('', 'Показатели эффективности:');
  for (const e of r.efficiency) {
    const v = e.value === null ? 'нет данных' : formatPercentRu(e.value);
    const ch = e.change === null ? '' : `, изменение ${formatNumberRu(e.change)} п. п.`;
    lines.push(
      `  ${e.name}: ${v} (${formatNumberRu(e.numerator, e.id === 'riskMeasuresDone' ? 1 : 0)} из ${e.denominator}${ch}); цель — ${e.target}`,
    );
  }
  lines.push('', 'Кластеры:');
  for (const [c, n] of Object.entries(r.clusters.counts))
    lines.push(`  ${c}: ${n} ${plural(n, 'школа', 'школы', 'школ')}`);
  if (r.roster) {
    const ro = r.roster;
    lines.push(
      '',
      `Сдача ДТК: ${ro.filled} из ${ro.expected} школ перечня${ro.share === null ? '' : ` (${formatPercentRu(ro.share)})`}.`,
    );
    for (const m of ro.municipalities)
      lines.push(
        `  ${m.municipality}: ${m.filled} из ${m.expected}${m.share === null ? '' : ` (${formatPercentRu(m.share)})`}`,
      );
    if (ro.missing.length) {
      lines.push('', `Не сдали ДТК (${ro.missing.length}):`);
      for (const m of ro.missing) lines.push(`  ${m.name}${m.municipality ? ` — ${m.municipality}` : ''}`);
    }
    if (ro.unexpected.length) {
      lines.push('', `Сдали, но нет в перечне (${ro.unexpected.length}):`);
      for (const m of ro.unexpected) lines.push(`  ${m.name}${m.municipality ? ` — ${m.municipality}` : ''}`);
    }
  }
  if (out) lines.push('', `Сводка записана: ${out}`);
  return lines.join('\n') + '\n';
}

export interface ConsolidateRun {
  result: ConsolidateResult;
  outcomes: FileOutcome[];
  /** 0 every file read; 1 a file could not be read or had errors (PRODUCT.md exit status). */
  code: number;
}

/** Checks the files in the worker pool, consolidates them and writes the summary to `out`. */
export async function runConsolidate(
  files: string[],
  out: string,
  settings: IdentifySettingsInput,
  date: string,
  pool: PoolOptions,
  roster: RosterSchool[] | null = null,
): Promise<ConsolidateRun> {
  const jobs: FileJob[] = files.map((file) => ({ command: 'consolidate', file, out: null, settings, date }));
  const outcomes = await runJobs(jobs, pool);
  const result = consolidate(
    outcomes.map(toInput),
    settings.threshold !== undefined ? { threshold: settings.threshold } : {},
  );
  if (roster) result.roster = rosterSummary(result, roster);
  const bytes = createWorkbook(summarySheets(result, date));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = out + '.tmp-' + process.pid;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, out);
  const code = outcomes.some((o) => o.error !== null || o.issues.some((i) => i.severity === 'error')) ? 1 : 0;
  return { result, outcomes, code };
}

/** The roster of expected schools from a workbook (any sheet with a «Наименование ОО» column, or the ШНОР register); a message when it cannot be used. */
export function loadRoster(file: string): RosterSchool[] | string {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return `--roster «${file}»: файл не найден или не открывается.`;
  }
  const r = readWorkbook(bytes);
  if (!r.ok) return `--roster «${file}»: ${r.message}`;
  const roster = readRoster(r.workbook);
  if (!roster.at)
    return `--roster «${file}»: не найден столбец с наименованиями школ (заголовок «Наименование ОО» или «Школа»).`;
  if (!roster.schools.length) return `--roster «${file}»: в перечне (${roster.at}) нет ни одной школы.`;
  return roster.schools;
}
