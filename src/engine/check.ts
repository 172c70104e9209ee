/**
 * `check`: tells a workbook's kind by its content (DOMAIN.md §1) and runs that kind's checks.
 * Knows the results form (identification input); ДТК, card and roadmap come with their issues.
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
import { identifyEdits } from './results/output';
import { IdentifySettings } from './results/settings';
import { checkRoadmap } from './roadmap/check';
import { looksLikeRoadmap } from './roadmap/locate';
import { SheetView, WorkbookSnapshot } from './snapshot';

export type Kind = 'dtk' | 'card' | 'results' | 'roadmap' | 'unknown';

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
}

export const UNKNOWN_KIND_MESSAGE =
  'Вид книги не распознан: не найдены заголовки ни одной из известных форм. Поддерживаются: ДТК (диагностико-технологическая карта школы), информационная карта МОУО, результаты оценочных процедур (для идентификации ШНОР) и дорожная карта. Начните с шаблона: shnor template results --out ФАЙЛ.xlsx.';

/** A workbook's kind, with what its detection found that the kind's check needs again. */
export interface Detection {
  kind: Kind;
  /** ДТК: the card located on the way (`locateDtk` of the workbook without the product's own sheets). */
  dtk?: DtkLocation;
}

/**
 * Tells the kind (DOMAIN.md §1). The ДТК's location is returned rather than thrown away, so the
 * check does not locate the card a second time; nothing is cached on the snapshot.
 */
export function detect(wb: WorkbookSnapshot): Detection {
  const dtk = locateDtk(dtkCard(wb));
  if (dtk.isDtk) return { kind: 'dtk', dtk };
  if (looksLikeCard(wb)) return { kind: 'card' };
  if (looksLikeRoadmap(wb)) return { kind: 'roadmap' };
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    if (locateFirstTable(new SheetView(s))) return { kind: 'results' };
  }
  return { kind: 'unknown' };
}

export function detectKind(wb: WorkbookSnapshot): Kind {
  return detect(wb).kind;
}

export function checkWorkbook(wb: WorkbookSnapshot, settings: IdentifySettings, date: string): CheckReport {
  const found = detect(wb);
  const kind = found.kind;
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
  if (kind === 'card' || kind === 'roadmap') {
    const res = kind === 'card' ? checkCard(wb, { date }) : checkRoadmap(wb, { date });
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
