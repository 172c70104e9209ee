/**
 * The declarative descriptor of the информационная карта МОУО (DOMAIN.md §3): the municipality's
 * card on its plan (дорожная карта) of preventing school failure, filled at three reporting dates
 * of a year. It is the single source of the template (./template.ts), the docs
 * (docs/card-form.md) and, later, the locator and the validator. The descriptor is checked against
 * its own zod schema when the module loads; a malformed descriptor throws at once.
 */
import { z } from 'zod';

/** `t` text; `n` non-negative integer; `%` percent 0–100; `list` a list of items (one per line or `;`); `group` names its items. */
export type CardType = 't' | 'n' | '%' | 'list' | 'group';
/** `+` higher is better, `-` lower is better, `0` no direction. */
export type CardPolarity = '+' | '-' | '0';
/** `first`: required at the first reporting date; `each`: at every date; `no`: optional. */
export type CardRequired = 'first' | 'each' | 'no';

export interface CardTarget {
  op: '>=';
  /** Percent points. */
  value: number;
  /** The reporting date (`DD.MM`) the target applies to. */
  date: string;
}

export interface CardRow {
  /** Stable id: `<section>.<name>[.<item>]`. */
  id: string;
  /** A number written before the label in its own column: `(1)` … `(5)`; not part of the label. */
  no?: string;
  /** The label the template writes and the locator looks for (normalised compare). */
  label: string;
  synonyms: string[];
  type: CardType;
  polarity: CardPolarity;
  required: CardRequired;
  items?: CardRow[];
  /**
   * A group only: labels of one row standing for the whole group (the order's «Количество ОО,
   * реализующих программы НОО, ООО, СОО»): it holds the total, or the items in one cell
   * («НОО – 12, ООО – 10, СОО – 5», «12/10/5»). The items are then not looked for.
   */
  combined?: string[];
  /** How a missing row is reported: `error` (the indicators need it, the default) or `warning`. */
  ifMissing?: 'error' | 'warning';
  target?: CardTarget;
  /** `list` rows: the number of listed items must equal the value of this row (`CARD-COUNT-MISMATCH`). */
  countOf?: string;
  /** Efficiency criterion of the monitoring (seed 003): `dynamics` positive dynamics; `positive` above zero. */
  efficiency?: 'dynamics' | 'positive';
  help?: string;
}

/** A column of the measures table of section 2. */
export interface CardMeasureColumn {
  id: 'no' | 'measure' | 'execution';
  header: string;
  synonyms: string[];
  required: boolean;
}

export interface CardMeasures {
  /** The columns; `execution` is repeated for each reporting date. */
  columns: CardMeasureColumn[];
  /** The row under the measures: the overall execution = the mean of the measures at each date. */
  overall: { id: string; label: string; synonyms: string[] };
  /** The regional target of the overall execution (`BELOW-TARGET`). */
  target: CardTarget;
  /** Efficiency (seed 003): the overall execution reaches this. */
  efficiencyValue: number;
  /** Execution does not decrease from one date to the next (`CARD-DECREASING`, warning). */
  nonDecreasing: boolean;
  /** Blank rows the template leaves for measures. */
  blankRows: number;
}

export interface CardSection {
  /** `1`, `2`, `3`. */
  id: string;
  title: string;
  synonyms: string[];
  rows: CardRow[];
  measures?: CardMeasures;
}

/** The optional sheet listing the municipality's schools with yes/no for indicators (1)–(3). */
export interface CardSchoolsSheet {
  name: string;
  synonyms: string[];
  schoolHeader: string;
  schoolSynonyms: string[];
  /** One yes/no column per share of section 3: the share is the share of «да» (`CARD-DERIVED-MISMATCH`). */
  columns: { row: string; header: string; synonyms: string[] }[];
  blankRows: number;
}

export interface CardHeaderField {
  id: 'municipality' | 'year';
  label: string;
  synonyms: string[];
  required: boolean;
  /** How a missing field is reported: `error` (the default) or `warning` (the card can live without it). */
  ifMissing?: 'error' | 'warning';
  help?: string;
}

export interface CardDescriptor {
  title: string;
  synonyms: string[];
  labelHeader: string;
  noHeader: string;
  /** The reporting dates of a year, `DD.MM`, in order (the columns). */
  dates: string[];
  header: CardHeaderField[];
  sections: CardSection[];
  schools: CardSchoolsSheet;
}

// ---------------------------------------------------------------------------------------------
// The schema of the descriptor itself.

const id = z.string().regex(/^[0-9A-Za-z.]+$/);
const label = z.string().min(1);
const date = z.string().regex(/^(0[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])$/);
const target = z.object({ op: z.literal('>='), value: z.number().min(0).max(100), date }).strict();

const rowSchema: z.ZodType<CardRow> = z.lazy(() =>
  z
    .object({
      id,
      no: z.string().optional(),
      label,
      synonyms: z.array(label),
      type: z.enum(['t', 'n', '%', 'list', 'group']),
      polarity: z.enum(['+', '-', '0']),
      required: z.enum(['first', 'each', 'no']),
      items: z.array(rowSchema).min(2).optional(),
      combined: z.array(label).optional(),
      ifMissing: z.enum(['error', 'warning']).optional(),
      target: target.optional(),
      countOf: id.optional(),
      efficiency: z.enum(['dynamics', 'positive']).optional(),
      help: z.string().optional(),
    })
    .strict()
    .superRefine((r, ctx) => {
      const issue = (message: string): void => ctx.addIssue({ code: 'custom', message: `${r.id}: ${message}` });
      if ((r.type === 'group') !== (r.items !== undefined)) issue('a group row and only a group row has items');
      if (r.target && r.type !== '%') issue('only a share has a target');
      if (r.combined && r.type !== 'group') issue('only a group has a combined row');
      if (r.countOf && r.type !== 'list') issue('only a list counts against another row');
      for (const c of r.items ?? []) if (!c.id.startsWith(r.id + '.')) issue(`item ${c.id} is not under its parent`);
    }),
);

const allRows = (rows: CardRow[]): CardRow[] => rows.flatMap((r) => [r, ...allRows(r.items ?? [])]);

export const cardDescriptorSchema = z
  .object({
    title: label,
    synonyms: z.array(label),
    labelHeader: label,
    noHeader: label,
    dates: z.array(date).length(3),
    header: z
      .array(
        z
          .object({
            id: z.enum(['municipality', 'year']),
            label,
            synonyms: z.array(label),
            required: z.boolean(),
            ifMissing: z.enum(['error', 'warning']).optional(),
            help: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
    sections: z
      .array(
        z
          .object({
            id: z.string().regex(/^[1-9]$/),
            title: label,
            synonyms: z.array(label),
            rows: z.array(rowSchema),
            measures: z
              .object({
                columns: z
                  .array(
                    z
                      .object({
                        id: z.enum(['no', 'measure', 'execution']),
                        header: label,
                        synonyms: z.array(label),
                        required: z.boolean(),
                      })
                      .strict(),
                  )
                  .length(3),
                overall: z.object({ id, label, synonyms: z.array(label) }).strict(),
                target,
                efficiencyValue: z.number().min(0).max(100),
                nonDecreasing: z.boolean(),
                blankRows: z.number().int().min(1),
              })
              .strict()
              .optional(),
          })
          .strict()
          .superRefine((s, ctx) => {
            if (s.rows.length === 0 && !s.measures)
              ctx.addIssue({ code: 'custom', message: `section ${s.id} has neither rows nor measures` });
            for (const r of allRows(s.rows))
              if (!r.id.startsWith(s.id + '.'))
                ctx.addIssue({ code: 'custom', message: `${r.id} is not under ${s.id}` });
          }),
      )
      .length(3),
    schools: z
      .object({
        name: label,
        synonyms: z.array(label),
        schoolHeader: label,
        schoolSynonyms: z.array(label),
        columns: z.array(z.object({ row: id, header: label, synonyms: z.array(label) }).strict()).min(1),
        blankRows: z.number().int().min(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const issue = (message: string): void => ctx.addIssue({ code: 'custom', message });
    const rows = d.sections.flatMap((s) => allRows(s.rows));
    const byId = new Map<string, CardRow>();
    for (const r of rows) {
      if (byId.has(r.id)) issue(`duplicate row id ${r.id}`);
      byId.set(r.id, r);
    }
    for (const r of rows) {
      if (r.countOf && byId.get(r.countOf)?.type !== 'n') issue(`${r.id}: countOf ${r.countOf} is not a count row`);
      if (r.target && !d.dates.includes(r.target.date)) issue(`${r.id}: target date ${r.target.date} is not a date`);
    }
    for (const s of d.sections)
      if (s.measures && !d.dates.includes(s.measures.target.date)) issue(`section ${s.id}: unknown target date`);
    if (d.sections.filter((s) => s.measures).length !== 1) issue('exactly one section has the measures');
    for (const c of d.schools.columns)
      if (byId.get(c.row)?.type !== '%') issue(`schools sheet: ${c.row} is not a share row`);
  });

// ---------------------------------------------------------------------------------------------
// The card.

const raw: CardDescriptor = {
  title: 'Информационная карта МОУО о реализации плана (дорожной карты) по профилактике учебной неуспешности',
  synonyms: [
    'Информационная карта',
    'Информационная карта МОУО',
    'Информационная карта муниципалитета',
    // Seed 003 (Приложение 2), the municipality's name after «в» is cut off by the locator.
    'Информационная карта по реализации плана (дорожной карты) мероприятий, направленных на создание условий для получения качественного общего образования и профилактики учебной неуспешности',
  ],
  labelHeader: 'Показатель',
  noHeader: '№',
  dates: ['31.03', '15.09', '31.12'],
  header: [
    {
      id: 'municipality',
      label: 'Муниципальное образование',
      synonyms: ['Муниципалитет', 'МО', 'Район', 'МОУО', 'Наименование МОУО', 'Муниципальный район'],
      required: true,
      ifMissing: 'warning',
      help: 'Можно не писать отдельной строкой: название берётся и из заголовка карты («… в Касторенском муниципальном районе»).',
    },
    {
      id: 'year',
      label: 'Год',
      synonyms: ['Отчётный год', 'Календарный год'],
      required: true,
      help: 'Год отчётных дат 31.03, 15.09 и 31.12 (например, 2023). Можно писать полные даты в заголовках столбцов.',
    },
  ],
  sections: [
    {
      id: '1',
      title: '1. Общая характеристика плана (дорожной карты)',
      synonyms: ['Общая характеристика плана', 'Общая характеристика дорожной карты', 'Общая характеристика'],
      rows: [
        {
          id: '1.name',
          label: 'Наименование плана (дорожной карты)',
          synonyms: ['Наименование плана', 'Наименование дорожной карты'],
          type: 't',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
        },
        {
          id: '1.period',
          label: 'Период реализации',
          synonyms: ['Срок реализации', 'Сроки реализации', 'Период реализации плана'],
          type: 't',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
        },
        {
          id: '1.approval',
          label: 'Утверждение (должность, дата)',
          synonyms: [
            'Утверждение',
            'Кем и когда утверждён',
            'Утвержден (должность, дата)',
            'Утверждение (рассмотрение, согласование), должность, дата',
            'Утверждение (рассмотрение, согласование)',
          ],
          type: 't',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
          help: 'Кем утверждён план (должность) и дата утверждения (реквизиты приказа).',
        },
        {
          id: '1.schools',
          label: 'Количество ОО, реализующих программы',
          synonyms: [
            'Количество ОО, реализующих образовательные программы',
            'Количество общеобразовательных организаций',
          ],
          combined: [
            'Количество ОО, реализующих программы НОО, ООО, СОО',
            'Количество ОО, реализующих образовательные программы НОО, ООО, СОО',
            'Количество ОО, реализующих программы НОО, ООО и СОО',
          ],
          type: 'group',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
          items: [
            {
              id: '1.schools.noo',
              ifMissing: 'warning',
              label: 'а) НОО',
              synonyms: ['НОО', 'начального общего образования'],
              type: 'n',
              polarity: '0',
              required: 'first',
            },
            {
              id: '1.schools.ooo',
              ifMissing: 'warning',
              label: 'б) ООО',
              synonyms: ['ООО', 'основного общего образования'],
              type: 'n',
              polarity: '0',
              required: 'first',
            },
            {
              id: '1.schools.soo',
              ifMissing: 'warning',
              label: 'в) СОО',
              synonyms: ['СОО', 'среднего общего образования'],
              type: 'n',
              polarity: '0',
              required: 'first',
            },
          ],
        },
        {
          id: '1.summary',
          label: 'Подведение итогов (где, когда, управленческое решение)',
          synonyms: [
            'Подведение итогов',
            'Подведение итогов реализации плана',
            'Подведение итогов, обсуждение планов на следующий календарный год (где, когда, управленческое решение)',
          ],
          type: 't',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
        },
        {
          id: '1.responsible',
          label: 'Ответственный (ФИО, должность, контакты)',
          synonyms: [
            'Ответственный',
            'ФИО, должность, контакты ответственного',
            'Ответственное лицо',
            'Ф.И.О. специалиста, ответственного за реализацию плана (дорожной карты), должность, контактные данные',
            'ФИО специалиста, ответственного за реализацию плана (дорожной карты), должность, контактные данные',
          ],
          type: 't',
          polarity: '0',
          required: 'first',
          ifMissing: 'warning',
        },
      ],
    },
    {
      id: '2',
      title: '2. Реализация плана (дорожной карты)',
      synonyms: ['Реализация плана', 'Реализация дорожной карты', 'Исполнение плана'],
      rows: [],
      measures: {
        columns: [
          { id: 'no', header: '№', synonyms: ['№ п/п', 'N'], required: false },
          {
            id: 'measure',
            header: 'Мероприятие',
            synonyms: [
              'Наименование мероприятия',
              'Мероприятия',
              'Мероприятие плана (дорожной карты)',
              'Мероприятие плана',
            ],
            required: true,
          },
          {
            id: 'execution',
            header: 'Исполнение, %',
            synonyms: ['Исполнение', 'Выполнение, %', 'Процент исполнения', '% исполнения'],
            required: true,
          },
        ],
        overall: {
          id: '2.overall',
          label: 'Исполнение плана в целом, %',
          synonyms: ['Итого', 'Исполнение плана', 'Среднее исполнение, %', 'Всего'],
        },
        target: { op: '>=', value: 90, date: '31.12' },
        efficiencyValue: 80,
        nonDecreasing: true,
        blankRows: 10,
      },
    },
    {
      id: '3',
      title: '3. Дополнительные показатели',
      synonyms: ['Дополнительные показатели', 'Реализация плана (дорожной карты) по дополнительным показателям'],
      rows: [
        {
          id: '3.preventionSystem',
          no: '(1)',
          label:
            'Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности, %',
          synonyms: [
            'Доля школ с внутришкольной системой профилактики учебной неуспешности',
            'Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности',
          ],
          type: '%',
          polarity: '+',
          required: 'each',
          efficiency: 'dynamics',
        },
        {
          id: '3.individualRoutes',
          no: '(2)',
          label: 'Доля школ с индивидуальными образовательными маршрутами для 100 % неуспевающих, %',
          synonyms: [
            'Доля школ с индивидуальными образовательными маршрутами',
            'Доля школ, в которых разработаны индивидуальные образовательные маршруты для 100% неуспевающих',
          ],
          type: '%',
          polarity: '+',
          required: 'each',
          efficiency: 'dynamics',
        },
        {
          id: '3.extraLessons',
          no: '(3)',
          label: 'Доля школ с дополнительными занятиями для 100 % неуспевающих, %',
          synonyms: [
            'Доля школ с дополнительными занятиями',
            'Доля школ, в которых организованы дополнительные занятия для 100% неуспевающих с целью ликвидации отставания по учебной программе',
            'Доля школ, в которых организованы дополнительные занятия для 100% неуспевающих',
          ],
          type: '%',
          polarity: '+',
          required: 'each',
          efficiency: 'dynamics',
        },
        {
          id: '3.practicesCount',
          no: '(4)',
          label: 'Распространение успешных практик — общее количество мероприятий (n)',
          synonyms: [
            'Распространение успешных практик',
            'Общее количество мероприятий',
            'Распространение успешных практик ОО по профилактике учебной неуспешности (общее количество мероприятий)',
          ],
          type: 'n',
          polarity: '+',
          required: 'each',
          efficiency: 'positive',
        },
        {
          id: '3.practices',
          no: '(5)',
          label: 'Перечень практик (ОО, мероприятие, формат)',
          synonyms: [
            'Перечень практик',
            'Перечень успешных практик',
            // Seed 003 writes the year: «… в 2023 г. (ОО, мероприятие, формат)»; the locator ignores «в 2023 г.».
            'Распространение успешных практик ОО по профилактике учебной неуспешности (ОО, мероприятие, формат)',
          ],
          type: 'list',
          polarity: '0',
          required: 'no',
          ifMissing: 'warning',
          countOf: '3.practicesCount',
          help: 'Одна практика на строке или через «;»; части одной практики (ОО, мероприятие, формат) — через запятую. Число практик должно совпадать с показателем (4).',
        },
      ],
    },
  ],
  schools: {
    name: 'Школы',
    synonyms: ['Перечень ОО', 'Список школ', 'ОО'],
    schoolHeader: 'Наименование ОО',
    schoolSynonyms: ['ОО', 'Школа', 'Образовательная организация', 'Наименование организации'],
    columns: [
      {
        row: '3.preventionSystem',
        header: '(1) Внутришкольная система профилактики учебной неуспешности разработана и реализуется',
        synonyms: ['(1)', 'Внутришкольная система профилактики'],
      },
      {
        row: '3.individualRoutes',
        header: '(2) Индивидуальные образовательные маршруты для 100 % неуспевающих',
        synonyms: ['(2)', 'Индивидуальные образовательные маршруты'],
      },
      {
        row: '3.extraLessons',
        header: '(3) Дополнительные занятия для 100 % неуспевающих',
        synonyms: ['(3)', 'Дополнительные занятия'],
      },
    ],
    blankRows: 30,
  },
};

export const CARD: CardDescriptor = cardDescriptorSchema.parse(raw) as CardDescriptor;

/** Every row of the card with its section, depth-first. */
export function cardRows(d: CardDescriptor = CARD): { row: CardRow; section: CardSection }[] {
  return d.sections.flatMap((section) => allRows(section.rows).map((row) => ({ row, section })));
}
