/**
 * The deputy's analyses of a whole workbook (issue 16), shared by the CLI (`shnor tasks | teachers |
 * objectivity`, src/cli/analyses.ts) and the task pane («Отметки»: «Задания ВПР», «Учителя»,
 * «Объективность», src/taskpane/actions.ts): what is read, the analysis, the owned sheet written.
 *
 * The product's own sheets of these analyses («Реестр затруднений», «Учителя», «Объективность»,
 * told by their title in the first row) are never read back as input: a rerun in the open workbook
 * gives the same result. A user's sheet that bears one of these names with other content is left
 * alone: `analysisSheetClash` names it, and the pane refuses to write over it.
 */
import { OwnedSheet } from '../edits';
import { Issue } from '../issues';
import { CellValue, SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { scaleBookOf } from './scales';
import {
  DEFAULT_TASKS_SETTINGS,
  TASKS_SHEET,
  TASKS_TITLE,
  TasksAnalysis,
  TasksSettings,
  analyzeTasks,
  readTaskSources,
  tasksSheet,
} from './tasks';
import {
  DEFAULT_TEACHERS_SETTINGS,
  TEACHERS_SHEET,
  TEACHERS_TITLE,
  TeachersAnalysis,
  TeachersSettings,
  analyzeTeachers,
  protocolRecords,
  readTeacherTables,
  teachersSheet,
} from './teachers';
import {
  DEFAULT_OBJECTIVITY_SETTINGS,
  OBJECTIVITY_SHEET,
  OBJECTIVITY_TITLE,
  ObjectivityAnalysis,
  ObjectivitySettings,
  analyzeObjectivity,
  objectivitySheet,
} from './objectivity';

/** The owned sheets of the analyses and the title each starts with. */
export const ANALYSIS_SHEETS: readonly { name: string; title: string }[] = [
  { name: TASKS_SHEET, title: TASKS_TITLE },
  { name: TEACHERS_SHEET, title: TEACHERS_TITLE },
  { name: OBJECTIVITY_SHEET, title: OBJECTIVITY_TITLE },
];

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v).trim();
}

/** The first text of a sheet (its first filled cell, row by row). */
function firstText(sheet: SheetSnapshot): string {
  for (const row of sheet.values.slice(0, 5))
    for (const v of row ?? []) {
      const t = text(v);
      if (t) return t;
    }
  return '';
}

/** True for the product's own sheet of an analysis: the name and the title of the owned sheet. */
export function isAnalysisSheet(sheet: SheetSnapshot): boolean {
  const own = ANALYSIS_SHEETS.find((s) => s.name.toLowerCase() === sheet.name.toLowerCase());
  return own !== undefined && firstText(sheet) === own.title;
}

/**
 * The user's sheet that bears the owned sheet's name (any case) but is not the product's: writing
 * the analysis would replace it. Null when there is none (or it is the product's own, replaced whole).
 */
export function analysisSheetClash(wb: WorkbookSnapshot, name: string): string | null {
  const s = wb.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!s) return null;
  const empty = s.values.every((row) => (row ?? []).every((v) => text(v) === ''));
  return empty || isAnalysisSheet(s) ? null : s.name;
}

/** The workbook without the product's own sheets of the analyses. */
export function withoutAnalysisSheets(wb: WorkbookSnapshot): WorkbookSnapshot {
  return { sheets: wb.sheets.filter((s) => !isAnalysisSheet(s)) };
}

/** An analysis of a workbook and its owned sheet, or why there is none (a phrase to follow «в книге …»). */
export type AnalysisResult<T> = { ok: true; analysis: T; sheet: OwnedSheet } | { ok: false; missing: string };

export const TASKS_MISSING = 'не найдено протокола ВПР с баллами за задания';
export const TEACHERS_MISSING = 'не найдено ни протоколов со столбцом «Учитель», ни таблицы результатов по учителям';
export const OBJECTIVITY_MISSING =
  'не найдено ни таблицы «отметка за работу | годовая отметка» по ученикам, ни таблицы «подтвердили | понизили | повысили» по школам';

/** % done per ВПР task and class, the comparison with the ФИС ОКО «Выполнение заданий» report, «Реестр затруднений». */
export function tasksOfWorkbook(
  workbook: WorkbookSnapshot,
  settings: Partial<TasksSettings> = {},
): AnalysisResult<TasksAnalysis> {
  const wb = withoutAnalysisSheets(workbook);
  const { book, issues: scaleIssues } = scaleBookOf(wb);
  const { protocols, reports } = readTaskSources(wb, book);
  if (!protocols.some((p) => p.tasks.length > 0)) return { ok: false, missing: TASKS_MISSING };
  const analysis = analyzeTasks(protocols, reports, { ...DEFAULT_TASKS_SETTINGS, ...settings });
  analysis.issues.unshift(...scaleIssues);
  return { ok: true, analysis, sheet: tasksSheet(analysis) };
}

/** The «2» share per teacher and year from protocols with a teacher and tables by teacher, «Учителя». */
export function teachersOfWorkbook(
  workbook: WorkbookSnapshot,
  settings: Partial<TeachersSettings> = {},
): AnalysisResult<TeachersAnalysis> {
  const wb = withoutAnalysisSheets(workbook);
  const { book } = scaleBookOf(wb);
  const { protocols } = readTaskSources(wb, book);
  const fromProtocols = protocolRecords(protocols);
  const fromTables = readTeacherTables(wb);
  const records = [...fromProtocols.records, ...fromTables.records];
  if (!records.length) return { ok: false, missing: TEACHERS_MISSING };
  const issues: Issue[] = [...fromProtocols.issues, ...fromTables.issues];
  const analysis = analyzeTeachers(records, { ...DEFAULT_TEACHERS_SETTINGS, ...settings }, issues);
  return { ok: true, analysis, sheet: teachersSheet(analysis) };
}

/** Confirmed / lowered / raised marks per school × subject, «Объективность». */
export function objectivityOfWorkbook(
  workbook: WorkbookSnapshot,
  settings: Partial<ObjectivitySettings> = {},
): AnalysisResult<ObjectivityAnalysis> {
  const analysis = analyzeObjectivity(withoutAnalysisSheets(workbook), {
    ...DEFAULT_OBJECTIVITY_SETTINGS,
    ...settings,
  });
  if (!analysis.rows.length) return { ok: false, missing: OBJECTIVITY_MISSING };
  return { ok: true, analysis, sheet: objectivitySheet(analysis) };
}
