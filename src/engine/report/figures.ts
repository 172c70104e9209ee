/**
 * The figures of the аналитическая справка (issue 14), computed from the identification's result
 * and the results it read (`identify(..., { results })`): participation per procedure, each
 * school's failing share in Y−1 and Y with its change and dynamics, the municipal and regional
 * means weighted by participants, ЕГЭ bands, the ШНОР group against the other schools, and the
 * schools whose share is above their municipality's mean.
 *
 * A weighted mean is Σ(share × participants) ÷ Σ participants over the results that give their
 * participants, i.e. Σ failed ÷ Σ participants where the counts are given.
 */
import { Direction, direction } from '../dtk/dynamics';
import { IdentifyResult, ReadResult, SchoolVerdict, Status } from '../results/identify';
import { compareNames, normalizeLabel, roundTo } from '../text';

/** Tolerance of the «стабильная» dynamics, percentage points (DOMAIN.md §2.1). */
export const DYNAMICS_TOLERANCE = 0.5;

export interface Aggregate {
  /** Schools with a result. */
  schools: number;
  /** Participants summed over the results that give them. */
  participants: number;
  /** Failing pupils (counts given, or share × participants ÷ 100 where only the share is). */
  failed: number;
  /**
   * Failing share, percent, exact: weighted by participants; where no result gives its
   * participants (shares only), the plain mean of the shares (`weighted` false); null without results.
   */
  share: number | null;
  weighted: boolean;
}

export interface YearPair<T> {
  prev: T;
  cur: T;
}

export interface ProcedureFigures {
  procedure: string;
  /** All schools of the data (the region). */
  region: YearPair<Aggregate>;
  /** The schools of the report's scope (the chosen municipality, or the region). */
  scope: YearPair<Aggregate>;
  shnor: YearPair<Aggregate>;
  others: YearPair<Aggregate>;
  /** Weighted means per municipality (exact), by municipality name. */
  municipal: Record<string, YearPair<number | null>>;
}

export interface ShareCell {
  participants: number | null;
  failed: number | null;
  /** Exact share, percent. */
  share: number;
}

export interface SchoolProcedureRow {
  schoolId: string;
  name: string;
  municipality: string | null;
  status: Status;
  procedure: string;
  prev: ShareCell | null;
  cur: ShareCell | null;
  /** cur − prev in percentage points, rounded to 0.1. */
  change: number | null;
  dynamics: Direction | null;
  /** Weighted means in Y (exact). */
  municipalMean: number | null;
  regionalMean: number | null;
  /** The share in Y is at or above the threshold. */
  low: boolean;
  /** The share in Y is above the municipal mean (results below the municipality's). */
  aboveMunicipal: boolean;
}

export interface BandRow {
  schoolId: string;
  name: string;
  municipality: string | null;
  procedure: string;
  year: string;
  belowMin: number;
  from61to80: number | null;
  from81to100: number | null;
}

export interface ReportFigures {
  year: string | null;
  previousYear: string | null;
  threshold: number;
  municipality: string | null;
  /** Schools in the scope, in the identification's order (status, then name). */
  schools: SchoolVerdict[];
  byStatus: Record<Status, number>;
  byMunicipality: IdentifyResult['summary']['byMunicipality'];
  procedures: ProcedureFigures[];
  rows: SchoolProcedureRow[];
  bands: BandRow[];
}

function emptyAggregate(): Aggregate {
  return { schools: 0, participants: 0, failed: 0, share: null, weighted: true };
}

class Sum {
  part = 0;
  weighted = 0;
  schools = 0;
  shares = 0;
  shareCount = 0;
  add(r: ReadResult): void {
    this.schools++;
    if (!Number.isFinite(r.share)) return;
    this.shares += r.share;
    this.shareCount++;
    if (r.participants === null) return;
    this.part += r.participants;
    this.weighted += r.failed !== null ? r.failed * 100 : r.share * r.participants;
  }
  get(): Aggregate {
    return {
      schools: this.schools,
      participants: this.part,
      failed: roundTo(this.weighted / 100, 6),
      share: this.part > 0 ? this.weighted / this.part : this.shareCount > 0 ? this.shares / this.shareCount : null,
      weighted: this.part > 0,
    };
  }
}

const NO_MUNICIPALITY = '\u0000';

/** True when the school belongs to the scope (`municipality` compared normalised). */
export function inScope(v: { municipality: string | null }, municipality: string | null): boolean {
  return (
    municipality === null ||
    (v.municipality !== null && normalizeLabel(v.municipality) === normalizeLabel(municipality))
  );
}

export function computeFigures(
  res: IdentifyResult,
  results: readonly ReadResult[],
  municipality: string | null,
): ReportFigures {
  const Y = res.year;
  const P = res.previousYear;
  const byId = new Map(res.schools.map((v) => [v.id, v]));
  const scoped = res.schools.filter((v) => inScope(v, municipality));
  const scopedIds = new Set(scoped.map((v) => v.id));
  const procNames: string[] = [];
  const seenProc = new Set<string>();
  const sums = new Map<string, Sum>();
  const sum = (key: string): Sum => {
    let s = sums.get(key);
    if (!s) sums.set(key, (s = new Sum()));
    return s;
  };
  const cells = new Map<string, ShareCell>();
  for (const r of results) {
    if (r.year !== Y && r.year !== P) continue;
    const v = byId.get(r.schoolId);
    if (!v) continue;
    if (!seenProc.has(r.procedure)) {
      seenProc.add(r.procedure);
      procNames.push(r.procedure);
    }
    const y = r.year === Y ? 'cur' : 'prev';
    const mun = v.municipality ?? NO_MUNICIPALITY;
    sum(`region|${r.procedure}|${y}`).add(r);
    sum(`mun|${mun}|${r.procedure}|${y}`).add(r);
    if (scopedIds.has(v.id)) {
      sum(`scope|${r.procedure}|${y}`).add(r);
      sum(`${v.status === 'ШНОР' ? 'shnor' : 'others'}|${r.procedure}|${y}`).add(r);
    }
    cells.set(`${v.id}|${r.procedure}|${y}`, { participants: r.participants, failed: r.failed, share: r.share });
  }
  procNames.sort((a, b) => compareNames(a, b));
  const agg = (key: string): Aggregate => sums.get(key)?.get() ?? emptyAggregate();
  const pair = (prefix: string, proc: string): YearPair<Aggregate> => ({
    prev: agg(`${prefix}|${proc}|prev`),
    cur: agg(`${prefix}|${proc}|cur`),
  });
  const municipalities = [...new Set(res.schools.map((v) => v.municipality ?? NO_MUNICIPALITY))];
  const procedures: ProcedureFigures[] = procNames.map((proc) => {
    const municipal: Record<string, YearPair<number | null>> = {};
    for (const m of municipalities) {
      if (m === NO_MUNICIPALITY) continue;
      municipal[m] = { prev: agg(`mun|${m}|${proc}|prev`).share, cur: agg(`mun|${m}|${proc}|cur`).share };
    }
    return {
      procedure: proc,
      region: pair('region', proc),
      scope: pair('scope', proc),
      shnor: pair('shnor', proc),
      others: pair('others', proc),
      municipal,
    };
  });
  const t = res.threshold;
  const rows: SchoolProcedureRow[] = [];
  for (const v of scoped) {
    for (const p of procedures) {
      const prev = cells.get(`${v.id}|${p.procedure}|prev`) ?? null;
      const cur = cells.get(`${v.id}|${p.procedure}|cur`) ?? null;
      if (!prev && !cur) continue;
      const mm = v.municipality === null ? null : (p.municipal[v.municipality]?.cur ?? null);
      const both = prev && cur && Number.isFinite(prev.share) && Number.isFinite(cur.share);
      rows.push({
        schoolId: v.id,
        name: v.name,
        municipality: v.municipality,
        status: v.status,
        procedure: p.procedure,
        prev,
        cur,
        change: both ? roundTo(cur.share - prev.share) : null,
        // A failing share: the lower, the better (polarity −).
        dynamics: both ? direction(prev.share, cur.share, '-', DYNAMICS_TOLERANCE) : null,
        municipalMean: mm,
        regionalMean: p.region.cur.share,
        low: cur !== null && isLow(cur, t),
        aboveMunicipal: cur !== null && mm !== null && cur.share > mm,
      });
    }
  }
  const bands: BandRow[] = [];
  for (const v of scoped) {
    for (const b of v.bands) {
      if (b.year !== Y) continue;
      bands.push({
        schoolId: v.id,
        name: v.name,
        municipality: v.municipality,
        procedure: b.procedure,
        year: b.year,
        belowMin: b.belowMin ?? 0,
        from61to80: b.from61to80,
        from81to100: b.from81to100,
      });
    }
  }
  const byStatus: Record<Status, number> = { ШНОР: 0, риск: 0, норма: 0 };
  for (const v of scoped) byStatus[v.status]++;
  return {
    year: Y,
    previousYear: P,
    threshold: t,
    municipality,
    schools: scoped,
    byStatus,
    byMunicipality: res.summary.byMunicipality.filter((m) => inScope(m, municipality)),
    procedures,
    rows,
    bands,
  };
}

/** Exact comparison, as the identification does: failed × 100 ≥ threshold × participants. */
function isLow(c: ShareCell, t: number): boolean {
  if (c.failed !== null && c.participants !== null) return c.failed * 100 >= t * c.participants;
  return c.share >= t;
}
