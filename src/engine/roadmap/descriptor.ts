/**
 * The declarative descriptor of the дорожная карта (DOMAIN.md §5, seed 001): the table of risk
 * factors, the table of measures tied to parameter codes, the default catalogue of factors and
 * parameter codes, and the recurring date phrases. It is the single source of the template
 * (./template.ts), the docs (docs/roadmap-form.md) and, later, the locator and the validator.
 * The descriptor is checked against its own zod schema when the module loads.
 */
import { z } from 'zod';

export interface RoadmapColumn {
  id: string;
  header: string;
  synonyms: string[];
  required: boolean;
  help?: string;
}

export interface RoadmapParameter {
  /** `1.1` … `5.2` (written `1.1.` in the seeds; the trailing dot is ignored). */
  code: string;
  name: string;
}

export interface RoadmapFactor {
  /** `1` … `5`: the codes of its parameters start with it. */
  no: string;
  name: string;
  parameters: RoadmapParameter[];
}

export interface RoadmapTable {
  title: string;
  synonyms: string[];
  columns: RoadmapColumn[];
}

export interface RoadmapDescriptor {
  title: string;
  synonyms: string[];
  factors: RoadmapTable;
  measures: RoadmapTable;
  /** The default catalogue (a catalogue sheet in the workbook overrides it). */
  catalogue: RoadmapFactor[];
  /** The catalogue sheet users may edit: code | factor | parameter. */
  catalogueSheet: { name: string; synonyms: string[]; code: string; factor: string; parameter: string };
  /** A school list that says the factor is absent (the factor then needs no measure). */
  absent: string[];
  /** Recurring phrases accepted in the date column besides month/year, periods and full dates. */
  datePhrases: string[];
  /** Blank rows the template leaves for measures. */
  blankRows: number;
}

// ---------------------------------------------------------------------------------------------
// The schema of the descriptor itself.

const label = z.string().min(1);
const columnId = z.string().regex(/^[A-Za-z]+$/);
const code = z.string().regex(/^[1-9]\.[1-9]\d*$/);

const column = z
  .object({ id: columnId, header: label, synonyms: z.array(label), required: z.boolean(), help: z.string().optional() })
  .strict();

const table = (ids: readonly string[]): z.ZodTypeAny =>
  z
    .object({ title: label, synonyms: z.array(label), columns: z.array(column) })
    .strict()
    .superRefine((t, ctx) => {
      const have = t.columns.map((c) => c.id);
      if (have.join('|') !== ids.join('|'))
        ctx.addIssue({ code: 'custom', message: `columns ${have.join(', ')}; expected ${ids.join(', ')}` });
    });

export const FACTOR_COLUMNS = ['no', 'factor', 'parameter', 'code', 'schools'] as const;
export const MEASURE_COLUMNS = [
  'no',
  'measure',
  'form',
  'code',
  'contingent',
  'place',
  'date',
  'responsible',
  'execution',
] as const;

export const roadmapDescriptorSchema = z
  .object({
    title: label,
    synonyms: z.array(label),
    factors: table(FACTOR_COLUMNS),
    measures: table(MEASURE_COLUMNS),
    catalogue: z
      .array(
        z
          .object({
            no: z.string().regex(/^[1-9]$/),
            name: label,
            parameters: z.array(z.object({ code, name: label }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
    catalogueSheet: z
      .object({ name: label, synonyms: z.array(label), code: label, factor: label, parameter: label })
      .strict(),
    absent: z.array(label).min(1),
    datePhrases: z.array(label).min(1),
    blankRows: z.number().int().min(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    const issue = (message: string): void => ctx.addIssue({ code: 'custom', message });
    const seen = new Set<string>();
    d.catalogue.forEach((f, i) => {
      if (f.no !== String(i + 1)) issue(`factor ${f.no} is not number ${i + 1}`);
      for (const p of f.parameters) {
        if (!p.code.startsWith(f.no + '.')) issue(`code ${p.code} is not under factor ${f.no}`);
        if (seen.has(p.code)) issue(`duplicate code ${p.code}`);
        seen.add(p.code);
      }
    });
  });

// ---------------------------------------------------------------------------------------------
// The roadmap.

const raw: RoadmapDescriptor = {
  title: 'Дорожная карта по профилактике учебной неуспешности',
  synonyms: [
    'Дорожная карта',
    'Муниципальная дорожная карта',
    'План мероприятий',
    'Муниципальная дорожная карта по профилактике учебной неуспешности',
  ],
  factors: {
    title: 'I. Факторы негативного влияния (риска)',
    synonyms: ['Факторы негативного влияния', 'Факторы риска', 'Фактор негативного влияния (риска)'],
    columns: [
      { id: 'no', header: '№', synonyms: ['№ п/п', 'N'], required: false },
      {
        id: 'factor',
        header: 'Фактор негативного влияния (риска)',
        synonyms: ['Фактор', 'Наименование фактора', 'Фактор риска', 'Фактор негативного влияния'],
        required: true,
        help: 'Наименование фактора пишется в первой строке его параметров; пустая ячейка ниже — тот же фактор.',
      },
      {
        id: 'parameter',
        header: 'Параметр',
        synonyms: ['Параметры', 'Параметр фактора'],
        required: true,
      },
      {
        id: 'code',
        header: 'Код параметра',
        synonyms: ['Код', 'Код фактора'],
        required: true,
      },
      {
        id: 'schools',
        header: 'Перечень ОО, в работе которых проявляется фактор',
        synonyms: [
          'Перечень ШНОР, в работе которых проявляются негативные факторы',
          'Перечень ОО',
          'Перечень школ',
          'Перечень ШНОР',
        ],
        required: true,
        help: 'Школы через «;» или с новой строки; если фактор не проявляется — «отсутствует».',
      },
    ],
  },
  measures: {
    title: 'II. Мероприятия дорожной карты',
    synonyms: ['Мероприятия', 'План мероприятий', 'Муниципальная дорожная карта'],
    columns: [
      { id: 'no', header: '№', synonyms: ['№ п/п', 'N'], required: false },
      {
        id: 'measure',
        header: 'Мероприятие',
        synonyms: ['Наименование мероприятия', 'Мероприятия', 'Содержание мероприятия'],
        required: true,
      },
      { id: 'form', header: 'Форма', synonyms: ['Форма проведения', 'Форма мероприятия'], required: true },
      {
        id: 'code',
        header: 'Код параметра',
        synonyms: ['Код', 'Коды параметров', 'Код фактора'],
        required: true,
        help: 'Один или несколько кодов из справочника факторов через запятую: «2.1., 2.2.».',
      },
      {
        id: 'contingent',
        header: 'Контингент',
        synonyms: ['Участники', 'Целевая группа', 'Целевая аудитория'],
        required: false,
      },
      {
        id: 'place',
        header: 'Место проведения',
        synonyms: ['Место', 'Площадка'],
        required: false,
      },
      {
        id: 'date',
        header: 'Дата проведения',
        synonyms: ['Сроки', 'Срок', 'Сроки проведения', 'Дата', 'Срок исполнения'],
        required: true,
        help: 'Месяц и год («Март 2023»), период («Май 2023, апрель 2024», «Сентябрь-октябрь»), дата или «По отдельному графику», «В течение года», «Каждую учебную четверть», «Постоянно».',
      },
      {
        id: 'responsible',
        header: 'Ответственные',
        synonyms: ['Ответственный', 'Ответственные исполнители', 'Исполнители'],
        required: true,
      },
      {
        id: 'execution',
        header: 'Исполнение, %',
        synonyms: ['Исполнение', 'Статус', 'Отметка об исполнении', 'Выполнение, %'],
        required: false,
        help: 'Необязательный столбец: доля выполнения мероприятия (0–100); из него берётся исполнение плана для информационной карты.',
      },
    ],
  },
  catalogue: [
    {
      no: '1',
      name: 'Кадровые ресурсы школы',
      parameters: [
        { code: '1.1', name: 'Дефицит педагогических сотрудников' },
        { code: '1.2', name: 'Наличие административных работников со стажем руководящей работы менее 5 лет' },
        {
          code: '1.3',
          name: 'Преподавание административными работниками учебных предметов с нагрузкой более 18 часов',
        },
      ],
    },
    {
      no: '2',
      name: 'Профессионализм и компетенции педагогов',
      parameters: [
        {
          code: '2.1',
          name: 'Низкая предметная подготовка учителей (начальных классов, математики и русского языка)',
        },
        {
          code: '2.2',
          name: 'Низкая методическая подготовка учителей (начальных классов, математики и русского языка)',
        },
        {
          code: '2.3',
          name: 'Низкий уровень применения современных практик и приёмов в образовательной деятельности',
        },
        { code: '2.4', name: 'Наличие учителей со стажем менее 5 лет' },
      ],
    },
    {
      no: '3',
      name: 'Высокая доля обучающихся с рисками учебной неуспешности',
      parameters: [
        { code: '3.1', name: 'Наличие обучающихся, которым учителя рекомендуют дополнительные занятия' },
        { code: '3.2', name: 'Низкая мотивация школьников к учению' },
        { code: '3.3', name: 'Наличие обучающихся с ОВЗ' },
      ],
    },
    {
      no: '4',
      name: 'Неудовлетворительная атмосфера школьного благополучия',
      parameters: [
        { code: '4.1', name: 'Эмоциональное неблагополучие в школе (конфликты между учениками)' },
        { code: '4.2', name: 'Выраженные проблемы с поведением на уроках / вне уроков' },
      ],
    },
    {
      no: '5',
      name: 'Низкая эффективность работы методической службы',
      parameters: [
        { code: '5.1', name: 'Высокая доля специалистов УО и ТМС со стажем в должности менее 5 лет' },
        { code: '5.2', name: 'Наличие вакансий в УО и ТМС' },
      ],
    },
  ],
  catalogueSheet: {
    name: 'Справочник факторов',
    synonyms: ['Справочник', 'Каталог факторов', 'Коды параметров'],
    code: 'Код параметра',
    factor: 'Фактор',
    parameter: 'Параметр',
  },
  absent: ['отсутствует', 'Отсутствует данная категория ОО', 'нет', 'не выявлен', 'не выявлено'],
  datePhrases: ['По отдельному графику', 'В течение года', 'Каждую учебную четверть', 'Постоянно'],
  blankRows: 15,
};

export const ROADMAP: RoadmapDescriptor = roadmapDescriptorSchema.parse(raw) as RoadmapDescriptor;

/** Every parameter of a catalogue with its factor, in order. */
export function catalogueCodes(
  catalogue: readonly RoadmapFactor[] = ROADMAP.catalogue,
): { code: string; factor: string; parameter: string }[] {
  return catalogue.flatMap((f) => f.parameters.map((p) => ({ code: p.code, factor: f.name, parameter: p.name })));
}
