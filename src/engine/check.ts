/**
 * `check`: tells a workbook's kind by its content (DOMAIN.md §1) and runs that kind's checks.
 * Knows the results form (identification input), the ДТК, the card, the roadmap and the plan of measures.
 */
import { checkDtk, dtkCard, KeptConclusion, LocatedField } from './dtk/check';
import { DTK } from './dtk/descriptor';
import { DtkLocation, locateDtk } from './dtk/locate';
import { checkCard } from './card/check';
import { looksLikeCard } from './card/locate';
import { Edit } from './edits';
import { Issue, makeIssue } from './issues';
import { identify, IdentifyResult } from './results/identify';
import { locateFirstTable } from './results/locate';
import { SourceSheet, hasFisOko, mergeSources } from './results/sources';
import { identifyEdits } from './results/output';
import { IdentifySettings } from './results/settings';
import { checkRoadmap } from './roadmap/check';
import { looksLikeRoadmap } from './roadmap/locate';
import { checkPlan } from './plan/check';
import { PlanLocation, locatePlan } from './plan/locate';
import { SheetView, WorkbookSnapshot } from './snapshot';

export type Kind = 'dtk' | 'card' | 'results' | 'roadmap' | 'plan' | 'unknown';

export interface Conclusion {
  section: string;
  conclusion: string;
  problem: string;
  /** ДТК: the measures for the problems found, for a «Рекомендации:» row (issue 14). */
  recommendation?: string;
}

export interface CheckReport {
  kind: Kind;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: Conclusion[];
  edits: Edit[];
  identification?: IdentifyResult;
  /** ДТК and card: conclusion cells holding the user's own text, left alone (their drafts are in `conclusions`). */
  kept?: KeptConclusion[];
  /** ДТК: how each located row was found (exact / alias / similar, with the score). */
  located?: LocatedField[];
  /** Results from ФИС ОКО reports: what each sheet was read as (procedure, school year, schools). */
  sources?: SourceSheet[];
}

export const UNKNOWN_KIND_MESSAGE =
  'Вид книги не распознан: не найдены заголовки ни одной из известных форм. Поддерживаются: ДТК (диагностико-технологическая карта школы), информационная карта МОУО, результаты оценочных процедур (для идентификации ШНОР), дорожная карта и план мероприятий. Начните с шаблона: shnor template results --out ФАЙЛ.xlsx.';

/** A workbook's kind, with what its detection found that the kind's check needs again. */
export interface Detection {
  kind: Kind;
  /** ДТК: the card located on the way (`locateDtk` of the workbook without the product's own sheets). */
  dtk?: DtkLocation;
  /** Plan: the plan located on the way. */
  plan?: PlanLocation;
  /** Results: the book holds ФИС ОКО reports (read through `mergeSources`, not as the results form). */
  fisoko?: boolean;
}

/**
 * Tells the kind (DOMAIN.md §1). The ДТК's and the plan's locations are returned rather than thrown
 * away, so the check does not locate them a second time; nothing is cached on the snapshot.
 */
export function detect(wb: WorkbookSnapshot): Detection {
  const dtk = locateDtk(dtkCard(wb));
  if (dtk.isDtk) return { kind: 'dtk', dtk };
  if (looksLikeCard(wb)) return { kind: 'card' };
  if (looksLikeRoadmap(wb)) return { kind: 'roadmap' };
  // A plan of measures without the roadmap's codes (seeds 000, 002, 003, 004).
  const plan = locatePlan(wb);
  if (plan.isPlan) return { kind: 'plan', plan };
  // A ФИС ОКО export is results too, told by its title and header before the form's table is looked for.
  if (hasFisOko(wb)) return { kind: 'results', fisoko: true };
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    if (locateFirstTable(new SheetView(s))) return { kind: 'results' };
  }
  return { kind: 'unknown' };
}

export function detectKind(wb: WorkbookSnapshot): Kind {
  return detect(wb).kind;
}

/**
 * A book of ФИС ОКО reports (possibly with sheets of the results form): each report read, its
 * reading problems at its cells, then the identification over it. `file` names it in messages.
 */
function checkFisOko(wb: WorkbookSnapshot, settings: IdentifySettings, date: string, file: string): CheckReport {
  const merged = mergeSources([{ file, workbook: wb }]);
  const reports = merged.sheets.filter((s) => s.kind !== 'form');
  const uniq = (xs: (string | null | undefined)[]): string =>
    [...new Set(xs.filter((x): x is string => typeof x === 'string' && x !== ''))].join('; ');
  const indicators: Record<string, number | string | null> = {
    source: 'ФИС ОКО',
    fisokoReports: reports.length,
    fisokoKinds: uniq(
      reports.map((r) => (r.kind === 'fisoko-marks' ? 'Статистика по отметкам' : 'Выполнение заданий')),
    ),
    procedures: uniq(reports.map((r) => r.procedure)),
    reportYears: uniq(reports.map((r) => r.year)),
  };
  if (merged.workbook.sheets.length === 0) {
    // «Выполнение заданий» only: nothing to identify, the report's own problems alone.
    return { kind: 'results', issues: merged.issues, indicators, conclusions: [], edits: [], sources: merged.sheets };
  }
  const res = identify(merged.workbook, settings);
  const issues = [...merged.issues, ...res.issues];
  res.issues = issues;
  return {
    kind: 'results',
    issues,
    indicators: {
      ...indicators,
      year: res.year,
      previousYear: res.previousYear,
      schools: res.summary.schools,
      results: res.summary.results,
      lowResultsSchools: res.summary.byStatus.ШНОР,
      atRiskSchools: res.summary.byStatus.риск,
      normalSchools: res.summary.byStatus.норма,
    },
    conclusions: [],
    edits: identifyEdits(res, issues, date),
    identification: res,
    sources: merged.sheets,
  };
}

/** `file`: the book's name for messages about ФИС ОКО reports («отчёт.xlsx»). */
export function checkWorkbook(
  wb: WorkbookSnapshot,
  settings: IdentifySettings,
  date: string,
  file = 'книга',
): CheckReport {
  const found = detect(wb);
  const kind = found.kind;
  if (found.fisoko) return checkFisOko(wb, settings, date, file);
  if (kind === 'dtk') {
    const res = checkDtk(wb, { threshold: settings.threshold, date }, DTK, found.dtk);
    return {
      kind,
      issues: res.issues,
      indicators: res.indicators,
      conclusions: res.conclusions,
      edits: res.edits,
      kept: res.kept,
      located: res.located,
    };
  }
  if (kind === 'card' || kind === 'roadmap' || kind === 'plan') {
    const res =
      kind === 'card'
        ? checkCard(wb, { date })
        : kind === 'roadmap'
          ? checkRoadmap(wb, { date })
          : checkPlan(wb, { date }, undefined, found.plan);
    return {
      kind,
      issues: res.issues,
      indicators: res.indicators,
      conclusions: res.conclusions,
      edits: res.edits,
      ...('kept' in res ? { kept: res.kept } : {}),
    };
  }
  if (kind === 'results') {
    const res = identify(wb, settings);
    return {
      kind,
      issues: res.issues,
      indicators: {
        year: res.year,
        previousYear: res.previousYear,
        schools: res.summary.schools,
        results: res.summary.results,
        lowResultsSchools: res.summary.byStatus.ШНОР,
        atRiskSchools: res.summary.byStatus.риск,
        normalSchools: res.summary.byStatus.норма,
      },
      conclusions: [],
      edits: identifyEdits(res, res.issues, date),
      identification: res,
    };
  }
  return {
    kind,
    issues: [makeIssue('UNKNOWN-KIND', {}, UNKNOWN_KIND_MESSAGE)],
    indicators: {},
    conclusions: [],
    edits: [],
  };
}
