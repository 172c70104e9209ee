/** The order of the output (DOMAIN.md §4): verdicts by status, then name; municipalities alphabetically; procedures ranked. */
import { compareNames } from '../../text';
import { Procedure } from '../procedure';
import { IdentifyResult, SchoolVerdict, Status } from './types';

const collator = new Intl.Collator('ru');

/** Alphabetical rank of each procedure, for cheap sorting of evidence. */
export function procedureRanks(procs: { proc: Procedure }[]): number[] {
  const ranks: number[] = [];
  procs
    .map((p, i) => ({ name: p.proc.name, i }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .forEach((x, rank) => (ranks[x.i] = rank));
  return ranks;
}

type MunicipalityCounts = IdentifyResult['summary']['byMunicipality'][number];

/** Schools by status and by municipality, counted in reading order (a municipality's schools usually come together). */
export function countVerdicts(verdicts: SchoolVerdict[]): {
  byStatus: Record<Status, number>;
  byMunicipality: MunicipalityCounts[];
} {
  // Counted with comparisons, not `counts[v.status]++`: a property named by a variable is a slow
  // generic access, thousands of times.
  let nLow = 0;
  let nRisk = 0;
  const byMun = new Map<string, MunicipalityCounts>();
  let lastMun: string | null | undefined = undefined;
  let e: MunicipalityCounts | undefined;
  for (const v of verdicts) {
    if (v.municipality !== lastMun || e === undefined) {
      lastMun = v.municipality;
      const m = v.municipality ?? '(не указан)';
      e = byMun.get(m);
      if (!e) byMun.set(m, (e = { municipality: m, schools: 0, ШНОР: 0, риск: 0, норма: 0 }));
    }
    e.schools++;
    if (v.status === 'ШНОР') {
      nLow++;
      e.ШНОР++;
    } else if (v.status === 'риск') {
      nRisk++;
      e.риск++;
    } else e.норма++;
  }
  const byStatus: Record<Status, number> = { ШНОР: nLow, риск: nRisk, норма: verdicts.length - nLow - nRisk };
  const byMunicipality = [...byMun.values()].sort((a, b) => collator.compare(a.municipality, b.municipality));
  return { byStatus, byMunicipality };
}

/**
 * By status, then name as people read it, then id. Each status apart, in reading order, so that a
 * list already in order (as exports usually are) sorts in one pass.
 */
export function sortVerdicts(verdicts: SchoolVerdict[], byStatus: Record<Status, number>): SchoolVerdict[] {
  const byName = (a: SchoolVerdict, b: SchoolVerdict): number =>
    compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = new Array<SchoolVerdict>(verdicts.length);
  let at = 0;
  for (const status of ['ШНОР', 'риск', 'норма'] as const) {
    const part = new Array<SchoolVerdict>(byStatus[status]);
    let n = 0;
    for (const v of verdicts) if (v.status === status) part[n++] = v;
    part.sort(byName);
    for (const v of part) sorted[at++] = v;
  }
  return sorted;
}
