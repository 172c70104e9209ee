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
            `«${src.file}», лист «${sh.name}»: отчёт ФИС ОКО «Выполнение заданий» (${rep.procedure.name}) прочитан и сохранён для анализа по заданиям; для идентификации нужен отчёт «Статистика по отметкам».`,
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
            `«${src.file}», лист «${sh.name}»: в заголовке отчёта ФИС ОКО нет ни даты («Дата: 18.04.2023»), ни года; отчёт не учтён.`,
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
              ? `«${src.file}», лист «${sh.name}»: в отчёте ФИС ОКО нет столбца отметки «2» (или «не преодолели минимальный порог»); отчёт не учтён.`
              : `«${src.file}», лист «${sh.name}»: в заголовке отчёта ФИС ОКО не найдены процедура и предмет («Всероссийские проверочные работы 2023 (5 класс)», «Предмет: Математика»); отчёт не учтён.`,
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
