/**
 * What each button of the task pane (and each ribbon command) does, over a WorkbookHost. No
 * domain rules here: the engine decides findings, drafts and edits; this file only reads through
 * the host, calls the engine and hands the host the part of the edits a button stands for.
 */
import { checkWorkbook, CheckReport, detectKind } from '../engine/check';
import { Edit, OwnedSheet, STATE_SHEET, editValueText } from '../engine/edits';
import { formatDateRu } from '../engine/text';
import { IdentifyResult } from '../engine/results/identify';
import { fisOkoSheetInfo, identifyBook } from '../engine/results/sources';
import { identifyEdits, resultsTemplate } from '../engine/results/output';
import { IdentifySettings, IdentifySettingsInput, parseIdentifySettings } from '../engine/results/settings';
import { dtkTemplate } from '../engine/dtk/template';
import { yearsEnding } from '../engine/dtk/descriptor';
import { cardTemplate } from '../engine/card/template';
import { roadmapTemplate } from '../engine/roadmap/template';
import { SheetView, WorkbookSnapshot, parseA1 } from '../engine/snapshot';
import { MarksAnalysis, analyzeMarksRange, marksEdits } from '../engine/marks/analyze';
import { SCALE_SHEET } from '../engine/marks/scales';
import { JournalAnalysis, analyzeJournal } from '../engine/marks/journal';
import { journalSheets } from '../engine/marks/journal-sheets';
import {
  AnalysisResult,
  analysisSheetClash,
  objectivityOfWorkbook,
  tasksOfWorkbook,
  teachersOfWorkbook,
} from '../engine/marks/analyses';
import { TasksAnalysis } from '../engine/marks/tasks';
import { TeachersAnalysis } from '../engine/marks/teachers';
import { ObjectivityAnalysis } from '../engine/marks/objectivity';
import {
  ConsolidateInput,
  ConsolidateResult,
  ConsolidateSettingsInput,
  checkedInput,
  consolidate,
  failedInput,
  parseConsolidateSettings,
  summaryEdits,
} from '../engine/consolidate';
import { NewYearPlan, newYearEdits } from '../engine/dtk/newyear';
import { CardFillResult, fillCardFromRoadmap } from '../engine/card/fill';
import { locateCard } from '../engine/card/locate';
import {
  REGISTER_SHEET,
  Register,
  identifyByYear,
  readRegisterHistory,
  recountRegister,
  registerSheet,
  registerSheetClash,
} from '../engine/register';
import { Report, buildReport } from '../engine/report/index';
import { ReportBook, mergeSheets, reportInputs } from '../engine/report/inputs';
import type { RenderPng } from '../docx/report';
import { ApplyOutcome, HostOptions, IdentifyTarget, SheetKind, WorkbookHost } from './host';

export type { IdentifySettingsInput };

function stop(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('Работа прервана.', 'AbortError');
}

/** True for the error a cancelled command ends with. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export type { SheetKind };

/** The kind of one sheet of a snapshot, told by its content alone. */
export function sheetKindOf(wb: WorkbookSnapshot, sheet: string): SheetKind {
  const kind = detectKind(wb);
  const own = wb.sheets.find((s) => s.name === sheet);
  const fisoko = kind === 'results' && own ? fisOkoSheetInfo(own) : null;
  return fisoko ? { sheet, kind, fisoko } : { sheet, kind };
}

/** The kind of the active sheet (a host that knows it without reading the sheet says so). */
export async function activeSheetKind(host: WorkbookHost, options: HostOptions = {}): Promise<SheetKind> {
  const sheet = await host.activeSheet();
  const known = host.kindOf?.(sheet);
  if (known) return known;
  const wb = await host.read({ ...options, sheets: [sheet] });
  return sheetKindOf(wb, sheet);
}

/** «Проверить» writes the «Проверка» sheet and the highlights; drafts wait for «Записать выводы». */
export function checkEdits(report: CheckReport): Edit[] {
  return report.edits.filter((e) => e.kind !== 'setValue');
}

/** «Записать выводы»: the computed values and the drafted «Вывод / Проблема». */
export function conclusionEdits(report: CheckReport): Edit[] {
  return report.edits.filter((e) => e.kind === 'setValue');
}

/** «Подсветить»: the check's highlights alone, after the old ones are restored. */
export function highlightEdits(report: CheckReport): Edit[] {
  return [{ kind: 'clearHighlights' }, ...report.edits.filter((e) => e.kind === 'highlight')];
}

export interface CheckRun {
  report: CheckReport;
  outcome: ApplyOutcome;
}

export interface CheckOptions extends HostOptions {
  now?: Date;
  /** Check this sheet alone (the ribbon's «Проверить лист»); the whole workbook when absent. */
  sheet?: string;
}

/** Reads the workbook (or one sheet), checks it, writes the «Проверка» sheet and highlights. */
export async function runCheck(
  host: WorkbookHost,
  settings: IdentifySettingsInput,
  options: CheckOptions = {},
): Promise<CheckRun> {
  const report = await prepareCheck(host, settings, options);
  stop(options.signal);
  const outcome = await host.apply(checkEdits(report), options);
  return { report, outcome };
}

/** A conclusion cell holding the user's own text: the product's draft is offered to copy or to replace. */
export interface Conflict {
  sheet: string;
  cell: string;
  /** The user's text in the cell now. */
  ownText: string;
  /** The product's draft for that cell. */
  draft: string;
  /** Which draft it is, when the engine says so: the section and «Вывод» or «Проблема». */
  section?: string;
  kind?: 'conclusion' | 'problem' | 'recommendation';
}

export interface ConclusionsRun {
  report: CheckReport;
  /** Cells written. */
  written: number;
  conflicts: Conflict[];
  /** Other cells not written (formulas …) with the reason. */
  skipped: ApplyOutcome['skipped'];
}

function cellText(wb: WorkbookSnapshot, sheet: string, cell: string): string {
  const s = wb.sheets.find((x) => x.name === sheet);
  const p = parseA1(cell);
  if (!s || !p) return '';
  const v = new SheetView(s).get(p.row, p.col);
  return v === null ? '' : typeof v === 'object' ? v.error : String(v);
}

/**
 * «Записать выводы»: checks the workbook afresh, writes the computed values and the drafted
 * «Вывод / Проблема» where the engine allows it; the cells the engine left alone because they hold
 * the user's own text come back as conflicts with their drafts (and so does any cell the host
 * itself refused for that reason).
 */
export async function writeConclusions(
  host: WorkbookHost,
  settings: IdentifySettingsInput,
  options: HostOptions & { now?: Date } = {},
): Promise<ConclusionsRun> {
  const parsed = parseIdentifySettings(settings);
  const wb = await host.read(options);
  stop(options.signal);
  const report = checkWorkbook(wb, parsed, formatDateRu(options.now ?? new Date()));
  stop(options.signal);
  const edits = conclusionEdits(report);
  const outcome = edits.length > 0 ? await host.apply(edits, options) : { skipped: [] };
  const conflicts: Conflict[] = [];
  for (const k of report.kept ?? []) {
    const c = report.conclusions.find((x) => x.section === k.section);
    if (!c) continue;
    conflicts.push({
      sheet: k.sheet,
      cell: k.cell,
      ownText: cellText(wb, k.sheet, k.cell),
      draft:
        k.draft ??
        (k.kind === 'conclusion' ? c.conclusion : k.kind === 'problem' ? c.problem : (c.recommendation ?? '')),
      section: k.section,
      kind: k.kind,
    });
  }
  const drafts = new Map(edits.map((e) => [e.kind === 'setValue' ? `${e.sheet}!${e.cell}` : '', e]));
  const skipped: ApplyOutcome['skipped'] = [];
  for (const k of outcome.skipped) {
    const e = drafts.get(`${k.sheet}!${k.cell}`);
    if (k.ownText !== undefined && e?.kind === 'setValue')
      conflicts.push({ sheet: k.sheet, cell: k.cell, ownText: k.ownText, draft: editValueText(e.value) });
    else skipped.push(k);
  }
  return { report, written: edits.length - outcome.skipped.length, conflicts, skipped };
}

/** «Заменить»: the user chose to put the draft over their own text in this cell. */
export async function replaceWithDraft(
  host: WorkbookHost,
  c: Conflict,
  options: HostOptions = {},
): Promise<ApplyOutcome> {
  return host.apply([{ kind: 'setValue', sheet: c.sheet, cell: c.cell, value: c.draft, purpose: 'conclusion' }], {
    ...options,
    overwrite: [`${c.sheet}!${c.cell}`],
  });
}

export async function clearHighlights(host: WorkbookHost, options: HostOptions = {}): Promise<ApplyOutcome> {
  return host.apply([{ kind: 'clearHighlights' }], options);
}

export async function applyHighlights(
  host: WorkbookHost,
  report: CheckReport,
  options: HostOptions = {},
): Promise<ApplyOutcome> {
  return host.apply(highlightEdits(report), options);
}

export type { IdentifyTarget };

export interface IdentifyRun {
  result: IdentifyResult;
  settings: IdentifySettings;
  outcome: ApplyOutcome;
}

/**
 * The identification of a sheet (or range) already read, and the edits that write its verdict
 * sheet, «Проверка» and highlights: the same work on the page and in the web page's worker.
 */
export function identifyWork(
  wb: WorkbookSnapshot,
  settings: IdentifySettings,
  date: string,
): { result: IdentifyResult; edits: Edit[] } {
  // a ФИС ОКО report is read as `shnor identify` reads it, its reading problems among the findings
  const result = identifyBook(wb, settings);
  return { result, edits: identifyEdits(result, result.issues, date) };
}

/** «Идентификация» on one sheet or on a selected range: the verdict sheet, «Проверка», highlights. */
export async function runIdentify(
  host: WorkbookHost,
  input: IdentifySettingsInput,
  target: IdentifyTarget,
  options: HostOptions & { now?: Date } = {},
): Promise<IdentifyRun> {
  const sheet = 'range' in target ? target.range.sheet : target.sheet;
  const settings = parseIdentifySettings({ ...input, sheet });
  const date = formatDateRu(options.now ?? new Date());
  // a big file on the web page is held by its worker, which identifies it there
  if (host.identifyHere) {
    const out = await host.identifyHere({ settings: { ...input, sheet }, target, date }, options);
    return { result: out.result, settings, outcome: out.outcome };
  }
  const wb =
    'range' in target
      ? await host.read({ ...options, range: target.range })
      : await host.read({ ...options, sheets: [sheet] });
  stop(options.signal);
  const { result, edits } = identifyWork(wb, settings, date);
  stop(options.signal);
  const outcome = await host.apply(edits, options);
  return { result, settings, outcome };
}

export type TemplateId = 'dtk' | 'card' | 'roadmap' | 'results';

export const TEMPLATE_IDS: readonly TemplateId[] = ['dtk', 'card', 'roadmap', 'results'];

/** The sheets of a template, as `shnor template` builds them (years from today's date). */
export function templateSheets(id: TemplateId, now: Date = new Date()): OwnedSheet[] {
  switch (id) {
    case 'dtk':
      // the three school years ending with the current one (a school year starts in September)
      return dtkTemplate(yearsEnding(now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1));
    case 'card':
      return cardTemplate(now.getFullYear());
    case 'roadmap':
      return roadmapTemplate();
    case 'results':
      return resultsTemplate();
  }
}

/**
 * Inserts a template's sheets into the workbook. A sheet of the same name that is already there
 * (the user's filled ДТК) is never replaced: the new one gets a free name, «ДТК (2)».
 */
export async function insertTemplate(
  host: WorkbookHost,
  id: TemplateId,
  options: HostOptions & { now?: Date } = {},
): Promise<{ sheets: string[]; outcome: ApplyOutcome }> {
  const wb = await host.read(options);
  const taken = new Set(wb.sheets.map((s) => s.name.toLowerCase()));
  const sheets = templateSheets(id, options.now).map((s) => {
    let name = s.name;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${s.name.slice(0, 31 - ` (${k})`.length)} (${k})`;
    taken.add(name.toLowerCase());
    return { ...s, name, position: 'last' as const };
  });
  stop(options.signal);
  const outcome = await host.apply(
    sheets.map((sheet) => ({ kind: 'replaceSheet', sheet })),
    options,
  );
  return { sheets: sheets.map((s) => s.name), outcome };
}

/** Reads the workbook and checks it without writing anything (for «Записать выводы», «Подсветить»). */
export async function prepareCheck(
  host: WorkbookHost,
  settings: IdentifySettingsInput,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const parsed = parseIdentifySettings(settings);
  // one sheet: with the state sheet, so the product's own earlier texts and highlights are known
  const wb = await host.read(options.sheet ? { ...options, sheets: [options.sheet, STATE_SHEET] } : options);
  stop(options.signal);
  return checkWorkbook(wb, parsed, formatDateRu(options.now ?? new Date()));
}

export interface MarksRun {
  analysis: MarksAnalysis;
  /** Where the result table was written (`Лист!E3:F13`). */
  written: string;
  outcome: ApplyOutcome;
}

/**
 * «Отметки» on the selected range (counts of marks, a column of marks or a ВПР protocol): the
 * indicators of DOMAIN.md §7 as a small table written one column to the right of the selection.
 * Only the range and the «Шкала перевода» sheet (when there is one) are read.
 */
export async function runMarks(
  host: WorkbookHost,
  opts: { includeNotAssessed: boolean },
  options: HostOptions = {},
): Promise<MarksRun> {
  const sel = await host.selection();
  if (!sel || !sel.address.includes(':'))
    throw new Error('Выделите диапазон: столбец отметок, таблицу количеств «5», «4», «3», «2» или протокол ВПР.');
  const wb = await host.read({ ...options, range: sel });
  stop(options.signal);
  const range = wb.sheets[0];
  if (!range) throw new Error(`В книге нет листа «${sel.sheet}».`);
  const scales = await host.read({ ...options, sheets: [SCALE_SHEET] });
  stop(options.signal);
  const analysis = analyzeMarksRange(range, scales, { includeNotAssessed: opts.includeNotAssessed });
  if (analysis.groups.length === 0) throw new Error('В выделенном диапазоне нет ни отметок, ни количеств отметок.');
  const { edits, address } = marksEdits(range, analysis);
  const outcome = await host.apply(edits, options);
  return { analysis, written: `${range.name}!${address}`, outcome };
}

export interface JournalRun {
  analysis: JournalAnalysis;
  /** The owned sheets written. */
  sheets: string[];
  outcome: ApplyOutcome;
}

/**
 * «По журналу (вся книга)»: period marks from the class journal on every sheet of the workbook
 * (docs/marks.md «Отметки из журнала»); writes «Отметки по журналу», «Списки по журналу», «Классы по
 * журналу» (the product's own sheets, replaced whole on each run).
 */
export async function runJournalMarks(
  host: WorkbookHost,
  opts: { includeNotAssessed: boolean },
  options: HostOptions = {},
): Promise<JournalRun> {
  const wb = await host.read(options);
  stop(options.signal);
  const analysis = analyzeJournal(wb, { includeNotAssessed: opts.includeNotAssessed });
  if (analysis.periods.length === 0)
    throw new Error(
      'В книге нет отметок из журнала: нужна таблица «ФИО | предмет | предмет…» с отметками за период (класс и период — над таблицей или в имени листа) или таблица «Ученик | Класс | Предмет | Период | Отметка».',
    );
  const sheets = journalSheets(analysis);
  stop(options.signal);
  const outcome = await host.apply(
    sheets.map((sheet) => ({ kind: 'replaceSheet', sheet })),
    options,
  );
  return { analysis, sheets: sheets.map((s) => s.name), outcome };
}

export interface AnalysisRun<T> {
  analysis: T;
  /** The owned sheet written. */
  sheet: string;
  outcome: ApplyOutcome;
}

/**
 * One of the deputy's analyses on the whole open workbook (docs/marks.md): the same engine function
 * and owned sheet as the CLI's `shnor tasks | teachers | objectivity`. The product's sheet is replaced
 * whole; a user's sheet of the same name is never written over (a Russian message instead).
 */
async function runAnalysis<T>(
  host: WorkbookHost,
  analyse: (wb: WorkbookSnapshot) => AnalysisResult<T>,
  what: string,
  options: HostOptions,
): Promise<AnalysisRun<T>> {
  const wb = await host.read(options);
  stop(options.signal);
  const r = analyse(wb);
  if (!r.ok) throw new Error(`${what}: в книге ${r.missing}.`);
  const clash = analysisSheetClash(wb, r.sheet.name);
  if (clash)
    throw new Error(
      `В книге уже есть лист «${clash}» со своими данными; программа его не заменяет. Переименуйте этот лист и запустите ещё раз.`,
    );
  stop(options.signal);
  const outcome = await host.apply([{ kind: 'replaceSheet', sheet: r.sheet }], options);
  return { analysis: r.analysis, sheet: r.sheet.name, outcome };
}

/** «Задания ВПР (реестр затруднений)»: % done per task and class from the protocols, «Реестр затруднений». */
export function runTasksAnalysis(
  host: WorkbookHost,
  opts: { gap: number },
  options: HostOptions = {},
): Promise<AnalysisRun<TasksAnalysis>> {
  return runAnalysis(host, (wb) => tasksOfWorkbook(wb, { gap: opts.gap }), 'Реестр затруднений не составлен', options);
}

/** «Учителя»: the «2» share per teacher and year, the stably low, the sheet «Учителя». */
export function runTeachersAnalysis(
  host: WorkbookHost,
  opts: { threshold: number | null },
  options: HostOptions = {},
): Promise<AnalysisRun<TeachersAnalysis>> {
  return runAnalysis(
    host,
    (wb) => teachersOfWorkbook(wb, { threshold: opts.threshold }),
    'Список учителей не составлен',
    options,
  );
}

/** «Объективность»: confirmed / lowered / raised marks per school × subject, the sheet «Объективность». */
export function runObjectivityAnalysis(
  host: WorkbookHost,
  opts: { flagShare: number },
  options: HostOptions = {},
): Promise<AnalysisRun<ObjectivityAnalysis>> {
  return runAnalysis(
    host,
    (wb) => objectivityOfWorkbook(wb, { flagShare: opts.flagShare }),
    'Анализ объективности не составлен',
    options,
  );
}

/** One input of «Сводка»: a file from disk (the web page) or a ДТК sheet of the open workbook (Excel). */
export interface SummarySource {
  name: string;
  /** The workbook to check; throws (with a Russian message) when the file cannot be read. */
  load: () => Promise<WorkbookSnapshot>;
}

export interface SummaryOptions extends HostOptions {
  now?: Date;
  /** Called before each file: «Файл 3 из 40: …». */
  onFile?: (index: number, total: number, name: string) => void;
}

export interface SummaryRun {
  result: ConsolidateResult;
  inputs: ConsolidateInput[];
  /** The date printed on the summary sheets (dd.mm.yyyy). */
  date: string;
}

/**
 * «Сводка»: checks each source alone, as `check` would, and consolidates them (DOMAIN.md §6).
 * A file that cannot be read is listed with its reason and never stops the batch; cancelling
 * stops between two files.
 */
export async function runSummary(
  sources: readonly SummarySource[],
  identifySettings: IdentifySettingsInput,
  consolidateSettings: ConsolidateSettingsInput,
  options: SummaryOptions = {},
): Promise<SummaryRun> {
  const parsed = parseIdentifySettings(identifySettings);
  const cs = parseConsolidateSettings(consolidateSettings);
  const date = formatDateRu(options.now ?? new Date());
  const inputs: ConsolidateInput[] = [];
  for (let k = 0; k < sources.length; k++) {
    stop(options.signal);
    const src = sources[k];
    options.onFile?.(k + 1, sources.length, src.name);
    options.onProgress?.({ done: k, total: sources.length, stage: src.name });
    // lets the page paint the progress (and the cancel click arrive) between two files
    await new Promise((r) => setTimeout(r, 0));
    stop(options.signal);
    let wb: WorkbookSnapshot;
    try {
      wb = await src.load();
    } catch (e) {
      if (isAbort(e)) throw e;
      inputs.push(failedInput(src.name, e instanceof Error ? e.message : String(e)));
      continue;
    }
    try {
      inputs.push(checkedInput(src.name, wb, checkWorkbook(wb, parsed, date)));
    } catch (e) {
      inputs.push(failedInput(src.name, `«${src.name}»: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  stop(options.signal);
  options.onProgress?.({ done: sources.length, total: sources.length, stage: '' });
  return { result: consolidate(inputs, cs), inputs, date };
}

/**
 * Excel: the ДТК inside the open workbook. Each visible sheet that is a ДТК on its own (it names
 * its school) is one input; when at most one sheet names a school, the ДТК sheets are one ДТК
 * spread over sections, and the workbook is one input. The summary's own sheets are not ДТК.
 */
export async function workbookSources(host: WorkbookHost, options: HostOptions = {}): Promise<SummarySource[]> {
  const wb = await host.read(options);
  const dtk = wb.sheets.filter(
    (s) => (s.visibility ?? 'visible') === 'visible' && detectKind({ sheets: [s] }) === 'dtk',
  );
  const defaults = parseIdentifySettings({});
  const named = dtk.filter((s) => {
    stop(options.signal);
    const school = checkWorkbook({ sheets: [s] }, defaults, '').indicators.school;
    return typeof school === 'string' && school.trim() !== '';
  });
  if (named.length <= 1)
    return dtk.length === 0 ? [] : [{ name: dtk.map((s) => s.name).join(', '), load: async () => ({ sheets: dtk }) }];
  return dtk.map((s) => ({ name: s.name, load: async () => ({ sheets: [s] }) }));
}

/** Excel: writes the summary sheets into the open workbook (each replaces its namesake). */
export async function writeSummary(
  host: WorkbookHost,
  run: SummaryRun,
  options: HostOptions = {},
): Promise<ApplyOutcome> {
  return host.apply(summaryEdits(run.result, run.date), options);
}

/** «Новый учебный год», step 1: what rolling the ДТК on would do (nothing is written yet). */
export async function prepareNewYear(host: WorkbookHost, options: HostOptions = {}): Promise<NewYearPlan> {
  const wb = await host.read(options);
  stop(options.signal);
  return newYearEdits(wb);
}

/** «Новый учебный год», step 2: the plan the user confirmed, applied to the workbook. */
export function applyNewYear(host: WorkbookHost, plan: NewYearPlan, options: HostOptions = {}): Promise<ApplyOutcome> {
  return host.apply(plan.edits, options);
}

/**
 * «Заполнить раздел 2 карты из дорожной карты», step 1 (issue 15): the information card and the
 * roadmap are sheets of the open workbook; the roadmap is looked for on every sheet but the card's.
 * Nothing is written yet: the pane shows what will be filled and what is kept.
 */
export async function prepareCardFill(
  host: WorkbookHost,
  opts: { date?: string | null } = {},
  options: HostOptions = {},
): Promise<CardFillResult> {
  const wb = await host.read(options);
  stop(options.signal);
  const loc = locateCard(wb);
  const others = {
    sheets: wb.sheets.filter((s) => s.name !== loc.sheet && s.name !== loc.schools?.sheet && s.name !== STATE_SHEET),
  };
  return fillCardFromRoadmap(wb, others, { date: opts.date ?? null });
}

/** «Заполнить раздел 2 карты из дорожной карты», step 2: the empty cells written into the open workbook. */
export function applyCardFill(
  host: WorkbookHost,
  fill: CardFillResult,
  options: HostOptions = {},
): Promise<ApplyOutcome> {
  return host.apply(fill.edits, options);
}

/** What the pane lets the user set for the справка: the municipality, the heading block. */
export interface ReportFields {
  municipality?: string;
  body?: string;
  author?: string;
  /** Objectivity: «понизили» above this share, % flags a school × subject (the «Отметки» tab's setting). */
  flagShare?: number;
}

/**
 * The справка from workbooks (the open workbook in Excel, the files opened on the web page): the
 * results workbooks with the ДТК, roadmap and «Справочник мер» among them (src/engine/report).
 * Throws with the Russian reason when it cannot be made.
 */
export function paneReport(
  books: ReportBook[],
  settings: IdentifySettingsInput,
  fields: ReportFields,
  now: Date = new Date(),
): Report {
  const parsed = parseIdentifySettings(settings);
  const date = formatDateRu(now);
  const inputs = reportInputs(
    books,
    parsed,
    date,
    fields.flagShare === undefined ? {} : { flagShare: fields.flagShare },
  );
  if (inputs.results.length === 0)
    throw new Error(
      'Справка составляется по результатам оценочных процедур, а их в книге нет (шаблон: вкладка «Шаблоны» → «Результаты»).',
    );
  const report = buildReport(inputs.merged, parsed, {
    municipality: fields.municipality?.trim() || null,
    header: { date: null, body: fields.body?.trim() || null, author: fields.author?.trim() || null },
    dtk: inputs.dtk,
    factors: inputs.factors,
    measures: inputs.measures,
    objectivity: inputs.objectivity,
    sourceIssues: inputs.mergeIssues,
  });
  if (report.error) throw new Error(report.error);
  return report;
}

export interface ReportRun {
  report: Report;
  outcome: ApplyOutcome;
}

/** «Справка»: writes the sheet «Справка» with its charts into the workbook (replaced whole on each run). */
export async function runReportSheet(
  host: WorkbookHost,
  settings: IdentifySettingsInput,
  fields: ReportFields,
  options: HostOptions & { now?: Date; books?: ReportBook[] } = {},
): Promise<ReportRun> {
  // the web page: from every file opened, written into the current one; Excel: the open workbook
  const books = options.books ?? [{ name: 'книга', wb: await host.read(options) }];
  stop(options.signal);
  const report = paneReport(books, settings, fields, options.now);
  stop(options.signal);
  const outcome = await host.apply([{ kind: 'replaceSheet', sheet: report.sheet }], options);
  return { report, outcome };
}

/**
 * «Скачать справку (.docx)» (the web page): the справка of the files opened, as .docx bytes. The
 * .docx writer is loaded only now (it is large); the charts are drawn by `render`.
 */
export async function reportDocxBytes(
  books: ReportBook[],
  settings: IdentifySettingsInput,
  fields: ReportFields,
  render: RenderPng,
  options: HostOptions & { now?: Date } = {},
): Promise<{ report: Report; bytes: Uint8Array }> {
  stop(options.signal);
  const report = paneReport(books, settings, fields, options.now);
  stop(options.signal);
  const { reportDocx } = await import('../docx/report');
  const bytes = await reportDocx(report.document, render);
  return { report, bytes };
}

export interface RegisterRun {
  register: Register;
  /** The owned sheet written. */
  sheet: string;
  outcome: ApplyOutcome;
}

/**
 * «Реестр ШНОР» (issue 15): the register over the school years of the results in the workbook (in
 * Excel) or in every file opened (the web page), with the engine and sheet of `shnor register`. The
 * years of the results are counted again; a register written earlier (the sheet «Реестр ШНОР») gives
 * the years the results no longer hold.
 * The sheet is replaced whole; a user's own sheet of that name is never written over.
 */
export async function runRegisterSheet(
  host: WorkbookHost,
  settings: IdentifySettingsInput,
  options: HostOptions & { books?: ReportBook[] } = {},
): Promise<RegisterRun> {
  const parsed = parseIdentifySettings(settings);
  const books = options.books ?? [{ name: 'книга', wb: await host.read(options) }];
  stop(options.signal);
  for (const b of books) {
    const clash = registerSheetClash(b.wb);
    if (clash)
      throw new Error(
        `В книге уже есть лист «${clash}» со своими данными, не похожий на реестр программы; программа его не заменяет. Переименуйте этот лист и запустите ещё раз.`,
      );
  }
  const history = books.flatMap((b) => readRegisterHistory(b.wb));
  const results = identifyByYear(
    mergeSheets(
      books.map((b) => ({
        name: b.name,
        wb: { sheets: b.wb.sheets.filter((x) => x.name.toLowerCase() !== REGISTER_SHEET.toLowerCase()) },
      })),
    ),
    parsed,
  );
  const reg = recountRegister(results, history);
  if (!reg.years.length)
    throw new Error(
      'Реестр составляется по результатам оценочных процедур с учебными годами, а их в книге нет (шаблон: вкладка «Шаблоны» → «Результаты»).',
    );
  stop(options.signal);
  const sheet = registerSheet(reg);
  const outcome = await host.apply([{ kind: 'replaceSheet', sheet }], options);
  return { register: reg, sheet: sheet.name, outcome };
}
