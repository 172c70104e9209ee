/**
 * A generator of дорожная карта layouts (DOMAIN.md §5) from the descriptor, for the variant corpus
 * of test/roadmap/variants.test.ts. Each seed combines at random (a seeded RNG) the layout of seed
 * 001 (the order's title block, the factor table under a merged «Фактор негативного влияния
 * (риска)» over «наименование фактора | параметры | код параметра», factor names merged down or left
 * empty, the measures table after «II. Муниципальная дорожная карта …») with other layouts: one-row
 * headers in the wording of the descriptor's synonyms, columns in another order, the tables on two
 * sheets or the measures first, a row of column numbers under the header, the header repeated after
 * a page break, a measure's text continued on the next row, «Ответственные» merged over several
 * measures, extra blank, hidden and comment columns, an execution column, codes and dates in the
 * forms the seeds use. Filled consistently (every factor present in a school is covered), written
 * as real .xlsx bytes by @e965/xlsx. A mistake, when asked for, is written into one cell.
 */
import { rng } from '../../bench/rng';
import { MEASURE_COLUMNS, ROADMAP } from '../../src/engine/roadmap/descriptor';
import { a1 } from '../../src/engine/snapshot';
import { GridCell, GridSheet, dateSerial, writeGrid } from '../helpers/write-grid';

export type RoadmapMistake =
  'blank-responsible' | 'out-of-range' | 'text' | 'error' | 'unknown-code' | 'bad-date' | 'uncovered' | 'blank-code';

export const ROADMAP_MISTAKES: { mistake: RoadmapMistake; code: string }[] = [
  { mistake: 'blank-responsible', code: 'MISSING-VALUE' },
  { mistake: 'out-of-range', code: 'OUT-OF-RANGE' },
  { mistake: 'text', code: 'NOT-A-NUMBER' },
  { mistake: 'error', code: 'CELL-ERROR' },
  { mistake: 'unknown-code', code: 'ROADMAP-UNKNOWN-CODE' },
  { mistake: 'bad-date', code: 'ROADMAP-DATE' },
  { mistake: 'uncovered', code: 'ROADMAP-UNCOVERED' },
  { mistake: 'blank-code', code: 'MISSING-VALUE' },
];

/** The headers of seed 001 as printed. */
export const SEED_001_HEADERS = {
  factorTop: 'Фактор негативного влияния (риска)',
  factorSub: { factor: 'наименование фактора', parameter: 'параметры', code: 'код параметра' },
  schools: 'Перечень ШНОР, в работе которых проявляются негативные факторы',
  measures: {
    no: '№',
    measure: 'Мероприятие',
    form: 'Форма',
    code: 'Код параметра',
    contingent: 'Контингент',
    place: 'Место проведения',
    date: 'Дата проведения',
    responsible: 'Ответственные',
  } as Record<string, string>,
};

export interface RoadmapVariant {
  seed: number;
  traits: string[];
  bytes: Uint8Array;
  expected: { code: string; sheet: string; cell: string } | null;
  truth: { measures: number; present: number };
}

const MEASURES = [
  ['«Инновационная деятельность – условие развития системы образования»', 'Муниципальный педагогический форум'],
  ['Установление партнерских отношений с Центром занятости населения', 'Заключение договоров'],
  ['Диагностика профессиональных дефицитов с целью разработки ИОМ', 'Мониторинг'],
  ['«Формирование и оценка функциональной грамотности обучающихся»', 'Семинар'],
  ['«Я – эффективный учитель»', 'Групповая супервизия'],
  ['«Цифровая компетентность педагога»', 'Вебинар'],
  ['«Посвящение в учителя»', 'Торжественный прием у главы'],
  ['«Современный урок. Анализ и самоанализ урока»', 'Семинар'],
  ['Выявление учащихся, имеющих по одной «3» по результатам четвертей', 'Мониторинг'],
  ['«Организация ученического наставничества над «неуспевающими» учащимися»', 'Семинар'],
  ['«Психолого-педагогическое сопровождение учащихся с рисками учебной неуспешности»', 'Семинар в рамках РМО'],
  ['«Деятельность классных руководителей по взаимодействию с семьями обучающихся»', 'Круглый стол'],
];
const CONTINGENTS = [
  'Учителя ОО',
  'Педагоги ОО, заместители руководителей ОО',
  'Молодые педагоги со стажем менее 5 лет',
];
const PLACES = ['МКУ ЦРО', 'ОО', 'МБОУ СОШ № 2', 'Администрация'];
const RESPONSIBLE = ['ЦРО', 'УО, ЦРО', 'РМО, ШМО', 'УО, директора ОО', 'МТКП', 'ЦРО, директор МАОУ СОШ 31'];
const SCHOOLS = ['МБОУ СОШ № 5', 'МБОУ ООШ № 12', 'МАОУ СОШ № 31', 'МБОУ СОШ № 7'];

export function roadmapVariant(seed: number, mistake: RoadmapMistake | null = null): RoadmapVariant {
  const rand = rng(seed * 104729 + 3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number): boolean => rand() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const traits: string[] = [];
  const trait = <T>(name: string, v: T): T => {
    traits.push(`${name}=${String(v)}`);
    return v;
  };
  const d = ROADMAP;
  const year = int(2022, 2025);
  const all = d.catalogue.flatMap((f) => f.parameters.map((p) => p.code));
  // The factor left uncovered by the mistake: no measure may name it.
  const uncovered = mistake === 'uncovered' ? pick(all) : null;
  const codes = all.filter((c) => c !== uncovered);

  // --- Values.
  const present = new Set<string>();
  const nPresent = trait('present', int(0, 4));
  while (present.size < nPresent) present.add(pick(codes));
  const codeStyle = trait('codeStyle', pick(['dot', 'plain', 'number']));
  const codeText = (cs: string[]): GridCell => {
    if (codeStyle === 'number' && cs.length === 1) return Number(cs[0]);
    if (codeStyle === 'plain') return cs.join(', ');
    return cs.map((c) => c + '.').join(pick([', ', ',']));
  };
  const withExecution = trait(
    'execution',
    mistake === 'out-of-range' || mistake === 'text' || mistake === 'error' || chance(0.4),
  );
  interface M {
    values: Record<string, GridCell>;
    continued?: string;
  }
  const dateValue = (): GridCell =>
    pick<GridCell>([
      `Март ${year}`,
      `Май ${year}, апрель ${year + 1}`,
      `Апрель ${year + 1}.`,
      'По отдельному графику',
      'Каждую учебную четверть',
      'В течение года',
      `Сентябрь-октябрь ${year}`,
      `01.09.${year}`,
      { serial: dateSerial(year, 10, 15), format: 'dd.mm.yyyy' },
    ]);
  const measure = (cs: string[], i: number): M => {
    const [name, form] = MEASURES[i % MEASURES.length];
    const values: Record<string, GridCell> = {
      measure: name,
      form,
      code: codeText(cs),
      contingent: pick(CONTINGENTS),
      place: pick(PLACES),
      date: dateValue(),
      responsible: pick(RESPONSIBLE),
    };
    if (withExecution) values.execution = pick<GridCell>([0, 25, 50, 100, 'выполнено', 'в работе']);
    return { values };
  };
  const list: M[] = [];
  for (const c of present) list.push(measure([c], list.length));
  const extra = int(3, 10);
  for (let i = 0; i < extra; i++) {
    const cs = [pick(codes)];
    if (chance(0.3)) {
      const other = pick(codes);
      if (!cs.includes(other)) cs.push(other);
    }
    list.push(measure(cs, list.length));
  }
  list.sort(() => rand() - 0.5);

  // --- The mistake: an extra measure holding it, or a factor left uncovered.
  let target: { kind: 'measure'; index: number; col: string } | { kind: 'factor'; code: string } | null = null;
  if (uncovered) {
    present.add(uncovered);
    target = { kind: 'factor', code: uncovered };
  }
  if (mistake && mistake !== 'uncovered') {
    const m = measure([pick(codes)], int(0, 100));
    const col = {
      'blank-responsible': 'responsible',
      'out-of-range': 'execution',
      text: 'execution',
      error: 'execution',
      'unknown-code': 'code',
      'bad-date': 'date',
      'blank-code': 'code',
    }[mistake];
    m.values[col] = {
      'blank-responsible': null,
      'out-of-range': pick([150, -10, 101]),
      text: pick(['почти', 'частично сделано']),
      error: { error: '#REF!' as const },
      'unknown-code': pick(['7.1.', '9.2.', '1.9.']),
      'bad-date': pick(['уточняется', 'скоро', 'II полугодие как получится']),
      'blank-code': null,
    }[mistake];
    const index = int(0, list.length);
    list.splice(index, 0, m);
    target = { kind: 'measure', index, col };
  }
  // A measure's text continued on the next row (a page break in a typed order).
  if (trait('continued', chance(0.3))) {
    const m = list[int(0, list.length - 1)];
    if (!(target && target.kind === 'measure' && list[target.index] === m)) {
      const t = String(m.values.measure);
      const cut = t.indexOf(' ', Math.floor(t.length / 2));
      if (cut > 0) {
        m.values.measure = t.slice(0, cut);
        m.continued = t.slice(cut + 1);
      }
    }
  }

  // --- Layout choices.
  const sameSheet = trait('sameSheet', chance(0.7));
  const measuresFirst = trait('measuresFirst', !sameSheet && chance(0.5));
  const factorHeader = trait('factorHeader', pick(['seed', 'seed', 'oneRow']));
  const factorNames = trait('factorNames', pick(['merged', 'empty', 'repeated']));
  const measuresWording = trait('measuresWording', pick(['seed', 'synonyms']));
  const shuffleMeasures = trait('shuffleMeasures', chance(0.4));
  const numbersRow = trait('numbersRow', chance(0.25));
  const repeatHeader = trait('repeatHeader', pick(['none', 'none', 'header', 'blank']));
  const mergeResponsible = trait('mergeResponsible', chance(0.3));
  const extraCol = trait('extraCol', pick(['none', 'none', 'blank', 'hidden', 'comment']));
  const noStyle = trait('noStyle', pick(['number', 'dot']));
  const lead = trait('lead', pick([0, 0, 1]));

  const sheets: GridSheet[] = [];
  const newSheet = (name: string): GridSheet => {
    const s: GridSheet = { name, rows: [], merges: [], hiddenCols: [], comments: [] };
    sheets.push(s);
    return s;
  };
  const put = (s: GridSheet, r: number, c: number, v: GridCell): void => {
    (s.rows[r] ??= [])[c] = v;
  };

  const mainName = pick(['Приложение', 'Дорожная карта', 'Лист1']);
  let cursor = 0;
  const titleBlock = (s: GridSheet): void => {
    put(s, cursor++, lead + 4, 'Приложение к приказу управления образованием');
    put(s, cursor++, lead + 4, `от 18.04.${year} № 600`);
    cursor++;
    put(
      s,
      cursor,
      lead,
      pick([d.title, ...d.synonyms]) + ` в муниципальном образовании Белореченский район на ${year} год`,
    );
    s.merges!.push([cursor, lead, cursor, lead + 7]);
    cursor++;
    put(s, cursor++, lead, 'Цель: снижение доли обучающихся с рисками учебной неуспешности.');
    cursor++;
  };

  // --- The factor table.
  let factorCodeCell: Record<string, string> = {};
  const factorTable = (s: GridSheet): void => {
    put(s, cursor++, lead, 'I. Результаты входного аудита');
    put(s, cursor, lead, 'По результатам входного аудита негативных факторов выявлены следующие факторы.');
    s.merges!.push([cursor, lead, cursor, lead + 5]);
    cursor++;
    const C = { no: lead, factor: lead + 1, parameter: lead + 2, code: lead + 3, schools: lead + 4 };
    if (factorHeader === 'seed') {
      put(s, cursor, C.no, '№');
      s.merges!.push([cursor, C.no, cursor + 1, C.no]);
      put(s, cursor, C.factor, SEED_001_HEADERS.factorTop);
      s.merges!.push([cursor, C.factor, cursor, C.code]);
      put(s, cursor, C.schools, SEED_001_HEADERS.schools);
      s.merges!.push([cursor, C.schools, cursor + 1, C.schools]);
      cursor++;
      put(s, cursor, C.factor, SEED_001_HEADERS.factorSub.factor);
      put(s, cursor, C.parameter, SEED_001_HEADERS.factorSub.parameter);
      put(s, cursor, C.code, SEED_001_HEADERS.factorSub.code);
      cursor++;
    } else {
      for (const col of d.factors.columns)
        put(s, cursor, C[col.id as keyof typeof C], pick([col.header, ...col.synonyms]));
      cursor++;
    }
    for (const f of d.catalogue) {
      const first = cursor;
      f.parameters.forEach((p, k) => {
        if (k === 0) put(s, cursor, C.no, Number(f.no));
        if (k === 0 || factorNames === 'repeated') put(s, cursor, C.factor, f.name);
        put(s, cursor, C.parameter, p.name);
        put(s, cursor, C.code, codeStyle === 'number' ? Number(p.code) : codeStyle === 'plain' ? p.code : p.code + '.');
        put(
          s,
          cursor,
          C.schools,
          present.has(p.code)
            ? SCHOOLS.slice(0, int(1, 3)).join(pick(['; ', '\n']))
            : pick(['Отсутствует данная категория ОО', 'отсутствует', 'нет', '-']),
        );
        factorCodeCell[p.code] = a1(cursor, C.code);
        cursor++;
      });
      if (factorNames === 'merged' && f.parameters.length > 1) {
        s.merges!.push([first, C.factor, cursor - 1, C.factor]);
        s.merges!.push([first, C.no, cursor - 1, C.no]);
      }
    }
    cursor++;
  };

  // --- The measures table.
  const measureCells: Record<string, string>[] = [];
  const measuresTable = (s: GridSheet): void => {
    put(s, cursor, lead, `II. Муниципальная дорожная карта по профилактике учебной неуспешности на ${year} год`);
    if (chance(0.5)) s.merges!.push([cursor, lead, cursor, lead + 8]);
    cursor++;
    const ids = MEASURE_COLUMNS.filter((id) => id !== 'execution' || withExecution);
    const rest = ids.filter((id) => id !== 'no');
    if (shuffleMeasures) rest.sort(() => rand() - 0.5);
    const order: string[] = ['no', ...rest];
    if (extraCol !== 'none') order.splice(int(2, order.length), 0, `extra:${extraCol}`);
    const col: Record<string, number> = {};
    order.forEach((id, k) => (col[id] = lead + k));
    const header = (): void => {
      for (const id of order) {
        if (id.startsWith('extra:')) {
          if (extraCol === 'comment') put(s, cursor, col[id], 'Примечание');
          if (extraCol === 'hidden') put(s, cursor, col[id], 'служебный');
          continue;
        }
        const c = d.measures.columns.find((x) => x.id === id)!;
        const seedHeader = SEED_001_HEADERS.measures[id];
        put(
          s,
          cursor,
          col[id],
          measuresWording === 'seed' && seedHeader ? seedHeader : pick([c.header, ...c.synonyms]),
        );
      }
      cursor++;
    };
    header();
    if (extraCol === 'hidden') s.hiddenCols!.push(col['extra:hidden']);
    if (numbersRow) {
      order.forEach((id, k) => put(s, cursor, col[id], k + 1));
      cursor++;
    }
    const breakAt = repeatHeader === 'none' ? -1 : int(1, Math.max(1, list.length - 1));
    let mergeFrom = -1;
    let lastRow = -10;
    list.forEach((m, i) => {
      if (i === breakAt) {
        cursor++;
        if (repeatHeader === 'header') header();
        else cursor++;
      }
      put(s, cursor, col.no, noStyle === 'number' ? i + 1 : `${i + 1}.`);
      for (const [id, v] of Object.entries(m.values)) put(s, cursor, col[id], v);
      if (extraCol === 'comment' && chance(0.3)) put(s, cursor, col['extra:comment'], 'перенесено');
      if (extraCol === 'hidden') put(s, cursor, col['extra:hidden'], `к${i}`);
      measureCells.push(Object.fromEntries(order.map((id) => [id, a1(cursor, col[id])])));
      // «Ответственные» merged over this measure and the one before (same responsible).
      const isTarget = target?.kind === 'measure' && (target.index === i || target.index === i - 1);
      if (mergeResponsible && lastRow === cursor - 1 && mergeFrom < 0 && !isTarget && chance(0.3)) {
        s.rows[cursor][col.responsible] = null;
        s.merges!.push([cursor - 1, col.responsible, cursor, col.responsible]);
        mergeFrom = i;
      }
      lastRow = cursor;
      cursor++;
      if (m.continued) {
        put(s, cursor, col.measure, m.continued);
        cursor++;
      }
    });
    cursor++;
    put(s, cursor, lead, 'Ведущий специалист МКУ ЦРО');
    if (chance(0.5)) put(s, cursor, col.date, 'О.В. Крюкова');
    cursor++;
  };

  const main = newSheet(mainName);
  titleBlock(main);
  if (sameSheet) {
    factorTable(main);
    measuresTable(main);
  } else if (measuresFirst) {
    measuresTable(main);
    cursor = 0;
    factorTable(newSheet('Факторы'));
  } else {
    factorTable(main);
    cursor = 0;
    measuresTable(newSheet('Мероприятия'));
  }
  const sheetOf = (kind: 'factors' | 'measures'): string =>
    sameSheet
      ? mainName
      : measuresFirst === (kind === 'measures')
        ? mainName
        : kind === 'factors'
          ? 'Факторы'
          : 'Мероприятия';

  let expected: RoadmapVariant['expected'] = null;
  if (mistake) {
    const code = ROADMAP_MISTAKES.find((x) => x.mistake === mistake)!.code;
    if (target?.kind === 'measure')
      expected = { code, sheet: sheetOf('measures'), cell: measureCells[target.index][target.col] };
    else if (target?.kind === 'factor')
      expected = { code, sheet: sheetOf('factors'), cell: factorCodeCell[target.code] };
  }
  factorCodeCell = {};
  return { seed, traits, bytes: writeGrid(sheets), expected, truth: { measures: list.length, present: present.size } };
}
