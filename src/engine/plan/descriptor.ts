/**
 * The declarative descriptor of the «план мероприятий» (issue 15; the plans printed in seeds 000,
 * 002, 003 and 004): a table Мероприятие | Сроки | Ответственные | Результат/Показатель, often with
 * «№ п/п», section rows («1. Организационные мероприятия») and a column the seed 000 calls
 * «Методы сбора информации», without the roadmap's parameter codes. It is the single source of
 * the locator (./locate.ts), the checks (./check.ts) and the docs
 * (docs/plan-form.md). Checked by zod when loaded.
 */
import { z } from 'zod';

export type PlanColumnId = 'no' | 'measure' | 'method' | 'date' | 'responsible' | 'result';

export interface PlanColumn {
  id: PlanColumnId;
  header: string;
  /** The seeds' header wordings and common variants; a header that starts with one is taken too. */
  synonyms: string[];
  /** Must the table have this column (a plan without it is reported)? */
  required: boolean;
  /** What an empty cell of a measure is: an error, a warning, or nothing. */
  missing: 'error' | 'warning' | null;
  help: string;
}

export interface PlanDescriptor {
  title: string;
  /** Titles a plan is printed under (for the docs and the template). */
  titles: string[];
  columns: PlanColumn[];
  /**
   * Terms accepted in the date column that name no date: a recurring term or a schedule kept
   * elsewhere. A cell that starts with one of them is readable.
   */
  datePhrases: string[];
}

const label = z.string().min(1);
const schema = z
  .object({
    title: label,
    titles: z.array(label).min(1),
    columns: z
      .array(
        z
          .object({
            id: z.enum(['no', 'measure', 'method', 'date', 'responsible', 'result']),
            header: label,
            synonyms: z.array(label),
            required: z.boolean(),
            missing: z.enum(['error', 'warning']).nullable(),
            help: label,
          })
          .strict(),
      )
      .length(6)
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'столбцы повторяются'),
    datePhrases: z.array(label).min(1),
  })
  .strict();

const raw: PlanDescriptor = {
  title: 'План мероприятий',
  titles: [
    'План мероприятий',
    'План мероприятий («Дорожная карта»)',
    'Муниципальный план («Дорожная карта»)',
    'Муниципальный план-график («дорожная карта»)',
    'Содержание работы с общеобразовательными организациями',
  ],
  columns: [
    {
      id: 'no',
      header: '№ п/п',
      synonyms: ['№', 'Nº', 'No', '№п/п', 'N', 'N п/п', 'Номер'],
      required: false,
      missing: null,
      help: 'Номер мероприятия: «1.1» в плане с разделами, «12.» в плане без них. Строка с номером «1.» и без срока и ответственных, за которой идут «1.1», «1.2» …, — заголовок раздела, не мероприятие.',
    },
    {
      id: 'measure',
      header: 'Мероприятие',
      synonyms: [
        'Мероприятия',
        'Наименование мероприятия',
        'Наименование мероприятий',
        'Содержание мероприятия',
        'Описание действий',
        'Содержание работы',
        'Содержание деятельности',
      ],
      required: true,
      missing: 'error',
      help: 'Что будет сделано. Строка с номером или сроком, но без текста мероприятия, — ошибка.',
    },
    {
      id: 'method',
      header: 'Методы сбора информации',
      synonyms: ['Форма контроля', 'Форма отчёта', 'Форма отчетности', 'Формы работы', 'Форма проведения'],
      required: false,
      missing: null,
      help: 'Как собирается информация или чем подтверждается исполнение (столбец есть не во всех планах; не проверяется).',
    },
    {
      id: 'date',
      header: 'Сроки',
      synonyms: [
        'Срок',
        'Сроки проведения',
        'Срок проведения',
        'Срок исполнения',
        'Сроки исполнения',
        'Сроки реализации',
        'Срок реализации',
        'Дата',
        'Дата реализации',
        'Дата проведения',
        'Сроки и периодичность проведения мероприятий',
        'Сроки и периодичность',
        'Периодичность',
      ],
      required: true,
      missing: 'error',
      help: 'Когда: «к 30.06.2023», «до 15 декабря 2023 г.», «До 31 марта», «январь, март, июнь, ноябрь», «апрель – декабрь 2023 г.», «2023-2024 уч. год», «I квартал 2024», «ежеквартально», «в течение года», «по графику ЦОКО». Месяц без года относится к периоду плана из его заголовка («на 2023 год», «в 2022-2023 учебном году»). Под объединённым заголовком «Дата» с подстолбцами («Федеральный проект», «Региональный проект») читаются оба подстолбца.',
    },
    {
      id: 'responsible',
      header: 'Ответственные',
      synonyms: [
        'Ответственный',
        'Ответственные исполнители',
        'Ответственный исполнитель',
        'Исполнители',
        'Исполнитель',
        'Ответственные за сбор и обработку информации',
        'Кто проводит',
      ],
      required: true,
      missing: 'error',
      help: 'Кто исполняет: ФИО, должность или организация («МОУО», «ОО», «муниципальный координатор»). Одна объединённая ячейка на несколько мероприятий относится к каждому из них.',
    },
    {
      id: 'result',
      header: 'Результат',
      synonyms: [
        'Результаты',
        'Результаты исполнения',
        'Результат исполнения',
        'Показатель',
        'Показатели',
        'Ожидаемый результат',
        'Ожидаемые результаты',
        'Планируемый результат',
        'Муниципальный показатель реализации',
        'Показатель реализации',
        'Результат/Показатель',
      ],
      required: false,
      missing: 'warning',
      help: 'Результат или показатель исполнения, по которому проверяют, что мероприятие выполнено. Если столбец есть, пустая ячейка — предупреждение.',
    },
  ],
  datePhrases: [
    'в течение года',
    'в течение учебного года',
    'в течение всего периода',
    'в течение периода',
    'в течение месяца',
    'в течение четверти',
    'постоянно',
    'ежедневно',
    'еженедельно',
    'ежемесячно',
    'ежеквартально',
    'ежегодно',
    'систематически',
    'регулярно',
    'по графику',
    'по плану',
    'по отдельному графику',
    'по отдельному плану',
    'в соответствии с планом',
    'в соответствии с планами',
    'в соответствии с графиком',
    'по мере необходимости',
    'по мере поступления',
    'по итогам',
    'по запросу',
    'по окончании',
    'по результатам',
    'каждую учебную четверть',
    'раз в четверть',
    'раз в полугодие',
    'раз в год',
    'раз в учебный год',
    'раза в год',
    'раза в месяц',
    'раз в месяц',
  ],
};

export const PLAN: PlanDescriptor = schema.parse(raw) as PlanDescriptor;

export function planColumn(id: PlanColumnId, d: PlanDescriptor = PLAN): PlanColumn {
  return d.columns.find((c) => c.id === id)!;
}
