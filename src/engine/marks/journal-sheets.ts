/**
 * The owned sheets of the journal analysis (issue 16; docs/marks.md «Отметки из журнала»), the same
 * for `shnor marks` and the pane: «Отметки по журналу» (the figures of every group and their change
 * against the previous period; the figures by pupils), «Списки по журналу» (an Excel table per list)
 * and «Классы по журналу» (per class of the latest period: a table by subject and its chart).
 */
import { OutValue, OwnedChart, OwnedSheet, SheetBlock } from '../edits';
import { JOURNAL_SHEETS } from '../report';
import { JournalAnalysis, JournalFigure, NO_CLASS } from './journal';
import { PupilStatus } from './journal-read';

export const [JOURNAL_FIGURES_SHEET, JOURNAL_LISTS_SHEET, JOURNAL_CLASSES_SHEET] = JOURNAL_SHEETS;

const ALL_CLASSES = 'все классы';
const ALL_SUBJECTS = 'все предметы';
const ALL_LEVELS = 'вся школа';

const STATUS_TEXT: Record<'left' | 'arrived', string> = { left: 'выбыл', arrived: 'прибыл' };

function statusText(s: PupilStatus): string {
  return s ? STATUS_TEXT[s] : '';
}

function levelText(f: JournalFigure): string {
  if (f.scope === 'school' || f.scope === 'schoolSubject') return ALL_LEVELS;
  return f.level ?? NO_CLASS;
}

function classText(f: JournalFigure): string {
  return f.className ?? ALL_CLASSES;
}

const NOTE =
  'Отметок (n) — число отметок «2»–«5» (с «н/а», если включено «Учитывать «н/а» в числе учащихся»). ' +
  'Выбывшие не входят ни в один показатель и ни в один список, кроме «Движение»; прибывшие учтены. ' +
  '«зач» и «осв» — не отметки; «н/з» — не отметка, но ученик неуспевающий. Изменение — против прошлого периода.';

function figuresSheet(a: JournalAnalysis): OwnedSheet {
  const rows: OutValue[][] = a.figures.map((f) => {
    const c = f.result.counts;
    return [
      f.period,
      levelText(f),
      classText(f),
      f.subject ?? ALL_SUBJECTS,
      f.teachers.join(', '),
      f.result.n,
      c.n5,
      c.n4,
      c.n3,
      c.n2,
      c.na,
      f.credits,
      f.failedCredits,
      f.result.passRate,
      f.result.quality,
      f.result.average,
      f.result.sou,
      f.change?.passRate ?? null,
      f.change?.quality ?? null,
      f.change?.sou ?? null,
      f.change?.average ?? null,
      f.previous?.period ?? '',
    ];
  });
  const pupilRows: OutValue[][] = a.figures
    .filter((f) => f.pupils)
    .map((f) => {
      const p = f.pupils!;
      return [
        f.period,
        levelText(f),
        classText(f),
        p.counts.n5 + p.counts.n4 + p.counts.n3 + p.counts.n2 + p.counts.na,
        p.counts.n5,
        p.counts.n4,
        p.counts.n3,
        p.counts.n2,
        p.counts.na,
        p.passRate,
        p.quality,
        f.left ?? 0,
        f.arrived ?? 0,
      ];
    });
  const periods = a.periods.map((p) => p.label).join(', ');
  const blocks: SheetBlock[] = [
    { kind: 'text', style: 'title', lines: [`Отметки по журналу: ${periods || 'нет данных'}`] },
    { kind: 'text', style: 'note', lines: [NOTE] },
    {
      kind: 'table',
      name: 'ShnorJournalFigures',
      heading: 'По классам, предметам, уровням и школе',
      columns: [
        { header: 'Период' },
        { header: 'Уровень' },
        { header: 'Класс' },
        { header: 'Предмет' },
        { header: 'Учитель', width: 24 },
        { header: 'Отметок (n)', format: 'integer' },
        { header: '«5»', format: 'integer' },
        { header: '«4»', format: 'integer' },
        { header: '«3»', format: 'integer' },
        { header: '«2»', format: 'integer' },
        { header: '«н/а»', format: 'integer' },
        { header: 'зач / осв', format: 'integer' },
        { header: 'н/з', format: 'integer' },
        { header: 'Успеваемость', format: 'percentPoints' },
        { header: 'Качество', format: 'percentPoints' },
        { header: 'Средний балл', format: 'decimal2' },
        { header: 'СОУ', format: 'percentPoints' },
        { header: 'Изменение успеваемости, п. п.', format: 'decimal1' },
        { header: 'Изменение качества, п. п.', format: 'decimal1' },
        { header: 'Изменение СОУ, п. п.', format: 'decimal1' },
        { header: 'Изменение среднего балла', format: 'decimal2' },
        { header: 'Прошлый период' },
      ],
      rows,
    },
    {
      kind: 'table',
      name: 'ShnorJournalPupils',
      heading: 'По ученикам (по худшей отметке ученика за период)',
      columns: [
        { header: 'Период' },
        { header: 'Уровень' },
        { header: 'Класс' },
        { header: 'Учащихся', format: 'integer' },
        { header: 'Отличники (все «5»)', format: 'integer' },
        { header: 'На «4» и «5»', format: 'integer' },
        { header: 'С «3»', format: 'integer' },
        { header: 'Неуспевающие («2», «н/з»)', format: 'integer' },
        { header: 'Не аттестованы («н/а»)', format: 'integer' },
        { header: 'Успеваемость по ученикам', format: 'percentPoints' },
        { header: 'Качество по ученикам', format: 'percentPoints' },
        { header: 'Выбыло', format: 'integer' },
        { header: 'Прибыло', format: 'integer' },
      ],
      rows: pupilRows,
    },
  ];
  if (a.issues.length)
    blocks.push({
      kind: 'table',
      name: 'ShnorJournalIssues',
      heading: 'Замечания',
      columns: [{ header: 'Код' }, { header: 'Лист' }, { header: 'Ячейка' }, { header: 'Замечание', width: 80 }],
      rows: a.issues.map((i) => [i.code, i.sheet ?? '', i.cell ?? '', i.message]),
    });
  return { name: JOURNAL_FIGURES_SHEET, position: 'first', freezeHeader: true, landscape: true, blocks };
}

function listsSheet(a: JournalAnalysis): OwnedSheet {
  const one = (name: string, heading: string, mark: string, list: JournalAnalysis['oneThree']): SheetBlock => ({
    kind: 'table',
    name,
    heading,
    columns: [
      { header: 'Период' },
      { header: 'Класс' },
      { header: 'Ученик' },
      { header: `Предмет с «${mark}»` },
      { header: 'Учитель' },
      { header: 'Движение' },
    ],
    rows: list.map((p) => [p.period, p.className, p.pupil, p.subject, p.teacher ?? '', statusText(p.status)]),
  });
  return {
    name: JOURNAL_LISTS_SHEET,
    freezeHeader: false,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: ['Списки по журналу'] },
      {
        kind: 'table',
        name: 'ShnorJournalFailing',
        heading: 'Неуспевающие («2», «н/а», «н/з»)',
        columns: [
          { header: 'Период' },
          { header: 'Класс' },
          { header: 'Ученик' },
          { header: 'Предметов', format: 'integer' },
          { header: 'Предметы и отметки', width: 50 },
          { header: 'Учителя', width: 36 },
          { header: 'Движение' },
        ],
        rows: a.failing.map((p) => [
          p.period,
          p.className,
          p.pupil,
          p.subjects.length,
          p.subjects.map((s) => `${s.subject} «${s.value}»`).join('; '),
          [...new Set(p.subjects.map((s) => s.teacher).filter((t): t is string => !!t))].join(', '),
          statusText(p.status),
        ]),
      },
      one('ShnorJournalOneThree', 'С одной «3» (остальные «4» и «5»)', '3', a.oneThree),
      one('ShnorJournalOneFour', 'С одной «4» (остальные «5»)', '4', a.oneFour),
      {
        kind: 'table',
        name: 'ShnorJournalMoved',
        heading: 'Движение: выбыли и прибыли',
        columns: [
          { header: 'Период' },
          { header: 'Класс' },
          { header: 'Ученик' },
          { header: 'Движение' },
          { header: 'Как учтён' },
        ],
        rows: a.moved.map((p) => [
          p.period,
          p.className,
          p.pupil,
          STATUS_TEXT[p.status],
          p.status === 'left' ? 'не входит в показатели и списки' : 'учтён в показателях и списках',
        ]),
      },
    ],
  };
}

/** Rows each class section takes on «Классы по журналу», so that its chart stands level with it. */
const SECTION_ROWS = 20;

function classesSheet(a: JournalAnalysis): OwnedSheet {
  const last = a.periods[a.periods.length - 1];
  const blocks: SheetBlock[] = [
    {
      kind: 'text',
      style: 'title',
      lines: [last ? `Классы по журналу: ${last.label}` : 'Классы по журналу: нет данных'],
    },
  ];
  const charts: OwnedChart[] = [];
  if (last) {
    const figs = a.figures.filter((f) => f.period === last.label);
    const classes = figs.filter((f) => f.scope === 'class');
    classes.forEach((cls, k) => {
      // subjects with marks only: a subject of «зач» alone has no figures to draw
      const subjects = figs.filter(
        (f) => f.scope === 'classSubject' && f.className === cls.className && f.result.n > 0,
      );
      const name = `ShnorJournalClass${k + 1}`;
      const withPrev = subjects.some((f) => f.previous);
      blocks.push({
        kind: 'table',
        name,
        heading: `${cls.className ?? NO_CLASS}: ${last.label}`,
        columns: [
          { header: 'Предмет' },
          { header: 'Успеваемость', format: 'percentPoints' },
          { header: 'Качество', format: 'percentPoints' },
          { header: 'СОУ', format: 'percentPoints' },
          { header: 'Средний балл', format: 'decimal2' },
          ...(withPrev ? [{ header: 'Качество в прошлом периоде', format: 'percentPoints' as const }] : []),
        ],
        rows: [...subjects, cls].map((f) => [
          f.subject ?? ALL_SUBJECTS,
          f.result.passRate,
          f.result.quality,
          f.result.sou,
          f.result.average,
          ...(withPrev ? [f.previous?.result.quality ?? null] : []),
        ]),
      });
      // heading + header + rows, the blank rows between blocks: pad the section to SECTION_ROWS
      // the blank row before it, heading, header, the rows, the blank row after: pad to SECTION_ROWS
      const used = 1 + 2 + subjects.length + 1 + 1;
      if (used <= SECTION_ROWS) blocks.push({ kind: 'text', lines: Array<string>(SECTION_ROWS - used).fill('') });
      charts.push({
        title: `${cls.className ?? NO_CLASS}: успеваемость, качество, СОУ`,
        table: name,
        categories: 0,
        series: withPrev ? [1, 2, 3, 5] : [1, 2, 3],
        beside: true,
      });
    });
  }
  return { name: JOURNAL_CLASSES_SHEET, blocks, charts };
}

/** The three owned sheets of the analysis. */
export function journalSheets(a: JournalAnalysis): OwnedSheet[] {
  return [figuresSheet(a), listsSheet(a), classesSheet(a)];
}
