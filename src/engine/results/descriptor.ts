/**
 * The declarative descriptor of the results form (DOMAIN.md §4): the single source of the
 * accepted headers (the locator), the template's columns and the docs.
 */
import { normalizeLabel } from '../text';

export type ResultsRole =
  | 'number'
  | 'id'
  | 'name'
  | 'municipality'
  | 'year'
  | 'procedure'
  | 'subject'
  | 'grade'
  | 'participants'
  | 'failed'
  | 'failedShare'
  | 'band61'
  | 'band81'
  | 'mean';

export interface ResultsColumn {
  role: ResultsRole;
  /** The header the template writes. */
  header: string;
  /** Headers accepted when reading (normalised compare, also as a prefix followed by a space or bracket). */
  synonyms: string[];
  /** Stems that mark the column when they occur anywhere in the header (after the exact synonyms failed). */
  contains?: string[];
  required: boolean;
  /** In the template. */
  template: boolean;
  help: string;
}

export const RESULTS_COLUMNS: ResultsColumn[] = [
  {
    role: 'number',
    header: '№',
    synonyms: ['№', '№ п/п', '№п/п', 'п/п', 'n', 'no'],
    required: false,
    template: false,
    help: 'Порядковый номер строки; не используется.',
  },
  {
    role: 'id',
    header: 'Код ОО',
    synonyms: ['код оо', 'код', 'инн', 'логин', 'код школы', 'код организации', 'код образовательной организации'],
    required: false,
    template: true,
    help: 'Код, ИНН или логин школы. Если его нет, школы сопоставляются по наименованию.',
  },
  {
    role: 'name',
    header: 'Наименование ОО',
    synonyms: [
      'наименование оо',
      'оо',
      'образовательная организация',
      'общеобразовательная организация',
      'наименование образовательной организации',
      'наименование общеобразовательной организации',
      'школа',
      'наименование школы',
      'название оо',
      'наименование',
    ],
    required: true,
    template: true,
    help: 'Наименование школы. Обязательный столбец.',
  },
  {
    role: 'municipality',
    header: 'Муниципалитет',
    synonyms: [
      'муниципалитет',
      'ате',
      'мо',
      'район',
      'муниципальное образование',
      'муниципальный район',
      'муниципальный район/городской округ',
      'мр/го',
      'мо/го',
      'городской округ',
    ],
    required: false,
    template: true,
    help: 'Муниципалитет (АТЕ, МО, район). Объединённая ячейка на группу школ распространяется на все её строки.',
  },
  {
    role: 'year',
    header: 'Учебный год',
    synonyms: ['учебный год', 'год', 'год проведения', 'уч. год', 'уч год'],
    required: false,
    template: true,
    help: 'Учебный год (2022-2023) или календарный год проведения (2023 — это 2022-2023 учебный год). Может стоять в названии листа или в заголовке таблицы.',
  },
  {
    role: 'procedure',
    header: 'Процедура',
    synonyms: ['процедура', 'оценочная процедура', 'вид процедуры', 'вид оценочной процедуры', 'форма', 'форма гиа'],
    required: false,
    template: true,
    help: 'ВПР, ОГЭ или ЕГЭ; может включать предмет и класс («ВПР математика 5 класс»).',
  },
  {
    role: 'subject',
    header: 'Предмет',
    synonyms: ['предмет', 'учебный предмет'],
    required: false,
    template: true,
    help: 'Математика, русский язык и т. д., если предмет не указан в процедуре.',
  },
  {
    role: 'grade',
    header: 'Класс / уровень',
    synonyms: ['класс', 'уровень', 'параллель', 'класс/уровень', 'класс / уровень'],
    required: false,
    template: true,
    help: 'Класс ВПР (5, 6) или уровень ЕГЭ по математике (базовый, профильный).',
  },
  {
    role: 'participants',
    header: 'Количество участников',
    synonyms: [
      'участников',
      'количество участников',
      'кол-во участников',
      'кол-во уч',
      'число участников',
      'приняли участие',
      'принявших участие',
      'участвовали',
      'писали',
      'всего участников',
      'участники',
    ],
    contains: ['участник', 'приняли участие', 'приняло участие'],
    required: false,
    template: true,
    help: 'Число участников процедуры (целое, не меньше 0).',
  },
  {
    role: 'failed',
    header: 'Не справились',
    synonyms: [
      'не справились',
      'получили 2',
      'не преодолели минимальный порог',
      'кол-во 2',
      'количество 2',
      'не преодолели min порог',
      '2',
    ],
    contains: [
      'не справ',
      'получили 2',
      'получивших 2',
      'отметку 2',
      'не преодол',
      'не достиг',
      'неудовлетвор',
      'кол-во 2',
      'количество 2',
      'число 2',
    ],
    required: false,
    template: true,
    help: 'Число участников, получивших «2» (не преодолевших минимальный порог).',
  },
  {
    role: 'failedShare',
    header: 'Доля не справившихся, %',
    synonyms: ['доля не справившихся, %', 'доля не справившихся', '% не справившихся', '% 2', 'доля 2'],
    required: false,
    template: false,
    help: 'Доля не справившихся в процентах, если количества нет. Если указаны и количество, и доля, расчёт ведётся по количеству.',
  },
  {
    role: 'band61',
    header: 'Доля получивших 61-80 баллов, %',
    synonyms: ['61-80', '61 - 80', 'от 61 до 80'],
    required: false,
    template: false,
    help: 'ЕГЭ: доля (или число) участников с 61–80 баллами.',
  },
  {
    role: 'band81',
    header: 'Доля получивших 81-100 баллов, %',
    synonyms: ['81-100', '81 - 100', 'от 81 до 100'],
    required: false,
    template: false,
    help: 'ЕГЭ: доля (или число) участников с 81–100 баллами.',
  },
  {
    role: 'mean',
    header: 'Средний балл',
    synonyms: ['средний балл', 'средняя отметка', 'ср. балл', 'ср балл'],
    required: false,
    template: false,
    help: 'Не используется при идентификации.',
  },
];

const SHARE_MARK = /^(доля|%|процент)|%$/;
const FAILED_STEMS = RESULTS_COLUMNS.find((c) => c.role === 'failed')!.contains!;

function matchesSynonym(h: string, syn: string): boolean {
  if (h === syn) return true;
  if (h.startsWith(syn)) {
    // `Наименование ОО (полное)`, `Кол-во уч., чел.` — but not `Школа 1`, which is a school's name.
    const rest = h.slice(syn.length);
    return /^(\s?\(|[,.])/.test(rest);
  }
  return false;
}

const NAME_SYNONYMS = RESULTS_COLUMNS.find((c) => c.role === 'name')!.synonyms;

/** True when an already normalised text is the header of the school-name column. */
export function isNameLabel(norm: string): boolean {
  return norm.length <= 80 && NAME_SYNONYMS.some((s) => matchesSynonym(norm, s)) && classifyHeader(norm) === 'name';
}

/** Classifies one header text. */
export function classifyHeader(label: string): ResultsRole | null {
  const h = normalizeLabel(label);
  if (h === '') return null;
  if (/(^|\D)61\s*-\s*80(\D|$)|от 61 до 80/.test(h)) return 'band61';
  if (/(^|\D)81\s*-\s*100(\D|$)|от 81 до 100/.test(h)) return 'band81';
  const share = SHARE_MARK.test(h) || h.includes(', %') || h.includes(' в %');
  if (share && (FAILED_STEMS.some((s) => h.includes(s)) || /(^|\D)2(\D|$)/.test(h))) return 'failedShare';
  for (const col of RESULTS_COLUMNS) {
    if (col.role === 'failedShare' || col.role === 'band61' || col.role === 'band81') continue;
    if (share && (col.role === 'participants' || col.role === 'failed')) continue;
    if (col.synonyms.some((s) => matchesSynonym(h, s))) return col.role;
  }
  if (share) return null;
  for (const col of RESULTS_COLUMNS) {
    if (col.contains?.some((s) => h.includes(s))) return col.role;
  }
  return null;
}

/** The nine procedures of the regional programme (DOMAIN §4), canonical names. */
export const PROGRAMME_PROCEDURES = [
  'ВПР математика 5',
  'ВПР математика 6',
  'ВПР русский язык 5',
  'ВПР русский язык 6',
  'ОГЭ математика',
  'ОГЭ русский язык',
  'ЕГЭ математика (базовый)',
  'ЕГЭ математика (профильный)',
  'ЕГЭ русский язык',
] as const;

/** Words that only group columns and say nothing about the procedure. */
export const GROUP_NOISE = ['из них', 'в том числе', 'результаты', 'итоги', 'показатели'];
