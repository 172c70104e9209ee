/**
 * The template of the дорожная карта (DOMAIN.md §1, §5), generated only from the descriptor: a
 * printable sheet «Дорожная карта» (the factor table pre-filled with the catalogue, then the
 * measures table with blank rows) and the editable catalogue sheet «Справочник факторов».
 *
 * Layout (columns A–I). Factors: A №, B фактор, C–E параметр, F код параметра, G–I перечень ОО.
 * Measures: A №, B мероприятие, C форма, D код параметра, E контингент, F место проведения,
 * G дата проведения, H ответственные, I исполнение, %.
 */
import { ColumnValidation, FormCell, FormRow, OwnedSheet } from '../edits';
import { ROADMAP, RoadmapColumn, RoadmapDescriptor, catalogueCodes } from './descriptor';

export const ROADMAP_SHEET = 'Дорожная карта';

const WIDTHS = [6, 40, 20, 13, 22, 18, 18, 20, 13];
const COLS = WIDTHS.length;
/** Where each factor column starts and how many columns it spans. */
const FACTOR_SPANS: Record<string, [number, number]> = {
  no: [0, 1],
  factor: [1, 1],
  parameter: [2, 3],
  code: [5, 1],
  schools: [6, 3],
};
const PERCENT: ColumnValidation = { kind: 'decimal', min: 0, max: 100 };

/** A row of cells placed at [start, span] positions (spanned columns stay null). */
function placed(items: { at: [number, number]; cell: FormCell }[]): (FormCell | null)[] {
  const cells: (FormCell | null)[] = Array<FormCell | null>(COLS).fill(null);
  for (const { at, cell } of items) cells[at[0]] = at[1] > 1 ? { ...cell, span: at[1] } : cell;
  return cells;
}

const headerCell = (c: RoadmapColumn): FormCell => ({
  value: c.header,
  style: 'header',
  ...(c.help ? { note: c.help } : {}),
});

/** The sheets of the roadmap template. */
export function roadmapTemplate(d: RoadmapDescriptor = ROADMAP): OwnedSheet[] {
  const rows: FormRow[] = [];
  const note = (value: string): FormRow => ({ cells: [{ value, style: 'note', span: COLS }] });
  const section = (value: string, pageBreakBefore = false): FormRow => ({
    cells: [{ value, style: 'section', span: COLS }],
    ...(pageBreakBefore ? { pageBreakBefore } : {}),
  });

  rows.push({ cells: [{ value: d.title, style: 'title', span: COLS }] });
  rows.push(
    note(
      `Таблица I заполнена факторами и кодами из листа «${d.catalogueSheet.name}»; в последнем столбце перечислите школы, в работе которых проявляется фактор, или напишите «отсутствует». В таблице II у каждого мероприятия укажите коды параметров; каждый проявившийся фактор должен быть охвачен хотя бы одним мероприятием.`,
    ),
  );

  rows.push(section(d.factors.title));
  const fc = d.factors.columns;
  rows.push({ lines: 2, cells: placed(fc.map((c) => ({ at: FACTOR_SPANS[c.id], cell: headerCell(c) }))) });
  for (const f of d.catalogue) {
    f.parameters.forEach((p, i) => {
      const values: Record<string, FormCell> = {
        no: { value: i === 0 ? Number(f.no) : null, style: 'label', format: 'integer' },
        factor: { value: i === 0 ? f.name : null, style: i === 0 ? 'strong' : 'label' },
        parameter: { value: p.name, style: 'label' },
        code: { value: p.code, style: 'label', format: 'text' },
        schools: { value: null, style: 'input', format: 'text' },
      };
      rows.push({ lines: 2, cells: placed(fc.map((c) => ({ at: FACTOR_SPANS[c.id], cell: values[c.id] }))) });
    });
  }

  rows.push(section(d.measures.title, true));
  const mc = d.measures.columns;
  rows.push({ lines: 2, cells: mc.map(headerCell) });
  for (let i = 0; i < d.blankRows; i++) {
    rows.push({
      lines: 2,
      cells: mc.map((c): FormCell => {
        if (c.id === 'no') return { value: i + 1, style: 'input', format: 'integer' };
        if (c.id === 'execution') return { value: null, style: 'input', format: 'percentPoints', validation: PERCENT };
        return { value: null, style: 'input', format: 'text' };
      }),
    });
  }
  rows.push(
    note(
      `«Код параметра»: один или несколько кодов через запятую («2.1., 2.2.»), поэтому в этом столбце нет списка для выбора — коды сверяются со справочником при проверке. «Дата проведения»: месяц и год («Март 2023»), период, дата или ${d.datePhrases.map((x) => `«${x}»`).join(', ')}. «Исполнение, %» — необязательный столбец (0–100). Добавляйте строки, если мероприятий больше.`,
    ),
  );

  const cs = d.catalogueSheet;
  const catRows: FormRow[] = [
    { cells: [{ value: cs.name, style: 'title', span: 3 }] },
    {
      cells: [
        {
          value:
            'Справочник можно дополнять и править: при проверке дорожной карты коды берутся из этого листа, а если его нет — из справочника по умолчанию.',
          style: 'note',
          span: 3,
        },
      ],
    },
    { lines: 2, cells: [cs.code, cs.factor, cs.parameter].map((value): FormCell => ({ value, style: 'header' })) },
    ...catalogueCodes(d.catalogue).map((c): FormRow => ({
      lines: 2,
      cells: [
        { value: c.code, style: 'input', format: 'text' },
        { value: c.factor, style: 'input', format: 'text' },
        { value: c.parameter, style: 'input', format: 'text' },
      ],
    })),
  ];

  return [
    {
      name: ROADMAP_SHEET,
      freezeHeader: true,
      landscape: true,
      position: 'first',
      blocks: [{ kind: 'form', widths: WIDTHS, rows, freezeRows: 1 }],
    },
    {
      name: cs.name,
      freezeHeader: true,
      landscape: true,
      position: 'last',
      blocks: [{ kind: 'form', widths: [16, 46, 84], rows: catRows, freezeRows: 3 }],
    },
  ];
}
