/**
 * Regional consolidation (DOMAIN.md §6): from the outcome of checking each workbook alone — its
 * kind, issues, indicators, identification verdicts — the rows of the summary: a row per school
 * and reporting period, a row per municipality, the monitoring programme's efficiency indicators,
 * the clusters, and every input file with its status. Pure: no file system, no clock.
 * The rules are written down for users in docs/consolidation.md.
 */
import type { RosterSummary } from './roster';
import { Kind } from '../check';
import { Issue, countBySeverity } from '../issues';
import { Status } from '../results/identify';
import { normalizeLabel, roundTo } from '../text';
import { PERIODS, Period, periodOf } from './period';
import { ConsolidateSettings, ConsolidateSettingsInput, parseConsolidateSettings } from './settings';

export type Cluster = 'ШНОР' | 'зона риска' | 'ШНСУ' | 'резильентная' | 'стабильная';
export const CLUSTERS: readonly Cluster[] = ['ШНОР', 'зона риска', 'ШНСУ', 'резильентная', 'стабильная'];

/** One school's verdict of an identification, as much of it as consolidation needs. */
export interface VerdictInput {
  id: string;
  idGiven: boolean;
  name: string;
  municipality: string | null;
  status: Status;
}

/** What checking one file alone gave (the CLI's FileOutcome fits). */
export interface ConsolidateInput {
  file: string;
  kind: Kind;
  /** Why the file could not be read; null when it was. */
  error: string | null;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  /** ДТК: the «Дата заполнения» of the header as the cell holds it. */
  fillDate?: string | number | null;
  /** Results: the identification's verdicts. */
  identification?: { schools: VerdictInput[] } | null;
}

export type FileStatus = 'прочитан' | 'не прочитан' | 'вид не распознан' | 'повтор' | 'нет наименования ОО';

export interface FileRow {
  file: string;
  kind: Kind;
  error: string | null;
  status: FileStatus;
  /** Why the file is not in the summary (unreadable, unknown kind, a repeated ДТК); null otherwise. */
  reason: string | null;
  school: string | null;
  municipality: string | null;
  period: Period | null;
  errors: number;
  warnings: number;
}

export interface SchoolRow {
  school: string;
  municipality: string | null;
  period: Period | null;
  /** How the period was told: by the ДТК's fill date or by the file name. */
  periodBy: 'date' | 'name' | null;
  file: string;
  /** The identification verdict, when a results workbook names the school. */
  status: Status | null;
  cluster: Cluster;
  /** Why this cluster, in Russian. */
  clusterReason: string;
  errors: number;
  warnings: number;
  /** The social disadvantage index (mean of the configured 2.1/2.2 shares), %. */
  disadvantage: number | null;
  /** All indicators of the ДТК as `check` gives them. */
  indicators: Record<string, number | string | null>;
  /** With an earlier period of the same school: the change of the key shares (this − earlier), p.p. */
  changes: Record<string, number | null> | null;
}

export interface MunicipalityRow {
  municipality: string;
  /** The information card's file, when there is one. */
  card: string | null;
  year: number | string | null;
  lastDate: string | null;
  planExecution: number | null;
  measures: number | null;
  cardErrors: number | null;
  cardWarnings: number | null;
  efficiency: Record<string, string | null>;
  /** Schools of the main period with a ДТК, and how many in each cluster. */
  schools: number;
  clusters: Record<Cluster, number>;
}

export interface EfficiencyRow {
  id: EfficiencyId;
  name: string;
  period: Period | null;
  numerator: number;
  denominator: number;
  /** Percent (a share of schools, or the mean for riskMeasuresDone); null with no school counted. */
  value: number | null;
  target: string;
  met: boolean | null;
  /** The same indicator in the earlier period, when there are two. */
  previous: { period: Period; numerator: number; denominator: number; value: number | null } | null;
  /** value − previous value, p.p. */
  change: number | null;
}

export interface ClusterSummary {
  rule: string[];
  cutoffs: {
    period: Period | null;
    disadvantageQuantile: number;
    disadvantageCutoff: number | null;
    failingMedian: number | null;
    schoolsWithIndex: number;
  }[];
  counts: Record<Cluster, number>;
}

export interface ConsolidateResult {
  settings: ConsolidateSettings;
  /** The latest period of the batch (its ДТК give the efficiency) and the earlier one, if any. */
  period: Period | null;
  previousPeriod: Period | null;
  files: FileRow[];
  schools: SchoolRow[];
  municipalities: MunicipalityRow[];
  efficiency: EfficiencyRow[];
  clusters: ClusterSummary;
  /** With a roster of expected schools (`--roster`): who sent nothing, the share that filled the ДТК. */
  roster?: RosterSummary;
}

export type EfficiencyId =
  | 'eduPositiveDynamics'
  | 'methodicalInvolvementFull'
  | 'courses80'
  | 'partnerEvents80'
  | 'antiRiskMatch80'
  | 'riskMeasuresDone'
  | 'profDiagnosticsPositive';

interface EfficiencyDef {
  id: EfficiencyId;
  name: string;
  /** `share`: the share of schools with the flag = 1; `mean`: the mean of the value. */
  how: 'share' | 'mean';
  target: string;
  /** Met when value ≥ this; null: met when the value grew since the earlier period. */
  targetValue: number | null;
}

export const EFFICIENCY: readonly EfficiencyDef[] = [
  {
    id: 'eduPositiveDynamics',
    name: 'Доля школ с положительной динамикой доли неудовлетворительных результатов ВПР и ГИА',
    how: 'share',
    target: 'рост по сравнению с прошлым периодом',
    targetValue: null,
  },
  {
    id: 'methodicalInvolvementFull',
    name: 'Доля школ, где в методическую деятельность вовлечены 100 % учителей (3.3)',
    how: 'share',
    target: '100 % школ',
    targetValue: 100,
  },
  {
    id: 'courses80',
    name: 'Доля школ, где курсовую подготовку прошли не менее 80 % педагогов (3.3)',
    how: 'share',
    target: '100 % школ',
    targetValue: 100,
  },
  {
    id: 'partnerEvents80',
    name: 'Доля школ, где в мероприятия со школой-партнёром вовлечены не менее 80 % педагогов (3.3)',
    how: 'share',
    target: '100 % школ',
    targetValue: 100,
  },
  {
    id: 'antiRiskMatch80',
    name: 'Доля школ, где не менее 80 % антирисковых программ соответствуют результатам анкетирования (3.4)',
    how: 'share',
    target: '100 % школ',
    targetValue: 100,
  },
  {
    id: 'riskMeasuresDone',
    name: 'Средняя доля выполненных мероприятий по снижению факторов риска (3.4)',
    how: 'mean',
    target: 'не менее 80 %',
    targetValue: 80,
  },
  {
    id: 'profDiagnosticsPositive',
    name: 'Доля школ, где есть педагоги с положительной динамикой по итогам диагностики дефицитов (3.2 б)',
    how: 'share',
    target: 'рост по сравнению с прошлым периодом',
    targetValue: null,
  },
];

/** Shares compared between two periods of one school (the change column of the summary). */
export const CHANGE_KEYS = [
  'failingShareCurrent',
  'methodicalInvolvement',
  'courses',
  'partnerEvents',
  'antiRiskMatch',
  'riskMeasuresDone',
  'diagnosticsPositive',
] as const;

/** A school or municipality name for matching: lower case, `ё`→`е`, no quotes, punctuation or `№` spacing. */
export function normalizeName(s: string | null | undefined): string {
  if (!s) return '';
  return normalizeLabel(String(s))
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();
}

const num = (v: number | string | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const str = (v: number | string | null | undefined): string | null =>
  v === null || v === undefined || v === '' ? null : String(v);

/** The q-quantile with linear interpolation between order statistics (Excel's ПРОЦЕНТИЛЬ.ВКЛ). */
export function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function periodRank(p: Period | null): number {
  return p === null ? -1 : PERIODS.indexOf(p);
}

interface Draft {
  input: ConsolidateInput;
  fileRow: FileRow;
  school: string;
  municipality: string | null;
  key: string;
  period: Period | null;
  periodBy: 'date' | 'name' | null;
}

export function consolidate(
  inputs: readonly ConsolidateInput[],
  settingsInput: ConsolidateSettingsInput = {},
): ConsolidateResult {
  const settings = parseConsolidateSettings(settingsInput);
  const files: FileRow[] = [];
  const drafts: Draft[] = [];
  const cards: { input: ConsolidateInput; row: FileRow }[] = [];
  const verdicts: VerdictInput[] = [];

  for (const input of inputs) {
    const n = countBySeverity(input.issues);
    const row: FileRow = {
      file: input.file,
      kind: input.error ? 'unknown' : input.kind,
      error: input.error,
      status: 'прочитан',
      reason: null,
      school: null,
      municipality: null,
      period: null,
      errors: n.error,
      warnings: n.warning,
    };
    files.push(row);
    if (input.error) {
      row.status = 'не прочитан';
      row.reason = input.error;
      continue;
    }
    if (input.kind === 'unknown') {
      row.status = 'вид не распознан';
      row.reason = input.issues[0]?.message ?? 'Вид книги не распознан.';
      continue;
    }
    if (input.kind === 'dtk') {
      const school = str(input.indicators.school);
      row.school = school;
      row.municipality = str(input.indicators.municipality);
      const p = periodOf(input.fillDate ?? null, input.file);
      row.period = p.period;
      if (!school) {
        row.status = 'нет наименования ОО';
        row.reason = 'В ДТК не указано наименование ОО: школу нельзя внести в сводку. Заполните «Наименование ОО».';
        continue;
      }
      drafts.push({
        input,
        fileRow: row,
        school,
        municipality: row.municipality,
        key: normalizeName(school) + '|' + normalizeName(row.municipality),
        period: p.period,
        periodBy: p.by,
      });
    } else if (input.kind === 'card') {
      row.municipality = str(input.indicators.municipality);
      cards.push({ input, row });
    } else if (input.kind === 'results') {
      for (const v of input.identification?.schools ?? []) verdicts.push(v);
    }
  }

  // --- Periods: the latest of the batch is the main one; a ДТК without a period belongs to it.
  const known = [...new Set(drafts.map((d) => d.period).filter((p): p is Period => p !== null))].sort(
    (a, b) => periodRank(a) - periodRank(b),
  );
  const main: Period | null = known.length ? known[known.length - 1] : null;
  const previous: Period | null = known.length >= 2 ? known[known.length - 2] : null;
  for (const d of drafts) if (d.period === null) d.period = main;

  // --- One ДТК per school and period: a later file in the input order replaces an earlier one.
  const chosen = new Map<string, Draft>();
  for (const d of drafts) {
    const k = d.key + '|' + (d.period ?? '');
    const before = chosen.get(k);
    if (before) {
      before.fileRow.status = 'повтор';
      before.fileRow.reason = `Для этой школы и периода есть и другой ДТК: в сводку взят «${d.input.file}» (последний в списке).`;
    }
    chosen.set(k, d);
  }

  // --- Identification verdicts by normalised name + municipality, or by name alone when unique.
  const byNameMun = new Map<string, VerdictInput>();
  const byName = new Map<string, VerdictInput[]>();
  for (const v of verdicts) {
    const n = normalizeName(v.name);
    byNameMun.set(n + '|' + normalizeName(v.municipality), v);
    byName.set(n, [...(byName.get(n) ?? []), v]);
  }
  const verdictOf = (d: Draft): VerdictInput | null => {
    const n = normalizeName(d.school);
    const exact = byNameMun.get(n + '|' + normalizeName(d.municipality));
    if (exact) return exact;
    const same = (byName.get(n) ?? []).filter(
      (v) => !v.municipality || !d.municipality || normalizeName(v.municipality) === normalizeName(d.municipality),
    );
    return same.length === 1 ? same[0] : null;
  };

  // --- School rows.
  const schools: SchoolRow[] = [...chosen.values()].map((d) => {
    const v = verdictOf(d);
    const shares = settings.disadvantageShares
      .map((k) => num(d.input.indicators[k]))
      .filter((x): x is number => x !== null);
    return {
      school: d.school,
      municipality: d.municipality,
      period: d.period,
      periodBy: d.periodBy,
      file: d.input.file,
      status: v?.status ?? null,
      cluster: 'стабильная',
      clusterReason: '',
      errors: d.fileRow.errors,
      warnings: d.fileRow.warnings,
      disadvantage: shares.length ? roundTo(shares.reduce((a, b) => a + b, 0) / shares.length, 2) : null,
      indicators: d.input.indicators,
      changes: null,
    };
  });
  const keyOf = (s: SchoolRow): string => normalizeName(s.school) + '|' + normalizeName(s.municipality);
  const rowByKeyPeriod = new Map(schools.map((s) => [keyOf(s) + '|' + (s.period ?? ''), s]));
  if (previous && main) {
    for (const s of schools) {
      if (s.period !== main) continue;
      const earlier = rowByKeyPeriod.get(keyOf(s) + '|' + previous);
      if (!earlier) continue;
      const ch: Record<string, number | null> = {};
      for (const k of CHANGE_KEYS) {
        const a = num(earlier.indicators[k]);
        const b = num(s.indicators[k]);
        ch[k] = a === null || b === null ? null : roundTo(b - a, 2);
      }
      s.changes = ch;
    }
  }

  // --- Clusters, each period against its own regional distribution.
  const cutoffs: ClusterSummary['cutoffs'] = [];
  for (const p of main === null ? [null] : known) {
    const group = schools.filter((s) => s.period === p);
    const indices = group.map((s) => s.disadvantage).filter((x): x is number => x !== null);
    const cut =
      indices.length >= settings.minSchoolsForQuartile ? quantile(indices, settings.disadvantageQuantile) : null;
    const failing = group.map((s) => num(s.indicators.failingShareCurrent)).filter((x): x is number => x !== null);
    const median = quantile(failing, 0.5);
    cutoffs.push({
      period: p,
      disadvantageQuantile: settings.disadvantageQuantile,
      disadvantageCutoff: cut === null ? null : roundTo(cut, 2),
      failingMedian: median === null ? null : roundTo(median, 2),
      schoolsWithIndex: indices.length,
    });
    for (const s of group) {
      const c = clusterOf(s, cut, median, settings);
      s.cluster = c.cluster;
      s.clusterReason = c.reason;
    }
  }

  schools.sort(
    (a, b) =>
      collator.compare(a.municipality ?? '', b.municipality ?? '') ||
      collator.compare(a.school, b.school) ||
      periodRank(a.period) - periodRank(b.period),
  );

  const mainSchools = schools.filter((s) => s.period === main);
  const counts = Object.fromEntries(CLUSTERS.map((c) => [c, 0])) as Record<Cluster, number>;
  for (const s of mainSchools) counts[s.cluster]++;

  return {
    settings,
    period: main,
    previousPeriod: previous,
    files,
    schools,
    municipalities: municipalityRows(cards, mainSchools),
    efficiency: efficiencyRows(schools, main, previous),
    clusters: { rule: clusterRule(settings), cutoffs, counts },
  };
}

const collator = new Intl.Collator('ru', { numeric: true });

/** Low results of a school: the identification verdict when there is one, else the ДТК's own low results. */
function lowOf(s: SchoolRow, settings: ConsolidateSettings): { low: 'ШНОР' | 'зона риска' | null; why: string } {
  if (s.status === 'ШНОР') return { low: 'ШНОР', why: 'по идентификации — ШНОР' };
  if (s.status === 'риск') return { low: 'зона риска', why: 'по идентификации — зона риска' };
  if (s.status === 'норма') return { low: null, why: 'по идентификации — норма' };
  const cur = num(s.indicators.lowResultsCurrent) ?? 0;
  const prev = num(s.indicators.lowResultsPrevious) ?? 0;
  const failing = num(s.indicators.failingShareCurrent);
  if (cur > 0 && prev > 0) return { low: 'ШНОР', why: 'по ДТК — низкие результаты в каждом из двух последних лет' };
  if (cur > 0) return { low: 'зона риска', why: 'по ДТК — низкие результаты в последнем году' };
  if (failing !== null && failing >= settings.threshold - settings.riskBand)
    return { low: 'зона риска', why: 'по ДТК — средняя доля неудовлетворительных результатов близка к порогу' };
  return { low: null, why: 'по ДТК — низких результатов нет' };
}

function clusterOf(
  s: SchoolRow,
  cut: number | null,
  median: number | null,
  settings: ConsolidateSettings,
): { cluster: Cluster; reason: string } {
  const { low, why } = lowOf(s, settings);
  const failing = num(s.indicators.failingShareCurrent);
  if (cut !== null && s.disadvantage !== null && s.disadvantage >= cut) {
    if (low) return { cluster: 'ШНСУ', reason: `неблагоприятные социальные условия (верхняя четверть), ${why}` };
    if (failing !== null && median !== null && failing < median)
      return {
        cluster: 'резильентная',
        reason:
          'неблагоприятные социальные условия (верхняя четверть), доля неудовлетворительных результатов ниже медианы региона',
      };
  }
  if (low) return { cluster: low, reason: why };
  return { cluster: 'стабильная', reason: why };
}

function clusterRule(st: ConsolidateSettings): string[] {
  const q = Math.round(st.disadvantageQuantile * 100);
  return [
    `Индекс социального неблагополучия школы — среднее долей обучающихся (2.1, 2.2): ${st.disadvantageShares
      .map((k) => SHARE_NAMES[k])
      .join(', ')}; учитываются заполненные доли последнего учебного года.`,
    `Неблагоприятные социальные условия — индекс не ниже ${q}-го процентиля индексов школ региона за тот же период (при ${st.minSchoolsForQuartile} и более школах с индексом).`,
    'Низкие результаты — по идентификации ШНОР, если среди файлов есть книга результатов и школа в ней найдена (ШНОР или зона риска); иначе по ДТК: низкие результаты ВПР/ГИА (не ниже порога) в каждом из двух последних лет — ШНОР, только в последнем году или средняя доля неудовлетворительных результатов не ниже порога минус ширина зоны риска — зона риска.',
    `Порог низкого результата ${st.threshold} %, зона риска — на ${st.riskBand} п. п. ниже порога.`,
    '1) ШНСУ — неблагоприятные условия и низкие результаты (ШНОР или зона риска).',
    '2) Резильентная — неблагоприятные условия, а средняя доля неудовлетворительных результатов ниже медианы школ региона.',
    '3) ШНОР, 4) зона риска — по низким результатам, без неблагоприятных условий.',
    '5) Стабильная — все остальные школы.',
  ];
}

const SHARE_NAMES: Record<string, string> = {
  lowIncome: 'из малообеспеченных семей',
  singleParent: 'из неполных семей',
  largeFamily: 'из многодетных семей',
  weakRussian: 'слабо владеющих русским языком',
  registered: 'состоящих на учёте',
};

function efficiencyOf(
  def: EfficiencyDef,
  group: SchoolRow[],
): { numerator: number; denominator: number; value: number | null } {
  const vals = group.map((s) => num(s.indicators[def.id])).filter((x): x is number => x !== null);
  if (def.how === 'mean') {
    const sum = vals.reduce((a, b) => a + b, 0);
    return {
      numerator: roundTo(sum, 1),
      denominator: vals.length,
      value: vals.length ? roundTo(sum / vals.length, 1) : null,
    };
  }
  const yes = vals.filter((x) => x === 1).length;
  return {
    numerator: yes,
    denominator: vals.length,
    value: vals.length ? roundTo((yes / vals.length) * 100, 1) : null,
  };
}

function efficiencyRows(schools: SchoolRow[], main: Period | null, previous: Period | null): EfficiencyRow[] {
  const cur = schools.filter((s) => s.period === main);
  const before = previous ? schools.filter((s) => s.period === previous) : null;
  return EFFICIENCY.map((def) => {
    const e = efficiencyOf(def, cur);
    const p = before && previous ? { period: previous, ...efficiencyOf(def, before) } : null;
    const change = p && p.value !== null && e.value !== null ? roundTo(e.value - p.value, 1) : null;
    const met =
      e.value === null
        ? null
        : def.targetValue !== null
          ? e.value >= def.targetValue - 1e-9
          : change === null
            ? null
            : change > 0;
    return { id: def.id, name: def.name, period: main, ...e, target: def.target, met, previous: p, change };
  });
}

function municipalityRows(cards: { input: ConsolidateInput; row: FileRow }[], schools: SchoolRow[]): MunicipalityRow[] {
  const rows = new Map<string, MunicipalityRow>();
  const get = (name: string): MunicipalityRow => {
    const k = normalizeName(name);
    let r = rows.get(k);
    if (!r) {
      r = {
        municipality: name,
        card: null,
        year: null,
        lastDate: null,
        planExecution: null,
        measures: null,
        cardErrors: null,
        cardWarnings: null,
        efficiency: {},
        schools: 0,
        clusters: Object.fromEntries(CLUSTERS.map((c) => [c, 0])) as Record<Cluster, number>,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const { input, row } of cards) {
    const r = get(row.municipality ?? `(не указан) ${input.file}`);
    r.card = input.file;
    r.year = input.indicators.year ?? null;
    r.lastDate = str(input.indicators.lastDate);
    r.planExecution = num(input.indicators.planExecution);
    r.measures = num(input.indicators.measures);
    r.cardErrors = row.errors;
    r.cardWarnings = row.warnings;
    for (const [k, v] of Object.entries(input.indicators))
      if (k.startsWith('efficiency.')) r.efficiency[k.slice('efficiency.'.length)] = str(v);
  }
  for (const s of schools) {
    const r = get(s.municipality ?? '(не указан)');
    r.schools++;
    r.clusters[s.cluster]++;
  }
  return [...rows.values()].sort((a, b) => collator.compare(a.municipality, b.municipality));
}
