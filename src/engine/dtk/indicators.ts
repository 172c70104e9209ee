/**
 * The indicators of one ДТК that the regional consolidation (DOMAIN.md §6) reads, as a flat record.
 * A value the check could not use (missing, «-», out of range, an Excel error) is null, so a
 * consolidation counts only the cards without a blocking error in that field.
 *
 * | id | meaning |
 * |---|---|
 * | `school`, `municipality` | header block |
 * | `years`, `currentYear`, `previousYear` | the card's school years (`2020-2021, 2021-2022, 2022-2023`) |
 * | `enrolmentNoo`, `enrolmentOoo`, `enrolmentSoo` | 1.1 enrolment in the current year |
 * | `continuingShare` | 1.1 share continuing to СОО, current year (read, or computed when empty) |
 * | `failingSharePrevious`, `failingShareCurrent` | mean failing share of the ВПР rows (1.2) and main-attempt ГИА rows (1.3) that have values in both of the last two years |
 * | `failingShareRows` | how many rows that mean is over |
 * | `eduPositiveDynamics` | 1 when that mean fell by more than the tolerance (0.5 p.p.), 0 when not, null without rows |
 * | `lowResultsCurrent`, `lowResultsPrevious` | how many of those rows are at or above the threshold in the year |
 * | `methodicalInvolvement`, `methodicalInvolvementFull` | 3.3 involvement in methodical work, %; 1 when = 100 % |
 * | `courses`, `courses80` | 3.3 courses, %; 1 when ≥ 80 % |
 * | `partnerEvents`, `partnerEvents80` | 3.3 events with the partner school, %; 1 when ≥ 80 % |
 * | `antiRiskPrograms` | 3.4 number of anti-risk programmes |
 * | `antiRiskMatch`, `antiRiskMatch80` | 3.4 programmes matching the survey, %; 1 when ≥ 80 % |
 * | `riskMeasuresDone` | 3.4 risk-reduction measures done, % |
 * | `deficitsEliminated` | 3.4 resource deficits eliminated, % |
 * | `profDiagnostics`, `diagnosticsPositive`, `profDiagnosticsPositive` | 3.2(a), 3.2(b) %, 1 when 3.2(b) > 0 |
 * | `independentDiagnostics`, `independentPositive` | 3.2(c), 3.2(d) % |
 * | `lowIncome`, `singleParent`, `largeFamily`, `weakRussian` | 2.1 shares, current year |
 * | `parentsHigher`, `parentsVocational`, `parentsSecondary` | 2.1 table, current year |
 * | `registered`, `contests` | 2.2 shares, current year |
 */
import { roundTo } from '../text';
import { DTK, DtkDescriptor, dtkRows, perDescriptor } from './descriptor';
import { DEFAULT_TOLERANCE, DtkTolerance } from './dynamics';

export type DtkIndicators = Record<string, number | string | null>;

const EPS = 1e-9;

/** The Y rows whose mean failing share is `eduPositiveDynamics`' input: ВПР and main ГИА attempts. */
export function failingRows(d: DtkDescriptor = DTK): string[] {
  return dtkRows(d)
    .filter(({ row }) => row.lowResult && row.kind === 'Y')
    .map(({ row }) => row.id);
}

/**
 * The fields the indicators read, found by running them once with a reader that records what it is
 * asked for (so the list cannot drift from the code above).
 */
export const indicatorInputs = perDescriptor((d): Set<string> => {
  const ids = new Set<string>();
  dtkIndicators({}, ['2000-2001', '2001-2002'], (f) => (ids.add(f), 1), 30, DEFAULT_TOLERANCE, d);
  return ids;
});

export function dtkIndicators(
  header: Record<string, string | null>,
  years: readonly string[],
  num: (field: string, year: string) => number | null,
  threshold: number,
  tolerance: DtkTolerance,
  d: DtkDescriptor = DTK,
): DtkIndicators {
  const cur = years[years.length - 1] ?? null;
  const prev = years.length >= 2 ? years[years.length - 2] : null;
  const at = (id: string, y: string | null): number | null => (y === null ? null : num(id, y));
  const D = (id: string): number | null => num(id, 'D');
  const flag = (v: number | null, ok: (x: number) => boolean): number | null => (v === null ? null : ok(v) ? 1 : 0);

  const rows = failingRows(d);
  const both = rows.filter((id) => at(id, prev) !== null && at(id, cur) !== null);
  const mean = (y: string | null): number | null =>
    both.length ? roundTo(both.reduce((s, id) => s + at(id, y)!, 0) / both.length, 2) : null;
  const before = mean(prev);
  const after = mean(cur);
  const lowCount = (y: string | null): number | null =>
    y === null ? null : rows.filter((id) => (at(id, y) ?? -1) >= threshold - EPS).length;

  const involvement = D('3.3.methodicalInvolvement');
  const courses = D('3.3.courses');
  const partner = D('3.3.partnerEvents');
  const match = D('3.4.programsMatch');
  const diagPositive = D('3.2.diagnosticsPositive');
  return {
    school: header.school ?? null,
    municipality: header.municipality ?? null,
    years: years.join(', '),
    currentYear: cur,
    previousYear: prev,
    enrolmentNoo: at('1.1.enrolment.noo', cur),
    enrolmentOoo: at('1.1.enrolment.ooo', cur),
    enrolmentSoo: at('1.1.enrolment.soo', cur),
    continuingShare: at('1.1.continuingShare', cur),
    failingSharePrevious: before,
    failingShareCurrent: after,
    failingShareRows: both.length,
    eduPositiveDynamics: before === null || after === null ? null : before - after > tolerance.percent + EPS ? 1 : 0,
    lowResultsCurrent: lowCount(cur),
    lowResultsPrevious: lowCount(prev),
    methodicalInvolvement: involvement,
    methodicalInvolvementFull: flag(involvement, (x) => x >= 100 - EPS),
    courses,
    courses80: flag(courses, (x) => x >= 80 - EPS),
    partnerEvents: partner,
    partnerEvents80: flag(partner, (x) => x >= 80 - EPS),
    antiRiskPrograms: D('3.4.antiRiskPrograms'),
    antiRiskMatch: match,
    antiRiskMatch80: flag(match, (x) => x >= 80 - EPS),
    riskMeasuresDone: D('3.4.riskMeasuresDone'),
    deficitsEliminated: D('3.4.deficitsEliminated'),
    profDiagnostics: D('3.2.diagnostics'),
    diagnosticsPositive: diagPositive,
    profDiagnosticsPositive: flag(diagPositive, (x) => x > 0),
    independentDiagnostics: D('3.2.independent'),
    independentPositive: D('3.2.independentPositive'),
    lowIncome: at('2.1.lowIncome', cur),
    singleParent: at('2.1.singleParent', cur),
    largeFamily: at('2.1.largeFamily', cur),
    weakRussian: at('2.1.weakRussian', cur),
    parentsHigher: at('2.1.parentsEducation.higher', cur),
    parentsVocational: at('2.1.parentsEducation.vocational', cur),
    parentsSecondary: at('2.1.parentsEducation.secondary', cur),
    registered: at('2.2.registered', cur),
    contests: at('2.2.contests', cur),
  };
}
