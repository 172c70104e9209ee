/** Identification settings (DOMAIN.md §4), validated with zod and echoed in every output. */
import { z } from 'zod';

export const IdentifySettingsSchema = z
  .object({
    /** A result is low when failing ÷ participants ≥ threshold %. */
    threshold: z.number().gt(0).lte(100).default(30),
    /** The risk zone starts this many percentage points below the threshold. */
    riskBand: z.number().min(0).max(100).default(5),
    /** Results with fewer participants do not count for the rules. */
    minParticipants: z.number().int().min(0).default(0),
    /** Results with fewer participants are marked as small samples. */
    smallSample: z.number().int().min(1).default(10),
    /** Rule 2: some procedure low in each year (`any`) or the same procedure low in both (`same`). */
    rule2: z.enum(['any', 'same']).default('any'),
    /** Procedures that count (canonical names); null = all. */
    procedures: z.array(z.string().min(1)).nullable().default(null),
    /** Count procedures outside the regional programme. */
    includeOther: z.boolean().default(true),
    /** The school year Y (`2022-2023` or calendar `2023`); null = the last year in the data. */
    year: z.string().nullable().default(null),
    /** Only this sheet; null = every sheet with a results table. */
    sheet: z.string().nullable().default(null),
  })
  .strict();

export type IdentifySettings = z.output<typeof IdentifySettingsSchema>;
export type IdentifySettingsInput = z.input<typeof IdentifySettingsSchema>;

const FIELD_RU: Record<string, string> = {
  threshold: 'порог низкого результата (threshold)',
  riskBand: 'ширина зоны риска (riskBand)',
  minParticipants: 'минимальное число участников (minParticipants)',
  smallSample: 'граница малой выборки (smallSample)',
  rule2: 'вариант правила 2 (rule2)',
  procedures: 'список процедур (procedures)',
  includeOther: 'учёт процедур вне программы (includeOther)',
  year: 'учебный год (year)',
  sheet: 'лист (sheet)',
};

const HINT_RU: Record<string, string> = {
  threshold: 'число больше 0 и не больше 100',
  riskBand: 'число от 0 до 100',
  minParticipants: 'целое число не меньше 0',
  smallSample: 'целое число не меньше 1',
  rule2: '«any» или «same»',
  procedures: 'список названий процедур',
  includeOther: 'да или нет',
  year: 'учебный год, например 2022-2023',
  sheet: 'название листа',
};

export class SettingsError extends Error {}

/** Validates settings; throws SettingsError with a Russian message naming the setting. */
export function parseIdentifySettings(input: unknown): IdentifySettings {
  const r = IdentifySettingsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const msgs = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    if (i.code === 'unrecognized_keys') return `неизвестные параметры: ${i.keys.join(', ')}`;
    const name = FIELD_RU[key] ?? key;
    const hint = HINT_RU[key];
    return hint ? `${name}: нужно ${hint}` : `${name}: недопустимое значение`;
  });
  throw new SettingsError('Неверные настройки идентификации — ' + msgs.join('; ') + '.');
}
