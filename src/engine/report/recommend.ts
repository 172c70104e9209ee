/**
 * «Адресные рекомендации» (issue 14): for each ШНОР and at-risk school of the report, its problems
 * with their figures, the risk-factor codes of DOMAIN.md §5 they point to, and the catalogue's
 * measures for those codes. One row per school and code, ШНОР first, then by name and code.
 *
 * Which codes a problem points to (written down in docs/report.md):
 * - a low result in Y: 2.1 (предметная подготовка учителей) and 3.1 (обучающиеся, которым нужны
 *   дополнительные занятия); low in the same procedure in Y−1 as well: also 2.2 (методическая
 *   подготовка), since the difficulty has lasted a year;
 * - a low result in Y−1 only, or a share in the risk band in Y: 3.1;
 * - the roadmap's factor lists: the factor's code for every school the list names;
 * - a ДТК «Проблема»: the codes of its section (DTK_SECTION_CODES).
 */
import { compareNames, formatNumberRu, normalizeLabel, roundTo } from '../text';
import { ResultEvidence, SchoolVerdict } from '../results/identify';
import { Measure } from './catalogue';
import { ReportFigures } from './figures';

/** The ДТК criteria (sections) and the risk-factor codes their problems point to. */
export const DTK_SECTION_CODES: Record<string, string[]> = {
  '1': ['2.1', '3.1'],
  '2': ['3.2', '4.1', '4.2'],
  '3': ['1.1', '2.2', '2.4'],
  '1.1': ['3.1'],
  '1.2': ['2.1', '3.1'],
  '2.1': ['3.2'],
  '2.2': ['4.1', '4.2'],
  '2.3': ['3.3'],
  '3.1': ['1.1', '2.4'],
  '3.2': ['2.2', '2.3'],
  '3.3': ['5.1'],
  '3.4': ['1.1'],
};

export interface DtkProblems {
  school: string;
  /** Per ДТК criterion: its drafted «Проблема» text (not «Проблем не выявлено»). */
  problems: { section: string; problem: string }[];
}

export interface FactorList {
  code: string;
  parameter: string;
  /** The school list of the factor as written in the roadmap. */
  schools: string;
}

export interface RecommendationRow {
  no: number;
  schoolId: string;
  school: string;
  municipality: string | null;
  status: SchoolVerdict['status'];
  problem: string;
  code: string;
  measure: string;
  responsible: string;
  deadline: string;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pct(v: number): string {
  return `${formatNumberRu(roundTo(v))}\u00a0%`;
}

function evidenceText(e: ResultEvidence, prev: ResultEvidence | undefined, prevYear: string | null): string {
  const counts = e.participants !== null && e.failed !== null ? ` (${e.failed} из ${e.participants})` : '';
  const before = prev && prevYear ? `, в ${prevYear} — ${pct(prev.share)}` : '';
  return `${e.procedure}: не справились ${pct(e.share)}${counts} в ${e.year}${before}`;
}

/** True when a school's name is named in a list of schools (names compared normalised, list split by `;`, `,` or lines). */
export function listNames(list: string, name: string): boolean {
  const n = normalizeLabel(name);
  if (!n) return false;
  const whole = normalizeLabel(list);
  if (whole === n) return true;
  return list
    .split(/[;\n]/)
    .map((x) => normalizeLabel(x))
    .some((x) => x === n || (x.length >= 6 && (x.includes(n) || n.includes(x))));
}

export function recommendations(
  fig: ReportFigures,
  measures: readonly Measure[],
  extra: { dtk?: readonly DtkProblems[]; factors?: readonly FactorList[] } = {},
): RecommendationRow[] {
  const Y = fig.year;
  const P = fig.previousYear;
  const out: Omit<RecommendationRow, 'no'>[] = [];
  const byCode = new Map<string, Measure[]>();
  for (const m of measures) {
    let l = byCode.get(m.code);
    if (!l) byCode.set(m.code, (l = []));
    l.push(m);
  }
  const schools = fig.schools
    .filter((v) => v.status !== 'норма')
    .sort((a, b) => (a.status === b.status ? compareNames(a.name, b.name) : a.status === 'ШНОР' ? -1 : 1));
  for (const v of schools) {
    const problems = new Map<string, string[]>();
    const note = (code: string, text: string): void => {
      let l = problems.get(code);
      if (!l) problems.set(code, (l = []));
      if (!l.includes(text)) l.push(text);
    };
    const lowY = v.low.filter((e) => e.year === Y);
    const lowP = v.low.filter((e) => e.year === P);
    for (const e of lowY) {
      const prevLow = lowP.find((p) => p.procedure === e.procedure);
      const prevRow = fig.rows.find((r) => r.schoolId === v.id && r.procedure === e.procedure)?.prev;
      const prevEv: ResultEvidence | undefined =
        prevLow ?? (prevRow ? { ...e, year: P ?? '', share: prevRow.share } : undefined);
      const text = `низкий результат — ${evidenceText(e, prevEv, P)}`;
      note('2.1', text);
      note('3.1', text);
      if (prevLow) note('2.2', `${text}; низкий результат второй год подряд`);
    }
    for (const e of lowP) {
      if (lowY.some((x) => x.procedure === e.procedure)) continue;
      note('3.1', `низкий результат в прошлом году — ${evidenceText(e, undefined, null)}`);
    }
    for (const e of v.nearThreshold) note('3.1', `результат в зоне риска — ${evidenceText(e, undefined, null)}`);
    for (const f of extra.factors ?? []) {
      if (listNames(f.schools, v.name)) note(f.code, `фактор риска по дорожной карте: ${f.parameter}`);
    }
    for (const d of extra.dtk ?? []) {
      if (normalizeLabel(d.school) !== normalizeLabel(v.name) && !listNames(d.school, v.name)) continue;
      for (const p of d.problems) {
        for (const code of DTK_SECTION_CODES[p.section] ?? []) note(code, `ДТК, критерий ${p.section}: ${p.problem}`);
      }
    }
    const codes = [...problems.keys()].sort((a, b) => compareNames(a, b));
    for (const code of codes) {
      const ms = byCode.get(code) ?? [];
      const uniq = (xs: string[]): string => [...new Set(xs.filter(Boolean))].join('; ');
      out.push({
        schoolId: v.id,
        school: v.name,
        municipality: v.municipality,
        status: v.status,
        problem: capitalize(problems.get(code)!.join('; ')) + '.',
        code,
        measure: ms.length
          ? ms.map((m) => m.measure).join('; ')
          : 'Мера не задана в справочнике мер: добавьте её на лист «Справочник мер».',
        responsible: uniq(ms.map((m) => m.responsible)),
        deadline: uniq(ms.map((m) => m.deadline)),
      });
    }
  }
  return out.map((r, i) => ({ no: i + 1, ...r }));
}
