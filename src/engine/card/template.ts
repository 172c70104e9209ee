/**
 * The template of the информационная карта МОУО (DOMAIN.md §1, §3), generated only from the
 * descriptor: a printable sheet «Информационная карта» and the optional sheet «Школы».
 *
 * Layout of the card (columns A–F): A the number (`(1)`, measure №), B the label or the measure,
 * C–E the three reporting dates of the year, F a free note (not read by the check).
 */
import { ColumnValidation, FormCell, FormRow, OwnedSheet } from '../edits';
import { CARD, CardDescriptor, CardRow, CardType } from './descriptor';

export const CARD_SHEET = 'Информационная карта';

const WIDTHS = [7, 58, 15, 15, 15, 24];
const COLS = WIDTHS.length;
const NOTE_HEADER = 'Примечание';

const PERCENT: ColumnValidation = { kind: 'decimal', min: 0, max: 100 };
const COUNT: ColumnValidation = { kind: 'whole', min: 0 };
const YES_NO: ColumnValidation = { kind: 'list', items: ['да', 'нет'] };

function input(type: CardType): FormCell {
  switch (type) {
    case 'n':
      return { value: null, style: 'input', format: 'integer', validation: COUNT };
    case '%':
      return { value: null, style: 'input', format: 'percentPoints', validation: PERCENT };
    case 'group':
      return { value: null, style: 'header' };
    default:
      return { value: null, style: 'input', format: 'text' };
  }
}

const REQUIRED_TEXT = {
  first: 'Обязательно на первую отчётную дату.',
  each: 'Обязательно на каждую отчётную дату.',
  no: '',
};

function rowNote(r: CardRow, d: CardDescriptor): string | undefined {
  const parts: string[] = [];
  if (r.help) parts.push(r.help);
  if (r.type !== 'group' && REQUIRED_TEXT[r.required]) parts.push(REQUIRED_TEXT[r.required]);
  if (r.target) parts.push(`Целевое значение на ${r.target.date}: ≥ ${r.target.value} %.`);
  if (r.countOf) {
    const counted = d.sections.flatMap((s) => s.rows).find((x) => x.id === r.countOf);
    if (counted?.no) parts.push(`Число практик должно совпадать с показателем ${counted.no}.`);
  }
  return parts.length ? parts.join(' ') : undefined;
}

/** The reporting dates of the year as written in the header: `31.03.2023`. */
export function cardDates(year: number, d: CardDescriptor = CARD): string[] {
  return d.dates.map((x) => `${x}.${year}`);
}

/** The sheets of the card template for this calendar year (the engine reads no clock). */
export function cardTemplate(year: number, d: CardDescriptor = CARD): OwnedSheet[] {
  const dates = cardDates(year, d);
  const rows: FormRow[] = [];
  const header = (value: string, span = 1): FormCell => ({ value, style: 'header', ...(span > 1 ? { span } : {}) });
  const blankHeader = (): FormCell => ({ value: null, style: 'header' });
  const dateHeader = (first: string): FormRow => ({
    cells: [header(d.noHeader), header(first), ...dates.map((x) => header(x)), header(NOTE_HEADER)],
  });
  const note = (value: string): FormRow => ({ cells: [{ value, style: 'note', span: COLS }] });

  rows.push({ cells: [{ value: d.title, style: 'title', span: COLS }] });
  for (const f of d.header) {
    rows.push({
      cells: [
        { value: f.label, style: 'strong', span: 2, ...(f.help ? { note: f.help } : {}) },
        null,
        {
          value: f.id === 'year' ? year : null,
          style: 'input',
          span: COLS - 2,
          format: f.id === 'year' ? 'integer' : 'text',
        },
      ],
    });
  }
  rows.push(
    note(
      `Заполните столбцы отчётных дат (${dates.join(', ')}). Доли — в процентах от 0 до 100; количества — целыми числами; если показатель не применим, поставьте «-». Текстовые строки раздела 1 обязательны на первую дату.`,
    ),
  );

  for (const s of d.sections) {
    // Section 3 starts a page: the measures table pushes it past the first page.
    rows.push({ cells: [{ value: s.title, style: 'section', span: COLS }], pageBreakBefore: s.id === '3' });
    if (s.measures) {
      const m = s.measures;
      const [no, measure, execution] = m.columns;
      rows.push({
        cells: [
          header(no.header),
          header(measure.header),
          { value: execution.header, style: 'header', span: dates.length },
          null,
          null,
          header(NOTE_HEADER),
        ],
      });
      rows.push({
        cells: [blankHeader(), blankHeader(), ...dates.map((x) => header(x)), blankHeader()],
      });
      for (let i = 0; i < m.blankRows; i++) {
        rows.push({
          cells: [
            { value: i + 1, style: 'input', format: 'integer' },
            { value: null, style: 'input', format: 'text' },
            ...dates.map(() => input('%')),
            { value: null, style: 'input', format: 'text' },
          ],
        });
      }
      rows.push({
        cells: [
          { value: null, style: 'label' },
          {
            value: m.overall.label,
            style: 'strong',
            note: `Среднее исполнение мероприятий на каждую дату; его рассчитывает проверка. Целевое значение на ${m.target.date}: ≥ ${m.target.value} %.`,
          },
          ...dates.map(() => input('%')),
          { value: `Цель на ${m.target.date}: ≥ ${m.target.value} %`, style: 'label' },
        ],
      });
      rows.push(
        note(
          'Добавляйте строки внутри таблицы, если мероприятий больше. Исполнение от даты к дате не должно уменьшаться.',
        ),
      );
      continue;
    }
    rows.push(dateHeader(d.labelHeader));
    const walk = (r: CardRow, depth: number): void => {
      const n = rowNote(r, d);
      rows.push({
        lines: r.type === 'list' ? 4 : r.type === 't' ? 2 : undefined,
        cells: [
          { value: r.no ?? null, style: 'label' },
          { value: r.label, style: 'label', ...(depth ? { indent: depth } : {}), ...(n ? { note: n } : {}) },
          ...dates.map(() => input(r.type)),
          { value: null, style: 'input', format: 'text' },
        ],
      });
      for (const c of r.items ?? []) walk(c, depth + 1);
    };
    for (const r of s.rows) walk(r, 0);
  }

  const sc = d.schools;
  const schoolWidths = [7, 48, ...sc.columns.map(() => 26)];
  const schoolCols = schoolWidths.length;
  const schoolRows: FormRow[] = [
    { cells: [{ value: `${sc.name} муниципалитета: показатели (1)–(3)`, style: 'title', span: schoolCols }] },
    {
      cells: [
        {
          value:
            'Необязательный лист: перечень школ муниципалитета и «да»/«нет» по показателям (1)–(3) раздела 3. Если он заполнен, проверка рассчитает доли школ и сравнит их с картой.',
          style: 'note',
          span: schoolCols,
        },
      ],
    },
    { cells: [header(d.noHeader), header(sc.schoolHeader), ...sc.columns.map((c) => header(c.header))] },
  ];
  for (let i = 0; i < sc.blankRows; i++) {
    schoolRows.push({
      cells: [
        { value: i + 1, style: 'input', format: 'integer' },
        { value: null, style: 'input', format: 'text' },
        ...sc.columns.map((): FormCell => ({ value: null, style: 'input', format: 'yesno', validation: YES_NO })),
      ],
    });
  }

  return [
    {
      name: CARD_SHEET,
      freezeHeader: true,
      landscape: true,
      position: 'first',
      blocks: [{ kind: 'form', widths: WIDTHS, rows, freezeRows: 1 }],
    },
    {
      name: sc.name,
      freezeHeader: true,
      landscape: true,
      position: 'last',
      blocks: [{ kind: 'form', widths: schoolWidths, rows: schoolRows, freezeRows: 3 }],
    },
  ];
}
