/**
 * Identification of schools with low educational results (DOMAIN.md §4): the entry.
 *
 * Reads every results table of a workbook (long or wide), checks it, and decides for each school:
 * ШНОР (rule 1: two or more low results in Y; rule 2: a low result in each of Y and Y−1),
 * риск (a low result in Y or Y−1, or a share within the risk band below the threshold in Y), or
 * норма. Shares are compared exactly (failing × 100 ≥ threshold × participants), never rounded first.
 *
 * Where things are (src/engine/results/identify/):
 * - rules.ts     the rules of §4, top to bottom: what counts, low, risk band, small samples, duplicates, the verdict
 * - read.ts      reading rows from the located columns (cells.ts: one cell; registry.ts: schools and procedures met)
 * - facts.ts     the reference path: every result stored, the rules applied to each
 * - fast.ts      the fast path: results tallied as read, only those near or above the threshold kept
 * - verdict.ts   verdicts and evidence (reason.ts: the text saying why)
 * - order.ts     the order of the output; decide.ts puts the answer together
 * - types.ts     what the answer holds; output.ts (beside this file) writes it to the workbook
 */
import { WorkbookSnapshot } from '../snapshot';
import { IdentifySettings } from './settings';
import { countedProcedures, decide } from './identify/decide';
import { fastFacts } from './identify/fast';
import { referenceFacts } from './identify/facts';
import { read } from './identify/read';
import { ReadResult, listResults } from './identify/listed';
import { giveBackRecords } from './identify/records';
import { IdentifyResult } from './identify/types';
export type { ReadResult } from './identify/listed';

export type {
  BandEvidence,
  IdentifyResult,
  ProcedureInfo,
  ResultEvidence,
  SchoolVerdict,
  Status,
} from './identify/types';

/**
 * Identifies ШНОР in a workbook. Never throws on bad data: problems come back as issues.
 *
 * `mode: 'reference'` (or its old name `full`) skips the fast path; the tests use it to prove that
 * both paths give the same result. `results`, when given, receives every result read (the report's
 * figures); it takes the reference read, which stores them all.
 */
export function identify(
  wb: WorkbookSnapshot,
  settings: IdentifySettings,
  options: { mode?: 'auto' | 'reference' | 'full'; results?: ReadResult[] } = {},
): IdentifyResult {
  const reference = options.mode === 'reference' || options.mode === 'full' || options.results !== undefined;
  const fast = reference ? null : read(wb, settings, true);
  // The fast path gave up (a school's results not together, a repeat, years spanning more than 32): read again.
  const ctx = fast === null || fast.tally!.aborted ? read(wb, settings, false) : fast;
  const procCounted = countedProcedures(ctx);
  const facts = ctx.tally ? fastFacts(ctx, ctx.tally, procCounted) : referenceFacts(ctx, procCounted);
  const result = decide(ctx, facts, procCounted);
  if (options.results) listResults(ctx, options.results);
  // Nothing in the result refers to the record store: keep its buffers for the next run.
  giveBackRecords(ctx.recs);
  return result;
}
