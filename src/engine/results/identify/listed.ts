/** Every result as read, for the report's figures (src/engine/report): repeats left out as the verdicts do. */
import { formatSchoolYear } from '../../years';
import { Context } from './registry';

/** One result as read: the first of repeats only. */
export interface ReadResult {
  schoolId: string;
  year: string;
  procedure: string;
  participants: number | null;
  failed: number | null;
  /** Exact failing share in percent. */
  share: number;
  /** ЕГЭ bands (percent) where the input has them. */
  bands: [number | null, number | null] | null;
}

/** Every result stored by the reference read, repeats of a (school, year, procedure) left out. */
export function listResults(ctx: Context, out: ReadResult[]): void {
  const { recs } = ctx;
  const seen = new Set<string>();
  for (let i = 0; i < recs.length; i++) {
    const key = `${recs.school[i]}|${recs.year[i]}|${recs.proc[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const band = recs.bands.get(i);
    out.push({
      schoolId: ctx.schools[recs.school[i]].id,
      year: formatSchoolYear(recs.year[i]),
      procedure: ctx.procs[recs.proc[i]].proc.name,
      participants: recs.part[i] < 0 ? null : recs.part[i],
      failed: recs.failed[i] < 0 ? null : recs.failed[i],
      share: recs.shareAt(i),
      bands: band ? [Number.isNaN(band[0]) ? null : band[0], Number.isNaN(band[1]) ? null : band[1]] : null,
    });
  }
}
