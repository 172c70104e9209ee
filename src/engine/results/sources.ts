/**
 * Several workbooks as one input of the identification (`shnor identify FILE...`, the pane with
 * several files): results forms and ФИС ОКО reports, mixed, one per procedure and year or not.
 *
 * Each ФИС ОКО «Статистика по отметкам» sheet is replaced by its reading as a results-form sheet
 * (fisoko.ts); «Выполнение заданий» sheets are kept aside (not an input). With more than one
 * source, each sheet is named `файл: лист` (a colon cannot stand in an Excel sheet name, so these
 * never clash with a real one) and carries its file in `source`, which the identification uses to
 * report a school × year × procedure given in two files (RESULTS-DUPLICATE, naming both).
 */
import { Issue, makeIssue } from '../issues';
import { IdentifyResult, identify } from './identify';
import { IdentifySettings } from './settings';
import { SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { formatSchoolYear } from '../years';
import { FisOkoMean, FisOkoReport, fisOkoAsResults, fisOkoKindOf, readFisOko } from './fisoko';
import { fisOkoProblems } from './fisoko-check';

export interface ResultsSource {
  /** The file's name as the user knows it (for messages). */
  file: string;
  workbook: WorkbookSnapshot;
}

export interface SourceSheet {
  file: string;
  /** The sheet's name in its file. */
  sheet: string;
  /** Its name in the merged workbook the identification reads. */
  as: string;
  kind: 'form' | 'fisoko-marks' | 'fisoko-tasks';
  /** ФИС ОКО: the procedure, school year and numbers of schools read. */
  procedure?: string;
  year?: string | null;
  schools?: number;
  /** ФИС ОКО «Статистика по отметкам»: the whole sample, the region and the municipalities. */
  means?: FisOkoMean[];
}

export interface MergedSources {
  workbook: WorkbookSnapshot;
  sheets: SourceSheet[];
  reports: (FisOkoReport & { file: string })[];
  issues: Issue[];
}

/** Merges the sources into one workbook for `identify`. */
export function mergeSources(sources: ResultsSource[]): MergedSources {
  const several = sources.length > 1;
  const out: SheetSnapshot[] = [];
  const sheets: SourceSheet[] = [];
  const reports: (FisOkoReport & { file: string })[] = [];
  const issues: Issue[] = [];
  for (const src of sources) {
    for (const sh of src.workbook.sheets) {
      const as = several ? `${src.file}: ${sh.name}` : sh.name;
      const rep = readFisOko(sh);
      if (!rep) {
        out.push({ ...sh, name: as, ...(several ? { source: src.file } : {}) });
        sheets.push({ file: src.file, sheet: sh.name, as, kind: 'form' });
        continue;
      }
      reports.push({ ...rep, file: src.file });
      const where = several ? `«${src.file}», лист «${sh.name}»` : `Лист «${sh.name}»`;
      const info: SourceSheet = {
        file: src.file,
        sheet: sh.name,
        as,
        kind: rep.kind === 'marks' ? 'fisoko-marks' : 'fisoko-tasks',
        procedure: rep.procedure.name,
        year: rep.year === null ? null : formatSchoolYear(rep.year),
        schools:
          rep.kind === 'marks' ? rep.schools.length : (rep.tasks ?? []).filter((t) => t.level === 'school').length,
      };
      sheets.push(info);
      // The report's own reading problems (hierarchy, logins, shares, totals), at its cells.
      issues.push(...fisOkoProblems(rep, sh, as, several ? src.file : undefined));
      if (rep.kind === 'tasks') {
        issues.push(
          makeIssue(
            'RESULTS-TASKS-REPORT',
            { sheet: as },
            `${where}: отчёт ФИС ОКО «Выполнение заданий» (${rep.procedure.name}) прочитан и сохранён для анализа по заданиям; для идентификации нужен отчёт «Статистика по отметкам».`,
          ),
        );
        continue;
      }
      info.means = rep.means;
      if (rep.year === null) {
        issues.push(
          makeIssue(
            'RESULTS-NO-YEAR',
            { sheet: as },
            `${where}: в заголовке отчёта ФИС ОКО нет ни даты («Дата: 18.04.2023»), ни года; отчёт не учтён.`,
          ),
        );
        continue;
      }
      if (rep.procedure.type === null || rep.procedure.subject === null || rep.failedCol === null) {
        issues.push(
          makeIssue(
            'RESULTS-NO-PROCEDURE',
            { sheet: as },
            rep.failedCol === null
              ? `${where}: в отчёте ФИС ОКО нет столбца отметки «2» (или «не преодолели минимальный порог»); отчёт не учтён.`
              : `${where}: в заголовке отчёта ФИС ОКО не найдены процедура и предмет («Всероссийские проверочные работы 2023 (5 класс)», «Предмет: Математика»); отчёт не учтён.`,
          ),
        );
        continue;
      }
      out.push({ ...fisOkoAsResults(rep, sh), name: as, ...(several ? { source: src.file } : {}) });
    }
  }
  return { workbook: { sheets: out }, sheets, reports, issues };
}

/** True when a visible sheet of the workbook is a ФИС ОКО report (from its title and header alone). */
export function hasFisOko(wb: WorkbookSnapshot): boolean {
  return wb.sheets.some((s) => s.visibility !== 'veryHidden' && fisOkoKindOf(s) !== null);
}

/** What a sheet that is a ФИС ОКО report holds, for telling the user (the pane's line about the active sheet). */
export interface FisOkoSheetInfo {
  report: 'Статистика по отметкам' | 'Выполнение заданий';
  procedure: string;
  /** «2022-2023», or null when the title gives no year. */
  year: string | null;
  schools: number;
}

export function fisOkoSheetInfo(sheet: SheetSnapshot): FisOkoSheetInfo | null {
  const rep = readFisOko(sheet);
  if (!rep) return null;
  return {
    report: rep.kind === 'marks' ? 'Статистика по отметкам' : 'Выполнение заданий',
    procedure: rep.procedure.name,
    year: rep.year === null ? null : formatSchoolYear(rep.year),
    schools: rep.kind === 'marks' ? rep.schools.length : (rep.tasks ?? []).filter((t) => t.level === 'school').length,
  };
}

/**
 * The identification of one open workbook (or the sheets read of it) as `shnor identify` makes it:
 * ФИС ОКО reports read through `mergeSources`, their reading problems first among the issues; a
 * workbook without any report is identified as it is.
 */
export function identifyBook(wb: WorkbookSnapshot, settings: IdentifySettings, file = 'книга'): IdentifyResult {
  if (!hasFisOko(wb)) return identify(wb, settings);
  const merged = mergeSources([{ file, workbook: wb }]);
  const res = identify(merged.workbook, settings);
  if (merged.issues.length > 0) res.issues = [...merged.issues, ...res.issues];
  return res;
}
