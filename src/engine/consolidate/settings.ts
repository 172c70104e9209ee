/** Consolidation settings (DOMAIN.md §6): the clustering cut-offs and the efficiency targets, validated with zod. */
import { z } from 'zod';

export const ConsolidateSettingsSchema = z
  .object({
    /** A ВПР/ГИА failing share at or above this is a low result (DOMAIN §4), %. */
    threshold: z.number().gt(0).lte(100).default(30),
    /** The risk zone starts this many percentage points below the threshold (DOMAIN §4). */
    riskBand: z.number().min(0).max(100).default(5),
    /** Schools at or above this quantile of the social disadvantage index are in adverse conditions. */
    disadvantageQuantile: z.number().gt(0).lt(1).default(0.75),
    /** Fewer schools with an index than this: no school is placed in ШНСУ / резильентная. */
    minSchoolsForQuartile: z.number().int().min(2).default(8),
    /** The shares (2.1, 2.2) averaged into the disadvantage index, by indicator id. */
    disadvantageShares: z
      .array(z.enum(['lowIncome', 'singleParent', 'largeFamily', 'weakRussian', 'registered']))
      .min(1)
      .default(['lowIncome', 'singleParent', 'largeFamily', 'weakRussian', 'registered']),
  })
  .strict();

export type ConsolidateSettings = z.output<typeof ConsolidateSettingsSchema>;
export type ConsolidateSettingsInput = z.input<typeof ConsolidateSettingsSchema>;

export function parseConsolidateSettings(input: unknown): ConsolidateSettings {
  return ConsolidateSettingsSchema.parse(input ?? {});
}
