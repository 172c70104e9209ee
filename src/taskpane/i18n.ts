/**
 * The task pane's own words in Russian and English: one typed dictionary, no library (a dozen
 * screens of plain strings do not need plural rules beyond the engine's `plural`, nor message
 * catalogues). Findings, verdicts and sheet contents come from the engine and stay Russian.
 * Office's display language decides in Excel; the browser's language on the web page.
 */
import type { Kind } from '../engine/check';
import { plural } from '../engine/text';

export type Lang = 'ru' | 'en';

const ru = {
  title: 'ШНОР: проверка форм мониторинга',
  intro:
    'Проверка ДТК, информационной и дорожной карт, идентификация школ с низкими образовательными результатами (ШНОР).',
  webIntro:
    'Откройте книгу Excel (.xlsx) с диска: программа проверит её прямо в браузере и подготовит копию с пометками. Файл никуда не отправляется.',
  openFile: 'Открыть книгу',
  openFileHint: 'Книга Excel (.xlsx)',
  download: 'Скачать копию с пометками',
  downloadHint: 'Исходный файл не меняется: пометки будут в скачанной копии.',
  sheet: 'Лист',
  refresh: 'Обновить',
  sheetKind: (sheet: string, kind: string) => `Лист «${sheet}»: ${kind}.`,
  tabCheck: 'Проверка',
  tabIdentify: 'Идентификация',
  tabTemplates: 'Шаблоны',
  check: 'Проверить',
  checkHint: 'Проверяет книгу, подсвечивает ячейки с замечаниями и записывает лист «Проверка».',
  writeConclusions: 'Записать выводы',
  highlight: 'Подсветить',
  clearHighlights: 'Снять подсветку',
  cancel: 'Отменить',
  cancelled: 'Работа прервана, книга не изменена.',
  working: 'Выполняется…',
  reading: 'Чтение книги…',
  summary: (kind: string, e: number, w: number, i: number) =>
    `Вид книги: ${kind}. ${plural(e, 'Ошибка', 'Ошибки', 'Ошибок')}: ${e}, ${plural(w, 'предупреждение', 'предупреждения', 'предупреждений')}: ${w}, сведений: ${i}.`,
  noFindings: 'Замечаний нет.',
  findings: 'Замечания',
  findingsHint: 'Нажмите на замечание (или Enter), чтобы перейти к его ячейке.',
  commonSection: 'Общие',
  section: (s: string) => `Раздел ${s}`,
  selected: (where: string) => `Выделена ячейка ${where}.`,
  severity: { error: 'Ошибки', warning: 'Предупреждения', info: 'Сведения' } as Record<
    'error' | 'warning' | 'info',
    string
  >,
  noDrafts: 'Для этой книги программа не составляет выводов.',
  written: (n: number) => `Записано ячеек: ${n}.`,
  conflictsTitle: 'В этих ячейках ваш собственный текст — программа его не заменила',
  yourText: 'Ваш текст',
  draft: 'Черновик программы',
  copy: 'Копировать черновик',
  copied: 'Черновик скопирован.',
  replace: 'Заменить мой текст',
  skippedCells: 'Не изменены',
  highlighted: 'Ячейки подсвечены.',
  cleared: 'Подсветка снята, прежнее оформление ячеек восстановлено.',
  target: 'Где искать таблицу результатов',
  targetSheet: (s: string) => `Лист «${s}»`,
  targetRange: 'Выделенный диапазон',
  rangeLabel: 'Диапазон, например A1:H200',
  noSelection: 'Выделите диапазон с таблицей результатов.',
  settings: 'Настройки',
  threshold: 'Порог низкого результата, %',
  thresholdBad: 'Число больше 0 и не больше 100',
  riskBand: 'Зона риска ниже порога, п. п.',
  minParticipants: 'Не учитывать результаты, где участников меньше',
  smallSample: 'Малая выборка — меньше участников, чем',
  rule2: 'Правило 2',
  rule2Any: 'любая процедура в каждом году',
  rule2Same: 'одна и та же процедура',
  includeOther: 'Учитывать процедуры вне региональной программы',
  year: 'Учебный год (пусто — последний в данных)',
  identify: 'Определить ШНОР',
  verdict: (year: string, prev: string, n: number, shnor: number, risk: number, norm: number) =>
    `${year} учебный год (предыдущий ${prev}): школ ${n}; ШНОР — ${shnor}, в зоне риска — ${risk}, норма — ${norm}.`,
  noTable: 'Таблица результатов не найдена.',
  schoolsList: 'Школы с низкими результатами и в зоне риска',
  kinds: {
    dtk: 'ДТК (диагностико-технологическая карта)',
    card: 'информационная карта МОУО',
    results: 'результаты оценочных процедур',
    roadmap: 'дорожная карта',
    unknown: 'вид не распознан',
  } as Record<Kind, string>,
  template: 'Шаблон',
  templateNames: {
    dtk: 'ДТК школы',
    card: 'Информационная карта МОУО',
    roadmap: 'Дорожная карта МОУО',
    results: 'Результаты ВПР/ОГЭ/ЕГЭ (для идентификации)',
  } as Record<'dtk' | 'card' | 'roadmap' | 'results', string>,
  insertTemplate: 'Вставить шаблон',
  downloadTemplate: 'Скачать шаблон',
  templateHint: 'Листы шаблона добавляются в конец книги; листы с тем же именем не заменяются.',
  templateInserted: (names: string[]) => `Добавлены листы: ${names.map((n) => `«${n}»`).join(', ')}.`,
  noWorkbook: 'Сначала откройте книгу.',
  error: 'Не получилось',
};

export type Dict = typeof ru;

const en: Dict = {
  title: 'SHNOR: monitoring forms check',
  intro:
    'Checks school diagnostic cards (ДТК), municipal cards and roadmaps; identifies schools with low results (ШНОР).',
  webIntro:
    'Open an Excel workbook (.xlsx) from disk: it is checked right in the browser and an annotated copy is prepared. The file is not sent anywhere.',
  openFile: 'Open workbook',
  openFileHint: 'Excel workbook (.xlsx)',
  download: 'Download the annotated copy',
  downloadHint: 'The original file is not changed: the notes go into the downloaded copy.',
  sheet: 'Sheet',
  refresh: 'Refresh',
  sheetKind: (sheet, kind) => `Sheet “${sheet}”: ${kind}.`,
  tabCheck: 'Check',
  tabIdentify: 'Identification',
  tabTemplates: 'Templates',
  check: 'Check',
  checkHint: 'Checks the workbook, highlights cells with findings and writes the «Проверка» sheet.',
  writeConclusions: 'Write conclusions',
  highlight: 'Highlight',
  clearHighlights: 'Clear highlights',
  cancel: 'Cancel',
  cancelled: 'Cancelled; the workbook was not changed.',
  working: 'Working…',
  reading: 'Reading the workbook…',
  summary: (kind, e, w, i) => `Kind: ${kind}. Errors: ${e}, warnings: ${w}, notes: ${i}.`,
  noFindings: 'No findings.',
  findings: 'Findings',
  findingsHint: 'Click a finding (or press Enter) to go to its cell.',
  commonSection: 'General',
  section: (s) => `Section ${s}`,
  selected: (where) => `Selected cell ${where}.`,
  severity: { error: 'Errors', warning: 'Warnings', info: 'Notes' },
  noDrafts: 'The product drafts no conclusions for this workbook.',
  written: (n) => `Cells written: ${n}.`,
  conflictsTitle: 'These cells hold your own text — it was not replaced',
  yourText: 'Your text',
  draft: 'Draft',
  copy: 'Copy the draft',
  copied: 'Draft copied.',
  replace: 'Replace my text',
  skippedCells: 'Not changed',
  highlighted: 'Cells highlighted.',
  cleared: 'Highlights cleared; the cells’ own formatting is back.',
  target: 'Where the results table is',
  targetSheet: (s) => `Sheet “${s}”`,
  targetRange: 'Selected range',
  rangeLabel: 'Range, e.g. A1:H200',
  noSelection: 'Select the range with the results table.',
  settings: 'Settings',
  threshold: 'Low result threshold, %',
  thresholdBad: 'A number above 0, at most 100',
  riskBand: 'Risk band below the threshold, points',
  minParticipants: 'Ignore results with fewer participants than',
  smallSample: 'Small sample — fewer participants than',
  rule2: 'Rule 2',
  rule2Any: 'any procedure in each year',
  rule2Same: 'the same procedure',
  includeOther: 'Count procedures outside the regional programme',
  year: 'School year (empty — the last one in the data)',
  identify: 'Identify ШНОР',
  verdict: (year, prev, n, shnor, risk, norm) =>
    `School year ${year} (previous ${prev}): ${n} schools; ШНОР — ${shnor}, at risk — ${risk}, normal — ${norm}.`,
  noTable: 'No results table found.',
  schoolsList: 'Schools with low results and at risk',
  kinds: {
    dtk: 'school diagnostic card (ДТК)',
    card: 'municipal information card',
    results: 'assessment results',
    roadmap: 'roadmap',
    unknown: 'kind not recognised',
  },
  template: 'Template',
  templateNames: {
    dtk: 'School diagnostic card (ДТК)',
    card: 'Municipal information card',
    roadmap: 'Municipal roadmap',
    results: 'ВПР/ОГЭ/ЕГЭ results (for identification)',
  },
  insertTemplate: 'Insert template',
  downloadTemplate: 'Download template',
  templateHint: 'Template sheets are added at the end; sheets with the same name are not replaced.',
  templateInserted: (names) => `Sheets added: ${names.map((n) => `“${n}”`).join(', ')}.`,
  noWorkbook: 'Open a workbook first.',
  error: 'Something went wrong',
};

export const DICTS: Record<Lang, Dict> = { ru, en };

/** `ru-RU`, `ru` → Russian; anything else (`en-US`, `de-DE`) → English; no language → Russian. */
export function pickLang(tag: string | null | undefined): Lang {
  if (!tag) return 'ru';
  return /^ru\b/i.test(tag.trim()) ? 'ru' : 'en';
}
