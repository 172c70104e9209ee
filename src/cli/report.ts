/**
 * `shnor report FILE... --out REPORT.docx [--year Y] [--municipality M] [--json]` (issue 14): the
 * аналитическая справка as a .docx from results workbooks; ДТК files add their «Проблема»
 * findings, a roadmap its factor lists, a «Справочник мер» sheet in any file its measures.
 * With --sheet-out the справка is also written as the sheet «Справка» into a copy of the first
 * results workbook.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook, detect } from '../engine/check';
import { Edit } from '../engine/edits';
import { Report, buildReport, reportJson } from '../engine/report/index';
import { DtkProblems, FactorList } from '../engine/report/recommend';
import { IdentifySettings } from '../engine/results/settings';
import { locateRoadmap, isAbsent } from '../engine/roadmap/locate';
import { SheetSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { reportDocx } from '../docx/report';
import { renderPngNode } from '../docx/png';
import { applyEdits } from '../xlsx/patch';
import { readWorkbook } from '../xlsx/read';
import { MEASURES_SHEET } from '../engine/report/catalogue';
import { normalizeLabel } from '../engine/text';

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
  const sheets: SheetSnapshot[] = [];
  const names = new Set<string>();
  for (const { file, wb } of books) {
    for (const s of wb.sheets) {
      let name = s.name;
      if (names.has(name)) name = `${s.name} (${path.basename(file)})`;
      for (let k = 2; names.has(name); k++) name = `${s.name} (${path.basename(file)}, ${k})`;
      names.add(name);
      sheets.push(name === s.name ? s : { ...s, name });
    }
  }
  return { sheets };
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
  },
): Promise<ReportRun> {
  const run: ReportRun = { report: null, files: [], written: [], error: null };
  const results: { file: string; wb: WorkbookSnapshot; bytes: Uint8Array }[] = [];
  const dtk: DtkProblems[] = [];
  const factors: FactorList[] = [];
  let measures: WorkbookSnapshot | null = null;
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
    const wb = read.workbook;
    if (!measures && wb.sheets.some((s) => normalizeLabel(s.name) === normalizeLabel(MEASURES_SHEET))) measures = wb;
    const kind = detect(wb).kind;
    run.files.push({ file, kind, error: null });
    if (kind === 'results') results.push({ file, wb, bytes });
    else if (kind === 'roadmap') {
      const loc = locateRoadmap(wb);
      for (const f of loc.factors) {
        if (!f.schools || isAbsent(f.schools)) continue;
        for (const code of f.codes) {
          factors.push({
            code,
            parameter: f.parameter ?? loc.catalogue.get(code)?.parameter ?? code,
            schools: f.schools,
          });
        }
      }
    } else if (kind === 'dtk') {
      const rep = checkWorkbook(wb, settings, o.date);
      const school = rep.indicators.school;
      if (typeof school === 'string' && school.trim()) {
        dtk.push({
          school,
          problems: rep.conclusions
            .filter((c) => c.problem && !/^проблем не выявлено/i.test(c.problem.trim()))
            .map((c) => ({ section: c.section, problem: c.problem })),
        });
      }
    }
  }
  if (results.length === 0) {
    run.error =
      run.files.find((f) => f.error)?.error ??
      'Среди файлов нет книги с результатами оценочных процедур: справка составляется по ним (shnor template results --out ФАЙЛ.xlsx).';
    return run;
  }
  const report = buildReport(mergeSheets(results), settings, {
    municipality: o.municipality ?? null,
    header: { date: o.headerDate ?? null, body: o.body ?? null, author: o.author ?? null },
    dtk,
    factors,
    measures,
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
  }
  for (const w of run.written) lines.push(`Записано: ${w}`);
  return lines.join('\n') + '\n';
}
