/** The «Проверка» sheet (PRODUCT.md, output sheets): every finding with a link to its cell. */
import { OwnedSheet, OutValue } from './edits';
import { CODES, Issue, SEVERITY_RU, compareSeverity, countBySeverity } from './issues';

export const CHECK_SHEET = 'Проверка';
export const IDENTIFY_SHEET = 'Идентификация ШНОР';
/** The аналитическая справка (src/engine/report). */
export const REPORT_SHEET = 'Справка';
/** The ШНОР register over years (src/engine/register). */
export const REGISTER_SHEET = 'Реестр ШНОР';
/** Period marks from the class journal (src/engine/marks/journal-sheets.ts): figures, lists, classes. */
export const JOURNAL_SHEETS = ['Отметки по журналу', 'Списки по журналу', 'Классы по журналу'] as const;
/** Sheets the product writes and replaces on each run: never read back as the user's data. */
export const OWNED_SHEETS: readonly string[] = [
  CHECK_SHEET,
  IDENTIFY_SHEET,
  REPORT_SHEET,
  REGISTER_SHEET,
  ...JOURNAL_SHEETS,
];

export const KIND_NAMES: Record<string, string> = {
  dtk: 'ДТК (диагностико-технологическая карта)',
  card: 'информационная карта МОУО',
  results: 'результаты оценочных процедур',
  roadmap: 'дорожная карта',
  plan: 'план мероприятий',
  unknown: 'не распознан',
};

/** Sorts findings: errors first, then by sheet order of appearance, row, column. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => compareSeverity(a.i.severity, b.i.severity) || a.n - b.n)
    .map((x) => x.i);
}

/** Builds the «Проверка» sheet; `date` is given by the caller (the engine reads no clock). */
export function buildCheckSheet(kind: string, issues: readonly Issue[], date: string): OwnedSheet {
  const n = countBySeverity(issues);
  const sorted = sortIssues(issues);
  const rows: OutValue[][] = sorted.map((i, k) => [
    k + 1,
    i.section ?? '',
    i.cell && i.sheet
      ? { link: { sheet: i.sheet, cell: i.cell.split(':')[0] }, text: `${i.sheet}!${i.cell}` }
      : (i.sheet ?? ''),
    SEVERITY_RU[i.severity],
    i.code,
    i.message,
    CODES[i.code].action,
  ]);
  const tones = sorted.map((i, k) => [k, 3, i.severity] as [number, number, 'error' | 'warning' | 'info']);
  return {
    name: CHECK_SHEET,
    freezeHeader: true,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: ['Проверка книги'] },
      {
        kind: 'pairs',
        rows: [
          ['Вид книги', KIND_NAMES[kind] ?? kind],
          ['Дата проверки', date],
          ['Ошибок', n.error],
          ['Предупреждений', n.warning],
          ['Сведений', n.info],
        ],
      },
      {
        kind: 'table',
        name: 'shnor_check',
        columns: [
          { header: '№', format: 'integer', width: 5 },
          { header: 'Раздел', width: 14 },
          { header: 'Ячейка', width: 18 },
          { header: 'Уровень', width: 15 },
          { header: 'Код', width: 24 },
          { header: 'Сообщение', width: 70 },
          { header: 'Что сделать', width: 50 },
        ],
        rows: rows.length > 0 ? rows : [[null, '', '', '', '', 'Замечаний нет.', '']],
        tones,
      },
    ],
  };
}
