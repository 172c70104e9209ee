/**
 * `check`: tells a workbook's kind by its content (DOMAIN.md §1) and runs that kind's checks.
 * Knows the results form (identification input); ДТК, card and roadmap come with their issues.
 */
import { checkDtk, KeptConclusion } from './dtk/check';
import { looksLikeDtk } from './dtk/locate';
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
}

export interface CheckReport {
  kind: Kind;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: Conclusion[];
  edits: Edit[];
  identification?: IdentifyResult;
  /** ДТК: conclusion cells holding the user's own text, left alone (their drafts are in `conclusions`). */
  kept?: KeptConclusion[];
}

export const UNKNOWN_KIND_MESSAGE =
  'Вид книги не распознан: не найдены заголовки ни одной из известных форм. Поддерживаются: ДТК (диагностико-технологическая карта школы), информационная карта МОУО, результаты оценочных процедур (для идентификации ШНОР) и дорожная карта. Начните с шаблона: shnor template results --out ФАЙЛ.xlsx.';

export function detectKind(wb: WorkbookSnapshot): Kind {
  if (looksLikeDtk(wb)) return 'dtk';
  if (looksLikeCard(wb)) return 'card';
  if (looksLikeRoadmap(wb)) return 'roadmap';
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    if (locateFirstTable(new SheetView(s))) return 'results';
  }
  return 'unknown';
}

export function checkWorkbook(wb: WorkbookSnapshot, settings: IdentifySettings, date: string): CheckReport {
  const kind = detectKind(wb);
  if (kind === 'dtk') {
    const res = checkDtk(wb, { threshold: settings.threshold, date });
    return {
      kind,
      issues: res.issues,
      indicators: res.indicators,
      conclusions: res.conclusions,
      edits: res.edits,
      kept: res.kept,
    };
  }
  if (kind === 'card' || kind === 'roadmap') {
    const res = kind === 'card' ? checkCard(wb, { date }) : checkRoadmap(wb, { date });
    return { kind, issues: res.issues, indicators: res.indicators, conclusions: res.conclusions, edits: res.edits };
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
