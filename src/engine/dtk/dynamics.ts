/**
 * Dynamics of the ДТК (DOMAIN.md §2.1): for every school-year field with a direction (polarity
 * `+` or `−`), the change between the last two years and the three-year trend (first year against
 * the current one) is «положительная», «отрицательная» or «стабильная» (within a tolerance: 0.5
 * percentage points for shares, 0 for counts). Counts with an enrolment (`per` in the descriptor)
 * are compared per 100 pupils of their level, so a shrinking school does not "improve" its
 * dropouts by shrinking; where the enrolment is missing in one of the years the counts are compared.
 */
import { DTK, DtkDescriptor, DtkRow, DtkSection, dtkRows } from './descriptor';

export type Direction = 'положительная' | 'отрицательная' | 'стабильная';

export interface DtkTolerance {
  /** Percentage points for shares. */
  percent: number;
  /** For counts (and counts per 100 pupils). */
  count: number;
}

export const DEFAULT_TOLERANCE: DtkTolerance = { percent: 0.5, count: 0 };

export interface Change {
  from: string;
  to: string;
  /** The compared values: shares, counts, or counts per 100 pupils (`perHundred`). */
  before: number;
  after: number;
  delta: number;
  direction: Direction;
  perHundred: boolean;
}

export interface FieldDynamics {
  id: string;
  section: DtkSection;
  row: DtkRow;
  /** The values by year as read (counts stay counts). */
  values: Record<string, number | null>;
  /** The last two years. */
  last: Change | null;
  /** First year of the card against the current one (three years when there are three). */
  trend: Change | null;
}

const EPS = 1e-9;

/** Classifies a change of a value with this polarity. */
export function direction(before: number, after: number, polarity: '+' | '-', tolerance: number): Direction {
  const delta = after - before;
  if (Math.abs(delta) <= tolerance + EPS) return 'стабильная';
  return (polarity === '+' ? delta > 0 : delta < 0) ? 'положительная' : 'отрицательная';
}

export function computeDynamics(
  years: readonly string[],
  num: (field: string, year: string) => number | null,
  tolerance: DtkTolerance = DEFAULT_TOLERANCE,
  d: DtkDescriptor = DTK,
): FieldDynamics[] {
  const out: FieldDynamics[] = [];
  for (const { row, section } of dtkRows(d)) {
    if (row.items || row.parts || row.kind !== 'Y' || row.polarity === '0') continue;
    if (row.type !== 'n' && row.type !== '%' && row.type !== 'yn') continue;
    const pol = row.polarity;
    const values: Record<string, number | null> = {};
    for (const y of years) values[y] = num(row.id, y);
    const change = (from: string, to: string): Change | null => {
      const a = values[from];
      const b = values[to];
      if (a === null || b === null || a === undefined || b === undefined) return null;
      let before = a;
      let after = b;
      let perHundred = false;
      if (row.per) {
        const ea = num(row.per, from);
        const eb = num(row.per, to);
        if (ea !== null && eb !== null && ea > 0 && eb > 0) {
          before = (a / ea) * 100;
          after = (b / eb) * 100;
          perHundred = true;
        }
      }
      const tol = row.type === '%' ? tolerance.percent : tolerance.count;
      return {
        from,
        to,
        before,
        after,
        delta: after - before,
        direction: direction(before, after, pol, tol),
        perHundred,
      };
    };
    const n = years.length;
    out.push({
      id: row.id,
      section,
      row,
      values,
      last: n >= 2 ? change(years[n - 2], years[n - 1]) : null,
      trend: n >= 3 ? change(years[0], years[n - 1]) : null,
    });
  }
  return out;
}
