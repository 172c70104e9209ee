/**
 * The аналитическая справка with «Адресные рекомендации» (issue 14): from results workbooks
 * (through the identification), optionally ДТК problems, the roadmap's factor lists and a
 * «Справочник мер» sheet. Returns the figures, the document model (for the .docx writer), the
 * charts, and the owned sheet «Справка» with its Excel charts.
 */
import { OwnedChart, OwnedSheet, SheetBlock, TableBlock } from '../edits';
import { Issue } from '../issues';
import { REPORT_SHEET } from '../report';
import { IdentifyResult, ReadResult, identify } from '../results/identify';
import { IdentifySettings } from '../results/settings';
import { WorkbookSnapshot } from '../snapshot';
import { roundTo } from '../text';
import { MeasureCatalogue, measureCatalogue } from './catalogue';
import { ReportChart } from './charts';
import { ReportDocument, ReportHeader, ReportTable, buildDocument } from './document';
import { ReportFigures, computeFigures, inScope } from './figures';
import { DtkProblems, FactorList, RecommendationRow, recommendations } from './recommend';
import { ObjectivityAnalysis, ObjectivityFigures, objectivityFigures } from '../marks/objectivity';
import { objectivityBlocks } from './objectivity';

export { REPORT_SHEET };
export { chartSvg } from './charts';
export { documentText } from './document';
export type { ReportChart, ReportDocument, ReportFigures, RecommendationRow, DtkProblems, FactorList };

export interface ReportOptions {
  municipality?: string | null;
  header?: Partial<ReportHeader>;
  dtk?: DtkProblems[];
  factors?: FactorList[];
  /** A workbook with a «Справочник мер» sheet (the results workbook itself by default). */
  measures?: WorkbookSnapshot | null;
  /** The objectivity of marks (src/engine/marks/objectivity): the section «Объективность оценивания». */
  objectivity?: ObjectivityAnalysis | null;
  /** Issues found while merging the books (src/engine/results/sources), reported first. */
  sourceIssues?: Issue[];
}

export interface Report {
  identification: IdentifyResult;
  figures: ReportFigures;
  recommendations: RecommendationRow[];
  charts: { dynamics: ReportChart; statuses: ReportChart };
  document: ReportDocument;
  sheet: OwnedSheet;
  catalogue: MeasureCatalogue;
  /** The objectivity analysis the section is made from, null when the inputs have none. */
  objectivity: ObjectivityAnalysis | null;
  issues: Issue[];
  /** Set when the report cannot be made (no data, unknown municipality): a Russian message. */
  error: string | null;
}

function share(v: number | null): number | null {
  return v === null ? null : roundTo(v);
}

function reportCharts(f: ReportFigures): Report['charts'] {
  const Y = f.year ?? '—';
  const P = f.previousYear ?? '—';
  const region = f.municipality ? `Муниципалитет` : 'Регион';
  return {
    dynamics: {
      id: 'dynamics',
      title: `Доля не справившихся, %: ${region.toLowerCase()} и группа ШНОР`,
      categories: f.procedures.map((p) => p.procedure),
      series: [
        { name: `${region}, ${P}`, values: f.procedures.map((p) => share(p.scope.prev.share)) },
        { name: `${region}, ${Y}`, values: f.procedures.map((p) => share(p.scope.cur.share)) },
        { name: `ШНОР, ${P}`, values: f.procedures.map((p) => share(p.shnor.prev.share)) },
        { name: `ШНОР, ${Y}`, values: f.procedures.map((p) => share(p.shnor.cur.share)) },
      ],
      unit: '%',
    },
    statuses: {
      id: 'statuses',
      title: `Статусы ОО по муниципалитетам, ${Y}`,
      categories: f.byMunicipality.map((m) => m.municipality || '—'),
      series: [
        { name: 'ШНОР', values: f.byMunicipality.map((m) => m.ШНОР) },
        { name: 'Зона риска', values: f.byMunicipality.map((m) => m.риск) },
        { name: 'Норма', values: f.byMunicipality.map((m) => m.норма) },
      ],
      unit: 'count',
    },
  };
}

function tableBlock(t: ReportTable, heading?: string): TableBlock {
  return {
    kind: 'table',
    name: t.id,
    ...(heading ? { heading } : {}),
    columns: t.columns.map((c) => ({
      header: c.header,
      width: c.width,
      format: c.format === 'decimal1' ? 'decimal1' : c.format === 'integer' ? 'integer' : 'text',
    })),
    rows: t.rows.length ? t.rows : [t.columns.map(() => null)],
  };
}

/** The «Справка» sheet: the same blocks as the document, tables as Excel tables, charts over their data tables. */
export function reportSheet(d: ReportDocument): OwnedSheet {
  const blocks: SheetBlock[] = [];
  const charts: OwnedChart[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ kind: 'text', style: 'normal', lines: para });
    para = [];
  };
  for (const b of d.blocks) {
    switch (b.kind) {
      case 'title':
        flush();
        blocks.push({ kind: 'text', style: 'title', lines: [b.text] });
        break;
      case 'heading':
        flush();
        blocks.push({ kind: 'text', style: 'heading', lines: [b.text] });
        break;
      case 'paragraph':
        para.push(b.text);
        break;
      case 'note':
        flush();
        blocks.push({ kind: 'text', style: 'note', lines: [b.text] });
        break;
      case 'fields':
        flush();
        blocks.push({ kind: 'pairs', rows: b.rows });
        break;
      case 'table':
        flush();
        blocks.push(tableBlock(b.table));
        break;
      case 'chart':
        flush();
        blocks.push(tableBlock(b.table, b.chart.title));
        if (b.table.rows.length) {
          charts.push({
            title: b.chart.title,
            table: b.table.id,
            categories: 0,
            series: b.chart.series.map((_, i) => i + 1),
          });
        }
        break;
    }
  }
  flush();
  return { name: REPORT_SHEET, blocks, charts, landscape: true, position: 'last' };
}

/** Builds the справка from a results workbook (several files' sheets merged into one snapshot). */
export function buildReport(wb: WorkbookSnapshot, settings: IdentifySettings, options: ReportOptions = {}): Report {
  const results: ReadResult[] = [];
  const identification = identify(wb, settings, { results });
  const municipality = options.municipality?.trim() || null;
  const catalogue = measureCatalogue(options.measures === undefined ? wb : options.measures);
  const figures = computeFigures(identification, results, municipality);
  let error: string | null = null;
  if (identification.year === null || identification.schools.length === 0) {
    error =
      'В книгах нет результатов оценочных процедур, по которым можно составить справку (нужна таблица результатов).';
  } else if (municipality && !identification.schools.some((v) => inScope(v, municipality))) {
    const known = [...new Set(identification.schools.map((v) => v.municipality).filter((m): m is string => !!m))];
    error = `Муниципалитет «${municipality}» в данных не найден.${
      known.length
        ? ` Есть: ${known
            .slice(0, 20)
            .map((m) => `«${m}»`)
            .join(', ')}.`
        : ' В данных нет столбца муниципалитета.'
    }`;
  }
  const recs = recommendations(figures, catalogue.measures, { dtk: options.dtk, factors: options.factors });
  const charts = reportCharts(figures);
  const header: ReportHeader = {
    body: options.header?.body ?? null,
    date: options.header?.date ?? null,
    author: options.header?.author ?? null,
  };
  const document = buildDocument(figures, recs, header, charts, catalogue.sheet);
  const objectivity = options.objectivity ?? null;
  if (objectivity && objectivity.rows.length) {
    // The section goes before the appendix, numbered after the last numbered section.
    let at = document.blocks.findIndex((b) => b.kind === 'heading' && b.text.startsWith('Приложение'));
    if (at < 0) at = document.blocks.length;
    const numbered = document.blocks
      .slice(0, at)
      .map((b) => (b.kind === 'heading' ? /^(\d+)\./.exec(b.text) : null))
      .filter((m): m is RegExpExecArray => m !== null);
    const no = numbered.length ? Number(numbered[numbered.length - 1][1]) + 1 : 1;
    document.blocks.splice(at, 0, ...objectivityBlocks(objectivity, no));
  }
  return {
    identification,
    figures,
    recommendations: recs,
    charts,
    document,
    sheet: reportSheet(document),
    catalogue,
    objectivity,
    issues: [
      ...(options.sourceIssues ?? []),
      ...identification.issues,
      ...catalogue.issues,
      ...(objectivity?.issues ?? []),
    ],
    error,
  };
}

/** The report's figures as JSON (`shnor report --json`): shares rounded to 0.1 as `identify` reports them. */
export function reportJson(r: Report): unknown {
  const f = r.figures;
  const agg = (a: { schools: number; participants: number; share: number | null }) => ({
    schools: a.schools,
    participants: a.participants,
    share: share(a.share),
  });
  return {
    error: r.error,
    year: f.year,
    previousYear: f.previousYear,
    threshold: f.threshold,
    municipality: f.municipality,
    byStatus: f.byStatus,
    byMunicipality: f.byMunicipality,
    procedures: f.procedures.map((p) => ({
      procedure: p.procedure,
      region: { previous: agg(p.region.prev), current: agg(p.region.cur) },
      scope: { previous: agg(p.scope.prev), current: agg(p.scope.cur) },
      shnor: { previous: agg(p.shnor.prev), current: agg(p.shnor.cur) },
      others: { previous: agg(p.others.prev), current: agg(p.others.cur) },
      municipal: Object.fromEntries(
        Object.entries(p.municipal).map(([m, v]) => [m, { previous: share(v.prev), current: share(v.cur) }]),
      ),
    })),
    schools: f.schools.map((v) => ({
      id: v.id,
      name: v.name,
      municipality: v.municipality,
      status: v.status,
      rule1: v.rule1,
      rule2: v.rule2,
      low: v.low.map((e) => ({
        year: e.year,
        procedure: e.procedure,
        participants: e.participants,
        failed: e.failed,
        share: e.share,
      })),
    })),
    results: f.rows.map((x) => ({
      school: x.name,
      schoolId: x.schoolId,
      municipality: x.municipality,
      procedure: x.procedure,
      previous: x.prev
        ? { participants: x.prev.participants, failed: x.prev.failed, share: share(x.prev.share) }
        : null,
      current: x.cur ? { participants: x.cur.participants, failed: x.cur.failed, share: share(x.cur.share) } : null,
      change: x.change,
      dynamics: x.dynamics,
      municipalMean: share(x.municipalMean),
      regionalMean: share(x.regionalMean),
      aboveMunicipalMean: x.aboveMunicipal,
    })),
    bands: f.bands,
    recommendations: r.recommendations,
    objectivity: r.objectivity ? objectivityJson(r.objectivity) : null,
  };
}

/** The objectivity figures as `shnor objectivity --json` gives them: settings, rows, figures. */
export function objectivityJson(a: ObjectivityAnalysis): {
  settings: ObjectivityAnalysis['settings'];
  rows: ObjectivityAnalysis['rows'];
  figures: ObjectivityFigures;
} {
  return { settings: a.settings, rows: a.rows, figures: objectivityFigures(a) };
}
