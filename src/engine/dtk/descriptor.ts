/**
 * The declarative descriptor of the ДТК — диагностико-технологическая карта качества школьных
 * процессов (DOMAIN.md §2): every section and row, in order. It is the single source of the
 * template (./template.ts), the docs (docs/dtk-form.md) and, later, the locator and the validator,
 * so they cannot drift apart. The descriptor is checked against its own zod schema when the module
 * loads; a malformed descriptor is a programming error and throws at once.
 */
import { z } from 'zod';

/** `Y` — one value per school year; `D` — one value in the «Описание» column. */
export type DtkKind = 'Y' | 'D';
/**
 * `n` non-negative integer; `%` percent 0–100; `p%` a pair of percents (its two `parts`);
 * `t` text; `yn` yes/no; `n+t` a count with the names it counts; `%+t` a share with an explanation;
 * `group` a parent row that only names its `items` and holds no value itself.
 */
export type DtkType = 'n' | '%' | 'p%' | 't' | 'yn' | 'n+t' | '%+t' | 'group';
/** `+` higher is better, `-` lower is better, `0` no direction. */
export type DtkPolarity = '+' | '-' | '0';
/** A level of education a row applies to only when the school has it (СОО: enrolment given and > 0). */
export type DtkLevel = 'НОО' | 'ООО' | 'СОО';

export interface DtkTarget {
  /** `=`: exactly the value (100 %); `>=`: at least. Below the target is `BELOW-TARGET`. */
  op: '=' | '>=';
  value: number;
}

/** A computed share: numerator ÷ denominator × scale, rounded to `decimals`. */
export interface DtkDerived {
  numerator: string;
  denominator: string;
  scale: number;
  decimals: number;
}

/** The text that goes with a `n+t` or `%+t` value. */
export interface DtkTextPart {
  /** What the text names, for messages: «наименование организации». */
  what: string;
  /** `positive`: the text is required when the number is above 0. */
  requiredWhen?: 'positive';
  /** The count must equal the number of names listed (`DTK-COUNT-MISMATCH`). */
  countsNames?: boolean;
}

/** A value that may not exceed another field's value of the same year (or `D`). */
export interface DtkLimit {
  /** The id of the field it may not exceed. */
  of: string;
  /** `DTK-INCONSISTENT` (error) or, when it is possible but unlikely, `DTK-IMPLAUSIBLE` (warning). */
  severity: 'error' | 'warning';
}

export interface DtkRow {
  /** Stable id: `<section>.<name>[.<item>]`. */
  id: string;
  /** The label the template writes and the locator looks for (normalised compare). */
  label: string;
  /** Other labels accepted for the row. */
  synonyms: string[];
  kind: DtkKind;
  type: DtkType;
  polarity: DtkPolarity;
  /** Required for each year (`Y`) or once (`D`); see also `level`. */
  required: boolean;
  level?: DtkLevel;
  /** Sub-items located under this row (`а) НОО`, `б) ООО` …), for `group` rows. */
  items?: DtkRow[];
  /** The two parts of a `p%` row, in order (общая / качественная, основной / повторно). */
  parts?: DtkRow[];
  derived?: DtkDerived;
  target?: DtkTarget;
  text?: DtkTextPart;
  /** A short help for the person filling the form. */
  help?: string;
  /** This value is at most the named fields' values (`DTK-INCONSISTENT` / `DTK-IMPLAUSIBLE`). */
  atMost?: DtkLimit[];
  /** A failing share of ВПР or a main ГИА attempt: at or above the threshold it is a `LOW-RESULT`. */
  lowResult?: boolean;
  /** A count compared between years per 100 pupils of this enrolment field (DOMAIN §2.1). */
  per?: string;
}

/** A column of the transposed table of 2.1 (rows are school years). */
export interface DtkTableColumn {
  id: string;
  label: string;
  synonyms: string[];
  type: '%' | 't';
  polarity: DtkPolarity;
  required: boolean;
}

/** A table whose rows are the school years (section 2.1). */
export interface DtkYearTable {
  id: string;
  /** A caption written above the table. */
  label: string;
  synonyms: string[];
  /** The header of the first column, which holds the school years. */
  yearHeader: string;
  columns: DtkTableColumn[];
  /** The shares of one year sum to at most this (`DTK-SUM-OVER-100`) … */
  sumMax: number;
  /** … and a sum below this is a warning (incomplete data). */
  sumWarnBelow: number;
}

export interface DtkSection {
  /** `1.1` … `3.4`. */
  id: string;
  title: string;
  synonyms: string[];
  /** The section's usual kind (its header row: school years or «Описание»). */
  kind: DtkKind;
  /** A transposed table written before the rows. */
  table?: DtkYearTable;
  rows: DtkRow[];
}

export interface DtkConclusionRow {
  id: string;
  label: string;
  synonyms: string[];
}

export interface DtkCriterion {
  /** `1`, `2`, `3`. */
  id: string;
  title: string;
  synonyms: string[];
  sections: DtkSection[];
  conclusion: DtkConclusionRow;
  problem: DtkConclusionRow;
  /**
   * «Рекомендации:» under «Проблема:» (issue 14): the measures of the catalogue for the problems
   * found. Not in the order's form nor in the template: read and drafted only where the school added
   * such a row, never missing.
   */
  recommendation: DtkConclusionRow;
}

export interface DtkHeaderField {
  id: 'school' | 'municipality' | 'date' | 'responsible';
  label: string;
  synonyms: string[];
  type: 't' | 'date';
  required: boolean;
  help?: string;
}

export interface DtkDescriptor {
  title: string;
  synonyms: string[];
  /** The header of the label column and of the «Описание» column. */
  labelHeader: string;
  descriptionHeader: string;
  /** How many school years a `Y` row has. */
  years: number;
  header: DtkHeaderField[];
  criteria: DtkCriterion[];
}

// ---------------------------------------------------------------------------------------------
// The schema of the descriptor itself.

const id = z.string().regex(/^[0-9A-Za-z.]+$/);
const label = z.string().min(1);
const polarity = z.enum(['+', '-', '0']);

const rowSchema: z.ZodType<DtkRow> = z.lazy(() =>
  z
    .object({
      id,
      label,
      synonyms: z.array(label),
      kind: z.enum(['Y', 'D']),
      type: z.enum(['n', '%', 'p%', 't', 'yn', 'n+t', '%+t', 'group']),
      polarity,
      required: z.boolean(),
      level: z.enum(['НОО', 'ООО', 'СОО']).optional(),
      items: z.array(rowSchema).min(2).optional(),
      parts: z.array(rowSchema).length(2).optional(),
      derived: z
        .object({ numerator: id, denominator: id, scale: z.number().positive(), decimals: z.number().int().min(0) })
        .strict()
        .optional(),
      target: z
        .object({ op: z.enum(['=', '>=']), value: z.number().min(0).max(100) })
        .strict()
        .optional(),
      text: z
        .object({
          what: label,
          requiredWhen: z.literal('positive').optional(),
          countsNames: z.boolean().optional(),
        })
        .strict()
        .optional(),
      help: z.string().optional(),
      atMost: z
        .array(z.object({ of: id, severity: z.enum(['error', 'warning']) }).strict())
        .min(1)
        .optional(),
      lowResult: z.literal(true).optional(),
      per: id.optional(),
    })
    .strict()
    .superRefine((r, ctx) => {
      const issue = (message: string): void => ctx.addIssue({ code: 'custom', message: `${r.id}: ${message}` });
      if ((r.type === 'group') !== (r.items !== undefined)) issue('a group row and only a group row has items');
      if ((r.type === 'p%') !== (r.parts !== undefined)) issue('a p% row and only a p% row has two parts');
      if (r.parts?.some((p) => p.type !== '%')) issue('the parts of a p% row are %');
      if ((r.type === 'n+t' || r.type === '%+t') !== (r.text !== undefined))
        issue('n+t and %+t rows describe their text');
      if (r.target && !['%', '%+t'].includes(r.type)) issue('only a share has a target');
      if (r.derived && r.type !== '%') issue('a derived row is a share');
      if (r.lowResult && r.type !== '%') issue('a low result is a share');
      if (r.per && r.type !== 'n') issue('only a count is compared per 100 pupils');
      for (const child of [...(r.items ?? []), ...(r.parts ?? [])]) {
        if (!child.id.startsWith(r.id + '.')) issue(`child id ${child.id} does not start with its parent's id`);
        if (child.kind !== r.kind) issue(`child ${child.id} has another kind than its parent`);
      }
    }),
);

const sectionSchema = z
  .object({
    id: z.string().regex(/^[1-3]\.[1-9]$/),
    title: label,
    synonyms: z.array(label),
    kind: z.enum(['Y', 'D']),
    table: z
      .object({
        id,
        label,
        synonyms: z.array(label),
        yearHeader: label,
        columns: z
          .array(
            z
              .object({
                id,
                label,
                synonyms: z.array(label),
                type: z.enum(['%', 't']),
                polarity,
                required: z.boolean(),
              })
              .strict(),
          )
          .min(1),
        sumMax: z.number(),
        sumWarnBelow: z.number(),
      })
      .strict()
      .optional(),
    rows: z.array(rowSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const all = (rows: DtkRow[]): DtkRow[] => rows.flatMap((r) => [r, ...all(r.items ?? []), ...all(r.parts ?? [])]);
    for (const r of all(s.rows))
      if (!r.id.startsWith(s.id + '.')) ctx.addIssue({ code: 'custom', message: `${r.id} is not under ${s.id}` });
  });

const conclusionSchema = z.object({ id, label, synonyms: z.array(label) }).strict();

export const dtkDescriptorSchema = z
  .object({
    title: label,
    synonyms: z.array(label),
    labelHeader: label,
    descriptionHeader: label,
    years: z.number().int().min(1),
    header: z
      .array(
        z
          .object({
            id: z.enum(['school', 'municipality', 'date', 'responsible']),
            label,
            synonyms: z.array(label),
            type: z.enum(['t', 'date']),
            required: z.boolean(),
            help: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
    criteria: z
      .array(
        z
          .object({
            id: z.string().regex(/^[1-9]$/),
            title: label,
            synonyms: z.array(label),
            sections: z.array(sectionSchema).min(1),
            conclusion: conclusionSchema,
            problem: conclusionSchema,
            recommendation: conclusionSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    const valueIds = new Set<string>();
    const derived: DtkRow[] = [];
    const referring: DtkRow[] = [];
    const walk = (rows: DtkRow[]): void => {
      for (const r of rows) {
        if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${r.id}` });
        ids.add(r.id);
        if (!r.items && !r.parts) valueIds.add(r.id);
        if (r.derived) derived.push(r);
        if (r.atMost || r.per) referring.push(r);
        walk(r.items ?? []);
        walk(r.parts ?? []);
      }
    };
    for (const c of d.criteria) {
      for (const s of c.sections) {
        if (!s.id.startsWith(c.id + '.')) ctx.addIssue({ code: 'custom', message: `section ${s.id} under ${c.id}` });
        walk(s.rows);
      }
      for (const r of [c.conclusion, c.problem, c.recommendation]) {
        if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${r.id}` });
        ids.add(r.id);
      }
    }
    for (const r of derived)
      for (const ref of [r.derived!.numerator, r.derived!.denominator])
        if (!valueIds.has(ref)) ctx.addIssue({ code: 'custom', message: `${r.id} derives from unknown ${ref}` });
    for (const r of referring)
      for (const ref of [...(r.atMost ?? []).map((l) => l.of), ...(r.per ? [r.per] : [])])
        if (!valueIds.has(ref) || ref === r.id)
          ctx.addIssue({ code: 'custom', message: `${r.id} refers to unknown ${ref}` });
  });

// ---------------------------------------------------------------------------------------------
// Builders: the data below states each row once; children take their parent's kind, type,
// polarity, requirement and level unless they say otherwise.

type RowOpts = Partial<Omit<DtkRow, 'id' | 'label' | 'type' | 'polarity' | 'kind' | 'items' | 'parts'>> & {
  kind?: DtkKind;
};
type Child = { id: string; label: string } & RowOpts & { type?: DtkType; polarity?: DtkPolarity };

function row(
  kind: DtkKind,
  rowId: string,
  rowLabel: string,
  type: DtkType,
  pol: DtkPolarity,
  opts: RowOpts = {},
): DtkRow {
  return {
    id: rowId,
    label: rowLabel,
    synonyms: opts.synonyms ?? [],
    kind,
    type,
    polarity: pol,
    required: opts.required ?? true,
    ...(opts.level ? { level: opts.level } : {}),
    ...(opts.derived ? { derived: opts.derived } : {}),
    ...(opts.target ? { target: opts.target } : {}),
    ...(opts.text ? { text: opts.text } : {}),
    ...(opts.help ? { help: opts.help } : {}),
    ...(opts.atMost ? { atMost: opts.atMost } : {}),
    ...(opts.lowResult ? { lowResult: true as const } : {}),
    ...(opts.per ? { per: opts.per } : {}),
  };
}

function children(parent: DtkRow, list: Child[], type: DtkType): DtkRow[] {
  // `~name` in a limit names a sibling: `~total` under `1.2.progress.math` is `1.2.progress.math.total`.
  const ref = (of: string): string => (of.startsWith('~') ? `${parent.id}.${of.slice(1)}` : of);
  return list.map((c) =>
    row(parent.kind, `${parent.id}.${c.id}`, c.label, c.type ?? type, c.polarity ?? parent.polarity, {
      required: parent.required,
      level: parent.level,
      ...c,
      ...(c.atMost ? { atMost: c.atMost.map((l) => ({ ...l, of: ref(l.of) })) } : {}),
    }),
  );
}

const notAbove = (of: string): DtkLimit[] => [{ of, severity: 'error' }];

/** A parent row naming its sub-items; the items hold the values. */
function group(
  kind: DtkKind,
  rowId: string,
  rowLabel: string,
  type: DtkType,
  pol: DtkPolarity,
  items: Child[],
  opts: RowOpts = {},
): DtkRow {
  const g = row(kind, rowId, rowLabel, 'group', pol, opts);
  return { ...g, items: children(g, items, type) };
}

/** A pair of percents (p%), written in two rows. */
function pair(rowId: string, rowLabel: string, pol: DtkPolarity, parts: [Child, Child], opts: RowOpts = {}): DtkRow {
  const p = row('Y', rowId, rowLabel, 'p%', pol, opts);
  return { ...p, parts: children(p, parts, '%') };
}

const Y = (rowId: string, rowLabel: string, type: DtkType, pol: DtkPolarity, opts: RowOpts = {}): DtkRow =>
  row('Y', rowId, rowLabel, type, pol, opts);
const D = (rowId: string, rowLabel: string, type: DtkType, pol: DtkPolarity, opts: RowOpts = {}): DtkRow =>
  row('D', rowId, rowLabel, type, pol, opts);

const TOTAL_QUALITY: [Child, Child] = [
  { id: 'total', label: 'общая', synonyms: ['общая успеваемость', 'успеваемость общая'] },
  {
    id: 'quality',
    label: 'качественная',
    synonyms: ['качественная успеваемость', 'качество знаний', 'качество', 'успеваемость качественная'],
    atMost: notAbove('~total'),
  },
];

function mainRetake(subject: string): [Child, Child] {
  return [
    // Not the subject itself: that is the parent's label (a flat layout puts the main share on the parent's row).
    { id: 'main', label: 'основной', synonyms: ['основной срок', 'основная попытка'], lowResult: true },
    {
      id: 'retake',
      label: 'повторно',
      synonyms: ['повторная попытка', 'пересдача', `${subject} (повторно), %`, `${subject} (повторно)`],
      required: false,
    },
  ];
}

const grades56: Child[] = [
  { id: 'g5', label: '5 класс', synonyms: ['5 кл', '5 классы', '5'], lowResult: true },
  { id: 'g6', label: '6 класс', synonyms: ['6 кл', '6 классы', '6'], lowResult: true },
];

const conclusion = (c: string): DtkConclusionRow => ({ id: `${c}.conclusion`, label: 'Вывод:', synonyms: ['Выводы'] });
const problem = (c: string): DtkConclusionRow => ({
  id: `${c}.problem`,
  label: 'Проблема:',
  synonyms: ['Проблемы', 'Выявленные проблемы'],
});
const recommendation = (c: string): DtkConclusionRow => ({
  id: `${c}.recommendation`,
  label: 'Рекомендации:',
  synonyms: ['Рекомендация', 'Рекомендуемые меры', 'Адресные рекомендации', 'Меры по устранению проблем'],
});

const ENROL_OOO = '1.1.enrolment.ooo';
const ENROL_SOO = '1.1.enrolment.soo';
const GRADE9 = '1.1.grade9Graduates';

const VPR_SHARE = 'доля обучающихся от общего числа участников, получивших неудовлетворительный результат';
/** The caption seed 003 writes above the ОГЭ and the ЕГЭ rows. */
const giaCaption = (exam: string): string =>
  `Доля обучающихся от общего числа участников ${exam}, которые не преодолели минимальный порог, предусмотренный спецификацией соответствующей оценочной процедуры`;

const raw: DtkDescriptor = {
  title: 'Диагностико-технологическая карта качества школьных процессов',
  synonyms: ['ДТК', 'Диагностико-технологическая карта'],
  labelHeader: 'Показатель',
  descriptionHeader: 'Описание',
  years: 3,
  header: [
    {
      id: 'school',
      label: 'Наименование ОО',
      synonyms: [
        'Наименование образовательной организации',
        'Наименование общеобразовательной организации',
        'Образовательная организация',
        'Общеобразовательная организация',
        'ОО',
        'Школа',
      ],
      type: 't',
      required: true,
      help: 'Полное наименование школы, как в уставе.',
    },
    {
      id: 'municipality',
      label: 'Муниципалитет',
      synonyms: ['МО', 'Район', 'АТЕ', 'Муниципальное образование', 'Муниципальный район', 'Городской округ'],
      type: 't',
      required: false,
      help: 'Муниципальное образование (район, городской округ).',
    },
    {
      id: 'date',
      label: 'Дата заполнения',
      synonyms: ['Дата'],
      type: 'date',
      required: false,
    },
    {
      id: 'responsible',
      label: 'Ответственный',
      synonyms: ['Ответственный (ФИО, должность)', 'Ответственное лицо', 'Ответственный за заполнение'],
      type: 't',
      required: false,
      help: 'ФИО, должность.',
    },
  ],
  criteria: [
    {
      id: '1',
      title: '1. Образовательный критерий',
      synonyms: ['Образовательный критерий'],
      conclusion: conclusion('1'),
      problem: problem('1'),
      recommendation: recommendation('1'),
      sections: [
        {
          id: '1.1',
          title: '1.1 Сохранность контингента',
          synonyms: ['Сохранность контингента'],
          kind: 'Y',
          rows: [
            group(
              'Y',
              '1.1.enrolment',
              'Количество учащихся, обучающихся на конец учебного года',
              'n',
              '0',
              [
                { id: 'noo', label: 'а) НОО', synonyms: ['НОО', 'начальное общее образование'] },
                { id: 'ooo', label: 'б) ООО', synonyms: ['ООО', 'основное общее образование'] },
                {
                  id: 'soo',
                  label: 'в) СОО',
                  synonyms: ['СОО', 'среднее общее образование'],
                  required: false,
                  help: 'Пусто, 0 или «-», если в школе нет уровня СОО.',
                },
              ],
              {
                synonyms: [
                  'Количество учащихся на конец учебного года',
                  'Количество обучающихся на конец учебного года',
                  'Количество учащихся, обучающихся на конце учебного года',
                ],
              },
            ),
            group(
              'Y',
              '1.1.dropout',
              'Отсев (в течение года)',
              'n',
              '-',
              [
                {
                  id: 'ooo',
                  label: 'а) из основной школы',
                  synonyms: ['из основной школы', 'ООО'],
                  atMost: notAbove(ENROL_OOO),
                  per: ENROL_OOO,
                },
                {
                  id: 'soo',
                  label: 'б) из средней школы',
                  synonyms: ['из средней школы', 'СОО'],
                  level: 'СОО',
                  atMost: notAbove(ENROL_SOO),
                  per: ENROL_SOO,
                },
              ],
              { synonyms: ['Отсев', 'Отсев в течение года'] },
            ),
            group('Y', '1.1.noCertificate', 'Не получили аттестат', 'n', '-', [
              {
                id: 'ooo',
                label: 'а) об основном общем образовании',
                synonyms: ['об основном общем образовании', 'ООО'],
                atMost: notAbove(GRADE9),
                per: ENROL_OOO,
              },
              {
                id: 'soo',
                label: 'б) о среднем общем образовании',
                synonyms: ['о среднем общем образовании', 'СОО'],
                level: 'СОО',
                atMost: notAbove(ENROL_SOO),
                per: ENROL_SOO,
              },
            ]),
            group(
              'Y',
              '1.1.repeaters',
              'Количество учащихся, оставленных на повторный год обучения',
              'n',
              '-',
              [
                { id: 'ooo', label: 'а) ООО', synonyms: ['ООО'], atMost: notAbove(ENROL_OOO), per: ENROL_OOO },
                {
                  id: 'soo',
                  label: 'б) СОО',
                  synonyms: ['СОО'],
                  level: 'СОО',
                  atMost: notAbove(ENROL_SOO),
                  per: ENROL_SOO,
                },
              ],
              { synonyms: ['Оставлены на повторный год обучения', 'Количество второгодников'] },
            ),
            group(
              'Y',
              '1.1.honours',
              'Количество учащихся, окончивших школу с аттестатом особого образца',
              'n',
              '+',
              [
                { id: 'ooo', label: 'а) ООО', synonyms: ['ООО'], atMost: notAbove(GRADE9), per: ENROL_OOO },
                {
                  id: 'soo',
                  label: 'б) СОО',
                  synonyms: ['СОО'],
                  level: 'СОО',
                  atMost: notAbove(ENROL_SOO),
                  per: ENROL_SOO,
                },
              ],
              { synonyms: ['Окончили школу с аттестатом особого образца'] },
            ),
            Y('1.1.grade9Graduates', 'Количество выпускников 9 класса', 'n', '0', {
              synonyms: ['Количество выпускников 9-х классов', 'Выпускники 9 класса'],
            }),
            Y('1.1.continuing', 'Количество учащихся, продолжающих обучение на уровне СОО', 'n', '0', {
              synonyms: ['Количество обучающихся, продолжающих обучение на уровне СОО'],
              // More than the school's own graduates is possible: pupils come from other schools.
              atMost: [{ of: GRADE9, severity: 'warning' }],
            }),
            Y('1.1.continuingShare', 'Доля учащихся, продолжающих обучение на уровне СОО, %', '%', '0', {
              synonyms: ['Доля учащихся, продолжающих обучение на уровне СОО'],
              // An empty cell is not a missing value: the check fills it in.
              required: false,
              derived: { numerator: '1.1.continuing', denominator: '1.1.grade9Graduates', scale: 100, decimals: 1 },
              help: 'Рассчитывается: продолжающие обучение на уровне СОО ÷ выпускники 9 класса × 100. Пустая ячейка будет заполнена при проверке.',
            }),
          ],
        },
        {
          id: '1.2',
          title: '1.2 Качество образования',
          synonyms: ['Качество образования'],
          kind: 'Y',
          rows: [
            {
              ...group('Y', '1.2.progress', 'Успеваемость по итогам учебного года', 'p%', '+', [], {
                synonyms: ['Успеваемость по итогам учебного года по школе', 'Успеваемость'],
              }),
              items: [
                // Seed 003 writes each pair on one row, without the parent row: «Математика. Общая/Качественная успеваемость».
                pair('1.2.progress.math', 'Математика', '+', TOTAL_QUALITY, {
                  synonyms: ['по математике', 'Математика. Общая/Качественная успеваемость'],
                }),
                pair('1.2.progress.russian', 'Русский язык', '+', TOTAL_QUALITY, {
                  synonyms: ['по русскому языку', 'Русский язык. Общая/Качественная успеваемость'],
                }),
                pair('1.2.progress.school', 'По школе', '+', TOTAL_QUALITY, {
                  synonyms: [
                    'по школе в целом',
                    'в целом по школе',
                    'всего по школе',
                    'Успеваемость по итогам учебного года по школе. Общая/Качественная успеваемость',
                    'Общая/Качественная успеваемость по школе',
                  ],
                }),
              ],
            },
            group('Y', '1.2.vprRussian', `ВПР, русский язык — ${VPR_SHARE}`, '%', '-', grades56, {
              // Seed 003: the subject on its own row, the criterion text on the row below, then the grades.
              synonyms: ['ВПР, русский язык', 'ВПР по русскому языку', `Русский язык — ${VPR_SHARE}`],
            }),
            group('Y', '1.2.vprMath', `ВПР, математика — ${VPR_SHARE}`, '%', '-', grades56, {
              synonyms: ['ВПР, математика', 'ВПР по математике', `Математика — ${VPR_SHARE}`],
            }),
          ],
        },
        {
          id: '1.3',
          title:
            '1.3 Результаты ГИА — доля обучающихся от общего числа участников, которые не преодолели минимальный порог, предусмотренный спецификацией соответствующей оценочной процедуры',
          synonyms: ['Результаты ГИА'],
          kind: 'Y',
          rows: [
            {
              ...group('Y', '1.3.oge', 'ОГЭ', 'p%', '-', [], { synonyms: ['ОГЭ, %', giaCaption('ОГЭ')] }),
              items: [
                pair('1.3.oge.russian', 'Русский язык, %', '-', mainRetake('Русский язык'), {
                  synonyms: [
                    'Русский язык / Русский язык (повторно), %',
                    'Русский язык/ Русский язык (повторно), %',
                    'Русский язык',
                  ],
                }),
                pair('1.3.oge.math', 'Математика, %', '-', mainRetake('Математика'), {
                  synonyms: [
                    'Математика / Математика (повторно), %',
                    'Математика/ Математика (повторно), %',
                    'Математика',
                  ],
                }),
              ],
            },
            {
              ...group('Y', '1.3.ege', 'ЕГЭ', '%', '-', [], { synonyms: ['ЕГЭ, %', giaCaption('ЕГЭ')], level: 'СОО' }),
              items: [
                {
                  ...pair('1.3.ege.russian', 'Русский язык, %', '-', mainRetake('Русский язык'), {
                    synonyms: [
                      'Русский язык / Русский язык (повторно), %',
                      'Русский язык/ Русский язык (повторно), %',
                      'Русский язык',
                    ],
                    level: 'СОО',
                  }),
                },
                Y('1.3.ege.mathBase', 'Математика (базовый), %', '%', '-', {
                  synonyms: ['Математика (базовый уровень), %', 'Математика базовая'],
                  level: 'СОО',
                  lowResult: true,
                }),
                Y('1.3.ege.mathProfile', 'Математика (профильный), %', '%', '-', {
                  synonyms: ['Математика (профильный уровень), %', 'Математика профильная'],
                  level: 'СОО',
                  lowResult: true,
                }),
                Y('1.3.ege.mathRetake', 'Математика (повторно), %', '%', '-', {
                  synonyms: ['Математика (пересдача), %'],
                  level: 'СОО',
                  required: false,
                }),
              ],
            },
          ],
        },
      ],
    },
    {
      id: '2',
      title: '2. Социальный критерий',
      synonyms: ['Социальный критерий'],
      conclusion: conclusion('2'),
      problem: problem('2'),
      recommendation: recommendation('2'),
      sections: [
        {
          id: '2.1',
          title: '2.1 Социальный статус семей обучающихся',
          synonyms: ['Социальный статус семей обучающихся', 'Социальный статус семей'],
          kind: 'Y',
          table: {
            id: '2.1.parentsEducation',
            label: 'Образование родителей (законных представителей), % от числа родителей',
            synonyms: ['Образование родителей', 'Уровень образования родителей'],
            yearHeader: 'Учебный год',
            columns: [
              {
                id: '2.1.parentsEducation.higher',
                label: 'Высшее',
                synonyms: ['Высшее образование'],
                type: '%',
                polarity: '0',
                required: true,
              },
              {
                id: '2.1.parentsEducation.vocational',
                label: 'Среднее специальное',
                synonyms: ['Среднее профессиональное', 'Среднее специальное образование'],
                type: '%',
                polarity: '0',
                required: true,
              },
              {
                id: '2.1.parentsEducation.secondary',
                label: 'Среднее',
                synonyms: ['Среднее общее', 'Среднее образование'],
                type: '%',
                polarity: '0',
                required: true,
              },
              {
                id: '2.1.parentsEducation.note',
                label: 'Примечание',
                synonyms: ['Примечания', 'Комментарий'],
                type: 't',
                polarity: '0',
                required: false,
              },
            ],
            sumMax: 100.5,
            sumWarnBelow: 90,
          },
          rows: [
            Y('2.1.lowIncome', 'Доля обучающихся, воспитывающихся в малообеспеченных семьях', '%', '0'),
            Y('2.1.singleParent', 'Доля обучающихся, воспитывающихся в неполных семьях', '%', '0'),
            Y('2.1.largeFamily', 'Доля обучающихся, воспитывающихся в многодетных семьях', '%', '0'),
            Y(
              '2.1.weakRussian',
              'Доля обучающихся, слабо владеющих русским языком (воспитывающихся в семьях мигрантов/переселенцев)',
              '%',
              '0',
              { synonyms: ['Доля обучающихся, слабо владеющих русским языком'] },
            ),
          ],
        },
        {
          id: '2.2',
          title: '2.2 Социальное благополучие образовательной среды',
          synonyms: ['Социальное благополучие образовательной среды'],
          kind: 'Y',
          rows: [
            Y('2.2.registered', 'Доля обучающихся, состоящих на различного вида учёта', '%', '-', {
              synonyms: [
                'Доля обучающихся, состоящих на различных видах учёта',
                'Доля обучающихся, состоящих на учёте',
              ],
            }),
            Y(
              '2.2.contests',
              'Доля обучающихся, принимающих участие в мероприятиях конкурсного и олимпиадного движения',
              '%',
              '+',
            ),
          ],
        },
        {
          id: '2.3',
          title: '2.3 Доступность образовательной инфраструктуры',
          synonyms: ['Доступность образовательной инфраструктуры'],
          kind: 'D',
          rows: [
            D(
              '2.3.distance',
              'Территориальная удалённость ОО от районного центра и других центров с развитой инфраструктурой',
              't',
              '0',
              { synonyms: ['Территориальная удалённость ОО'] },
            ),
            D(
              '2.3.mediaLibrary',
              'Школьная медиатека. Наличие удалённого электронного читального зала в ОО',
              't',
              '0',
              {
                synonyms: ['Школьная медиатека'],
              },
            ),
            D(
              '2.3.culturalObjects',
              'Объекты социально-культурной сферы на территории проживания ребёнка (библиотека, музей, детская школа искусств, клуб, дом детского творчества, спортивная школа)',
              't',
              '0',
              { synonyms: ['Объекты социально-культурной сферы на территории проживания ребёнка'] },
            ),
            D(
              '2.3.noReadingRoom',
              'Отсутствие удалённого электронного читального зала в ОО, скоростного доступа к интернету',
              't',
              '0',
              { synonyms: ['Отсутствие удалённого электронного читального зала в ОО'] },
            ),
          ],
        },
      ],
    },
    {
      id: '3',
      title: '3. Профессионально-педагогический критерий',
      synonyms: ['Профессионально-педагогический критерий'],
      conclusion: conclusion('3'),
      problem: problem('3'),
      recommendation: recommendation('3'),
      sections: [
        {
          id: '3.1',
          title: '3.1 Кадровый потенциал',
          synonyms: ['Кадровый потенциал'],
          kind: 'Y',
          rows: [
            Y(
              '3.1.subjectHigherEducation',
              'Доля педагогических работников, имеющих высшее образование по предмету',
              '%',
              '+',
            ),
            Y('3.1.youngTeachers', 'Доля молодых учителей (до 35 лет)', '%', '0', {
              synonyms: ['Доля молодых учителей'],
            }),
            Y('3.1.pensionAge', 'Доля учителей пенсионного возраста', '%', '0'),
            Y('3.1.partTime', 'Доля совместителей', '%', '-', { synonyms: ['Доля внешних совместителей'] }),
            group(
              'Y',
              '3.1.specialists',
              'Наличие специалистов',
              'yn',
              '+',
              [
                { id: 'psychologist', label: 'педагог-психолог', synonyms: ['психолог'] },
                { id: 'socialPedagogue', label: 'социальный педагог', synonyms: ['соц. педагог'] },
              ],
              { synonyms: ['Наличие специалистов: педагог-психолог, социальный педагог'] },
            ),
            Y('3.1.courses', 'Доля учителей, прошедших курсовую подготовку', '%', '+'),
            Y('3.1.noCategory', 'Доля учителей без квалификационной категории', '%', '-', {
              synonyms: ['Доля учителей, не имеющих квалификационной категории'],
            }),
          ],
        },
        {
          id: '3.2',
          title: '3.2 Профессионально-методическая среда развития ОО',
          synonyms: ['Профессионально-методическая среда развития ОО', 'Профессионально-методическая среда'],
          kind: 'D',
          rows: [
            D(
              '3.2.diagnostics',
              'Доля педагогических работников, прошедших диагностику профессиональных дефицитов / предметных и методических компетенций в ОО, от числа педагогических работников ОО',
              '%',
              '+',
              { synonyms: ['Доля педагогических работников, прошедших диагностику профессиональных дефицитов'] },
            ),
            D(
              '3.2.diagnosticsPositive',
              'Доля педагогических работников, показавших положительную динамику по итогам диагностики в ОО',
              '%',
              '+',
              {
                synonyms: ['Доля показавших положительную динамику по итогам диагностики'],
                atMost: notAbove('3.2.diagnostics'),
              },
            ),
            D(
              '3.2.independent',
              'Доля педагогических работников, прошедших независимую диагностику, с указанием организации, проводившей диагностику',
              '%+t',
              '+',
              {
                synonyms: ['Доля педагогических работников, прошедших независимую диагностику'],
                text: { what: 'наименование организации, проводившей диагностику', requiredWhen: 'positive' },
                help: 'Например: 24 % (ФГАОУ ДПО …).',
              },
            ),
            D(
              '3.2.independentPositive',
              'Доля педагогических работников, показавших положительную динамику по итогам независимой диагностики',
              '%',
              '+',
              {
                synonyms: ['Доля показавших положительную динамику по итогам независимой диагностики'],
                atMost: notAbove('3.2.independent'),
              },
            ),
          ],
        },
        {
          id: '3.3',
          title: '3.3 Адресная методическая поддержка ОО',
          synonyms: ['Адресная методическая поддержка ОО', 'Адресная методическая поддержка'],
          kind: 'D',
          rows: [
            D(
              '3.3.methodicalInvolvement',
              'Доля учителей, вовлечённых в методическую деятельность ОО (МО внутришкольные, сетевые, муниципальные, ассоциации учителей-предметников, точки роста)',
              '%',
              '+',
              {
                synonyms: ['Доля учителей, вовлечённых в методическую деятельность ОО'],
                target: { op: '=', value: 100 },
              },
            ),
            D(
              '3.3.courses',
              'Доля педагогических работников, прошедших курсовую подготовку, в том числе в формате методического абонемента',
              '%',
              '+',
              {
                synonyms: ['Доля педагогических работников, прошедших курсовую подготовку'],
                target: { op: '>=', value: 80 },
              },
            ),
            D(
              '3.3.partnerEvents',
              'Доля педагогических работников, вовлечённых в мероприятия, проводимые совместно со школой-партнёром (куратором, наставником)',
              '%',
              '+',
              {
                synonyms: [
                  'Доля педагогических работников, вовлечённых в мероприятия, проводимые совместно со школой-партнёром',
                ],
                target: { op: '>=', value: 80 },
              },
            ),
          ],
        },
        {
          id: '3.4',
          title: '3.4 Ресурсные дефициты ОО',
          synonyms: ['Ресурсные дефициты ОО', 'Ресурсные дефициты'],
          kind: 'D',
          rows: [
            D(
              '3.4.antiRiskPrograms',
              'Количество разработанных антирисковых программ, с указанием наименования',
              'n+t',
              '0',
              {
                synonyms: ['Количество разработанных антирисковых программ'],
                text: { what: 'наименования программ', countsNames: true },
                help: 'Например: 2: «…»; «…».',
              },
            ),
            D('3.4.programsMatch', 'Доля программ, соответствующих результатам анкетирования', '%', '+', {
              target: { op: '>=', value: 80 },
            }),
            D(
              '3.4.riskMeasuresDone',
              'Доля выполненных мероприятий по снижению факторов риска от числа спланированных, с перечислением устранённых факторов',
              '%+t',
              '+',
              {
                synonyms: ['Доля выполненных мероприятий по снижению факторов риска от числа спланированных'],
                target: { op: '>=', value: 80 },
                text: { what: 'устранённые факторы риска' },
              },
            ),
            D(
              '3.4.deficitsEliminated',
              'Доля устранённых ресурсных дефицитов от числа выявленных, с перечислением',
              '%+t',
              '+',
              {
                synonyms: ['Доля устранённых ресурсных дефицитов от числа выявленных'],
                text: { what: 'устранённые ресурсные дефициты' },
              },
            ),
          ],
        },
      ],
    },
  ],
};

/**
 * The labels of the ДТК as seed 003 (the order's appendix) prints them, where they differ from the
 * template's: a card typed from the order is read by its own wording (OCR slips corrected). The
 * labels short enough to sit inline above are there; these long ones are kept here, one list.
 */
const SEED003_WORDING: Record<string, string[]> = {
  '1.1.dropout.ooo': ['а) из основной школы,'],
  '1.1.noCertificate.ooo': ['а) об основном общем образовании,'],
  '2.1.lowIncome': ['Доля обучающихся, воспитывающихся в малообеспеченных семьях от общего числа обучающихся'],
  '2.1.weakRussian': [
    'Доля обучающихся, слабо владеющих русским языком (воспитывающихся в семьях мигрантов/переселенцев).',
  ],
  '2.2.registered': ['Доля обучающихся, состоящих на различного вида учета, от общего числа обучающихся'],
  '2.3.distance': ['Территориальная удаленность ОО от районного центра и других центров с развитой инфраструктурой'],
  '2.3.mediaLibrary': ['Школьная медиатека. Наличие удаленного электронного читального зала в ОО'],
  '2.3.culturalObjects': [
    'Объекты социально-культурной сферы на территории проживания ребенка (библиотека, музей, детская школа искусств, клуб, дом детского творчества, спортивная школа)',
  ],
  '2.3.noReadingRoom': ['Отсутствие удаленного электронного читального зала в ОО, скоростного доступа к интернет'],
  '3.1.specialists': ['Наличие специалистов: педагог-психолог, социальный педагог'],
  '3.2.diagnostics': [
    'Доля педагогических работников, прошедших диагностику профессиональных дефицитов/предметных и методических компетенций в образовательной организации от числа педагогических работников образовательной организации',
  ],
  '3.2.diagnosticsPositive': [
    'Доля педагогических работников, показавших положительную динамику по итогам диагностики профессиональных дефицитов/предметных и методических компетенций в образовательной организации, от числа педагогических работников образовательной организации',
  ],
  '3.2.independent': [
    'Доля педагогических работников, прошедших независимую диагностику профессиональных дефицитов/предметных и методических компетенций, от числа педагогических работников образовательной организации с указанием организации, проводившей диагностику',
  ],
  '3.2.independentPositive': [
    'Доля педагогических работников, показавших положительную динамику по итогам независимой диагностики профессиональных дефицитов/предметных и методических компетенций в образовательной организации, от числа педагогических работников образовательной организации',
  ],
  '3.3.methodicalInvolvement': [
    'Доля учителей, вовлеченных в методическую деятельность ОО (МО внутришкольные, сетевые, муниципальные и др., ассоциации учителей-предметников, точки роста)',
  ],
  '3.3.courses': [
    'Доля педагогических работников, прошедших курсовую подготовку, в том числе в формате методического абонемента',
  ],
  '3.3.partnerEvents': [
    'Доля педагогических работников, вовлеченных в мероприятия, проводимые совместно со школой-партнером (куратором, наставником и т.п.)',
  ],
  '3.4.antiRiskPrograms': [
    'Количество разработанных антирисковых программ в отношении ресурсных дефицитов с указанием наименования программ',
  ],
  '3.4.programsMatch': [
    'Доля разработанных антирисковых программ в отношении ресурсных дефицитов, соответствующих результатам анкетирования',
    'Доля разработанных антирисковых программ, соответствующих результатам анкетирования',
  ],
  '3.4.riskMeasuresDone': [
    'Доля выполненных мероприятий по снижению факторов риска от числа спланированных, с перечислением устраненных факторов риска',
  ],
  '3.4.deficitsEliminated': [
    'Доля устраненных ресурсных дефицитов от числа выявленных, с перечислением устраненных ресурсных дефицитов',
  ],
};

function withSeedWording(d: DtkDescriptor): DtkDescriptor {
  const walk = (rows: DtkRow[]): void => {
    for (const r of rows) {
      for (const l of SEED003_WORDING[r.id] ?? []) if (!r.synonyms.includes(l)) r.synonyms.push(l);
      walk(r.items ?? []);
      walk(r.parts ?? []);
    }
  };
  for (const c of d.criteria) for (const sec of c.sections) walk(sec.rows);
  return d;
}

/** The ДТК descriptor, checked against its schema when the module loads. */
export const DTK: DtkDescriptor = dtkDescriptorSchema.parse(withSeedWording(raw)) as DtkDescriptor;

/** Every row in order, depth first (parents before their items and parts). */
export function dtkRows(d: DtkDescriptor = DTK): { row: DtkRow; section: DtkSection; depth: number }[] {
  let rows = rowsByDescriptor.get(d);
  if (!rows) rowsByDescriptor.set(d, (rows = walkRows(d)));
  // A copy: callers may sort or filter it in place.
  return rows.slice();
}

/** The rows of a descriptor, walked once per descriptor object (the check asks for them many times per file). */
const rowsByDescriptor = new WeakMap<DtkDescriptor, { row: DtkRow; section: DtkSection; depth: number }[]>();

/**
 * A value computed once per descriptor object. Descriptors are not changed after they are built (a
 * test that needs another one makes a copy), so the value cannot go stale.
 */
export function perDescriptor<T>(compute: (d: DtkDescriptor) => T): (d: DtkDescriptor) => T {
  const cache = new WeakMap<DtkDescriptor, T>();
  return (d) => {
    let v = cache.get(d);
    if (v === undefined) cache.set(d, (v = compute(d)));
    return v;
  };
}

function walkRows(d: DtkDescriptor): { row: DtkRow; section: DtkSection; depth: number }[] {
  const out: { row: DtkRow; section: DtkSection; depth: number }[] = [];
  const walk = (rows: DtkRow[], section: DtkSection, depth: number): void => {
    for (const r of rows) {
      out.push({ row: r, section, depth });
      walk(r.items ?? [], section, depth + 1);
      walk(r.parts ?? [], section, depth + 1);
    }
  };
  for (const c of d.criteria) for (const s of c.sections) walk(s.rows, s, 0);
  return out;
}

/** True when the row itself holds a value (not a group, not a pair whose parts hold them). */
export function holdsValue(r: DtkRow): boolean {
  return !r.items && !r.parts;
}

/** The three (or `count`) school years ending with `current` (the year it starts in): 2022 → 2020-2021, 2021-2022, 2022-2023. */
export function yearsEnding(current: number, count = DTK.years): string[] {
  const out: string[] = [];
  for (let y = current - count + 1; y <= current; y++) out.push(`${y}-${y + 1}`);
  return out;
}
