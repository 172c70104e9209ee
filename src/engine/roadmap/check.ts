/**
 * The check of the дорожная карта (DOMAIN.md §5): every code of a measure is in the catalogue
 * (`ROADMAP-UNKNOWN-CODE`), every factor present in some school is covered by a measure
 * (`ROADMAP-UNCOVERED`), dates are a month and year, a period, a date or a recurring phrase
 * (`ROADMAP-DATE`), the measure, form, code, date and responsible are filled (`MISSING-VALUE`).
 * Indicators: coverage of each factor by measures, and the share of measures done when the table
 * has a status/execution column (it feeds the information card).
 */
import { Edit, TableBlock } from '../edits';
import { highlightEdits, isDateFormat, serialToDate } from '../grid';
import { Issue, makeIssue } from '../issues';
import { buildCheckSheet } from '../report';
import { CellValue, SheetView, WorkbookSnapshot, isCellError, parseA1 } from '../snapshot';
import { clipText, formatPercentRu, normalizeLabel, plural, roundTo } from '../text';
import { readNumber, showValue } from '../values';
import { ROADMAP, RoadmapDescriptor } from './descriptor';
import { RoadmapLocation, isAbsent, locateRoadmap } from './locate';

export interface RoadmapCheckOptions {
  /** The date of the check, shown on «Проверка» (the engine reads no clock). */
  date: string;
}

export interface RoadmapCheckResult {
  location: RoadmapLocation;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: { section: string; conclusion: string; problem: string }[];
  edits: Edit[];
}

const MONTH =
  /^(январ[ьяею]|феврал[ьяею]|март[ае]?|апрел[ьяею]|ма[йяе]|июн[ьяею]|июл[ьяею]|август[ае]?|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею])$/;
const YEAR = /^(?:19|20)\d\d$/;
const FULL_DATE = /^\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})$/;

/**
 * True for a date the roadmap accepts: a month and year (`Март 2023`, `Апрель 2024.`), a period
 * (`Май 2023, апрель 2024`, `Сентябрь-октябрь`, `сентябрь 2023 – май 2024`), a full date, or one of
 * the descriptor's recurring phrases. Trailing punctuation and `г.`/`года` are ignored.
 */
export function isRoadmapDate(text: string, d: RoadmapDescriptor = ROADMAP): boolean {
  const n = normalizeLabel(text);
  if (n === '') return false;
  if (d.datePhrases.some((p) => normalizeLabel(p) === n)) return true;
  const items = n
    .split(/[,;]|\s+и\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return false;
  return items.every((item) => {
    const tokens = item
      .replace(/[–—]/g, '-')
      .replace(/\s*-\s*/g, ' - ')
      .split(/\s+/)
      .filter((t) => !/^(?:-|по|с|\.|гг?\.?|года?|учебного|уч\.?)$/.test(t));
    if (tokens.length === 0) return false;
    let anchor = false;
    for (const raw of tokens) {
      const t = raw.replace(/\.$/, '').replace(/^(\d{4})г$/, '$1');
      if (MONTH.test(t) || FULL_DATE.test(raw) || FULL_DATE.test(t)) anchor = true;
      else if (!YEAR.test(t)) return false;
    }
    return anchor;
  });
}

const DONE = new Set([
  'выполнено',
  'исполнено',
  'выполнен',
  'исполнен',
  'проведено',
  'реализовано',
  'да',
  '+',
  'завершено',
]);
const NOT_DONE = new Set([
  'не выполнено',
  'не исполнено',
  'в работе',
  'в процессе',
  'запланировано',
  'нет',
  'перенесено',
  'не проведено',
  'выполняется',
]);

/**
 * The execution of one measure as percent points: a number 0–100, «выполнено» → 100, «в работе» /
 * «не выполнено» → 0; null when empty, out of range or unreadable (the check reports those).
 */
export function readExecution(v: CellValue, format?: string | null): number | null {
  const r = readNumber(v, format);
  if (r.kind === 'number') return r.value >= 0 && r.value <= 100 ? r.value : null;
  if (r.kind === 'text' || r.kind === 'na') {
    const t = normalizeLabel(r.text);
    if (DONE.has(t)) return 100;
    if (NOT_DONE.has(t)) return 0;
  }
  return null;
}

export function checkRoadmap(
  wb: WorkbookSnapshot,
  opts: RoadmapCheckOptions,
  d: RoadmapDescriptor = ROADMAP,
): RoadmapCheckResult {
  const loc = locateRoadmap(wb, d);
  const issues: Issue[] = [...loc.issues];
  const views = new Map(wb.sheets.map((s) => [s.name, new SheetView(s)]));
  const catalogueName = loc.catalogueSheet ? `листе «${loc.catalogueSheet}»` : 'справочнике факторов по умолчанию';
  const known = (code: string): boolean => loc.catalogue.has(code);
  /** The Excel error in a cell (`#REF!` …), or null. */
  const errorAt = (sheet: string | null, cell: string | undefined): string | null => {
    const view = sheet ? views.get(sheet) : undefined;
    const p = cell ? parseA1(cell) : null;
    if (!view || !p) return null;
    const v = view.get(p.row, p.col);
    return isCellError(v) ? v.error : null;
  };
  /** An empty required cell: `CELL-ERROR` when it holds an Excel error, else `MISSING-VALUE`. */
  const missing = (where: { sheet: string | null; cell: string | null; section: string }, message: string): void => {
    const err = errorAt(where.sheet, where.cell ?? undefined);
    if (err)
      issues.push(
        makeIssue(
          'CELL-ERROR',
          where,
          `${message.replace(/: не (?:указан|заполнен)[^.]*\./, '')}: в ячейке ${where.cell} ошибка Excel ${err}.`,
          err,
        ),
      );
    else issues.push(makeIssue('MISSING-VALUE', where, message));
  };

  // --- Factors.
  const ft = loc.factorsTable;
  const fsheet = ft?.sheet ?? null;
  const present: typeof loc.factors = [];
  for (const f of loc.factors) {
    const where = (id: string): { sheet: string | null; cell: string | null; section: string } => ({
      sheet: fsheet,
      cell: f.cells[id] ?? null,
      section: 'I',
    });
    const name = f.parameter ? `«${clipText(f.parameter)}»` : `строка ${f.row + 1}`;
    if (!f.codeText) missing(where('code'), `Таблица факторов, параметр ${name}: не указан код параметра.`);
    else if (f.codes.length === 0)
      issues.push(
        makeIssue(
          'ROADMAP-UNKNOWN-CODE',
          where('code'),
          `Таблица факторов, параметр ${name}: «${f.codeText}» — не код параметра. Запишите код из справочника, например 2.1.`,
          f.codeText,
        ),
      );
    else
      for (const c of f.codes.filter((x) => !known(x)))
        issues.push(
          makeIssue(
            'ROADMAP-UNKNOWN-CODE',
            where('code'),
            `Таблица факторов, параметр ${name}: кода ${c} нет в ${catalogueName}.`,
            c,
          ),
        );
    if (ft?.cols.parameter !== undefined && !f.parameter)
      missing(where('parameter'), `Таблица факторов, код ${f.codeText ?? '?'}: не указан параметр.`);
    if (ft?.cols.factor !== undefined && !f.factor)
      missing(where('factor'), `Таблица факторов, код ${f.codeText ?? '?'}: не указан фактор.`);
    if (!f.schools)
      missing(
        where('schools'),
        `Таблица факторов, код ${f.codeText ?? '?'}: не заполнен перечень ОО, в работе которых проявляется фактор. Если фактор не проявляется, напишите «отсутствует».`,
      );
    else if (!isAbsent(f.schools, d)) present.push(f);
  }

  // --- Measures.
  const mt = loc.measuresTable;
  const msheet = mt?.sheet ?? null;
  const mcols = d.measures.columns;
  let withStatus = 0;
  let done = 0;
  const execValues: number[] = [];
  for (const m of loc.measures) {
    const where = (id: string): { sheet: string | null; cell: string | null; section: string } => ({
      sheet: msheet,
      cell: m.cells[id] ?? null,
      section: 'II',
    });
    const name = m.text.measure ? `Мероприятие № ${m.no} ${quoted(m.text.measure)}` : `Мероприятие № ${m.no}`;
    for (const c of mcols) {
      if (!c.required || mt?.cols[c.id] === undefined) continue;
      if (c.id === 'date' && dateCellValue(views, msheet, m.cells.date) !== null) continue;
      if (!m.text[c.id]) missing(where(c.id), `${name}: не заполнен столбец «${c.header}».`);
    }
    // Codes.
    if (m.text.code) {
      if (m.codes.length === 0)
        issues.push(
          makeIssue(
            'ROADMAP-UNKNOWN-CODE',
            where('code'),
            `${name}: «${m.text.code}» — не код параметра. Запишите коды из справочника через запятую, например «2.1., 2.2.».`,
            m.text.code,
          ),
        );
      const unknown = m.codes.filter((c) => !known(c));
      if (unknown.length)
        issues.push(
          makeIssue(
            'ROADMAP-UNKNOWN-CODE',
            where('code'),
            `${name}: ${unknown.length > 1 ? 'кодов' : 'кода'} ${unknown.join(', ')} нет в ${catalogueName}.`,
            unknown.join(', '),
          ),
        );
    }
    // Date.
    if (mt?.cols.date !== undefined) {
      const dv = dateCellValue(views, msheet, m.cells.date);
      if (dv === null && m.text.date && !isRoadmapDate(m.text.date, d))
        issues.push(
          makeIssue(
            'ROADMAP-DATE',
            where('date'),
            `${name}: срок «${m.text.date}» не распознан. Укажите месяц и год («Март 2023»), период («Май 2023, апрель 2024»), дату или «В течение года».`,
            m.text.date,
          ),
        );
    }
    // Status / execution.
    if (mt?.cols.execution !== undefined && m.cells.execution) {
      const view = views.get(msheet!)!;
      const p = parseA1(m.cells.execution)!;
      const v = view.get(p.row, p.col);
      const r = readNumber(v, view.format(p.row, p.col));
      if (r.kind === 'number') {
        if (r.value < 0 || r.value > 100)
          issues.push(
            makeIssue(
              'OUT-OF-RANGE',
              where('execution'),
              `${name}: исполнение ${showValue(r.value)} — должно быть от 0 до 100 %.`,
              r.value,
            ),
          );
        else {
          withStatus++;
          execValues.push(r.value);
          if (r.value >= 100) done++;
        }
      } else if (r.kind === 'error')
        issues.push(
          makeIssue('CELL-ERROR', where('execution'), `${name}: в ячейке исполнения ошибка Excel ${r.error}.`, r.error),
        );
      else if (r.kind === 'text' || r.kind === 'na') {
        const t = normalizeLabel(r.text);
        if (DONE.has(t)) {
          withStatus++;
          done++;
          execValues.push(100);
        } else if (NOT_DONE.has(t)) {
          withStatus++;
          execValues.push(0);
        } else if (r.kind === 'text')
          issues.push(
            makeIssue(
              'NOT-A-NUMBER',
              where('execution'),
              `${name}: исполнение ${showValue(v)} — укажите процент (0–100) или «выполнено» / «не выполнено».`,
              r.text,
            ),
          );
      }
    }
  }

  // --- Coverage: which measures cover each code.
  const coveredBy = new Map<string, string[]>();
  for (const m of loc.measures) for (const c of m.codes) coveredBy.set(c, [...(coveredBy.get(c) ?? []), m.no]);
  const uncovered: typeof present = [];
  if (mt)
    for (const f of present) {
      if (f.codes.length === 0) continue;
      const missingCodes = f.codes.filter((c) => !coveredBy.has(c));
      if (missingCodes.length === 0) continue;
      uncovered.push(f);
      issues.push(
        makeIssue(
          'ROADMAP-UNCOVERED',
          { sheet: fsheet, cell: f.cells.code ?? null, section: 'I' },
          `Фактор «${clipText(f.factor ?? '')}», параметр ${missingCodes.join(', ')} «${clipText(f.parameter ?? '')}» проявляется (${clipText(f.schools ?? '', 80)}), но ни одно мероприятие не направлено на него. Добавьте мероприятие с кодом ${missingCodes.join(', ')}.`,
          missingCodes.join(', '),
        ),
      );
    }

  // --- Indicators.
  const ind: Record<string, number | string | null> = {
    catalogue: loc.catalogueSheet ?? 'по умолчанию',
    parameters: loc.factors.length,
    factorsPresent: present.length,
    factorsCovered: present.length - uncovered.length,
    factorsUncovered: uncovered.length,
    measures: loc.measures.length,
    measuresWithStatus: mt?.cols.execution !== undefined ? withStatus : null,
    measuresDone: mt?.cols.execution !== undefined ? done : null,
    measuresDoneShare: withStatus ? roundTo((done / withStatus) * 100, 1) : null,
    executionMean: execValues.length ? roundTo(execValues.reduce((a, b) => a + b, 0) / execValues.length, 1) : null,
  };
  for (const f of loc.factors) for (const c of f.codes) ind[`coverage.${c}`] = (coveredBy.get(c) ?? []).join(', ');

  // --- Conclusions.
  const problems = (section: string, extra: string[]): string => {
    const list = [
      ...issues.filter((i) => i.section === section && i.severity === 'error').map((i) => i.message),
      ...extra,
      ...issues.filter((i) => i.section === section && i.severity === 'warning').map((i) => i.message),
    ];
    if (!list.length) return 'Проблем не выявлено.';
    const shown = list.slice(0, 6).map((x) => x.replace(/\.$/, ''));
    const out = shown.join('; ') + (list.length > 6 ? `; и ещё ${list.length - 6}.` : '.');
    return out.charAt(0).toUpperCase() + out.slice(1);
  };
  const codesOf = (rows: typeof present): string => rows.flatMap((f) => f.codes).join(', ');
  const c1: string[] = [];
  c1.push(
    `В таблице факторов ${loc.factors.length} ${plural(loc.factors.length, 'параметр', 'параметра', 'параметров')}; проявляются в школах: ${present.length ? `${present.length} (${codesOf(present)})` : 'ни один'}.`,
  );
  if (present.length && !mt) c1.push('Охват мероприятиями не проверен: таблица мероприятий не найдена.');
  else if (present.length)
    c1.push(
      uncovered.length
        ? `Охвачены мероприятиями ${present.length - uncovered.length} из ${present.length}; не охвачены: ${codesOf(uncovered)}.`
        : 'Все проявившиеся факторы охвачены мероприятиями.',
    );
  const c2: string[] = [`Мероприятий в дорожной карте: ${loc.measures.length}.`];
  const coveredCodes = [...coveredBy.keys()].filter(known).sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
  if (coveredCodes.length) c2.push(`Мероприятия направлены на параметры ${coveredCodes.join(', ')}.`);
  if (withStatus)
    c2.push(
      `Выполнено ${done} из ${withStatus} ${plural(withStatus, 'мероприятия', 'мероприятий', 'мероприятий')} с отметкой об исполнении (${formatPercentRu(ind.measuresDoneShare as number)}).`,
    );
  const conclusions = [
    { section: 'I', conclusion: c1.join(' '), problem: problems('I', []) },
    { section: 'II', conclusion: c2.join(' '), problem: problems('II', []) },
  ];

  // --- Edits: highlights, «Проверка» with the coverage table.
  const edits: Edit[] = [{ kind: 'clearHighlights' }, ...highlightEdits(issues)];
  const check = buildCheckSheet('roadmap', issues, opts.date);
  const rows = loc.factors.flatMap((f) =>
    (f.codes.length ? f.codes : [f.codeText ?? '']).map((c) => {
      const cat = loc.catalogue.get(c);
      const by = coveredBy.get(c) ?? [];
      const isPresent = present.includes(f);
      return [
        c,
        f.factor ?? cat?.factor ?? '',
        f.parameter ?? cat?.parameter ?? '',
        f.schools ?? '',
        isPresent ? 'да' : 'нет',
        by.join(', '),
        by.length,
      ];
    }),
  );
  const coverage: TableBlock = {
    kind: 'table',
    name: 'shnor_roadmap_coverage',
    heading: 'Охват факторов риска мероприятиями',
    columns: [
      { header: 'Код параметра', width: 10 },
      { header: 'Фактор', width: 30 },
      { header: 'Параметр', width: 40 },
      { header: 'Перечень ОО', width: 30 },
      { header: 'Проявляется', width: 12 },
      { header: 'Мероприятия (№)', width: 18 },
      { header: 'Число мероприятий', format: 'integer', width: 12 },
    ],
    rows: rows.length ? rows : [['', '', '', '', '', '', null]],
    tones: rows.flatMap((r, i): [number, number, 'error'][] => (r[4] === 'да' && r[6] === 0 ? [[i, 6, 'error']] : [])),
  };
  check.blocks.push(coverage);
  check.blocks.push({
    kind: 'pairs',
    heading: 'Показатели дорожной карты',
    rows: [
      ['Мероприятий', loc.measures.length],
      ['Проявившихся факторов (параметров)', present.length],
      ['Из них охвачены мероприятиями', present.length - uncovered.length],
      ['Мероприятий с отметкой об исполнении', withStatus],
      ['Доля выполненных мероприятий, %', (ind.measuresDoneShare as number | null) ?? 'нет данных'],
      ['Справочник факторов', loc.catalogueSheet ? `лист «${loc.catalogueSheet}»` : 'по умолчанию (DOMAIN, seed 001)'],
    ],
  });
  edits.push({ kind: 'replaceSheet', sheet: check });
  return { location: loc, issues, indicators: ind, conclusions, edits };
}

/** A date cell holding an Excel date (a number with a date format, or an ISO date string): its text; else null. */
function dateCellValue(views: Map<string, SheetView>, sheet: string | null, cell: string | undefined): string | null {
  if (!sheet || !cell) return null;
  const view = views.get(sheet);
  const p = parseA1(cell);
  if (!view || !p) return null;
  const v = view.get(p.row, p.col);
  if (typeof v === 'number' && isDateFormat(view.format(p.row, p.col))) {
    const d = serialToDate(v);
    return d ? `${d.day}.${d.month}.${d.year}` : null;
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 10);
  return null;
}

/** «text», without doubling the quotes of a title already in «…». */
function quoted(s: string): string {
  const t = clipText(s);
  if (!t.startsWith('«')) return `«${t}»`;
  return t.endsWith('»') ? t : `${t}»`;
}
