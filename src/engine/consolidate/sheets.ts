/**
 * The summary workbook of a consolidation (PRODUCT.md output sheets, DOMAIN.md §6): «Сводка по
 * школам», «Муниципалитеты», «Эффективность», «Кластеры», «Файлы» — each an Excel table with
 * filters, a frozen header and set widths; clustered column charts of the clusters, the
 * identification statuses and the efficiency indicators (this period beside the earlier one).
 */
import type { RosterSummary } from './roster';
import { KIND_NAMES } from '../report';
import { Edit, OwnedSheet, OutValue, TableColumn } from '../edits';
import { CLUSTERS, ConsolidateResult } from './consolidate';

export const SUMMARY_SHEETS = {
  schools: 'Сводка по школам',
  municipalities: 'Муниципалитеты',
  efficiency: 'Эффективность',
  clusters: 'Кластеры',
  files: 'Файлы',
  roster: 'Сдача ДТК',
} as const;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const yesNo = (v: boolean | null): string => (v === null ? 'нет данных' : v ? 'да' : 'нет');
const flag = (v: unknown): string | null => (v === 1 ? 'да' : v === 0 ? 'нет' : null);

/** Key ДТК indicators shown per school: [indicator id, header, format]. */
const SCHOOL_INDICATORS: [string, string, TableColumn['format']][] = [
  ['failingSharePrevious', 'Доля «2» ВПР/ГИА, пред. год, %', 'percentPoints'],
  ['failingShareCurrent', 'Доля «2» ВПР/ГИА, посл. год, %', 'percentPoints'],
  ['lowResultsCurrent', 'Низких результатов в посл. году', 'integer'],
  ['eduPositiveDynamics', 'Положительная динамика результатов', 'text'],
  ['methodicalInvolvement', 'Вовлечены в методическую деятельность, %', 'percentPoints'],
  ['courses', 'Курсовая подготовка, %', 'percentPoints'],
  ['partnerEvents', 'Мероприятия со школой-партнёром, %', 'percentPoints'],
  ['antiRiskMatch', 'Антирисковые программы по анкетированию, %', 'percentPoints'],
  ['riskMeasuresDone', 'Выполнено мероприятий по рискам, %', 'percentPoints'],
  ['diagnosticsPositive', 'Положительная динамика диагностики (3.2 б), %', 'percentPoints'],
];

function statusCounts(r: ConsolidateResult): OutValue[][] {
  const main = r.schools.filter((s) => s.period === r.period);
  return (['ШНОР', 'риск', 'норма', null] as const).map((st) => [
    st ?? 'нет в результатах',
    main.filter((s) => s.status === st).length,
  ]);
}

/**
 * The summary as edits: each sheet replaced whole (PRODUCT.md write-back rules: sheets the product
 * owns). The task pane applies these to the open workbook; the CLI writes a new book of the same sheets.
 */
export function summaryEdits(r: ConsolidateResult, date: string): Edit[] {
  return summarySheets(r, date).map((sheet) => ({ kind: 'replaceSheet', sheet }));
}

export function summarySheets(r: ConsolidateResult, date: string): OwnedSheet[] {
  const two = r.previousPeriod !== null;
  const schoolCols: TableColumn[] = [
    { header: 'Муниципалитет', width: 22 },
    { header: 'Школа', width: 34 },
    { header: 'Период', width: 11 },
    { header: 'Ошибок', format: 'integer', width: 9 },
    { header: 'Предупреждений', format: 'integer', width: 10 },
    { header: 'Идентификация', width: 14 },
    { header: 'Кластер', width: 14 },
    { header: 'Почему', width: 40 },
    { header: 'Индекс соц. неблагополучия, %', format: 'percentPoints', width: 14 },
    ...SCHOOL_INDICATORS.map(([, h, f]) => ({ header: h, format: f, width: 14 })),
    ...(two
      ? [
          { header: 'Изменение доли «2» за период, п. п.', format: 'decimal1' as const, width: 14 },
          { header: 'Изменение курсовой подготовки, п. п.', format: 'decimal1' as const, width: 14 },
          { header: 'Изменение выполнения мероприятий, п. п.', format: 'decimal1' as const, width: 14 },
        ]
      : []),
    { header: 'Файл', width: 30 },
  ];
  const schoolRows: OutValue[][] = r.schools.map((s) => [
    s.municipality ?? '',
    s.school,
    s.period ?? '',
    s.errors,
    s.warnings,
    s.status ?? 'нет данных',
    s.cluster,
    s.clusterReason,
    s.disadvantage,
    ...SCHOOL_INDICATORS.map(([id, , f]) => (f === 'text' ? flag(s.indicators[id]) : num(s.indicators[id]))),
    ...(two
      ? [s.changes?.failingShareCurrent ?? null, s.changes?.courses ?? null, s.changes?.riskMeasuresDone ?? null]
      : []),
    s.file,
  ]);
  const tones = r.schools.flatMap((s, i) => {
    const t: [number, number, 'error' | 'warning' | 'low'][] = [];
    if (s.errors > 0) t.push([i, 3, 'error']);
    if (s.warnings > 0) t.push([i, 4, 'warning']);
    if (s.cluster === 'ШНОР' || s.cluster === 'ШНСУ') t.push([i, 6, 'low']);
    else if (s.cluster === 'зона риска') t.push([i, 6, 'warning']);
    return t;
  });

  const effCols: TableColumn[] = [
    { header: 'Код', width: 26 },
    { header: 'Показатель', width: 60 },
    { header: 'Период', width: 11 },
    { header: 'Числитель', format: 'decimal1', width: 11 },
    { header: 'Знаменатель', format: 'integer', width: 12 },
    { header: 'Значение, %', format: 'percentPoints', width: 12 },
    { header: 'Цель', width: 22 },
    { header: 'Достигнута', width: 12 },
    ...(two
      ? [
          { header: 'Значение в прошлом периоде, %', format: 'percentPoints' as const, width: 14 },
          { header: 'Изменение, п. п.', format: 'decimal1' as const, width: 12 },
        ]
      : []),
  ];
  const effRows: OutValue[][] = r.efficiency.map((e) => [
    e.id,
    e.name,
    e.period ?? '',
    e.numerator,
    e.denominator,
    e.value,
    e.target,
    yesNo(e.met),
    ...(two ? [e.previous?.value ?? null, e.change] : []),
  ]);

  const munRows: OutValue[][] = r.municipalities.map((m) => [
    m.municipality,
    m.card ?? 'нет карты',
    m.year === null ? '' : String(m.year),
    m.lastDate ?? '',
    m.planExecution,
    m.measures,
    m.cardErrors,
    m.cardWarnings,
    Object.entries(m.efficiency)
      .map(([k, v]) => `${k}: ${v ?? 'нет данных'}`)
      .join('; '),
    m.schools,
    ...CLUSTERS.map((c) => m.clusters[c]),
  ]);

  const readCount = r.files.filter((f) => f.status === 'прочитан').length;
  return [
    {
      name: SUMMARY_SHEETS.schools,
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Сводка по школам'] },
        {
          kind: 'pairs',
          rows: [
            ['Дата сводки', date],
            ['Файлов', r.files.length],
            ['Прочитано', readCount],
            ['Школ (строк ДТК)', r.schools.length],
            ['Период', r.period ?? 'не определён'],
            ['Прошлый период', r.previousPeriod ?? 'нет'],
          ],
        },
        {
          kind: 'table',
          name: 'shnor_summary_schools',
          columns: schoolCols,
          rows: schoolRows.length ? schoolRows : [schoolCols.map((_, i) => (i === 1 ? 'Нет ни одной ДТК.' : null))],
          tones,
        },
      ],
    },
    {
      name: SUMMARY_SHEETS.municipalities,
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Муниципалитеты'] },
        {
          kind: 'table',
          name: 'shnor_summary_municipalities',
          columns: [
            { header: 'Муниципалитет', width: 24 },
            { header: 'Информационная карта', width: 30 },
            { header: 'Год', width: 8 },
            { header: 'Последняя дата', width: 12 },
            { header: 'Исполнение плана, %', format: 'percentPoints', width: 12 },
            { header: 'Мероприятий', format: 'integer', width: 12 },
            { header: 'Ошибок в карте', format: 'integer', width: 10 },
            { header: 'Предупреждений в карте', format: 'integer', width: 12 },
            { header: 'Эффективность профилактики (карта)', width: 40 },
            { header: 'Школ с ДТК', format: 'integer', width: 10 },
            ...CLUSTERS.map((c) => ({ header: c, format: 'integer' as const, width: 12 })),
          ],
          rows: munRows.length ? munRows : [['Нет ни одного муниципалитета.', ...Array(14).fill(null)]],
        },
      ],
    },
    {
      name: SUMMARY_SHEETS.efficiency,
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Показатели эффективности мониторинга'] },
        {
          kind: 'text',
          style: 'note',
          lines: [
            'Знаменатель — число ДТК периода, в которых поле прочитано без блокирующей ошибки; числитель — сколько из них достигают условия (для выполнения мероприятий — сумма долей, значение — среднее).',
          ],
        },
        { kind: 'table', name: 'shnor_summary_efficiency', columns: effCols, rows: effRows },
      ],
      charts: [
        {
          title: two ? 'Показатели эффективности: прошлый и текущий период, %' : 'Показатели эффективности, %',
          table: 'shnor_summary_efficiency',
          categories: 0,
          series: two ? [8, 5] : [5],
        },
      ],
    },
    {
      name: SUMMARY_SHEETS.clusters,
      freezeHeader: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Кластеры школ'] },
        { kind: 'text', style: 'heading', lines: ['Правило'] },
        { kind: 'text', style: 'normal', lines: r.clusters.rule },
        {
          kind: 'pairs',
          heading: 'Пороги',
          rows: r.clusters.cutoffs.flatMap((c): [string, OutValue][] => [
            [
              `Период ${c.period ?? 'не определён'}: граница неблагополучия (индекс), %`,
              c.disadvantageCutoff ?? 'мало школ',
            ],
            [`Период ${c.period ?? 'не определён'}: медиана доли «2», %`, c.failingMedian],
            [`Период ${c.period ?? 'не определён'}: школ с индексом`, c.schoolsWithIndex],
          ]),
        },
        {
          kind: 'table',
          name: 'shnor_summary_clusters',
          heading: `Школ по кластерам (период ${r.period ?? 'не определён'})`,
          columns: [
            { header: 'Кластер', width: 18 },
            { header: 'Школ', format: 'integer', width: 10 },
          ],
          rows: CLUSTERS.map((c) => [c, r.clusters.counts[c]]),
        },
        {
          kind: 'table',
          name: 'shnor_summary_statuses',
          heading: `Школ по итогам идентификации ШНОР (период ${r.period ?? 'не определён'})`,
          columns: [
            { header: 'Статус', width: 18 },
            { header: 'Школ', format: 'integer', width: 10 },
          ],
          rows: statusCounts(r),
        },
      ],
      charts: [
        { title: 'Школы по кластерам', table: 'shnor_summary_clusters', categories: 0, series: [1] },
        { title: 'Школы по итогам идентификации', table: 'shnor_summary_statuses', categories: 0, series: [1] },
      ],
    },
    {
      name: SUMMARY_SHEETS.files,
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Файлы'] },
        {
          kind: 'table',
          name: 'shnor_summary_files',
          columns: [
            { header: 'Файл', width: 36 },
            { header: 'Вид', width: 26 },
            { header: 'Статус', width: 16 },
            { header: 'Причина', width: 70 },
            { header: 'Школа', width: 30 },
            { header: 'Муниципалитет', width: 22 },
            { header: 'Период', width: 11 },
            { header: 'Ошибок', format: 'integer', width: 9 },
            { header: 'Предупреждений', format: 'integer', width: 10 },
          ],
          rows: r.files.map((f) => [
            f.file,
            KIND_NAMES[f.kind] ?? f.kind,
            f.status,
            f.reason ?? '',
            f.school ?? '',
            f.municipality ?? '',
            f.period ?? '',
            f.errors,
            f.warnings,
          ]),
          tones: r.files.flatMap((f, i): [number, number, 'error' | 'warning'][] =>
            f.status === 'прочитан' ? [] : [[i, 2, f.status === 'повтор' ? 'warning' : 'error']],
          ),
        },
      ],
    },
    ...(r.roster ? [rosterSheet(r.roster, r.period)] : []),
  ];
}

/** Who sent the ДТК, against the roster of expected schools. */
function rosterSheet(ro: RosterSummary, period: string | null): OwnedSheet {
  return {
    name: SUMMARY_SHEETS.roster,
    freezeHeader: true,
    blocks: [
      { kind: 'text', style: 'title', lines: [`Сдача ДТК (период ${period ?? 'не определён'})`] },
      {
        kind: 'pairs',
        rows: [
          ['Школ в перечне', ro.expected],
          ['Сдали ДТК', ro.filled],
          ['Доля сдавших, %', ro.share === null ? null : Math.round(ro.share * 10) / 10],
          ['Не сдали', ro.missing.length],
        ],
      },
      {
        kind: 'table',
        name: 'shnor_summary_roster',
        heading: 'По муниципалитетам',
        columns: [
          { header: 'Муниципалитет', width: 26 },
          { header: 'Школ в перечне', format: 'integer', width: 12 },
          { header: 'Сдали ДТК', format: 'integer', width: 12 },
          { header: 'Доля сдавших, %', format: 'percentPoints', width: 14 },
        ],
        rows: ro.municipalities.map((m) => [m.municipality, m.expected, m.filled, m.share]),
      },
      {
        kind: 'table',
        name: 'shnor_summary_missing',
        heading: 'Не сдали ДТК',
        columns: [
          { header: 'Муниципалитет', width: 26 },
          { header: 'Школа', width: 40 },
        ],
        rows: ro.missing.map((m) => [m.municipality ?? '', m.name]),
      },
      ...(ro.unexpected.length
        ? [
            {
              kind: 'table' as const,
              name: 'shnor_summary_unexpected',
              heading: 'Сдали, но нет в перечне',
              columns: [
                { header: 'Муниципалитет', width: 26 },
                { header: 'Школа', width: 40 },
              ],
              rows: ro.unexpected.map((m) => [m.municipality ?? '', m.name]),
            },
          ]
        : []),
    ],
  };
}
