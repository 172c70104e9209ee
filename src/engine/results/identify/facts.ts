/**
 * What the verdicts are decided from, and the reference path's way of finding it: one plain pass
 * over every result stored, applying the rules (rules.ts) to each. The fast path (fast.ts) finds
 * the same facts from its tally; the property tests prove the two agree.
 */
import { SchoolYear } from '../../years';
import { Context } from './registry';
import { COUNTED, DROPPED, IN_P, IN_Y, LOW, NEAR, Records } from './records';
import { chosenYear, resultCounts, riskBandStart, sameResult, standing } from './rules';

export interface Facts {
  /** Results read. */
  total: number;
  /** Results read by procedure. */
  perProc: ArrayLike<number>;
  /** The school year Y (null when there is no result and none was chosen). */
  Y: SchoolYear | null;
  /** Some result is of year Y. */
  hasY: boolean;
  /** Per record: IN_Y / IN_P, LOW / NEAR, COUNTED, or DROPPED for a repeat. */
  flags: Uint8Array;
  /** The records that are low or near the threshold in Y or Y−1, in reading order. */
  flagged: ArrayLike<number>;
  nFlagged: number;
  /** Per school: IN_Y when it has a result in Y, IN_P in Y−1. */
  years: Uint8Array;
  /** Repeats with other numbers than the first: [repeat, first], in reading order. */
  differing: [number, number][];
  /** Repeats in another file than the first (same numbers or not): [repeat, first], in reading order. */
  acrossFiles: [number, number][];
}

function resultAt(recs: Records, i: number): { participants: number; failed: number; share: number } {
  return { participants: recs.part[i], failed: recs.failed[i], share: recs.shareAt(i) };
}

/**
 * Duplicates: marks every repeat of a (school, year, procedure) DROPPED, the first one kept.
 * Returns the repeats with other numbers than the first and those in another file than the first
 * (when several files are read as one), [repeat, first], in reading order.
 */
function markRepeats(
  ctx: Context,
  flags: Uint8Array,
): { differing: [number, number][]; acrossFiles: [number, number][] } {
  const { recs } = ctx;
  const n = recs.length;
  const nSchools = ctx.schools.length;
  const nProcs = ctx.procs.length;
  const differing: [number, number][] = [];
  const acrossFiles: [number, number][] = [];
  if (n === 0) return { differing, acrossFiles };
  const sourceOf = (i: number): string | null => ctx.sheetSources[ctx.tableInfo[recs.table[i]].sheet] ?? null;
  // The records of each school, in reading order (a counting sort by school).
  const start = new Int32Array(nSchools + 1);
  for (let i = 0; i < n; i++) start[recs.school[i] + 1]++;
  for (let s = 0; s < nSchools; s++) start[s + 1] += start[s];
  const order = new Int32Array(n);
  const fill = start.slice(0, nSchools);
  for (let i = 0; i < n; i++) order[fill[recs.school[i]]++] = i;
  // One slot per (year, procedure): the last school with a result there, and that school's first one.
  let minYear = recs.year[0];
  let maxYear = minYear;
  for (let i = 1; i < n; i++) {
    if (recs.year[i] < minYear) minYear = recs.year[i];
    if (recs.year[i] > maxYear) maxYear = recs.year[i];
  }
  const slotSchool = new Int32Array((maxYear - minYear + 1) * nProcs).fill(-1);
  const slotFirst = new Int32Array(slotSchool.length);
  for (let s = 0; s < nSchools; s++) {
    for (let k = start[s]; k < start[s + 1]; k++) {
      const i = order[k];
      const slot = (recs.year[i] - minYear) * nProcs + recs.proc[i];
      if (slotSchool[slot] !== s) {
        slotSchool[slot] = s;
        slotFirst[slot] = i;
        continue;
      }
      flags[i] = DROPPED;
      const j = slotFirst[slot];
      const a = sourceOf(i);
      const b = sourceOf(j);
      if (a !== null && b !== null && a !== b) acrossFiles.push([i, j]);
      else if (!sameResult(resultAt(recs, i), resultAt(recs, j))) differing.push([i, j]);
    }
  }
  const byRepeat = (x: [number, number], y: [number, number]): number => x[0] - y[0];
  return { differing: differing.sort(byRepeat), acrossFiles: acrossFiles.sort(byRepeat) };
}

export function referenceFacts(ctx: Context, procCounted: boolean[]): Facts {
  const { recs, settings } = ctx;
  const n = recs.length;
  const perProc = new Int32Array(ctx.procs.length);
  let maxYear = -1;
  for (let i = 0; i < n; i++) {
    perProc[recs.proc[i]]++;
    if (recs.year[i] > maxYear) maxYear = recs.year[i];
  }
  const Y = chosenYear(settings) ?? (maxYear >= 0 ? maxYear : null);
  const riskFrom = riskBandStart(settings);
  const flags = new Uint8Array(n);
  const { differing, acrossFiles } = markRepeats(ctx, flags);
  const years = new Uint8Array(ctx.schools.length);
  const flagged: number[] = [];
  let hasY = false;
  for (let i = 0; i < n; i++) {
    const year = recs.year[i];
    if (year === Y) hasY = true;
    if (flags[i] === DROPPED) continue;
    const when = Y === null ? 0 : year === Y ? IN_Y : year === Y - 1 ? IN_P : 0;
    if (when === 0) continue;
    years[recs.school[i]] |= when;
    let f = when | standing(recs.failed[i], recs.part[i], recs.shares.get(i) ?? NaN, settings.threshold, riskFrom);
    if (resultCounts(procCounted[recs.proc[i]], recs.part[i], settings)) f |= COUNTED;
    flags[i] = f;
    if (f & (LOW | NEAR)) flagged.push(i);
  }
  return { total: n, perProc, Y, hasY, flags, flagged, nFlagged: flagged.length, years, differing, acrossFiles };
}
