/**
 * The аналитическая справка as a document model (issue 14): headings, paragraphs, tables and
 * charts, in order. The .docx writer (src/docx) and the «Справка» sheet (sheet.ts) both render it.
 * Every paragraph is built from the figures only: the same data always gives the same text.
 */
import { Direction, direction } from '../dtk/dynamics';
import { formatNumberRu, plural, roundTo } from '../text';
import { ReportChart } from './charts';
import { Aggregate, DYNAMICS_TOLERANCE, ProcedureFigures, ReportFigures, SchoolProcedureRow } from './figures';
import { RecommendationRow } from './recommend';

export type ReportCell = string | number | null;

export interface ReportTable {
  /** Letters, digits and underscores: the Excel table name in the sheet. */
  id: string;
  columns: { header: string; width: number; format?: 'text' | 'integer' | 'decimal1' }[];
  rows: ReportCell[][];
}

export type ReportBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'chart'; chart: ReportChart; table: ReportTable };

export interface ReportHeader {
  /** Who the справка is addressed to / issued by; blank lines to fill in when not given. */
  body: string | null;
  date: string | null;
  author: string | null;
}

export const BLANK = '____________________';

/** `34,0 %` — rounded to 0.1 the way people expect, then written the Russian way. */
export function pct(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : `${formatNumberRu(roundTo(v))}\u00a0%`;
}

/** A share for a table cell: rounded to 0.1, or null. */
function cellShare(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : roundTo(v);
}

function changeOf(a: Aggregate, b: Aggregate): number | null {
  return a.share === null || b.share === null ? null : roundTo(b.share - a.share);
}

function dynamicsOf(a: number | null, b: number | null): Direction | null {
  return a === null || b === null ? null : direction(a, b, '-', DYNAMICS_TOLERANCE);
}

function word(v: number, mean: number): string {
  const a = roundTo(v);
  const b = roundTo(mean);
  return a > b ? 'выше' : a < b ? 'ниже' : 'на уровне';
}

/** «выше среднего по району (14,8 %) и по региону (19,2 %)», or each with its own word. */
function againstMeans(v: number, mun: number | null, reg: number | null): string | null {
  const parts: [string, string][] = [];
  if (mun !== null) parts.push([word(v, mun), `по району (${pct(mun)})`]);
  if (reg !== null) parts.push([word(v, reg), `по региону (${pct(reg)})`]);
  if (parts.length === 0) return null;
  if (parts.length === 2 && parts[0][0] === parts[1][0])
    return `${parts[0][0]} среднего ${parts[0][1]} и ${parts[1][1]}`;
  return parts.map(([w, what]) => `${w} среднего ${what}`).join(', ');
}

function participationParagraph(p: ProcedureFigures, Y: string, P: string | null): string {
  const c = p.scope.cur;
  const v = p.scope.prev;
  if (c.schools === 0) {
    return `${p.procedure}: в ${Y} учебном году результатов нет${v.schools ? `; в ${P} — ${v.schools} ОО, не справились ${pct(v.share)}` : ''}.`;
  }
  const before = v.share !== null && P ? ` (в ${P} — ${pct(v.share)})` : '';
  const dyn = dynamicsOf(v.share, c.share);
  return (
    `${p.procedure}: в ${Y} учебном году участвовали ${formatNumberRu(c.participants, 0)} ${plural(c.participants, 'обучающийся', 'обучающихся', 'обучающихся')} ` +
    `из ${c.schools} ОО, не справились ${pct(c.share)}${before}` +
    `${dyn ? `, динамика ${dyn}` : ''}.`
  );
}

function schoolFinding(r: SchoolProcedureRow, Y: string, P: string | null): string {
  const cur = r.cur!;
  const inner = [
    cur.failed !== null && cur.participants !== null ? `${cur.failed} из ${cur.participants}` : null,
    r.prev && P ? `в ${P} — ${pct(r.prev.share)}` : null,
  ].filter((x): x is string => x !== null);
  const means = againstMeans(cur.share, r.municipalMean, r.regionalMean);
  return (
    `${r.name}${r.municipality ? ` (${r.municipality})` : ''}: доля обучающихся, не справившихся с работой «${r.procedure}», ` +
    `в ${Y} учебном году составила ${pct(cur.share)}${inner.length ? ` (${inner.join('; ')})` : ''}` +
    `${means ? ', ' + means : ''}${r.dynamics ? `, динамика ${r.dynamics}` : ''}.`
  );
}

function aggTable(
  id: string,
  f: ReportFigures,
  pick: (p: ProcedureFigures) => { prev: Aggregate; cur: Aggregate },
): ReportTable {
  const Y = f.year ?? '—';
  const P = f.previousYear ?? '—';
  return {
    id,
    columns: [
      { header: 'Процедура', width: 30 },
      { header: `ОО, ${P}`, width: 11, format: 'integer' },
      { header: `Участников, ${P}`, width: 13, format: 'integer' },
      { header: `Не справились, ${P}, %`, width: 13, format: 'decimal1' },
      { header: `ОО, ${Y}`, width: 11, format: 'integer' },
      { header: `Участников, ${Y}`, width: 13, format: 'integer' },
      { header: `Не справились, ${Y}, %`, width: 13, format: 'decimal1' },
      { header: 'Изм., п. п.', width: 10, format: 'decimal1' },
      { header: 'Динамика', width: 16 },
    ],
    rows: f.procedures.map((p) => {
      const a = pick(p);
      return [
        p.procedure,
        a.prev.schools,
        a.prev.participants,
        cellShare(a.prev.share),
        a.cur.schools,
        a.cur.participants,
        cellShare(a.cur.share),
        changeOf(a.prev, a.cur),
        dynamicsOf(a.prev.share, a.cur.share) ?? '—',
      ];
    }),
  };
}

export interface ReportDocument {
  title: string;
  blocks: ReportBlock[];
}

export function buildDocument(
  f: ReportFigures,
  recs: RecommendationRow[],
  header: ReportHeader,
  charts: { dynamics: ReportChart; statuses: ReportChart },
  measuresSheet: string | null,
): ReportDocument {
  const Y = f.year ?? '—';
  const P = f.previousYear;
  const Pt = P ?? '—';
  const scope = f.municipality ? `муниципалитета «${f.municipality}»` : 'региона';
  const blocks: ReportBlock[] = [];
  const title = 'Аналитическая справка';
  blocks.push({ kind: 'title', text: title });
  blocks.push({
    kind: 'paragraph',
    text: `по результатам оценочных процедур и идентификации школ с низкими образовательными результатами (ШНОР) ${scope} за ${P ? `${P} и ` : ''}${Y} учебные годы`,
  });
  blocks.push({
    kind: 'fields',
    rows: [
      ['Орган (организация)', header.body ?? BLANK],
      ['Дата', header.date ?? BLANK],
      ['Исполнитель', header.author ?? BLANK],
    ],
  });

  // 1. Общие сведения
  const n = f.schools.length;
  blocks.push({ kind: 'heading', text: '1. Общие сведения' });
  blocks.push({
    kind: 'paragraph',
    text:
      `В анализе использованы результаты ${f.procedures.length} ${plural(f.procedures.length, 'оценочной процедуры', 'оценочных процедур', 'оценочных процедур')} ` +
      `по ${n} ${plural(n, 'общеобразовательной организации', 'общеобразовательным организациям', 'общеобразовательным организациям')} за ${Y} учебный год${P ? ` и предыдущий ${P} учебный год` : ''}. ` +
      `Результат ОО по процедуре считается низким, если доля не справившихся с работой составляет не менее ${formatNumberRu(f.threshold, 0)} %. ` +
      `Средние по району и по региону рассчитаны с весом по числу участников (число не справившихся к числу участников).`,
  });
  const unweighted = f.procedures.some((p) =>
    [p.region.prev, p.region.cur].some((a) => a.schools > 0 && a.share !== null && !a.weighted),
  );
  if (unweighted) {
    blocks.push({
      kind: 'note',
      text: 'Где в данных указаны только доли, без числа участников, среднее рассчитано как среднее арифметическое долей ОО.',
    });
  }
  blocks.push({ kind: 'heading', text: '2. Участие в оценочных процедурах' });
  blocks.push({ kind: 'table', table: aggTable('shnor_report_participation', f, (p) => p.scope) });
  for (const p of f.procedures) blocks.push({ kind: 'paragraph', text: participationParagraph(p, Y, P) });

  // 3. Results of each school
  blocks.push({ kind: 'heading', text: '3. Результаты ОО по процедурам' });
  blocks.push({
    kind: 'note',
    text: `Доля обучающихся, не справившихся с работой, %; «Район» и «Регион» — средние за ${Y} с весом по числу участников.`,
  });
  blocks.push({
    kind: 'table',
    table: {
      id: 'shnor_report_schools',
      columns: [
        { header: 'ОО', width: 34 },
        { header: 'Муниципалитет', width: 18 },
        { header: 'Процедура', width: 26 },
        { header: `${Pt}, %`, width: 12, format: 'decimal1' },
        { header: `${Y}, %`, width: 12, format: 'decimal1' },
        { header: 'Изм., п. п.', width: 9, format: 'decimal1' },
        { header: 'Динамика', width: 16 },
        { header: 'Район, %', width: 10, format: 'decimal1' },
        { header: 'Регион, %', width: 10, format: 'decimal1' },
      ],
      rows: f.rows.map((r) => [
        r.name,
        r.municipality ?? '',
        r.procedure,
        cellShare(r.prev?.share),
        cellShare(r.cur?.share),
        r.change,
        r.dynamics ?? '—',
        cellShare(r.municipalMean),
        cellShare(r.regionalMean),
      ]),
    },
  });
  if (f.bands.length) {
    blocks.push({ kind: 'heading', text: `ЕГЭ: распределение по баллам, ${Y}` });
    blocks.push({
      kind: 'table',
      table: {
        id: 'shnor_report_bands',
        columns: [
          { header: 'ОО', width: 34 },
          { header: 'Процедура', width: 26 },
          { header: 'Ниже минимального порога, %', width: 16, format: 'decimal1' },
          { header: '61–80 баллов, %', width: 12, format: 'decimal1' },
          { header: '81–100 баллов, %', width: 12, format: 'decimal1' },
        ],
        rows: f.bands.map((b) => [
          b.name,
          b.procedure,
          cellShare(b.belowMin),
          cellShare(b.from61to80),
          cellShare(b.from81to100),
        ]),
      },
    });
  }

  // 4. ШНОР and risk
  const shnor = f.schools.filter((v) => v.status === 'ШНОР');
  const risk = f.schools.filter((v) => v.status === 'риск');
  blocks.push({ kind: 'heading', text: '4. Школы с низкими образовательными результатами и зона риска' });
  blocks.push({
    kind: 'paragraph',
    text:
      `По итогам ${Y} учебного года из ${n} ОО к ШНОР отнесены ${shnor.length} ${plural(shnor.length, 'школа', 'школы', 'школ')}, ` +
      `в зоне риска — ${risk.length}, без признаков низких результатов — ${f.byStatus['норма']}. ` +
      `Правило 1: низкие результаты в ${Y} не менее чем по двум процедурам; правило 2: низкий результат хотя бы по одной процедуре и в ${Y}, и в ${Pt}.`,
  });
  const listTable = (id: string, list: typeof shnor): ReportTable => ({
    id,
    columns: [
      { header: '№', width: 5, format: 'integer' },
      { header: 'ОО', width: 34 },
      { header: 'Муниципалитет', width: 18 },
      { header: 'Основание', width: 60 },
    ],
    rows: list.map((v, i) => [i + 1, v.name, v.municipality ?? '', v.reason]),
  });
  if (shnor.length) {
    blocks.push({ kind: 'paragraph', text: 'Перечень ШНОР:' });
    blocks.push({ kind: 'table', table: listTable('shnor_report_shnor', shnor) });
    for (const v of shnor) {
      for (const r of f.rows.filter((x) => x.schoolId === v.id && x.cur && x.low)) {
        blocks.push({ kind: 'paragraph', text: schoolFinding(r, Y, P) });
      }
      for (const e of v.low.filter((x) => x.year === P)) {
        blocks.push({
          kind: 'paragraph',
          text: `${v.name}: в ${P} учебном году низкий результат по процедуре «${e.procedure}» — ${pct(e.share)}${e.participants !== null && e.failed !== null ? ` (${e.failed} из ${e.participants})` : ''}.`,
        });
      }
    }
  }
  if (risk.length) {
    blocks.push({ kind: 'paragraph', text: 'Перечень ОО в зоне риска:' });
    blocks.push({ kind: 'table', table: listTable('shnor_report_risk', risk) });
    for (const v of risk) {
      const rows = f.rows.filter(
        (x) => x.schoolId === v.id && x.cur && (x.low || v.nearThreshold.some((e) => e.procedure === x.procedure)),
      );
      for (const r of rows) blocks.push({ kind: 'paragraph', text: schoolFinding(r, Y, P) });
    }
  }

  // 5. ШНОР against the others
  blocks.push({ kind: 'heading', text: '5. Группа ШНОР в сравнении с остальными ОО' });
  blocks.push({
    kind: 'chart',
    chart: charts.dynamics,
    table: {
      id: 'shnor_report_groups',
      columns: [
        { header: 'Процедура', width: 30 },
        ...charts.dynamics.series.map((s) => ({ header: s.name, width: 13, format: 'decimal1' as const })),
      ],
      rows: charts.dynamics.categories.map((c, i) => [c, ...charts.dynamics.series.map((s) => s.values[i])]),
    },
  });
  for (const p of f.procedures) {
    const s = p.shnor;
    const o = p.others;
    if (s.cur.share === null && o.cur.share === null) continue;
    const part = (g: typeof s, who: string): string =>
      g.cur.share === null
        ? `${who} результатов за ${Y} нет`
        : `${who} — ${pct(g.cur.share)}${g.prev.share !== null && P ? ` (в ${P} — ${pct(g.prev.share)})` : ''}`;
    blocks.push({
      kind: 'paragraph',
      text: `${p.procedure}: доля не справившихся в ${Y} учебном году ${part(s, 'в группе ШНОР')}, ${part(o, 'в остальных ОО')}.`,
    });
  }

  // 6. Below the municipal mean
  const below = f.rows.filter((r) => r.aboveMunicipal);
  blocks.push({ kind: 'heading', text: '6. ОО с результатами ниже среднего по району' });
  if (below.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: `В ${Y} учебном году доля не справившихся ни в одной ОО не превышает среднюю по району.`,
    });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `В ${Y} учебном году доля не справившихся выше средней по району (результаты ниже среднего) — ${below.length} ${plural(below.length, 'результат', 'результата', 'результатов')} в ${new Set(below.map((r) => r.schoolId)).size} ОО.`,
    });
    blocks.push({
      kind: 'table',
      table: {
        id: 'shnor_report_below',
        columns: [
          { header: 'ОО', width: 34 },
          { header: 'Муниципалитет', width: 18 },
          { header: 'Процедура', width: 26 },
          { header: `${Y}, %`, width: 12, format: 'decimal1' },
          { header: 'Район, %', width: 12, format: 'decimal1' },
          { header: 'Разница, п. п.', width: 11, format: 'decimal1' },
        ],
        rows: below.map((r) => [
          r.name,
          r.municipality ?? '',
          r.procedure,
          cellShare(r.cur!.share),
          cellShare(r.municipalMean),
          roundTo(r.cur!.share - r.municipalMean!),
        ]),
      },
    });
  }

  // 7. Statuses by municipality
  blocks.push({ kind: 'heading', text: '7. Статусы ОО по муниципалитетам' });
  blocks.push({
    kind: 'chart',
    chart: charts.statuses,
    table: {
      id: 'shnor_report_statuses',
      columns: [
        { header: 'Муниципалитет', width: 24 },
        ...charts.statuses.series.map((s) => ({ header: s.name, width: 10, format: 'integer' as const })),
      ],
      rows: charts.statuses.categories.map((c, i) => [c, ...charts.statuses.series.map((s) => s.values[i])]),
    },
  });

  // 8. Addressed recommendations (an appendix to a приказ)
  blocks.push({ kind: 'heading', text: 'Приложение. Адресные рекомендации' });
  blocks.push({
    kind: 'note',
    text: `Меры подобраны по кодам факторов риска (1.1–5.2) из ${measuresSheet ? `листа «${measuresSheet}» книги` : 'справочника мер по умолчанию (по дорожной карте)'}.`,
  });
  blocks.push({
    kind: 'table',
    table: {
      id: 'shnor_report_recommendations',
      columns: [
        { header: '№', width: 5, format: 'integer' },
        { header: 'ОО', width: 28 },
        { header: 'Проблема', width: 45 },
        { header: 'Код фактора риска', width: 9 },
        { header: 'Рекомендуемая мера', width: 50 },
        { header: 'Ответственные', width: 22 },
        { header: 'Срок', width: 16 },
      ],
      rows: recs.length
        ? recs.map((r) => [r.no, r.school, r.problem, r.code, r.measure, r.responsible, r.deadline])
        : [[null, '', 'Школ с низкими результатами и в зоне риска не выявлено.', '', '', '', '']],
    },
  });
  return { title, blocks };
}

/** The plain text of the document (what a reader sees), for tests and the pane's preview. */
export function documentText(d: ReportDocument): string {
  const lines: string[] = [];
  for (const b of d.blocks) {
    if (b.kind === 'fields') lines.push(...b.rows.map(([k, v]) => `${k}: ${v}`));
    else if (b.kind === 'table')
      lines.push(...b.table.rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join('\t')));
    else if (b.kind === 'chart') lines.push(b.chart.title);
    else lines.push(b.text);
  }
  return lines.join('\n');
}
