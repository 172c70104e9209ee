/**
 * A generator of ДТК layouts (DOMAIN.md §2) from the descriptor, for the variant corpus of
 * test/dtk/variants.test.ts: each seed combines at random (a seeded RNG) the wording of the template,
 * of its synonyms and of the order's own form (seed 003, typed here from the seed, not taken from
 * the descriptor); numbering in its own column or inside the label; a «Показатель | 2020-2021 | …»
 * header once, repeated per subsection, or spanning two rows; school years oldest or newest first,
 * spelled `2020-2021`, `2020/2021` or `2020–2021`; pairs in one cell (`96/41`) or in two rows;
 * 1.2 as the template's parent with children or as the order's one-row pairs; the ВПР as a group
 * with its grades or as the order's subject row with the criterion text below; ОГЭ/ЕГЭ under
 * «ОГЭ» or under the order's caption; enrolment with or without its СОО sub-item; «Вывод:» /
 * «Проблема:» after each criterion, after each subsection or as the order places them; extra blank,
 * hidden and comment columns. Filled with the consistent values of test/fixtures/dtk/valid_values.json.
 * A mistake, when asked for, is written into one cell and the generator says which code the check
 * must report there.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rng } from '../../bench/rng';
import { DTK, DtkRow } from '../../src/engine/dtk/descriptor';
import { a1 } from '../../src/engine/snapshot';
import { GridCell, GridSheet } from '../helpers/write-grid';

type Value = string | number | null;
const VALID = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'dtk', 'valid_values.json'), 'utf8'),
) as Record<string, Record<string, Value>>;
const YEARS = ['2020-2021', '2021-2022', '2022-2023'];

/** Labels of seed 003's ДТК as printed (OCR slips corrected), by field id. */
export const SEED_003_DTK: Record<string, string> = {
  '1.1.enrolment': 'Количество учащихся, обучающихся на конце учебного года',
  '1.1.dropout.ooo': 'а) из основной школы,',
  '1.1.noCertificate.ooo': 'а) об основном общем образовании,',
  '1.2.progress.math': 'Математика. Общая/Качественная успеваемость',
  '1.2.progress.russian': 'Русский язык. Общая/Качественная успеваемость',
  '1.2.progress.school': 'Успеваемость по итогам учебного года по школе. Общая/Качественная успеваемость',
  '1.3.oge':
    'Доля обучающихся от общего числа участников ОГЭ, которые не преодолели минимальный порог, предусмотренный спецификацией соответствующей оценочной процедуры',
  '1.3.ege':
    'Доля обучающихся от общего числа участников ЕГЭ, которые не преодолели минимальный порог, предусмотренный спецификацией соответствующей оценочной процедуры',
  '1.3.oge.russian': 'Русский язык/ Русский язык (повторно), %',
  '1.3.oge.math': 'Математика/ Математика (повторно), %',
  '1.3.ege.russian': 'Русский язык/ Русский язык (повторно), %',
  '2.1.lowIncome': 'Доля обучающихся, воспитывающихся в малообеспеченных семьях от общего числа обучающихся',
  '2.1.weakRussian':
    'Доля обучающихся, слабо владеющих русским языком (воспитывающихся в семьях мигрантов/переселенцев).',
  '2.2.registered': 'Доля обучающихся, состоящих на различного вида учета, от общего числа обучающихся',
  '2.3.distance': 'Территориальная удаленность ОО от районного центра и других центров с развитой инфраструктурой',
  '2.3.mediaLibrary': 'Школьная медиатека. Наличие удаленного электронного читального зала в ОО',
  '2.3.culturalObjects':
    'Объекты социально-культурной сферы на территории проживания ребенка (библиотека, музей, детская школа искусств, клуб, дом детского творчества, спортивная школа)',
  '2.3.noReadingRoom': 'Отсутствие удаленного электронного читального зала в ОО, скоростного доступа к интернет',
  '3.1.specialists': 'Наличие специалистов: педагог-психолог, социальный педагог',
  '3.2.diagnostics':
    'Доля педагогических работников, прошедших диагностику профессиональных дефицитов/предметных и методических компетенций в образовательной организации от числа педагогических работников образовательной организации.',
  '3.2.diagnosticsPositive':
    'Доля педагогических работников, показавших положительную динамику по итогам диагностики профессиональных дефицитов/предметных и методических компетенций в образовательной организации, от числа педагогических работников образовательной организации',
  '3.2.independent':
    'Доля педагогических работников, прошедших независимую диагностику профессиональных дефицитов/предметных и методических компетенций, от числа педагогических работников образовательной организации с указанием организации, проводившей диагностику',
  '3.2.independentPositive':
    'Доля педагогических работников, показавших положительную динамику по итогам независимой диагностики профессиональных дефицитов/предметных и методических компетенций в образовательной организации, от числа педагогических работников образовательной организации',
  '3.3.methodicalInvolvement':
    'Доля учителей, вовлеченных в методическую деятельность ОО (МО внутришкольные, сетевые, муниципальные и др., ассоциации учителей-предметников, точки роста)',
  '3.3.courses':
    'Доля педагогических работников, прошедших курсовую подготовку, в том числе в формате методического абонемента',
  '3.3.partnerEvents':
    'Доля педагогических работников, вовлеченных в мероприятия, проводимые совместно со школой-партнером (куратором, наставником и т.п.)',
  '3.4.antiRiskPrograms':
    'Количество разработанных антирисковых программ в отношении ресурсных дефицитов с указанием наименования программ',
  '3.4.programsMatch':
    'Доля разработанных антирисковых программ в отношении ресурсных дефицитов, соответствующих результатам анкетирования',
  '3.4.riskMeasuresDone':
    'Доля выполненных мероприятий по снижению факторов риска от числа спланированных, с перечислением устраненных факторов риска',
  '3.4.deficitsEliminated':
    'Доля устраненных ресурсных дефицитов от числа выявленных, с перечислением устраненных ресурсных дефицитов',
};
/**
 * Labels as people re-type them: the same meaning in other words (and OCR's Latin look-alikes, «Дoля»),
 * in no list of the descriptor. The locator must take them as similar labels — a `LABEL-SIMILAR`
 * info naming the form's label and the cell — never silently, and never as another row.
 */
export const DTK_PARAPHRASES: Record<string, string> = {
  '1.1.enrolment': 'Число учащихся на конец учебного года',
  '1.1.dropout': 'Отсев обучающихся в течение учебного года',
  '1.1.noCertificate': 'Не получили аттестаты',
  '1.1.repeaters': 'Количество обучающихся, оставленных на второй год обучения',
  '1.1.honours': 'Количество выпускников, окончивших школу с аттестатом особого образца',
  '1.1.grade9Graduates': 'Число выпускников 9-го класса',
  '1.1.continuing': 'Количество выпускников, продолживших обучение на уровне СОО',
  '2.1.lowIncome': 'Дoля oбучающихся, воспитывающихся в малообеспеченных ceмьях',
  '2.1.singleParent': 'Доля учащихся из неполных семей',
  '2.1.largeFamily': 'Доля обучающихся из многодетных семей, %',
  '2.2.contests': 'Доля учащихся, принимающих участие в конкурсах и олимпиадах',
  '2.2.registered': 'Доля обучающихся, которые состоят на различного вида учёте',
  '3.1.subjectHigherEducation': 'Доля педагогических работников с высшим образованием по предмету',
  '3.1.youngTeachers': 'Доля молодых педагогов до 35 лет',
  '3.1.pensionAge': 'Доля педагогов пенсионного возраста',
  '3.1.partTime': 'Доля учителей-совместителей',
  '3.1.courses': 'Доля учителей, которые прошли курсовую подготовку',
  '3.1.noCategory': 'Доля учителей, не имеющих категории',
  '3.4.programsMatch': 'Доля антирисковых программ, которые соответствуют результатам анкетирования',
  '3.4.antiRiskPrograms': 'Число разработанных антирисковых программ (с наименованиями)',
  '3.3.partnerEvents': 'Доля педагогов, вовлечённых в мероприятия совместно со школой-партнёром',
  '3.2.diagnosticsPositive': 'Доля педагогов с положительной динамикой по итогам диагностики в ОО',
};
const SEED_VPR_TEXT = 'Доля обучающихся от общего числа участников, получивших неудовлетворительный результат:';

/** Share of the variants whose header lines (title, school, municipality, date, the year header) are re-typed. */
export const HEADER_PARAPHRASE_SHARE = 0.4;

const SCHOOL = 'МКОУ «Средняя школа № 3»';
/** The title as seed 003 prints it (OCR aside) and as re-typed. */
const HEADER_TITLES = [
  'ДИАГНОСТИКО-ТЕХНОЛОГИЧЕСКАЯ КАРТА КАЧЕСТВА ШКОЛЬНЫХ процессов в СОШ',
  'Диагностико-технологическая карта качества школьных процессов',
  'Диагностико-технологическая карта качества школьных процессов в ОО',
  'ДТК качества школьных процессов',
];
const HEADER_TITLES_WITH_MUNICIPALITY = [
  'ДИАГНОСТИКО-ТЕХНОЛОГИЧЕСКАЯ КАРТА КАЧЕСТВА ШКОЛЬНЫХ ПРОЦЕССОВ В ОО В КАСТОРЕНСКОМ МУНИЦИПАЛЬНОМ РАЙОНЕ',
  'Диагностико-технологическая карта качества школьных процессов (Касторенский район)',
];
/** The school's label, and whether the name follows it in the same cell. */
const HEADER_SCHOOL: [string, boolean][] = [
  ['Наименование ОО', false],
  ['Наименование ОО:', false],
  ['Наименование ОО:', true],
  ['Наименование образовательной организации:', true],
  ['Наименование общеобразовательной организации', false],
  ['Образовательная организация', false],
  ['ОО:', true],
  ['Школа:', true],
];
/** The municipality's label, its value, and whether the value follows the label in the same cell. */
const HEADER_MUNICIPALITY: [string, string, boolean][] = [
  ['Муниципалитет:', 'Касторенский район', true],
  ['Муниципалитет', 'Касторенский район', false],
  ['Муниципальный район:', 'Касторенский', true],
  ['Муниципальное образование:', 'Касторенский муниципальный район', true],
  ['Муниципальное образование', 'Касторенский муниципальный район', false],
  ['Городской округ', 'г. Тобольск', false],
];
const HEADER_DATE = ['Дата заполнения', 'Дата заполнения:', 'Дата:', 'Дата'];
const HEADER_RESPONSIBLE = ['Ответственный (ФИО, должность)', 'Ответственный за заполнение', 'Ответственное лицо:'];
/** The label of the «Показатель | 2020-2021 | …» header row, as re-typed. */
const YEAR_HEADER_LABELS = [
  'Показатель',
  'Показатели',
  'Наименование показателя',
  'Критерий',
  'Показатель / учебный год',
];

/** Share of the variants with some labels in other words (half of the rows that have a paraphrase). */
export const PARAPHRASE_SHARE = 0.4;

export type DtkMistake = 'out-of-range' | 'inconsistent' | 'derived' | 'count' | 'error' | 'text';

/** Each seeded mistake: the field and year it is written to, the value, the code expected there. */
export const DTK_MISTAKES: { mistake: DtkMistake; field: string; year: string; value: GridCell; code: string }[] = [
  { mistake: 'out-of-range', field: '2.2.contests', year: '2021-2022', value: 140, code: 'OUT-OF-RANGE' },
  {
    mistake: 'inconsistent',
    field: '1.2.progress.math.quality',
    year: '2021-2022',
    value: 99,
    code: 'DTK-INCONSISTENT',
  },
  { mistake: 'derived', field: '1.1.continuingShare', year: '2022-2023', value: 60, code: 'DTK-DERIVED-MISMATCH' },
  {
    mistake: 'count',
    field: '3.4.antiRiskPrograms',
    year: 'D',
    value: '3: «Программа А»; «Программа Б»',
    code: 'DTK-COUNT-MISMATCH',
  },
  { mistake: 'error', field: '2.1.lowIncome', year: '2021-2022', value: { error: '#DIV/0!' }, code: 'CELL-ERROR' },
  { mistake: 'text', field: '3.1.courses', year: '2021-2022', value: 'много', code: 'NOT-A-NUMBER' },
];

export interface DtkVariant {
  seed: number;
  sheet: GridSheet;
  /** What was drawn, for a failure message. */
  traits: string[];
  /** Field id → year (or `D`) → A1 cell the value was written to. */
  cells: Record<string, Record<string, string>>;
  /** The «Вывод» / «Проблема» value cells written. */
  conclusionCells: string[];
  /** Rows written in other words (DTK_PARAPHRASES): field id → the label cell. */
  paraphrased: Record<string, string>;
  /** The header fields written (school, municipality, date, responsible): id → the value as written. */
  headerValues: Record<string, string>;
  expected: { code: string; cell: string } | null;
}

export function dtkVariant(seed: number, mistake: DtkMistake | null = null): DtkVariant {
  const rand = rng(seed * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number): boolean => rand() < p;
  const traits: string[] = [];
  const trait = <T>(name: string, xs: readonly T[]): T => {
    const v = pick(xs);
    traits.push(`${name}=${String(v)}`);
    return v;
  };

  const wording = trait('wording', ['template', 'seed', 'mixed'] as const);
  const numbering = trait('numbering', ['none', 'column', 'label'] as const);
  const numberStyle = trait('number style', ['1.', '1)', '(1)'] as const);
  const numberOf = (n: number): string => numberStyle.replace('1', String(n));
  const header = trait('header', ['once', 'each', 'two-row'] as const);
  const order = trait('years', ['oldest', 'newest'] as const);
  const spelling = trait('spelling', ['-', '/', '–'] as const);
  const pairs = trait('pairs', ['cell', 'rows'] as const);
  const progress = trait('progress', ['template', 'seed'] as const);
  const vpr = trait('vpr', ['template', 'seed'] as const);
  const gia = trait('gia', ['template', 'seed'] as const);
  const noSooRow = chance(0.3) && traits.push('enrolment without СОО') > 0;
  const conclusions = trait('conclusions', ['criterion', 'section', 'seed'] as const);
  const blankCol = chance(0.3) && traits.push('blank column') > 0;
  const commentCol = trait('comments', ['none', 'visible', 'hidden'] as const);
  // Labels in other words: drawn from a generator of their own, so that the other traits and
  // values of a seed stay as they were before paraphrases were added.
  const prand = rng(seed * 104729 + 3);
  const paraphrase = prand() < PARAPHRASE_SHARE;
  if (paraphrase) traits.push('paraphrased');
  const paraphrased: Record<string, string> = {};
  // The header lines in other words: a generator of their own too (the corpus as it was stays the same otherwise).
  const hrand = rng(seed * 15485863 + 11);
  const headerWords = hrand() < HEADER_PARAPHRASE_SHARE;
  if (headerWords) traits.push('header in other words');
  const headerValues: Record<string, string> = {};

  const mis = mistake ? DTK_MISTAKES.find((m) => m.mistake === mistake)! : null;
  const values = (id: string, y: string): GridCell => {
    if (mis && mis.field === id && mis.year === y) return mis.value;
    const v = VALID[id]?.[y];
    return v === undefined ? null : v;
  };

  const rows: GridCell[][] = [];
  const merges: [number, number, number, number][] = [];
  const cells: Record<string, Record<string, string>> = {};
  const conclusionCells: string[] = [];
  const labelCol = numbering === 'column' ? 1 : 0;
  const first = labelCol + 1 + (blankCol ? 1 : 0);
  const years = order === 'oldest' ? YEARS : [...YEARS].reverse();
  const yearCol = (y: string): number => first + years.indexOf(y);
  const noteCol = first + YEARS.length;
  const spell = (y: string): string => y.replace('-', spelling);

  const put = (r: number, c: number, v: GridCell): void => {
    while (rows.length <= r) rows.push([]);
    rows[r][c] = v;
  };
  const next = (): number => rows.length;
  const record = (id: string, key: string, r: number, c: number): void => {
    (cells[id] ??= {})[key] = a1(r, c);
  };
  let topNo = 0;
  const labelText = (text: string, top: boolean): string => {
    if (!top) return text;
    topNo++;
    if (numbering === 'column') return text;
    if (numbering === 'label') return `${numberOf(topNo)} ${text}`;
    return text;
  };
  const labelRow = (text: string, top = false): number => {
    const r = next();
    if (top && numbering === 'column') put(r, 0, numberOf(topNo + 1));
    put(r, labelCol, labelText(text, top));
    return r;
  };
  const comment = (r: number): void => {
    if (commentCol !== 'none' && chance(0.2)) put(r, noteCol, 'по данным ОО');
  };
  const yearHeader = (): void => {
    if (header === 'two-row') {
      const r = next();
      put(r, labelCol, 'Показатель');
      put(r, first, 'Учебный год');
      merges.push([r, labelCol, r + 1, labelCol], [r, first, r, first + YEARS.length - 1]);
      for (const y of years) put(r + 1, yearCol(y), spell(y));
      if (commentCol === 'visible') put(r, noteCol, 'Комментарий');
      return;
    }
    const r = next();
    put(r, labelCol, headerWords ? YEAR_HEADER_LABELS[Math.floor(hrand() * YEAR_HEADER_LABELS.length)] : 'Показатель');
    for (const y of years) put(r, yearCol(y), spell(y));
    if (commentCol === 'visible') put(r, noteCol, 'Комментарий');
  };
  /** A row's label: the template's, a synonym, or the order's, by the wording drawn. */
  const wordOf = (r: { id: string; label: string; synonyms: string[] }): string => {
    if (paraphrase && DTK_PARAPHRASES[r.id] && prand() < 0.5) {
      paraphrased[r.id] = a1(next(), labelCol);
      return DTK_PARAPHRASES[r.id];
    }
    const seedLabel = SEED_003_DTK[r.id];
    if (wording === 'seed' && seedLabel) return seedLabel;
    if (wording === 'mixed') {
      const options = [r.label, ...r.synonyms.filter((s) => s.length >= 12), ...(seedLabel ? [seedLabel] : [])];
      return pick(options);
    }
    return r.label;
  };
  const yValues = (r: number, id: string): void => {
    for (const y of YEARS) {
      const v = values(id, y);
      if (v !== null) put(r, yearCol(y), v);
      record(id, y, r, yearCol(y));
    }
    comment(r);
  };
  const pairValues = (r: number, row: DtkRow): void => {
    const [a, b] = row.parts!;
    for (const y of YEARS) {
      put(r, yearCol(y), `${String(values(a.id, y))}/${String(values(b.id, y))}`);
      record(a.id, y, r, yearCol(y));
      record(b.id, y, r, yearCol(y));
    }
    comment(r);
  };
  const pairRow = (row: DtkRow, label: string, top: boolean): void => {
    const r = labelRow(label, top);
    if (pairs === 'cell') return pairValues(r, row);
    for (const p of row.parts!) yValues(labelRow(p.label), p.id);
  };
  const dValue = (r: number, id: string): void => {
    put(r, first, values(id, 'D'));
    merges.push([r, first, r, first + YEARS.length - 1]);
    record(id, 'D', r, first);
  };
  const conclusionRows = (): void => {
    for (const text of ['Вывод:', 'Проблема:']) {
      const r = labelRow(text);
      merges.push([r, first, r, first + YEARS.length - 1]);
      conclusionCells.push(a1(r, first));
    }
  };

  // --- The title and the header block.
  if (!headerWords) {
    put(0, labelCol, 'ДИАГНОСТИКО-ТЕХНОЛОГИЧЕСКАЯ КАРТА КАЧЕСТВА ШКОЛЬНЫХ ПРОЦЕССОВ В ОО');
    const h = next();
    put(h, labelCol, pick(['Наименование ОО', 'Наименование образовательной организации']));
    put(h, first, SCHOOL);
    headerValues.school = SCHOOL;
    if (chance(0.5)) {
      put(next(), labelCol, 'Муниципалитет: Касторенский район');
      headerValues.municipality = 'Касторенский район';
    }
  } else {
    // The header lines in other words: the seed 003 title, the school, the municipality (a line of
    // its own, after a colon, or only in the title), the date and the responsible, as re-typed.
    const hpick = <T>(xs: readonly T[]): T => xs[Math.floor(hrand() * xs.length)];
    const inTitle = hrand() < 0.25;
    put(0, labelCol, inTitle ? hpick(HEADER_TITLES_WITH_MUNICIPALITY) : hpick(HEADER_TITLES));
    const [schoolLabel, inline] = hpick(HEADER_SCHOOL);
    const h = next();
    if (inline) put(h, labelCol, `${schoolLabel} ${SCHOOL}`);
    else {
      put(h, labelCol, schoolLabel);
      put(h, first, SCHOOL);
    }
    headerValues.school = SCHOOL;
    if (!inTitle && hrand() < 0.7) {
      const [label, value, sameCell] = hpick(HEADER_MUNICIPALITY);
      const r = next();
      put(r, labelCol, sameCell ? `${label} ${value}` : label);
      if (!sameCell) put(r, first, value);
      headerValues.municipality = value;
    }
    if (hrand() < 0.6) {
      const r = next();
      put(r, labelCol, hpick(HEADER_DATE));
      put(r, first, '15.09.2023');
      headerValues.date = '15.09.2023';
    }
    if (hrand() < 0.4) {
      const r = next();
      put(r, labelCol, hpick(HEADER_RESPONSIBLE));
      put(r, first, 'Иванова И. И., заместитель директора по УВР');
      headerValues.responsible = 'Иванова И. И., заместитель директора по УВР';
    }
  }

  if (header === 'once') yearHeader();
  for (const c of DTK.criteria) {
    put(next(), labelCol, c.title);
    for (const sec of c.sections) {
      topNo = 0;
      const [no, ...rest] = sec.title.split(' — ')[0].split(' ');
      put(next(), labelCol, `${no}. ${rest.join(' ')}`);
      if (sec.table) {
        const t = sec.table;
        const r = next();
        put(r, labelCol, t.yearHeader);
        let headRow = r;
        if (header === 'two-row' || wording === 'seed') {
          put(r, first, 'Образование родителей (законных представителей) учащихся, %');
          merges.push([r, first, r, first + t.columns.length - 1], [r, labelCol, r + 1, labelCol]);
          headRow = r + 1;
        } else put(r - 0, first - 0, null);
        t.columns.forEach((col, j) => put(headRow, first + j, col.label));
        for (const y of YEARS) {
          const yr = next();
          put(yr, labelCol, spell(y));
          t.columns.forEach((col, j) => {
            put(yr, first + j, values(col.id, y));
            record(col.id, y, yr, first + j);
          });
        }
      }
      if (sec.kind === 'Y' && header !== 'once') yearHeader();
      else if (sec.kind === 'Y' && sec.table) yearHeader();
      if (sec.kind === 'D') {
        const r = next();
        put(r, labelCol, wording === 'seed' && sec.id === '2.3' ? 'Инфраструктура' : 'Показатель');
        put(r, first, wording === 'seed' && sec.id === '2.3' ? 'Описание / наличие / отсутствие' : 'Описание');
        merges.push([r, first, r, first + YEARS.length - 1]);
      }
      for (const row of sec.rows) emit(row, sec.id);
      const closes =
        conclusions === 'section' ||
        sec === c.sections[c.sections.length - 1] ||
        (conclusions === 'seed' && c.id === '1');
      if (closes) conclusionRows();
    }
  }

  function emit(row: DtkRow, sectionId: string): void {
    if (row.id === '1.2.progress') {
      if (progress === 'seed') {
        for (const item of row.items!) {
          const r = labelRow(SEED_003_DTK[item.id], true);
          pairValues(r, item);
        }
        return;
      }
      labelRow(wordOf(row), true);
      for (const item of row.items!) pairRow(item, item.label, false);
      return;
    }
    if (row.id === '1.2.vprRussian' || row.id === '1.2.vprMath') {
      if (vpr === 'seed') {
        labelRow(row.id === '1.2.vprRussian' ? 'Русский язык' : 'Математика', true);
        labelRow(SEED_VPR_TEXT);
      } else labelRow(wordOf(row), true);
      for (const g of row.items!) yValues(labelRow(g.label), g.id);
      return;
    }
    if (row.id === '1.3.oge' || row.id === '1.3.ege') {
      labelRow(gia === 'seed' ? SEED_003_DTK[row.id] : row.label, true);
      for (const item of row.items!) {
        const label = gia === 'seed' && SEED_003_DTK[item.id] ? SEED_003_DTK[item.id] : item.label;
        if (item.parts) pairRow(item, label, false);
        else yValues(labelRow(label), item.id);
      }
      return;
    }
    if (row.items) {
      const r = labelRow(wordOf(row), true);
      if (row.items.every((x) => x.type === 'yn') && pairs === 'cell') {
        const [a, b] = row.items;
        for (const y of YEARS) {
          put(r, yearCol(y), `${String(values(a.id, y))}/${String(values(b.id, y))}`);
          record(a.id, y, r, yearCol(y));
          record(b.id, y, r, yearCol(y));
        }
        return;
      }
      for (const item of row.items) {
        if (noSooRow && item.id === '1.1.enrolment.soo') continue;
        yValues(labelRow(wordOf(item)), item.id);
      }
      return;
    }
    const r = labelRow(wordOf(row), true);
    if (row.kind === 'D') dValue(r, row.id);
    else yValues(r, row.id);
    void sectionId;
  }

  const hiddenCols = commentCol === 'hidden' ? [noteCol] : [];
  const sheet: GridSheet = { name: pick(['ДТК', 'Карта', 'Лист1']), rows, merges, hiddenCols };
  const expected = mis ? { code: mis.code, cell: cells[mis.field][mis.year] } : null;
  return { seed, sheet, traits, cells, conclusionCells, paraphrased, headerValues, expected };
}
