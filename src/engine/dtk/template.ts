/**
 * The ДТК template (DOMAIN.md §1, §2): one printable sheet «ДТК» generated only from the
 * descriptor, so the labels the locator looks for are exactly the ones written here.
 *
 * Layout (columns A–E): A the labels; B–D the three school years (`Y` rows), or «Описание»
 * merged over B–E (`D` rows; B–D when the section has targets, which go to E); the transposed
 * table of 2.1 uses A–E (year, three shares, note). «Вывод:»/«Проблема:» are merged over B–E.
 */
import { ColumnFormat, ColumnValidation, FormCell, FormRow, OwnedSheet } from '../edits';
import { DTK, DtkDescriptor, DtkKind, DtkRow, DtkSection, DtkTarget, DtkType } from './descriptor';

export const DTK_SHEET = 'ДТК';

const WIDTHS = [62, 13, 13, 13, 22];
const COLS = WIDTHS.length;
const TARGET_HEADER = 'Целевое значение';
/** The last column of a school-year section: a free note per row, not read by the check. */
const NOTE_HEADER = 'Примечание';

const PERCENT: ColumnValidation = { kind: 'decimal', min: 0, max: 100 };
const COUNT: ColumnValidation = { kind: 'whole', min: 0 };
const YES_NO: ColumnValidation = { kind: 'list', items: ['да', 'нет'] };

/** The number format and validation of a value cell of this type. */
function input(type: DtkType): Pick<FormCell, 'format' | 'validation'> {
  switch (type) {
    case 'n':
      return { format: 'integer', validation: COUNT };
    case '%':
      return { format: 'percentPoints', validation: PERCENT };
    case 'yn':
      return { format: 'yesno', validation: YES_NO };
    default:
      return { format: 'text' };
  }
}

export function targetText(t: DtkTarget): string {
  return `${t.op === '=' ? '' : '≥ '}${t.value} %`;
}

function rowNote(r: DtkRow): string | undefined {
  const parts: string[] = [];
  if (r.help) parts.push(r.help);
  if (r.target) parts.push(`Целевое значение: ${targetText(r.target)}.`);
  if (r.text?.requiredWhen === 'positive') parts.push(`Если доля больше 0, укажите ${r.text.what}.`);
  if (r.text?.countsNames) parts.push(`Число должно совпадать с количеством перечисленных: ${r.text.what}.`);
  return parts.length ? parts.join(' ') : undefined;
}

const label = (value: string, indent = 0, note?: string): FormCell => ({
  value,
  style: 'label',
  ...(indent ? { indent } : {}),
  ...(note ? { note } : {}),
});
const header = (value: string, span = 1): FormCell => ({ value, style: 'header', ...(span > 1 ? { span } : {}) });
const heading = (value: string, style: 'criterion' | 'section'): FormRow => ({
  cells: [{ value, style, span: COLS }],
});

/** The sheet(s) of the ДТК template for these school years (e.g. `2020-2021`, `2021-2022`, `2022-2023`). */
export function dtkTemplate(years: readonly string[], d: DtkDescriptor = DTK): OwnedSheet[] {
  const rows: FormRow[] = [];
  const blank = (): void => {
    rows.push({ cells: [] });
  };

  rows.push({ cells: [{ value: d.title, style: 'title', span: COLS }] });
  rows.push({ cells: [header(d.labelHeader), ...years.map((y) => header(y)), header(NOTE_HEADER)] });
  for (const f of d.header) {
    rows.push({
      cells: [
        { value: f.label, style: 'strong', ...(f.help ? { note: f.help } : {}) },
        { value: null, style: 'input', span: COLS - 1, format: f.type === 'date' ? 'date' : 'text' },
      ],
    });
  }
  rows.push({
    cells: [
      {
        value:
          'Заполните строки за каждый учебный год. Доли — в процентах от 0 до 100; количества — целыми числами; если показатель не применим, поставьте «-». Подпункты (а, б, в) заполняются под своим показателем.',
        style: 'note',
        span: COLS,
      },
    ],
  });

  const yearHeader = (): FormRow => ({
    cells: [header(d.labelHeader), ...years.map((y) => header(y)), header(NOTE_HEADER)],
  });
  const noteCell = (): FormCell => ({ value: null, style: 'input', format: 'text' });

  const sectionRows = (s: DtkSection): void => {
    rows.push(heading(s.title, 'section'));
    if (s.table) {
      const t = s.table;
      rows.push({ cells: [{ value: t.label, style: 'strong', span: COLS }] });
      rows.push({ cells: [header(t.yearHeader), ...t.columns.map((c) => header(c.label))] });
      for (const y of years) {
        rows.push({
          cells: [label(y), ...t.columns.map((c): FormCell => ({ value: null, style: 'input', ...input(c.type) }))],
        });
      }
    }
    const hasTargets = s.rows.some((r) => r.target);
    const descSpan = hasTargets ? COLS - 2 : COLS - 1;
    let current: DtkKind | null = null;
    const walk = (r: DtkRow, depth: number): void => {
      if (r.kind !== current) {
        current = r.kind;
        rows.push(
          r.kind === 'Y'
            ? yearHeader()
            : {
                cells: [
                  header(d.labelHeader),
                  header(d.descriptionHeader, descSpan),
                  ...(hasTargets ? [null, null, header(TARGET_HEADER)] : []),
                ],
              },
        );
      }
      const note = rowNote(r);
      if (r.kind === 'Y') {
        const holds = !r.items && !r.parts;
        rows.push({
          cells: [
            label(r.label, depth, note),
            // A parent's own cells are shaded: the values go into its items.
            ...years.map((): FormCell =>
              holds ? { value: null, style: 'input', ...input(r.type) } : { value: null, style: 'header' },
            ),
            noteCell(),
          ],
        });
      } else {
        const textual = r.type === 't' || r.type === 'n+t' || r.type === '%+t';
        rows.push({
          lines: textual ? 2 : undefined,
          cells: [
            label(r.label, depth, note),
            { value: null, style: 'input', span: descSpan, ...input(r.type) },
            ...(hasTargets
              ? [
                  null,
                  null,
                  {
                    value: r.target ? targetText(r.target) : null,
                    style: 'label' as const,
                    format: 'text' as ColumnFormat,
                  },
                ]
              : []),
          ],
        });
      }
      for (const c of [...(r.items ?? []), ...(r.parts ?? [])]) walk(c, depth + 1);
    };
    for (const r of s.rows) walk(r, 0);
  };

  d.criteria.forEach((c, i) => {
    if (i === 0) blank();
    rows.push({ ...heading(c.title, 'criterion'), pageBreakBefore: i > 0 });
    for (const s of c.sections) sectionRows(s);
    // «Рекомендации:» under «Проблема:» (issue 14): the product drafts the catalogue's measures there.
    for (const r of [c.conclusion, c.problem, c.recommendation]) {
      rows.push({
        lines: 3,
        cells: [
          { value: r.label, style: 'strong' },
          { value: null, style: 'input', span: COLS - 1, format: 'text' },
        ],
      });
    }
  });

  return [
    {
      name: DTK_SHEET,
      freezeHeader: true,
      landscape: true,
      position: 'first',
      blocks: [{ kind: 'form', widths: WIDTHS, rows, freezeRows: 2 }],
    },
  ];
}
