/**
 * The check of a «план мероприятий» (issue 15; seeds 000, 002, 003, 004). For every measure:
 * the text, the deadline and the responsible are filled (`MISSING-VALUE`), a result or indicator
 * when the plan has that column (`PLAN-NO-RESULT`); the deadline is readable (`PLAN-DATE`) and,
 * when its year is written, inside the plan's period (`PLAN-DATE-OUTSIDE`); a number is not
 * given twice (`PLAN-NUMBER-REPEATED`). A plan without a responsible column is `MISSING-ROW`.
 *
 * The «Проверка» sheet lists the measures with their deadlines as read and whether each deadline
 * has come by the date of the check, so a municipal specialist sees what to ask about.
 */
import { Edit, TableBlock } from '../edits';
import { highlightEdits } from '../grid';
import { Issue, makeIssue } from '../issues';
import { buildCheckSheet } from '../report';
import { WorkbookSnapshot } from '../snapshot';
import { clipText, plural } from '../text';
import { PlanDate, formatSpan, readPlanDate } from './dates';
import { PLAN, PlanDescriptor, planColumn } from './descriptor';
import { PlanLocation, PlanMeasure, PlanTable, locatePlan, numberLevels } from './locate';

export interface PlanCheckOptions {
  /** The date of the check, «ДД.ММ.ГГГГ» (the engine reads no clock). */
  date: string;
}

export interface PlanCheckResult {
  location: PlanLocation;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: { section: string; conclusion: string; problem: string }[];
  edits: Edit[];
}

const SECTION = 'План';

/** «мероприятие 1.2 (строка 7) «Проведение …»»; `start`: with a capital letter, to open a sentence. */
function name(m: PlanMeasure, start = false): string {
  const no = m.no ? ` ${m.no.replace(/[.,:;]+$/, '')}` : '';
  const text = m.text.measure ? ` «${clipText(m.text.measure, 50)}»` : '';
  return `${start ? 'М' : 'м'}ероприятие${no} (строка ${m.row + 1})${text}`;
}

/** The day of a «ДД.ММ.ГГГГ» check date as a comparable number, or null. */
function dayKey(date: string): number | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(date.trim());
  return m ? Number(m[3]) * 400 + Number(m[2]) * 32 + Number(m[1]) : null;
}

/** Has the deadline come by the check date: «да» / «нет» / «постоянно» / «» (unknown). */
function due(read: PlanDate, today: number | null): string {
  if (read.last && today !== null) {
    const l = read.last;
    return l.year * 400 + l.month * 32 + (l.day ?? 31) <= today ? 'да' : 'нет';
  }
  return read.recurring ? 'постоянно' : '';
}

/** `located`: the plan as `detect` found it (with the same descriptor), so it is not located twice. */
export function checkPlan(
  wb: WorkbookSnapshot,
  opts: PlanCheckOptions,
  d: PlanDescriptor = PLAN,
  located?: PlanLocation,
): PlanCheckResult {
  const loc = located ?? locatePlan(wb, d);
  const issues: Issue[] = [...loc.issues];
  const today = dayKey(opts.date);
  const lines: { t: PlanTable; m: PlanMeasure; read: PlanDate | null }[] = [];
  let readable = 0;
  let withResponsible = 0;
  let outside = 0;

  for (const t of loc.tables) {
    const where = (cell: string | undefined): { sheet: string; cell: string | null; section: string } => ({
      sheet: t.sheet,
      cell: cell ?? null,
      section: SECTION,
    });
    if (t.cols.responsible === undefined)
      issues.push(
        makeIssue(
          'MISSING-ROW',
          where(t.headerCell),
          `В плане мероприятий на листе «${t.sheet}» нет столбца «${planColumn('responsible', d).header}» (ищется и «Ответственный», «Исполнители»). Без него не видно, кто отвечает за каждое мероприятие: добавьте столбец.`,
        ),
      );
    if (t.measures.length === 0)
      issues.push(
        makeIssue(
          'MISSING-ROW',
          where(t.headerCell),
          `Под заголовком плана мероприятий (${t.headerCell}) нет ни одного мероприятия. Заполните таблицу или удалите пустой заголовок.`,
        ),
      );
    const seen = new Map<string, PlanMeasure>();
    for (const m of t.measures) {
      // Required fields.
      for (const id of ['measure', 'date', 'responsible'] as const) {
        if (t.cols[id] === undefined || m.text[id]) continue;
        const col = planColumn(id, d);
        const what =
          id === 'measure'
            ? 'не указано, что будет сделано'
            : id === 'date'
              ? 'не указан срок'
              : 'не указан ответственный';
        issues.push(
          makeIssue(
            'MISSING-VALUE',
            where(m.cells[id]),
            `${name(m, true)}: ${what} (столбец «${col.header}», ячейка ${m.cells[id]}).`,
          ),
        );
      }
      if (m.text.responsible) withResponsible++;
      if (t.cols.result !== undefined && !m.text.result && m.text.measure)
        issues.push(
          makeIssue(
            'PLAN-NO-RESULT',
            where(m.cells.result),
            `${name(m, true)}: не указан результат (показатель), по которому видно исполнение (ячейка ${m.cells.result}).`,
          ),
        );
      // The deadline.
      let read: PlanDate | null = null;
      if (m.text.date) {
        read = readPlanDate(m.text.date, t.period, d);
        if (!read.readable)
          issues.push(
            makeIssue(
              'PLAN-DATE',
              where(m.cells.date),
              `Срок «${clipText(m.text.date)}» (${name(m)}, ячейка ${m.cells.date}) не читается как дата, месяц, период или повторяющийся срок. Запишите, например, «к 30.06.2023», «апрель – май 2023», «ежеквартально» или «в течение года».`,
              m.text.date,
            ),
          );
        else {
          readable++;
          if (t.period) {
            const p = t.period;
            const off = read.spans.filter((s) => s.explicit && (s.to < p.from || s.from > p.to));
            if (off.length > 0) {
              outside++;
              issues.push(
                makeIssue(
                  'PLAN-DATE-OUTSIDE',
                  where(m.cells.date),
                  `Срок «${clipText(m.text.date)}» (${name(m)}, ячейка ${m.cells.date}) — ${off.map(formatSpan).join(', ')} — вне периода плана: ${formatSpan(p)} («${clipText(t.periodText ?? '', 80)}»). Проверьте год.`,
                  m.text.date,
                ),
              );
            }
          }
        }
      }
      // Numbers.
      const levels = numberLevels(m.no);
      if (levels) {
        const key = levels.join('.');
        const first = seen.get(key);
        if (first)
          issues.push(
            makeIssue(
              'PLAN-NUMBER-REPEATED',
              where(m.cells.no),
              `Номер ${key} повторяется: он уже у мероприятия в строке ${first.row + 1} (${name(m)}). Перенумеруйте мероприятия.${
                levels.length === 2 && levels[1] < 10 && typeof m.no === 'string' && !/[.,]\d{2}/.test(m.no)
                  ? ' Если номер должен быть «' +
                    levels[0] +
                    '.' +
                    levels[1] +
                    '0», проверьте формат ячейки: Excel превращает «2.10» в число 2,1 — задайте ячейке текстовый формат.'
                  : ''
              }`,
              m.no,
            ),
          );
        else seen.set(key, m);
      }
      lines.push({ t, m, read });
    }
  }

  const measures = lines.length;
  const sections = loc.tables.reduce((n, t) => n + t.sections.length, 0);
  const dueNow = lines.filter((x) => x.read && due(x.read, today) === 'да').length;
  const periods = [...new Set(loc.tables.map((t) => (t.period ? formatSpan(t.period) : null)).filter(Boolean))];
  const indicators: Record<string, number | string | null> = {
    planTables: loc.tables.length,
    measures,
    sections,
    measuresWithDate: lines.filter((x) => x.m.text.date).length,
    measuresWithReadableDate: readable,
    measuresWithResponsible: withResponsible,
    measuresOutsidePeriod: outside,
    measuresDue: today !== null ? dueNow : null,
    period: periods.length ? periods.join('; ') : null,
  };

  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const c: string[] = [
    `В плане ${measures} ${plural(measures, 'мероприятие', 'мероприятия', 'мероприятий')}${sections ? ` в ${sections} ${plural(sections, 'разделе', 'разделах', 'разделах')}` : ''}${periods.length ? `, период плана — ${periods.join('; ')}` : ''}.`,
    `Срок читается у ${readable} из ${measures}, ответственный указан у ${withResponsible} из ${measures}.`,
  ];
  if (today !== null && measures > 0)
    c.push(`К ${opts.date} срок наступил у ${dueNow} ${plural(dueNow, 'мероприятия', 'мероприятий', 'мероприятий')}.`);
  const list = [...errors, ...warnings].map((i) => i.message.replace(/\.$/, ''));
  const problem = list.length
    ? list.slice(0, 6).join('; ') + (list.length > 6 ? `; и ещё ${list.length - 6}.` : '.')
    : 'Проблем не выявлено.';
  const conclusions = [{ section: SECTION, conclusion: c.join(' '), problem }];

  const edits: Edit[] = [{ kind: 'clearHighlights' }, ...highlightEdits(issues)];
  const check = buildCheckSheet('plan', issues, opts.date);
  const rows = lines.map(({ t, m, read }) => [
    t.sheet,
    m.no ?? '',
    m.section ?? '',
    m.text.measure ?? '',
    m.text.date ?? '',
    read && read.spans.length ? read.spans.map(formatSpan).join('; ') : read?.recurring ? 'повторяющийся срок' : '',
    read ? due(read, today) : '',
    m.text.responsible ?? '',
    m.text.result ?? '',
  ]);
  const table: TableBlock = {
    kind: 'table',
    name: 'shnor_plan_measures',
    heading: 'Мероприятия плана и их сроки',
    columns: [
      { header: 'Лист', width: 14 },
      { header: '№', width: 7 },
      { header: 'Раздел', width: 24 },
      { header: 'Мероприятие', width: 50 },
      { header: 'Срок (как записан)', width: 20 },
      { header: 'Срок (прочитан)', width: 24 },
      { header: `Срок наступил к ${opts.date}`, width: 14 },
      { header: 'Ответственные', width: 28 },
      { header: 'Результат (показатель)', width: 30 },
    ],
    rows: rows.length ? rows : [['', '', '', '', '', '', '', '', '']],
    tones: lines.flatMap((x, i): [number, number, 'error' | 'warning'][] => [
      ...(!x.m.text.date ? [[i, 4, 'error'] as [number, number, 'error']] : []),
      ...(x.read && !x.read.readable ? [[i, 4, 'warning'] as [number, number, 'warning']] : []),
      ...(!x.m.text.responsible ? [[i, 7, 'error'] as [number, number, 'error']] : []),
    ]),
  };
  check.blocks.push(table);
  check.blocks.push({
    kind: 'pairs',
    heading: 'Показатели плана',
    rows: [
      ['Мероприятий', measures],
      ['Разделов', sections],
      ['Период плана', periods.length ? periods.join('; ') : 'не указан в заголовке'],
      ['Срок читается', readable],
      ['Ответственный указан', withResponsible],
      [`Срок наступил к ${opts.date}`, today !== null ? dueNow : 'дата проверки не распознана'],
    ],
  });
  edits.push({ kind: 'replaceSheet', sheet: check });
  return { location: loc, issues, indicators, conclusions, edits };
}
