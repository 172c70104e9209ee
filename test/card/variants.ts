/**
 * A generator of information-card layouts (DOMAIN.md §3) from the descriptor, for the variant corpus
 * of test/card/variants.test.ts: each seed combines at random (a seeded RNG) the wording of the
 * template, of its synonyms and of the order's own form (seed 003), numbering in its own column or
 * inside the label, one-row or two-row headers repeated per section, date columns in another
 * order and spelled `31.03.2023`, `на 31.03.2023`, `31.03` or as Excel dates, merges, extra blank,
 * hidden and comment columns, the municipality in a header row, after a colon, in a row of the table
 * or only in the title, the school counts as items, as one total row or as full rows, «Вывод:» /
 * «Проблема:» rows, an optional sheet of schools; filled with consistent values, written as real
 * .xlsx bytes by @e965/xlsx. A mistake, when asked for, is written into one cell and the generator
 * says which code the check must report there.
 */
import { rng } from '../../bench/rng';
import { CARD, CardRow } from '../../src/engine/card/descriptor';
import { a1 } from '../../src/engine/snapshot';
import { GridCell, GridSheet, dateSerial, writeGrid } from '../helpers/write-grid';

/** The labels of the information card of seed 003 as printed (OCR line breaks joined). `{year}` is the year. */
export const SEED_003_CARD = {
  title:
    'ИНФОРМАЦИОННАЯ КАРТА ПО РЕАЛИЗАЦИИ ПЛАНА (ДОРОЖНОЙ КАРТЫ) МЕРОПРИЯТИЙ, НАПРАВЛЕННЫХ НА СОЗДАНИЕ УСЛОВИЙ ДЛЯ ПОЛУЧЕНИЯ КАЧЕСТВЕННОГО ОБЩЕГО ОБРАЗОВАНИЯ И ПРОФИЛАКТИКИ УЧЕБНОЙ НЕУСПЕШНОСТИ В {municipality} МУНИЦИПАЛЬНОМ РАЙОНЕ',
  sections: {
    '1': '1. Общая характеристика плана (дорожной карты)',
    '2': '2. Реализация плана (дорожной карты)',
    '3': '3. Реализация плана (дорожной карты) по дополнительным показателям',
  } as Record<string, string>,
  labelHeader: 'Показатель',
  rows: {
    '1.name': 'Наименование плана (дорожной карты)',
    '1.period': 'Период реализации',
    '1.approval': 'Утверждение (рассмотрение, согласование), должность, дата',
    '1.schools': 'Количество ОО, реализующих программы НОО, ООО, СОО',
    '1.summary':
      'Подведение итогов, обсуждение планов на следующий календарный год (где, когда, управленческое решение)*',
    '1.responsible':
      'Ф.И.О. специалиста, ответственного за реализацию плана (дорожной карты), должность, контактные данные',
    '3.preventionSystem':
      'Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности',
    '3.individualRoutes':
      'Доля школ, в которых разработаны индивидуальные образовательные маршруты для 100% неуспевающих',
    '3.extraLessons':
      'Доля школ, в которых организованы дополнительные занятия для 100% неуспевающих с целью ликвидации отставания по учебной программе',
    '3.practicesCount':
      'Распространение успешных практик ОО по профилактике учебной неуспешности (общее количество мероприятий)',
    '3.practices':
      'Распространение успешных практик ОО по профилактике учебной неуспешности в {year} г. (ОО, мероприятие, формат)',
  } as Record<string, string>,
  measureHeader: 'Мероприятие плана (дорожной карты)',
  executionHeader: 'Исполнение, %',
};

/**
 * Labels as people re-type them: the same meaning in other words, in no list of the descriptor. The
 * locator must take them as similar labels (an `info` naming the label taken), never silently.
 */
export const PARAPHRASES: Record<string, string> = {
  '1.name': 'Название плана (дорожной карты)',
  '1.approval': 'Утверждён (кем, должность, дата)',
  '1.summary': 'Итоги реализации плана (где, когда, управленческое решение)',
  '1.responsible': 'ФИО ответственного специалиста, должность, контакты',
  '3.preventionSystem':
    'Доля школ, где разработана и реализуется внутришкольная система профилактики учебной неуспешности, %',
  '3.individualRoutes': 'Доля школ, разработавших индивидуальные образовательные маршруты для 100% неуспевающих',
  '3.extraLessons': 'Доля школ, организовавших дополнительные занятия для 100% неуспевающих',
  '3.practicesCount': 'Количество мероприятий по распространению успешных практик',
  '3.practices': 'Перечень мероприятий по распространению успешных практик (ОО, мероприятие, формат)',
};

export type CardMistake = 'out-of-range' | 'count' | 'derived' | 'error' | 'text' | 'decreasing' | 'missing';

/** Each seeded mistake and the code the check must report at its cell. */
export const CARD_MISTAKES: { mistake: CardMistake; code: string; severity: 'error' | 'warning' }[] = [
  { mistake: 'out-of-range', code: 'OUT-OF-RANGE', severity: 'error' },
  { mistake: 'count', code: 'CARD-COUNT-MISMATCH', severity: 'warning' },
  { mistake: 'derived', code: 'CARD-DERIVED-MISMATCH', severity: 'error' },
  { mistake: 'error', code: 'CELL-ERROR', severity: 'error' },
  { mistake: 'text', code: 'NOT-A-NUMBER', severity: 'error' },
  { mistake: 'decreasing', code: 'CARD-DECREASING', severity: 'warning' },
  { mistake: 'missing', code: 'MISSING-VALUE', severity: 'error' },
];

export interface CardVariant {
  seed: number;
  /** The choices made, for a failure message. */
  traits: string[];
  bytes: Uint8Array;
  sheet: string;
  /** The finding the seeded mistake must give; null for a clean variant. */
  expected: { code: string; sheet: string; cell: string } | null;
  /** What the check must read back. */
  truth: {
    municipality: string;
    year: number;
    schools: { noo: number; ooo: number; soo: number } | null;
    schoolsTotal: number | null;
    measures: number;
    /** Plan execution at each date (the mean of the measures), descriptor order. */
    execution: number[];
    /** Rows written in other words (PARAPHRASES): found as similar labels. */
    paraphrased: string[];
  };
}

/** Whether the locator reads labels in other words (issue 11's similarity matcher). */
const PARAPHRASE_READY = true;

const MUNICIPALITIES: [string, string][] = [
  ['Касторенский', 'КАСТОРЕНСКОМ'],
  ['Энский', 'ЭНСКОМ'],
  ['Белореченский', 'БЕЛОРЕЧЕНСКОМ'],
  ['Тобольский', 'ТОБОЛЬСКОМ'],
  ['Медвенский', 'МЕДВЕНСКОМ'],
  ['Солнцевский', 'СОЛНЦЕВСКОМ'],
];

const MEASURE_NAMES = [
  'Семинар для заместителей директоров «Работа с неуспевающими обучающимися»',
  'Мониторинг индивидуальных образовательных маршрутов',
  'Организация дополнительных занятий для обучающихся с трудностями в обучении',
  'Методический день «Профилактика учебной неуспешности»',
  'Заседание муниципального методического объединения учителей математики',
  'Консультации для родителей (законных представителей)',
  'Анализ результатов ВПР и ОГЭ, адресные рекомендации школам',
  'Круглый стол «Успешные практики работы с обучающимися группы риска»',
];

const PRACTICES = [
  'МБОУ «СОШ № 1», семинар «Индивидуальный маршрут», очно',
  'МКОУ «Ленинская СОШ», мастер-класс, дистанционно',
  'МБОУ «Гимназия», открытые уроки, очно',
  'МКОУ «ООШ № 3», вебинар для учителей начальных классов',
  'МБОУ «СОШ № 2», круглый стол «Работа с неуспевающими», очно',
];

export function cardVariant(seed: number, mistake: CardMistake | null = null): CardVariant {
  const rand = rng(seed * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number): boolean => rand() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const traits: string[] = [];
  const trait = <T>(name: string, v: T): T => {
    traits.push(`${name}=${String(v)}`);
    return v;
  };
  const d = CARD;
  const nDates = d.dates.length;

  // --- Values (descriptor date order).
  const year = int(2022, 2025);
  const [munNom, munLoc] = pick(MUNICIPALITIES);
  const schools = { noo: int(8, 20), ooo: 0, soo: 0 };
  schools.ooo = int(6, schools.noo);
  schools.soo = int(2, schools.ooo);
  const nMeasures = int(2, 6);
  const measures = Array.from({ length: nMeasures }, (_, i) => {
    const c = int(90, 100);
    const b = int(30, c);
    const a = int(10, b);
    return { name: MEASURE_NAMES[(seed + i) % MEASURE_NAMES.length], exec: [a, b, c] as GridCell[] };
  });
  const withSchoolsSheet = mistake === 'derived' || chance(0.4);
  const nSchools = int(8, 14);
  const shareRows = ['3.preventionSystem', '3.individualRoutes', '3.extraLessons'];
  const yes: Record<string, boolean[]> = {};
  const shares: Record<string, GridCell[]> = {};
  for (const id of shareRows) {
    const k = int(3, nSchools);
    yes[id] = Array.from({ length: nSchools }, (_, i) => i < k);
    const last = Math.round((k / nSchools) * 1000) / 10;
    const mid = Math.round(last * 0.7 * 10) / 10;
    const first = Math.round(last * 0.4 * 10) / 10;
    shares[id] = [first, mid, last];
  }
  const counts = [int(1, 2), 0, 0];
  counts[1] = counts[0] + int(0, 1);
  counts[2] = counts[1] + int(0, 2);
  const practiceSep = pick(['\n', '; ', ';\n']);
  const practicesText = (n: number): string => PRACTICES.slice(0, n).join(practiceSep);
  const texts: Record<string, string> = {
    '1.name': `План мероприятий (дорожная карта) по профилактике учебной неуспешности на ${year} год`,
    '1.period': pick([`${year} год`, `январь – декабрь ${year} г.`, `${year}–${year + 1} гг.`]),
    '1.approval': `Приказ управления образования от 12.01.${year} № 15, начальник управления образования`,
    '1.summary': `Совещание руководителей ОО, декабрь ${year}: решение о продолжении работы`,
    '1.responsible': 'Иванова Ирина Ивановна, главный специалист, тел. 8 (47157) 2-11-33, ivanova@mail.ru',
  };

  // Cells holding a value that may carry the mistake: id → date index → the value written.
  const nums: Record<string, GridCell[]> = { ...shares, '3.practicesCount': [...counts] };
  const lists: Record<string, GridCell[]> = { '3.practices': counts.map(practicesText) };

  // --- The mistake, in the model.
  type Target = { kind: 'field'; id: string; date: number } | { kind: 'measure'; i: number; date: number };
  let target: Target | null = null;
  if (mistake) {
    const date = int(0, nDates - 1);
    const share = pick(shareRows);
    switch (mistake) {
      case 'out-of-range':
        nums[share][date] = pick([120, 135.5, -5]);
        target = { kind: 'field', id: share, date };
        break;
      case 'error':
        nums[share][date] = { error: pick(['#REF!', '#DIV/0!', '#VALUE!'] as const) };
        target = { kind: 'field', id: share, date };
        break;
      case 'text':
        nums[share][date] = pick(['около сорока', 'сорок процентов', 'см. приложение']);
        target = { kind: 'field', id: share, date };
        break;
      case 'missing':
        nums[share][date] = null;
        target = { kind: 'field', id: share, date };
        break;
      case 'count':
        lists['3.practices'][date] = practicesText(counts[date] + 1);
        target = { kind: 'field', id: '3.practices', date };
        break;
      case 'derived': {
        const last = shares[share][nDates - 1] as number;
        nums[share][nDates - 1] = last >= 50 ? last - 20 : last + 20;
        target = { kind: 'field', id: share, date: nDates - 1 };
        break;
      }
      case 'decreasing': {
        const i = int(0, nMeasures - 1);
        const m = measures[i];
        m.exec[0] = Math.max(m.exec[0] as number, 20);
        m.exec[1] = (m.exec[0] as number) - 10;
        target = { kind: 'measure', i, date: 1 };
        break;
      }
    }
  }
  const execution = d.dates.map((_, k) => {
    const xs = measures.map((m) => m.exec[k]).filter((v): v is number => typeof v === 'number');
    return Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
  });

  // --- Columns.
  const lead = trait('lead', pick([0, 0, 1]));
  const NO = lead;
  const LABEL = lead + 1;
  let next = lead + 2;
  const between = trait('between', pick(['none', 'none', 'blank', 'hidden']));
  const hiddenCols: number[] = [];
  let betweenCol = -1;
  if (between !== 'none') {
    betweenCol = next++;
    if (between === 'hidden') hiddenCols.push(betweenCol);
  }
  const dateOrder = trait('dateOrder', chance(0.25) ? [2, 0, 1] : [0, 1, 2]);
  const dateCol: number[] = [];
  dateOrder.forEach((k, i) => (dateCol[k] = next + i));
  next += nDates;
  const comment = trait('comment', chance(0.5));
  const commentCol = comment ? next++ : -1;
  const hiddenEnd = trait('hiddenEnd', chance(0.25));
  const hiddenEndCol = hiddenEnd ? next++ : -1;
  if (hiddenEnd) hiddenCols.push(hiddenEndCol);
  const lastCol = next - 1;

  // --- Wording.
  const wording = trait('wording', pick(['template', 'seed', 'mixed', 'synonyms']));
  // Labels in other words (PARAPHRASES) need the similarity matcher of issue 11, not written yet:
  // until then no variant is paraphrased (the trait is still drawn, so the other traits stay as they were).
  const paraphrase = trait('paraphrase', chance(0.3) && PARAPHRASE_READY);
  const paraphrased: string[] = [];
  const word = (id: string, r: { label: string; synonyms: string[] }): string => {
    if (paraphrase && PARAPHRASES[id] && chance(0.5)) {
      paraphrased.push(id);
      return PARAPHRASES[id];
    }
    const seedLabel = SEED_003_CARD.rows[id]?.replace('{year}', String(year));
    const mode = wording === 'mixed' ? pick(['template', 'seed', 'synonyms']) : wording;
    if (mode === 'seed' && seedLabel) return seedLabel;
    if (mode === 'synonyms' && r.synonyms.length) return pick([r.label, ...r.synonyms]);
    return r.label;
  };
  const lineBreaks = trait('lineBreaks', chance(0.3));
  const broken = (s: string): string => {
    if (!lineBreaks || s.length < 30) return s;
    const words = s.split(' ');
    return words.map((w, i) => (i > 0 && i % 3 === 0 ? '\n' + w : (i > 0 ? ' ' : '') + w)).join('');
  };
  const numbering = trait('numbering', pick(['column', 'label', 'none']));
  const numberStyle = trait('numberStyle', pick(['paren', 'dot']));
  const mergeLabel = trait('mergeLabel', numbering !== 'column' && chance(0.4));
  const dateStyle = trait('dateStyle', pick(['full', 'na', 'g', 'excel', 'short', 'shortNumber']));
  const dateHeader = (k: number): GridCell => {
    const [dd, mm] = d.dates[k].split('.');
    switch (dateStyle) {
      case 'full':
        return `${d.dates[k]}.${year}`;
      case 'na':
        return `на ${d.dates[k]}.${year}`;
      case 'g':
        return `${d.dates[k]}.${year} г.`;
      case 'excel':
        return { serial: dateSerial(year, Number(mm), Number(dd)), format: 'dd.mm.yyyy' };
      case 'short':
        return d.dates[k];
      default:
        return Number(d.dates[k]);
    }
  };
  const yearSomewhere = dateStyle === 'short' || dateStyle === 'shortNumber';
  const munPlace = trait('municipality', pick(['row', 'colon', 'title', 'table']));
  const titleStyle = trait('title', munPlace === 'title' ? 'seed' : pick(['template', 'seed', 'short']));
  const titleSplit = trait('titleSplit', titleStyle === 'seed' && chance(0.4));
  const twoRowHeader = trait('twoRowHeader', chance(0.35));
  const repeatHeader = trait('repeatHeader', chance(0.7));
  const measuresHeader = trait('measuresHeader', pick(['merged', 'flat']));
  const schoolsMode = trait('schools', pick(['items', 'total', 'full']));
  const totalStyle = trait('totalStyle', pick(['number', 'text', 'slash']));
  const conclusions = trait('conclusionRows', chance(0.5));
  const shuffle1 = trait('shuffle1', chance(0.25));
  const overallMode = trait('overall', pick(['none', 'empty', 'mean']));
  const fillLater = trait('fillLater', chance(0.3));
  traits.push(`withSchoolsSheet=${withSchoolsSheet}`);

  // --- The grid.
  const rows: GridCell[][] = [];
  const merges: [number, number, number, number][] = [];
  const comments: [number, number, string][] = [];
  let r = 0;
  const put = (row: number, col: number, v: GridCell): void => {
    (rows[row] ??= [])[col] = v;
  };
  const wide = (text: string, merge: boolean): void => {
    put(r, NO, text);
    if (merge) merges.push([r, NO, r, lastCol]);
    r++;
  };
  const fieldCells: Record<string, string[]> = {};
  const measureCells: string[][] = [];

  // Title block.
  if (chance(0.4)) {
    put(r, dateCol[dateOrder[0]] ?? LABEL, `Приложение 2 к приказу управления образования № 15`);
    r++;
  }
  const yearInTitle = yearSomewhere && chance(0.5);
  const yearTail = yearInTitle ? ` на ${year} год` : '';
  if (titleStyle === 'seed') {
    const t = SEED_003_CARD.title.replace('{municipality}', munLoc) + yearTail;
    if (titleSplit) {
      const cut = t.indexOf(' МЕРОПРИЯТИЙ');
      wide(t.slice(0, cut), chance(0.5));
      wide(t.slice(cut + 1), chance(0.5));
    } else wide(t, chance(0.7));
  } else if (titleStyle === 'template') wide(d.title + yearTail, chance(0.7));
  else wide(pick(d.synonyms) + yearTail, chance(0.5));
  const munValue = pick([`${munNom} район`, `${munNom} муниципальный район`]);
  const munField = d.header.find((f) => f.id === 'municipality')!;
  const munLabel = pick([munField.label, ...munField.synonyms]);
  if (munPlace === 'row') {
    put(r, NO, munLabel);
    if (chance(0.5)) merges.push([r, NO, r, LABEL]);
    put(r, dateCol[0] > LABEL ? Math.min(...dateCol) : LABEL + 1, munValue);
    r++;
  } else if (munPlace === 'colon') {
    put(r, NO, `${munLabel}: ${munValue}`);
    r++;
  }
  const yearField = d.header.find((f) => f.id === 'year')!;
  if (yearSomewhere && !yearInTitle) {
    const label = pick([yearField.label, ...yearField.synonyms]);
    if (chance(0.5)) {
      put(r, NO, label);
      put(r, Math.min(...dateCol), pick<GridCell>([year, `${year} год`]));
    } else put(r, NO, `${label}: ${year}`);
    r++;
  }
  if (chance(0.5)) r++;

  const labelText = (row: CardRow, text: string): string => {
    if (numbering !== 'label' || !row.no) return broken(text);
    const n = numberStyle === 'paren' ? row.no : row.no.replace(/[()]/g, '') + '.';
    return `${n} ${broken(text)}`;
  };
  const noText = (row: CardRow): string | null => {
    if (numbering !== 'column' || !row.no) return null;
    return numberStyle === 'paren' ? row.no : row.no.replace(/[()]/g, '') + '.';
  };
  const labelRow = (no: string | null, label: string, values: GridCell[], id: string | null): void => {
    if (no) put(r, NO, no);
    if (mergeLabel) {
      put(r, NO, label);
      merges.push([r, NO, r, LABEL]);
    } else put(r, LABEL, label);
    values.forEach((v, k) => put(r, dateCol[k], v));
    if (betweenCol >= 0 && between === 'hidden') put(r, betweenCol, `к${r}`);
    if (comment && chance(0.3)) put(r, commentCol, pick(['см. приказ', 'данные уточняются', 'по данным ОО']));
    if (hiddenEnd) put(r, hiddenEndCol, r);
    if (chance(0.1)) comments.push([r, mergeLabel ? NO : LABEL, 'Заполняет МОУО']);
    if (id) fieldCells[id] = d.dates.map((_, k) => a1(r, dateCol[k]));
    r++;
  };
  const sectionTitle = (id: string): void => {
    const s = d.sections.find((x) => x.id === id)!;
    const options = [s.title, ...s.synonyms];
    if (SEED_003_CARD.sections[id]) options.push(SEED_003_CARD.sections[id]);
    let t = wording === 'seed' ? SEED_003_CARD.sections[id] : pick(options);
    if (!/^\d/.test(t) && chance(0.5)) t = `${id}. ${t}`;
    wide(t, chance(0.5));
  };
  const tableHeader = (first: string, noHeader: string | null, force = false): void => {
    if (!force && !repeatHeader) return;
    if (twoRowHeader) {
      if (noHeader) {
        put(r, NO, noHeader);
        merges.push([r, NO, r + 1, NO]);
      }
      put(r, LABEL, first);
      merges.push([r, LABEL, r + 1, LABEL]);
      const lo = Math.min(...dateCol);
      put(r, lo, 'Значение показателя на отчётную дату');
      merges.push([r, lo, r, lo + nDates - 1]);
      if (comment) {
        put(r, commentCol, 'Примечание');
        merges.push([r, commentCol, r + 1, commentCol]);
      }
      r++;
      d.dates.forEach((_, k) => put(r, dateCol[k], dateHeader(k)));
      r++;
    } else {
      if (noHeader) put(r, NO, noHeader);
      put(r, LABEL, first);
      d.dates.forEach((_, k) => put(r, dateCol[k], dateHeader(k)));
      if (comment) put(r, commentCol, 'Примечание');
      if (between === 'hidden') put(r, betweenCol, 'служебный');
      r++;
    }
  };
  const conclusionRows = (): void => {
    if (!conclusions) return;
    if (chance(0.5)) {
      put(r++, NO, 'Вывод:');
      put(r++, NO, 'Проблема:');
    } else put(r++, NO, 'Вывод: Проблема:');
  };

  // Section 1.
  sectionTitle('1');
  tableHeader(pick([d.labelHeader, 'Показатели']), numbering === 'column' ? pick(['№', 'No', '№ п/п']) : null, true);
  if (munPlace === 'table') {
    put(r, mergeLabel ? NO : LABEL, munLabel);
    if (mergeLabel) merges.push([r, NO, r, LABEL]);
    const lo = Math.min(...dateCol);
    put(r, lo, munValue);
    merges.push([r, lo, r, lo + nDates - 1]);
    r++;
  }
  const s1 = d.sections[0];
  const order = [...s1.rows];
  if (shuffle1) order.sort(() => rand() - 0.5);
  for (const row of order) {
    const later = (v: GridCell): GridCell[] => [v, fillLater ? v : null, fillLater ? v : null];
    if (row.type === 'group') {
      if (schoolsMode === 'total') {
        const total = schools.noo + schools.ooo + schools.soo;
        const v: GridCell =
          totalStyle === 'number'
            ? total
            : totalStyle === 'slash'
              ? `${schools.noo}/${schools.ooo}/${schools.soo}`
              : `НОО – ${schools.noo}, ООО – ${schools.ooo}, СОО – ${schools.soo}`;
        labelRow(null, broken(SEED_003_CARD.rows['1.schools']), later(v), '1.schools');
      } else if (schoolsMode === 'full') {
        for (const it of row.items!) {
          const token = it.label.replace(/^[а-я]\)\s*/, '');
          const key = it.id.split('.').pop() as 'noo' | 'ooo' | 'soo';
          labelRow(null, broken(`${row.label} ${token}`), later(schools[key]), it.id);
        }
      } else {
        labelRow(noText(row), labelText(row, word(row.id, row)), [null, null, null], null);
        for (const it of row.items!) {
          const key = it.id.split('.').pop() as 'noo' | 'ooo' | 'soo';
          labelRow(null, pick([it.label, ...it.synonyms]), later(schools[key]), it.id);
        }
      }
      continue;
    }
    labelRow(noText(row), labelText(row, word(row.id, row)), later(texts[row.id]), row.id);
  }
  conclusionRows();
  if (chance(0.3)) r++;

  // Section 2: the measures.
  sectionTitle('2');
  const ms = d.sections.find((s) => s.measures)!.measures!;
  const [noCol, measureCol, execCol] = ms.columns;
  const mHeader =
    wording === 'seed'
      ? SEED_003_CARD.measureHeader
      : pick([measureCol.header, ...measureCol.synonyms, SEED_003_CARD.measureHeader]);
  const nHeader = pick([noCol.header, ...noCol.synonyms]);
  if (measuresHeader === 'merged') {
    put(r, NO, nHeader);
    put(r, LABEL, mHeader);
    if (chance(0.5)) {
      merges.push([r, NO, r + 1, NO]);
      merges.push([r, LABEL, r + 1, LABEL]);
    }
    const lo = Math.min(...dateCol);
    put(r, lo, pick([execCol.header, ...execCol.synonyms]));
    merges.push([r, lo, r, lo + nDates - 1]);
    if (comment) put(r, commentCol, 'Примечание');
    r++;
    d.dates.forEach((_, k) => put(r, dateCol[k], dateHeader(k)));
    r++;
  } else {
    put(r, NO, nHeader);
    put(r, LABEL, mHeader);
    d.dates.forEach((_, k) => put(r, dateCol[k], dateHeader(k)));
    if (comment) put(r, commentCol, 'Примечание');
    r++;
  }
  const mNumber = pick(['number', 'dot', 'text']);
  measures.forEach((m, i) => {
    put(r, NO, mNumber === 'number' ? i + 1 : mNumber === 'dot' ? `${i + 1}.` : String(i + 1));
    put(r, LABEL, broken(m.name));
    m.exec.forEach((v, k) => put(r, dateCol[k], v));
    if (comment && chance(0.3)) put(r, commentCol, 'выполнено частично');
    if (hiddenEnd) put(r, hiddenEndCol, r);
    measureCells.push(d.dates.map((_, k) => a1(r, dateCol[k])));
    r++;
  });
  if (overallMode !== 'none') {
    put(r, LABEL, pick([ms.overall.label, ...ms.overall.synonyms]));
    if (overallMode === 'mean') execution.forEach((v, k) => put(r, dateCol[k], v));
    r++;
  }
  conclusionRows();
  if (chance(0.3)) r++;

  // Section 3.
  sectionTitle('3');
  tableHeader(d.labelHeader, numbering === 'column' ? pick(['№', 'No', '№ п/п']) : null);
  const s3 = d.sections.find((s) => s.id === '3')!;
  for (const row of s3.rows) {
    const values = row.type === 'list' ? lists[row.id] : nums[row.id];
    labelRow(noText(row), labelText(row, word(row.id, row)), values, row.id);
  }
  conclusionRows();

  const sheetName = pick(['Информационная карта', 'Лист1', 'Карта', 'ИК']);
  const sheets: GridSheet[] = [{ name: sheetName, rows, merges, hiddenCols, comments }];

  // The sheet of schools.
  if (withSchoolsSheet) {
    const sc = d.schools;
    const srows: GridCell[][] = [];
    let y = 0;
    if (chance(0.5)) srows[y++] = ['Перечень ОО муниципалитета'];
    const cols = sc.columns.map((c) => c.row);
    srows[y++] = [
      d.noHeader,
      pick([sc.schoolHeader, ...sc.schoolSynonyms]),
      ...sc.columns.map((c) => pick([c.header, ...c.synonyms])),
    ];
    for (let i = 0; i < nSchools; i++)
      srows[y++] = [
        i + 1,
        `МБОУ «СОШ № ${i + 1}»`,
        ...cols.map((id) => (yes[id][i] ? pick(['да', 'Да']) : pick(['нет', 'Нет']))),
      ];
    sheets.push({ name: pick([sc.name, ...sc.synonyms.filter((s) => s !== 'ОО')]), rows: srows });
  }

  let expected: CardVariant['expected'] = null;
  if (mistake && target) {
    const cell = target.kind === 'field' ? fieldCells[target.id][target.date] : measureCells[target.i][target.date];
    expected = { code: CARD_MISTAKES.find((x) => x.mistake === mistake)!.code, sheet: sheetName, cell };
  }
  return {
    seed,
    traits,
    bytes: writeGrid(sheets),
    sheet: sheetName,
    expected,
    truth: {
      municipality: munNom,
      year,
      schools: schoolsMode === 'total' && totalStyle === 'number' ? null : schools,
      schoolsTotal: schoolsMode === 'total' && totalStyle === 'number' ? schools.noo + schools.ooo + schools.soo : null,
      measures: nMeasures,
      execution,
      paraphrased,
    },
  };
}
