/**
 * `shnor report FILE... --out REPORT.docx [--year Y] [--municipality M] [--json]` (issue 14): the
 * аналитическая справка as a .docx from results workbooks; ДТК files add their «Проблема»
 * findings, a roadmap its factor lists, a «Справочник мер» sheet in any file its measures.
 * With --sheet-out the справка is also written as the sheet «Справка» into a copy of the first
 * results workbook.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Edit } from '../engine/edits';
import { Report, buildReport, reportJson } from '../engine/report/index';
import { mergeSheets as mergeBooks, reportInputs } from '../engine/report/inputs';
import { IdentifySettings } from '../engine/results/settings';
import { WorkbookSnapshot } from '../engine/snapshot';
import { reportDocx } from '../docx/report';
import { renderPngNode } from '../docx/png';
import { applyEdits } from '../xlsx/patch';
import { readWorkbook } from '../xlsx/read';

export interface ReportRun {
  report: Report | null;
  /** Per input file: its kind or the reason it was not read. */
  files: { file: string; kind: string; error: string | null }[];
  written: string[];
  error: string | null;
}

function readBytes(file: string): Uint8Array | string {
  try {
    if (fs.statSync(file).isDirectory()) return 'это папка, а не файл.';
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? 'файл не найден. Проверьте имя и путь.'
      : `файл не удалось открыть (${code ?? 'ошибка чтения'}).`;
  }
}

/** The sheets of several results workbooks as one: a name met again gets the file's name in brackets. */
export function mergeSheets(books: { file: string; wb: WorkbookSnapshot }[]): WorkbookSnapshot {
  return mergeBooks(books.map((b) => ({ name: b.file, wb: b.wb })));
}

export async function runReport(
  files: string[],
  settings: IdentifySettings,
  o: {
    out: string;
    municipality?: string | null;
    date: string;
    headerDate?: string;
    body?: string;
    author?: string;
    sheetOut?: string | null;
    /** «Понизили» above this share, % flags a school × subject (default 50). */
    flagShare?: number;
  },
): Promise<ReportRun> {
  const run: ReportRun = { report: null, files: [], written: [], error: null };
  const books: { name: string; wb: WorkbookSnapshot; bytes: Uint8Array }[] = [];
  for (const file of files) {
    const bytes = readBytes(file);
    if (typeof bytes === 'string') {
      run.files.push({ file, kind: 'unknown', error: `«${file}»: ${bytes}` });
      continue;
    }
    const read = readWorkbook(bytes);
    if (!read.ok) {
      run.files.push({ file, kind: 'unknown', error: `«${file}»: ${read.message}` });
      continue;
    }
    run.files.push({ file, kind: 'unknown', error: null });
    books.push({ name: file, wb: read.workbook, bytes });
  }
  const inputs = reportInputs(books, settings, o.date, o.flagShare === undefined ? {} : { flagShare: o.flagShare });
  let k = 0;
  for (const f of run.files) if (!f.error) f.kind = inputs.kinds[k++];
  const results = inputs.results as typeof books;
  if (results.length === 0) {
    run.error =
      run.files.find((f) => f.error)?.error ??
      'Среди файлов нет книги с результатами оценочных процедур: справка составляется по ним (shnor template results --out ФАЙЛ.xlsx).';
    return run;
  }
  const report = buildReport(inputs.merged, settings, {
    municipality: o.municipality ?? null,
    header: { date: o.headerDate ?? null, body: o.body ?? null, author: o.author ?? null },
    dtk: inputs.dtk,
    factors: inputs.factors,
    measures: inputs.measures,
    objectivity: inputs.objectivity,
    sourceIssues: inputs.mergeIssues,
  });
  run.report = report;
  if (report.error) {
    run.error = report.error;
    return run;
  }
  const bytes = await reportDocx(report.document, renderPngNode);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, bytes);
  run.written.push(o.out);
  if (o.sheetOut) {
    const edits: Edit[] = [{ kind: 'replaceSheet', sheet: report.sheet }];
    fs.mkdirSync(path.dirname(path.resolve(o.sheetOut)), { recursive: true });
    fs.writeFileSync(o.sheetOut, applyEdits(results[0].bytes, edits));
    run.written.push(o.sheetOut);
  }
  return run;
}

export function reportRunJson(run: ReportRun): unknown {
  return {
    files: run.files,
    error: run.error,
    written: run.written,
    ...(run.report ? (reportJson(run.report) as Record<string, unknown>) : {}),
    issues:
      run.report?.issues.map((i) => ({
        severity: i.severity,
        code: i.code,
        sheet: i.sheet,
        cell: i.cell,
        message: i.message,
      })) ?? [],
  };
}

export function formatReport(run: ReportRun): string {
  const lines: string[] = [];
  for (const f of run.files) if (f.error) lines.push(`Не прочитан: ${f.error}`);
  if (run.error) lines.push(`Справка не составлена: ${run.error}`);
  const r = run.report;
  if (r && !run.error) {
    const f = r.figures;
    lines.push(
      `Справка за ${f.year}${f.previousYear ? ` (сравнение с ${f.previousYear})` : ''}${f.municipality ? `, муниципалитет «${f.municipality}»` : ''}: ` +
        `ОО — ${f.schools.length}, ШНОР — ${f.byStatus['ШНОР']}, в зоне риска — ${f.byStatus['риск']}, процедур — ${f.procedures.length}, рекомендаций — ${r.recommendations.length}.`,
    );
    const o = r.objectivity;
    if (o)
      lines.push(
        `Объективность оценивания: школ × предметов — ${o.rows.length}, с признаком необъективности (понизили больше ${String(o.settings.flagShare).replace('.', ',')} %) — ${o.rows.filter((x) => x.flagged).length}.`,
      );
  }
  for (const w of run.written) lines.push(`Записано: ${w}`);
  return lines.join('\n') + '\n';
}
