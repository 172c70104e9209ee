/**
 * Verdicts and their evidence (DOMAIN.md §4): for each school, from its results low or near the
 * threshold, the status by the rules (rules.ts) and the results shown with it. Evidence is built
 * only for what is shown; most schools have none and share the empty lists.
 */
import { a1 } from '../../snapshot';
import { roundTo } from '../../text';
import { SchoolYear, formatSchoolYear } from '../../years';
import { IdentifySettings } from '../settings';
import { Facts } from './facts';
import { reasonFor } from './reason';
import { Context } from './registry';
import { COUNTED, DROPPED, IN_P, IN_Y, LOW, NEAR, Records } from './records';
import { isSmallSample, verdictOf } from './rules';
import { BandEvidence, ResultEvidence, SchoolVerdict } from './types';

/** The flagged records by school: a counting sort over the few flagged ones, reading order kept. */
export function flaggedBySchool(
  recs: Records,
  scan: Facts,
  nSchools: number,
): { fStart: Int32Array; fOrder: Int32Array } {
  const fStart = new Int32Array(nSchools + 1);
  for (let k = 0; k < scan.nFlagged; k++) fStart[recs.school[scan.flagged[k]] + 1]++;
  for (let k = 0; k < nSchools; k++) fStart[k + 1] += fStart[k];
  const fOrder = new Int32Array(scan.nFlagged);
  const fill = fStart.slice(0, nSchools);
  for (let k = 0; k < scan.nFlagged; k++) {
    const i = scan.flagged[k];
    fOrder[fill[recs.school[i]]++] = i;
  }
  return { fStart, fOrder };
}

/** The ЕГЭ bands of the results kept, by school. */
export function bandEvidence(ctx: Context, flags: Uint8Array): Map<number, BandEvidence[]> {
  const { recs } = ctx;
  const bySchool = new Map<number, BandEvidence[]>();
  for (const [i, band] of recs.bands) {
    if (flags[i] & DROPPED) continue;
    let list = bySchool.get(recs.school[i]);
    if (!list) bySchool.set(recs.school[i], (list = []));
    list.push({
      year: formatSchoolYear(recs.year[i]),
      procedure: ctx.procs[recs.proc[i]].proc.name,
      belowMin: roundTo(recs.shareAt(i)),
      from61to80: Number.isNaN(band[0]) ? null : roundTo(band[0]),
      from81to100: Number.isNaN(band[1]) ? null : roundTo(band[1]),
    });
  }
  return bySchool;
}

export function allVerdicts(
  ctx: Context,
  fStart: Int32Array,
  fOrder: Int32Array,
  flags: Uint8Array,
  years: Uint8Array,
  bandsBySchool: Map<number, BandEvidence[]>,
  Y: SchoolYear | null,
  sc: VerdictScratch,
): SchoolVerdict[] {
  const verdicts: SchoolVerdict[] = [];
  for (let si = 0; si < ctx.schools.length; si++) {
    const bands = bandsBySchool.get(si) ?? NO_BANDS;
    verdicts.push(verdictFor(ctx, si, fStart[si], fStart[si + 1], fOrder, flags, years[si], bands, Y, sc));
  }
  return verdicts;
}

/** A low result's index in its school's list, kept in the low bits of its sort key (a school has at most 2 × 65,536 low results counted). */
const LOW_INDEX = 1 << 20;

/** What verdictFor shares from school to school within a run. */
export interface VerdictScratch {
  /** The cells of the low results by sheet, and the list of the sheet last added to. */
  lowCells: Map<number, string[]>;
  sheet: number;
  list: string[];
  /** Per procedure: the last school with a low result in the year / in the previous year. */
  stampY: Int32Array;
  stampP: Int32Array;
  /** Sort keys of a school's low results, and the results in reading order. */
  keys: Float64Array;
  low: ResultEvidence[];
  /** Reason texts by their figures (see reasonFor). */
  reasons: Map<number, string>;
}

/** The verdict of one school from its flagged records; evidence is built only for what is shown. */
function verdictFor(
  ctx: Context,
  si: number,
  from: number,
  to: number,
  order: Int32Array,
  flags: Uint8Array,
  years: number,
  bands: BandEvidence[],
  Y: SchoolYear | null,
  sc: VerdictScratch,
): SchoolVerdict {
  const { recs, settings } = ctx;
  const s = ctx.schools[si];
  const hasY = (years & IN_Y) !== 0;
  const hasP = (years & IN_P) !== 0;
  if (from === to) {
    // Nothing low or near the threshold (most schools): норма, with the shared empty lists.
    return {
      id: s.id,
      idGiven: s.idGiven,
      name: s.name,
      municipality: s.municipality,
      status: 'норма',
      rule1: false,
      rule2: false,
      low: NO_EVIDENCE,
      lowCountYear: 0,
      lowCountPreviousYear: 0,
      nearThreshold: NO_EVIDENCE,
      excluded: NO_EVIDENCE,
      yearMissing: !hasY,
      previousYearMissing: !hasP,
      bands,
      reason: reasonFor(
        {
          status: 'норма',
          rule1: false,
          rule2: false,
          nY: 0,
          nP: 0,
          nNear: 0,
          prevMissing: !hasP,
          hasAny: hasY || hasP,
        },
        Y,
        settings,
        sc.reasons,
      ),
    };
  }
  // The low results in reading order, gathered in the shared scratch list and copied out sorted.
  const unsorted = sc.low;
  let nLow = 0;
  const near: ResultEvidence[] = [];
  const excluded: ResultEvidence[] = [];
  // Procedures with a low result in the year and in the previous one, counted with stamps.
  const { stampY, stampP } = sc;
  let nY = 0;
  let nP = 0;
  let both = false;
  /** Per low result: its order (latest year first, then procedures alphabetically) and its index in `low`. */
  let keys = sc.keys;
  for (let k = from; k < to; k++) {
    const i = order[k];
    const f = flags[i];
    if (f & NEAR) {
      if (f & IN_Y && f & COUNTED) near.push(evidence(ctx, i, settings));
      continue;
    }
    if (!(f & LOW)) continue;
    const ev = evidence(ctx, i, settings);
    const sheetIdx = ctx.tableInfo[recs.table[i]].sheet;
    if (sheetIdx !== sc.sheet) {
      sc.sheet = sheetIdx;
      let list = sc.lowCells.get(sheetIdx);
      if (!list) sc.lowCells.set(sheetIdx, (list = []));
      sc.list = list;
    }
    sc.list.push(ev.cell);
    if (!(f & COUNTED)) {
      excluded.push(ev);
      continue;
    }
    if (nLow === keys.length) {
      const grown = new Float64Array(keys.length * 2);
      grown.set(keys);
      sc.keys = keys = grown;
    }
    keys[nLow] = ((65535 - recs.year[i]) * 65536 + ctx.procRank[recs.proc[i]]) * LOW_INDEX + nLow;
    unsorted[nLow++] = ev;
    const p = recs.proc[i];
    if (f & IN_Y) {
      if (stampY[p] !== si) {
        stampY[p] = si;
        nY++;
        if (stampP[p] === si) both = true;
      }
    } else if (stampP[p] !== si) {
      stampP[p] = si;
      nP++;
      if (stampY[p] === si) both = true;
    }
  }
  const { status, rule1, rule2 } = verdictOf(
    { lowInYear: nY, lowInPreviousYear: nP, sameProcedureInBoth: both, nearInYear: near.length },
    settings,
  );
  // The keys hold their index below LOW_INDEX (nLow is far below it): a plain numeric sort orders
  // them, ties in reading order.
  const byKey = keys.subarray(0, nLow).sort();
  const low: ResultEvidence[] = nLow === 0 ? NO_EVIDENCE : new Array<ResultEvidence>(nLow);
  for (let k = 0; k < nLow; k++) low[k] = unsorted[byKey[k] % LOW_INDEX];
  return {
    id: s.id,
    idGiven: s.idGiven,
    name: s.name,
    municipality: s.municipality,
    status,
    rule1,
    rule2,
    low,
    lowCountYear: nY,
    lowCountPreviousYear: nP,
    nearThreshold: near,
    excluded,
    yearMissing: !hasY,
    previousYearMissing: !hasP,
    bands,
    reason: reasonFor(
      { status, rule1, rule2, nY, nP, nNear: near.length, prevMissing: !hasP, hasAny: hasY || hasP },
      Y,
      settings,
      sc.reasons,
    ),
  };
}

/**
 * The empty lists of evidence shared by the verdicts that have none (thousands of schools in a
 * region): frozen, so that nobody can add to one school's list and change them all.
 */
const NO_EVIDENCE = Object.freeze([]) as unknown as ResultEvidence[];
const NO_BANDS = Object.freeze([]) as unknown as BandEvidence[];

/** School years as text, made once each (evidence repeats the same few years thousands of times). */
const yearTexts: string[] = [];

function yearText(y: SchoolYear): string {
  return (yearTexts[y] ??= formatSchoolYear(y));
}

function evidence(ctx: Context, i: number, settings: IdentifySettings): ResultEvidence {
  const { recs } = ctx;
  const part = recs.partAt(i);
  return {
    year: yearText(recs.year[i]),
    procedure: ctx.procs[recs.proc[i]].proc.name,
    participants: Number.isNaN(part) ? null : part,
    failed: recs.failed[i] < 0 ? null : recs.failed[i],
    share: roundTo(recs.shareAt(i)),
    smallSample: isSmallSample(part, settings),
    sheet: ctx.sheetNames[ctx.tableInfo[recs.table[i]].sheet],
    cell: a1(recs.row[i], recs.col[i]),
  };
}
