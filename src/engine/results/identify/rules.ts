/**
 * The rules of identification (DOMAIN.md §4), in the order the domain states them. Everything
 * else under identify/ reads rows, keeps evidence and orders the output; what makes a school ШНОР,
 * «в зоне риска» or «норма» is decided here, and only here.
 */
import { normalizeLabel } from '../../text';
import { SchoolYear, parseSchoolYear } from '../../years';
import { IdentifySettings } from '../settings';
import { LOW, NEAR } from './records';
import { Status } from './types';

/**
 * Which procedures count. The nine of the regional programme count; others count when
 * `includeOther` is set (the default). A list of procedures in the settings overrides both.
 */
export function procedureCounts(s: IdentifySettings, name: string, programme: boolean): boolean {
  if (s.procedures) return s.procedures.some((p) => normalizeLabel(p) === normalizeLabel(name));
  return programme || s.includeOther;
}

/**
 * A result counts for the rules when its procedure counts and it has at least `minParticipants`
 * participants (a result given as a share only, `participants` < 0, always has enough).
 * Rows with 0 participants never get here: the reader skips them with a warning.
 */
export function resultCounts(procedureCounted: boolean, participants: number, s: IdentifySettings): boolean {
  return procedureCounted && (participants < 0 || participants >= s.minParticipants);
}

/** Small samples (fewer than `smallSample` participants) are marked in the output, counted or not. */
export function isSmallSample(participants: number, s: IdentifySettings): boolean {
  return !Number.isNaN(participants) && participants < s.smallSample;
}

/** The risk band starts `riskBand` percentage points below the threshold (25 % by default). */
export function riskBandStart(s: IdentifySettings): number {
  return Math.max(0, s.threshold - s.riskBand);
}

/**
 * A low result: failing ÷ participants ≥ threshold. Compared exactly, failing × 100 ≥ threshold ×
 * participants, never on a rounded share (3 of 10 is low at 30 %, 299 of 1000 is not). A result
 * below the threshold but within the risk band is NEAR. `failed` < 0: the input gave the share
 * (percent) instead of counts.
 *
 * Returns LOW, NEAR or 0.
 */
export function standing(
  failed: number,
  participants: number,
  share: number,
  threshold: number,
  riskFrom: number,
): number {
  if (failed >= 0) {
    if (failed * 100 >= threshold * participants) return LOW;
    return failed * 100 >= riskFrom * participants ? NEAR : 0;
  }
  if (share >= threshold) return LOW;
  return share >= riskFrom ? NEAR : 0;
}

/**
 * Duplicates: a school's result for the same year and procedure given twice is fine when both
 * give the same numbers (the second is ignored); otherwise it is an error (RESULTS-DUPLICATE)
 * and the first one counts. Absent counts are -1, an absent share NaN.
 */
export function sameResult(
  a: { participants: number; failed: number; share: number },
  b: { participants: number; failed: number; share: number },
): boolean {
  const sameShare = a.share === b.share || (Number.isNaN(a.share) && Number.isNaN(b.share));
  return a.participants === b.participants && a.failed === b.failed && sameShare;
}

/** Y: the school year the user chose (`2022-2023`, or a calendar year `2023`), else the last year in the data. */
export function chosenYear(s: IdentifySettings): SchoolYear | null {
  if (s.year === null) return null;
  return parseSchoolYear(s.year) ?? parseSchoolYear(s.year, true);
}

/** What the verdict of a school is decided from: its counted low results and its results near the threshold. */
export interface LowCounts {
  /** Procedures with a counted low result in Y. */
  lowInYear: number;
  /** Procedures with a counted low result in Y−1. */
  lowInPreviousYear: number;
  /** Some procedure has a counted low result in both Y and Y−1. */
  sameProcedureInBoth: boolean;
  /** Counted results in Y within the risk band below the threshold. */
  nearInYear: number;
}

/**
 * The verdict.
 * Rule 1: in Y, low results in at least two procedures.
 * Rule 2 (`any`, the default): a low result in each of Y and Y−1; (`same`): the same procedure low in both.
 * ШНОР when rule 1 or rule 2 holds; «риск» when not, but some result is low in Y or Y−1, or in Y
 * within the risk band; «норма» otherwise. A school without Y−1 can meet rule 1 but not rule 2.
 */
export function verdictOf(c: LowCounts, s: IdentifySettings): { status: Status; rule1: boolean; rule2: boolean } {
  const rule1 = c.lowInYear >= 2;
  const rule2 = s.rule2 === 'same' ? c.sameProcedureInBoth : c.lowInYear >= 1 && c.lowInPreviousYear >= 1;
  if (rule1 || rule2) return { status: 'ШНОР', rule1, rule2 };
  const risk = c.lowInYear + c.lowInPreviousYear > 0 || c.nearInYear > 0;
  return { status: risk ? 'риск' : 'норма', rule1, rule2 };
}
