/**
 * Drafts of «Вывод» and «Проблема» for each criterion of the ДТК (DOMAIN.md §2.2), only from the
 * computed facts: the values of the key indicators with their years, their dynamics, the threshold
 * and targets, and the findings of the check. Deterministic: the same card gives the same text.
 *
 * «Вывод»: one sentence per key indicator that has a value in the current year — the value, the
 * previous year's value, the dynamics, and whether it is a low result or below its target; then one
 * sentence counting the indicators with positive, negative and stable dynamics.
 * «Проблема»: the findings that need action, most severe first (errors of the form, warnings, low
 * results, below-target shares, negative dynamics), numbered; «Проблем не выявлено.» when none.
 */
import { CODES, Issue } from '../issues';
import { formatNumberRu, formatPercentRu } from '../text';
import { DTK, DtkCriterion, DtkDescriptor, DtkRow, dtkRows, perDescriptor } from './descriptor';
import { FieldDynamics } from './dynamics';
import { DtkFinding, fieldNamesOf, showNumber, yearIn } from './validate';
import { DEFAULT_MEASURES, Measure } from '../report/catalogue';
import { DTK_SECTION_CODES } from '../report/recommend';

export interface DtkConclusion {
  /** The criterion: `1`, `2`, `3`. */
  section: string;
  conclusion: string;
  problem: string;
  /** The measures of the catalogue for the problems found (a «Рекомендации:» row, issue 14). */
  recommendation: string;
}

export const NO_PROBLEMS = 'Проблем не выявлено.';
export const NO_RECOMMENDATIONS =
  'Рекомендаций нет: низких результатов, показателей ниже целевых и отрицательной динамики не выявлено.';

/** The findings a measure answers; the rest (contradictions, filling errors, odd values) are to be corrected. */
const ADDRESSED = new Set(['LOW-RESULT', 'BELOW-TARGET', 'NEGATIVE-DYNAMICS']);

/** The key indicators of each criterion, with the names the conclusions use. */
export const KEY_INDICATORS: Record<string, [string, string][]> = {
  '1': [
    ['1.1.continuingShare', 'Доля выпускников 9 класса, продолжающих обучение на уровне СОО'],
    ['1.1.dropout.ooo', 'Отсев из основной школы'],
    ['1.1.dropout.soo', 'Отсев из средней школы'],
    ['1.1.noCertificate.ooo', 'Число не получивших аттестат об основном общем образовании'],
    ['1.1.repeaters.ooo', 'Число оставленных на повторный год обучения (ООО)'],
    ['1.2.progress.school.total', 'Общая успеваемость по школе'],
    ['1.2.progress.school.quality', 'Качественная успеваемость по школе'],
    ['1.2.vprRussian.g5', 'Доля обучающихся 5 классов, получивших «2» по ВПР по русскому языку'],
    ['1.2.vprRussian.g6', 'Доля обучающихся 6 классов, получивших «2» по ВПР по русскому языку'],
    ['1.2.vprMath.g5', 'Доля обучающихся 5 классов, получивших «2» по ВПР по математике'],
    ['1.2.vprMath.g6', 'Доля обучающихся 6 классов, получивших «2» по ВПР по математике'],
    ['1.3.oge.russian.main', 'Доля не преодолевших минимальный порог ОГЭ по русскому языку'],
    ['1.3.oge.math.main', 'Доля не преодолевших минимальный порог ОГЭ по математике'],
    ['1.3.ege.russian.main', 'Доля не преодолевших минимальный порог ЕГЭ по русскому языку'],
    ['1.3.ege.mathBase', 'Доля не преодолевших минимальный порог ЕГЭ по математике (базовый уровень)'],
    ['1.3.ege.mathProfile', 'Доля не преодолевших минимальный порог ЕГЭ по математике (профильный уровень)'],
  ],
  '2': [
    ['2.1.lowIncome', 'Доля обучающихся из малообеспеченных семей'],
    ['2.1.singleParent', 'Доля обучающихся из неполных семей'],
    ['2.1.largeFamily', 'Доля обучающихся из многодетных семей'],
    ['2.1.weakRussian', 'Доля обучающихся, слабо владеющих русским языком'],
    ['2.1.parentsEducation.higher', 'Доля родителей с высшим образованием'],
    ['2.2.registered', 'Доля обучающихся, состоящих на различных видах учёта'],
    ['2.2.contests', 'Доля обучающихся, участвующих в конкурсах и олимпиадах'],
  ],
  '3': [
    ['3.1.subjectHigherEducation', 'Доля педагогов с высшим образованием по предмету'],
    ['3.1.courses', 'Доля учителей, прошедших курсовую подготовку'],
    ['3.1.noCategory', 'Доля учителей без квалификационной категории'],
    ['3.1.partTime', 'Доля совместителей'],
    ['3.2.diagnostics', 'Доля педагогов, прошедших диагностику профессиональных дефицитов в ОО'],
    ['3.2.diagnosticsPositive', 'Доля педагогов с положительной динамикой по итогам диагностики в ОО'],
    ['3.2.independent', 'Доля педагогов, прошедших независимую диагностику'],
    ['3.2.independentPositive', 'Доля педагогов с положительной динамикой по итогам независимой диагностики'],
    ['3.3.methodicalInvolvement', 'Доля учителей, вовлечённых в методическую деятельность'],
    ['3.3.courses', 'Доля педагогов, прошедших курсовую подготовку (в том числе методический абонемент)'],
    ['3.3.partnerEvents', 'Доля педагогов, вовлечённых в мероприятия со школой-партнёром'],
    ['3.4.antiRiskPrograms', 'Количество разработанных антирисковых программ'],
    ['3.4.programsMatch', 'Доля программ, соответствующих результатам анкетирования'],
    ['3.4.riskMeasuresDone', 'Доля выполненных мероприятий по снижению факторов риска'],
    ['3.4.deficitsEliminated', 'Доля устранённых ресурсных дефицитов'],
  ],
};

export interface ConclusionFacts {
  years: readonly string[];
  threshold: number;
  num: (field: string, year: string) => number | null;
  dynamics: FieldDynamics[];
  findings: DtkFinding[];
  /** The catalogue of measures (the workbook's «Справочник мер», else the default of seed 001). */
  measures?: readonly Measure[];
}

const FORM_ERRORS: Partial<Record<string, string>> = {
  'MISSING-ROW': 'не найдено строк формы',
  'MISSING-VALUE': 'не заполнено обязательных значений',
  'OUT-OF-RANGE': 'значений вне допустимых границ',
  'NOT-A-NUMBER': 'текстов вместо чисел',
  'CELL-ERROR': 'ошибок Excel в ячейках',
};

/** Drafts the conclusions of every criterion. */
export function draftConclusions(f: ConclusionFacts, d: DtkDescriptor = DTK): DtkConclusion[] {
  return d.criteria.map((c) => ({
    section: c.id,
    conclusion: conclusionText(c, f, d),
    problem: problemText(c, f, d),
    recommendation: recommendationText(c, f, d),
  }));
}

/**
 * The drafts for a «Вывод» / «Проблема» pair that closes only some subsections of a criterion (the
 * order's form puts one after 1.1, 1.2 and 1.3): the same sentences, limited to those subsections.
 */
export function draftConclusionFor(
  c: DtkCriterion,
  sections: readonly string[],
  f: ConclusionFacts,
  d: DtkDescriptor = DTK,
): DtkConclusion {
  const scope = new Set(sections);
  return {
    section: c.id,
    conclusion: conclusionText(c, f, d, scope),
    problem: problemText(c, f, d, scope),
    recommendation: recommendationText(c, f, d, scope),
  };
}

/**
 * «Рекомендации»: for the subsections (in scope) with a problem a measure answers — a low result, an
 * indicator below its target, a negative dynamics (contradictions, filling errors and odd values are
 * to be corrected in the card, not addressed by a measure) — the
 * risk-factor codes of DOMAIN.md §5 they point to (DTK_SECTION_CODES, as the справка's «Адресные
 * рекомендации» use them) and the catalogue's measures for each code, numbered like the problems.
 */
function recommendationText(c: DtkCriterion, f: ConclusionFacts, d: DtkDescriptor, scope?: Set<string>): string {
  const real = { ...f, findings: f.findings.filter((x) => ADDRESSED.has(x.issue.code)) };
  const sections = c.sections.filter((x) => !scope || scope.has(x.id));
  const withProblems = sections.filter((x) => problemText(c, real, d, new Set([x.id])) !== NO_PROBLEMS);
  if (!withProblems.length) return NO_RECOMMENDATIONS;
  const codes: string[] = [];
  for (const x of withProblems)
    for (const code of DTK_SECTION_CODES[x.id] ?? DTK_SECTION_CODES[c.id] ?? [])
      if (!codes.includes(code)) codes.push(code);
  const measures = f.measures ?? DEFAULT_MEASURES;
  const items: string[] = [];
  for (const code of codes) {
    const mine = measures.filter((m) => m.code === code);
    if (!mine.length) {
      items.push(`фактор ${code}: мера не задана в справочнике мер (лист «Справочник мер»)`);
      continue;
    }
    for (const m of mine) {
      const who = [
        m.responsible && `ответственные: ${m.responsible}`,
        m.deadline && `срок: ${m.deadline.toLowerCase()}`,
      ]
        .filter(Boolean)
        .join('; ');
      items.push(`фактор ${code}: ${m.measure.replace(/[.;\s]+$/, '')}${who ? ` (${who})` : ''}`);
    }
  }
  const where = withProblems.map((x) => x.id).join(', ');
  return `По ${withProblems.length > 1 ? 'разделам' : 'разделу'} ${where}: ${items.map((t, i) => `${i + 1}) ${t}`).join('; ')}.`;
}

/** The subsection a field id or a section id belongs to: `1.2.vprMath.g5` → `1.2`. */
const sectionOf = (id: string): string => id.split('.').slice(0, 2).join('.');

/** What the drafts look up about a descriptor's fields, computed once per descriptor (read only). */
interface Tables {
  types: Map<string, string>;
  kinds: Map<string, string>;
  lowIds: Set<string>;
  targets: Map<string, NonNullable<DtkRow['target']>>;
  /** Field names for problems: the key indicators' own names over the fields' names. */
  names: Map<string, string>;
}

const tablesOf = perDescriptor((d): Tables => {
  const names = new Map(fieldNamesOf(d));
  for (const [id, name] of Object.values(KEY_INDICATORS).flat()) names.set(id, name);
  const rows = dtkRows(d);
  return {
    types: typeOf(d),
    kinds: kindOf(d),
    lowIds: new Set(rows.filter(({ row }) => row.lowResult).map(({ row }) => row.id)),
    targets: new Map(rows.flatMap(({ row }) => (row.target ? [[row.id, row.target] as const] : []))),
    names,
  };
});

function typeOf(d: DtkDescriptor): Map<string, string> {
  const m = new Map<string, string>();
  for (const { row } of dtkRows(d)) m.set(row.id, row.type);
  for (const c of d.criteria) for (const s of c.sections) for (const col of s.table?.columns ?? []) m.set(col.id, '%');
  return m;
}

function kindOf(d: DtkDescriptor): Map<string, string> {
  const m = new Map<string, string>();
  for (const { row } of dtkRows(d)) m.set(row.id, row.kind);
  return m;
}

function conclusionText(c: DtkCriterion, f: ConclusionFacts, d: DtkDescriptor, scope?: Set<string>): string {
  const inScope = (id: string): boolean => !scope || scope.has(sectionOf(id));
  const { types, kinds, lowIds, targets } = tablesOf(d);
  const dyn = new Map(f.dynamics.map((x) => [x.id, x]));
  const cur = f.years[f.years.length - 1];
  const prev = f.years.length >= 2 ? f.years[f.years.length - 2] : undefined;
  const sentences: string[] = [];

  if (c.id === '1' && cur && inScope('1.1')) {
    const total = (y: string): number | null => {
      const parts = ['noo', 'ooo', 'soo'].map((p) => f.num(`1.1.enrolment.${p}`, y));
      return parts[0] === null && parts[1] === null ? null : parts.reduce<number>((s, x) => s + (x ?? 0), 0);
    };
    const a = total(cur);
    const b = prev ? total(prev) : null;
    if (a !== null)
      sentences.push(
        `Численность обучающихся на конец учебного года: ${yearIn(cur)} — ${formatNumberRu(a, 0)}` +
          (b !== null && prev ? ` (${yearIn(prev)} — ${formatNumberRu(b, 0)}).` : '.'),
      );
  }

  for (const [id, name] of KEY_INDICATORS[c.id] ?? []) {
    if (!inScope(id)) continue;
    const type = types.get(id) ?? '%';
    if (kinds.get(id) === 'D') {
      const v = f.num(id, 'D');
      if (v === null) continue;
      const t = targets.get(id);
      let s = `${name} — ${showNumber(v, type)}`;
      if (t) {
        const below = v < t.value - 1e-9;
        s += `; целевое значение ${t.op === '=' ? '' : 'не менее '}${formatPercentRu(t.value, 0)} ${below ? 'не достигнуто' : 'достигнуто'}`;
      }
      sentences.push(s + '.');
      continue;
    }
    if (!cur) continue;
    const v = f.num(id, cur);
    if (v === null) continue;
    let s = `${name}: ${yearIn(cur)} — ${showNumber(v, type)}`;
    const p = prev ? f.num(id, prev) : null;
    if (p !== null && prev) s += ` (${yearIn(prev)} — ${showNumber(p, type)})`;
    const x = dyn.get(id);
    if (x?.last) {
      if (x.last.perHundred)
        s += `, на 100 обучающихся уровня — ${formatNumberRu(x.last.after, 2)} против ${formatNumberRu(x.last.before, 2)}`;
      s += `, динамика ${x.last.direction}`;
      if (x.trend && f.years.length >= 3) s += ` (за три года — ${x.trend.direction})`;
    }
    if (lowIds.has(id) && v >= f.threshold - 1e-9)
      s += `; низкий результат: не ниже порога ${formatPercentRu(f.threshold)}`;
    sentences.push(s + '.');
  }

  const prefix = c.id + '.';
  const inCriterion = f.dynamics.filter((x) => x.last && x.section.id.startsWith(prefix) && inScope(x.section.id));
  if (inCriterion.length) {
    const n = (dir: string): number => inCriterion.filter((x) => x.last!.direction === dir).length;
    sentences.push(
      `Из ${inCriterion.length} показателей с направлением, заполненных за ${prev ?? ''} и ${cur} учебные годы, динамика положительная у ${n('положительная')}, отрицательная у ${n('отрицательная')}, стабильная у ${n('стабильная')}.`,
    );
  }
  if (!sentences.length)
    return `Данных для вывода недостаточно: показатели ${scope ? 'раздела' : 'критерия'} не заполнены.`;
  return sentences.join(' ');
}

const RANK: Record<string, number> = {
  'DTK-INCONSISTENT': 0,
  'DTK-DERIVED-MISMATCH': 0,
  'DTK-SUM-OVER-100': 0,
  'LOW-RESULT': 20,
  'BELOW-TARGET': 21,
  'NEGATIVE-DYNAMICS': 22,
};

function problemText(c: DtkCriterion, f: ConclusionFacts, d: DtkDescriptor, scope?: Set<string>): string {
  const { names, types } = tablesOf(d);
  const prefix = c.id + '.';
  const mine = f.findings.filter(
    (x) => (x.issue.section ?? '').startsWith(prefix) && (!scope || scope.has(sectionOf(x.issue.section ?? ''))),
  );
  const cur = f.years[f.years.length - 1];
  const prev = f.years.length >= 2 ? f.years[f.years.length - 2] : undefined;
  const lines: { rank: number; order: number; text: string }[] = [];
  const show = (x: DtkFinding, v: number | undefined): string =>
    v === undefined ? '' : showNumber(v, types.get(x.field ?? '') ?? '%');
  const when = (y: string | undefined): string => (y && y !== 'D' ? ` ${yearIn(y)}` : '');
  const name = (x: DtkFinding): string => `«${names.get(x.field ?? '') ?? x.field ?? ''}»`;

  // Form errors other than inconsistencies: one line per kind, with the count.
  const counts = new Map<string, number>();
  mine.forEach((x, i) => {
    const code = x.issue.code;
    if (FORM_ERRORS[code]) {
      counts.set(code, (counts.get(code) ?? 0) + 1);
      return;
    }
    let text: string | null = null;
    let rank = RANK[code] ?? (x.issue.severity === 'error' ? 0 : x.issue.severity === 'warning' ? 10 : 30);
    switch (code) {
      case 'DTK-INCONSISTENT':
        text = `противоречие в данных: ${name(x)}${when(x.year)} — ${show(x, x.value)}, больше целого (${show(x, x.bound)})`;
        break;
      case 'DTK-DERIVED-MISMATCH':
        text = `расчётная доля ${name(x)}${when(x.year)} указана как ${show(x, x.value)}, а по количествам — ${show(x, x.bound)}`;
        break;
      case 'DTK-SUM-OVER-100':
        text = `сумма долей родителей по образованию${when(x.year)} — ${formatPercentRu(x.value ?? 0)}, больше 100 %`;
        break;
      case 'LOW-RESULT':
        if (x.year !== cur && x.year !== prev) return;
        text = `низкий результат: ${name(x)}${when(x.year)} — ${show(x, x.value)} (порог ${formatPercentRu(f.threshold)})`;
        rank += x.year === cur ? 0 : 0.5;
        break;
      case 'BELOW-TARGET':
        text = `ниже целевого значения: ${name(x)} — ${show(x, x.value)} (цель ${formatPercentRu(x.bound ?? 0, 0)})`;
        break;
      case 'NEGATIVE-DYNAMICS': {
        const dx = f.dynamics.find((y) => y.id === x.field)?.last;
        if (!dx) return;
        const per = dx.perHundred ? ' на 100 обучающихся' : '';
        const fmt = (v: number): string => (dx.perHundred ? formatNumberRu(v, 2) : show(x, v));
        text = `отрицательная динамика: ${name(x)}${per} — ${fmt(dx.before)} ${yearIn(dx.from)}, ${fmt(dx.after)} ${yearIn(dx.to)}`;
        break;
      }
      default:
        text = `${CODES[code].title.toLowerCase()}: ${x.field ? name(x) : `раздел ${x.issue.section}`}${when(x.year)}${x.issue.cell ? ` (ячейка ${x.issue.cell})` : ''}`;
    }
    lines.push({ rank, order: i, text });
  });
  const formErrors = [...counts.entries()].map(([code, n]) => `${FORM_ERRORS[code]} — ${n}`);
  if (formErrors.length)
    lines.push({
      rank: 1,
      order: -1,
      text: `карта заполнена не полностью или с ошибками (${formErrors.join(', ')}): исправьте их по листу «Проверка», выводы предварительные`,
    });
  if (!lines.length) return NO_PROBLEMS;
  lines.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return lines.map((l, i) => `${i + 1}) ${l.text}`).join('; ') + '.';
}

/** Issues of a criterion (for tests and the task pane). */
export function criterionOf(issue: Issue): string | null {
  const s = issue.section;
  if (!s || !/^\d/.test(s)) return null;
  return s.split('.')[0];
}
