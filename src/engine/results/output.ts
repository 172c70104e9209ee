/**
 * What identification writes (DOMAIN.md §4, output): the «Идентификация ШНОР» sheet, the
 * highlights of low results in the input, and the template of the results form.
 */
import { Edit, OutValue, OwnedSheet, TableBlock } from '../edits';
import { Issue } from '../issues';
import { IDENTIFY_SHEET, buildCheckSheet } from '../report';
import { formatNumberRu } from '../text';
import { PROGRAMME_PROCEDURES, RESULTS_COLUMNS } from './descriptor';
import { IdentifyResult, ResultEvidence } from './identify';

export { IDENTIFY_SHEET };

function yesNo(b: boolean): string {
  return b ? 'да' : 'нет';
}

function describe(e: ResultEvidence): string {
  const counts = e.participants !== null && e.failed !== null ? ` (${e.failed} из ${e.participants})` : '';
  return `${e.procedure} — ${formatNumberRu(e.share)} %${counts}${e.smallSample ? ', малая выборка' : ''}`;
}

export function buildIdentifySheet(res: IdentifyResult): OwnedSheet {
  const s = res.settings;
  const y = res.year ?? '—';
  const yp = res.previousYear ?? '—';
  const main: TableBlock = {
    kind: 'table',
    name: 'shnor_identification',
    columns: [
      { header: '№', format: 'integer', width: 5 },
      { header: 'Код ОО', width: 12 },
      { header: 'Наименование ОО', width: 40 },
      { header: 'Муниципалитет', width: 22 },
      { header: 'Статус', width: 10 },
      { header: 'Правило 1', width: 11 },
      { header: 'Правило 2', width: 11 },
      { header: `Низких в ${y}`, format: 'integer', width: 12 },
      { header: `Низких в ${yp}`, format: 'integer', width: 12 },
      { header: 'Низкие результаты', width: 60 },
      { header: 'В зоне риска', width: 40 },
      { header: `Нет данных за ${yp}`, width: 14 },
      { header: 'Обоснование', width: 60 },
    ],
    rows: res.schools.map((v, i) => [
      i + 1,
      v.idGiven ? v.id : '',
      v.name,
      v.municipality ?? '',
      v.status,
      yesNo(v.rule1),
      yesNo(v.rule2),
      v.lowCountYear,
      v.lowCountPreviousYear,
      v.low.map((e) => `${e.year}: ${describe(e)}`).join('; '),
      v.nearThreshold.map(describe).join('; '),
      yesNo(v.previousYearMissing),
      v.reason,
    ]),
    tones: res.schools.flatMap((v, i): [number, number, 'low' | 'warning'][] =>
      v.status === 'ШНОР' ? [[i, 4, 'low']] : v.status === 'риск' ? [[i, 4, 'warning']] : [],
    ),
  };
  const byMun: TableBlock = {
    kind: 'table',
    name: 'shnor_by_municipality',
    heading: 'Школы по муниципалитетам',
    columns: [
      { header: 'Муниципалитет', width: 30 },
      { header: 'Школ', format: 'integer' },
      { header: 'ШНОР', format: 'integer' },
      { header: 'Риск', format: 'integer' },
      { header: 'Норма', format: 'integer' },
    ],
    rows: res.summary.byMunicipality.map((m) => [m.municipality, m.schools, m.ШНОР, m.риск, m.норма]),
  };
  const blocks: OwnedSheet['blocks'] = [
    { kind: 'text', style: 'title', lines: ['Идентификация школ с низкими образовательными результатами'] },
    {
      kind: 'pairs',
      rows: [
        ['Учебный год (Y)', y],
        ['Предыдущий год (Y−1)', yp],
        ['Порог низкого результата, %', s.threshold],
        ['Зона риска, от %', Math.max(0, s.threshold - s.riskBand)],
        ['Минимум участников', s.minParticipants],
        ['Правило 2', s.rule2 === 'same' ? 'одна и та же процедура в обоих годах' : 'любая процедура в каждом году'],
        [
          'Процедуры вне программы',
          s.procedures ? 'только выбранные' : s.includeOther ? 'учитываются' : 'не учитываются',
        ],
        ['Школ всего', res.summary.schools],
        ['ШНОР', res.summary.byStatus.ШНОР],
        ['В зоне риска', res.summary.byStatus.риск],
        ['Норма', res.summary.byStatus.норма],
      ],
    },
    {
      kind: 'text',
      style: 'note',
      lines: [
        'ШНОР — правило 1: в году Y низкие результаты не менее чем по двум процедурам; правило 2: низкий результат хотя бы по одной процедуре и в Y, и в Y−1.',
        `Результат низкий, если доля не справившихся не меньше ${formatNumberRu(s.threshold)} % (сравнение без округления).`,
      ],
    },
    main,
    byMun,
  ];
  if (res.hasBands) {
    const rows: OutValue[][] = [];
    for (const v of res.schools) {
      for (const b of v.bands)
        rows.push([v.name, v.municipality ?? '', b.year, b.procedure, b.belowMin, b.from61to80, b.from81to100]);
    }
    blocks.push({
      kind: 'table',
      name: 'shnor_ege_bands',
      heading: 'ЕГЭ: доли участников по диапазонам баллов',
      columns: [
        { header: 'Наименование ОО', width: 40 },
        { header: 'Муниципалитет', width: 22 },
        { header: 'Учебный год', width: 12 },
        { header: 'Процедура', width: 28 },
        { header: 'Не достигли минимума, %', format: 'decimal1' },
        { header: '61–80 баллов, %', format: 'decimal1' },
        { header: '81–100 баллов, %', format: 'decimal1' },
      ],
      rows,
    });
  }
  return { name: IDENTIFY_SHEET, blocks, freezeHeader: true, landscape: true, position: 'first' };
}

/** Every edit identification makes: highlights (low results, problem cells), the verdict sheet, the check sheet. */
export function identifyEdits(res: IdentifyResult, issues: readonly Issue[], date: string): Edit[] {
  const edits: Edit[] = [{ kind: 'clearHighlights' }];
  const taken = new Set<string>();
  for (const { sheet, cells } of res.lowCells) {
    for (const c of cells) taken.add(`${sheet}!${c}`);
    edits.push({ kind: 'highlight', sheet, cells, tone: 'low' });
  }
  for (const tone of ['error', 'warning'] as const) {
    const bySheet = new Map<string, string[]>();
    for (const i of issues) {
      if (i.severity !== tone || !i.sheet || !i.cell) continue;
      const cell = i.cell.split(':')[0];
      const key = `${i.sheet}!${cell}`;
      if (taken.has(key)) continue;
      taken.add(key);
      let list = bySheet.get(i.sheet);
      if (!list) bySheet.set(i.sheet, (list = []));
      list.push(cell);
    }
    for (const [sheet, cells] of bySheet) edits.push({ kind: 'highlight', sheet, cells, tone });
  }
  edits.push({ kind: 'replaceSheet', sheet: buildIdentifySheet(res) });
  edits.push({ kind: 'replaceSheet', sheet: buildCheckSheet('results', issues, date) });
  return edits;
}

/** The template of the results form, from the descriptor. */
export function resultsTemplate(): OwnedSheet[] {
  const cols = RESULTS_COLUMNS.filter((c) => c.template);
  const schoolYears = ['2021-2022', '2022-2023', '2023-2024', '2024-2025', '2025-2026'];
  return [
    {
      name: 'Результаты',
      freezeHeader: true,
      landscape: true,
      blocks: [
        { kind: 'text', style: 'title', lines: ['Результаты оценочных процедур'] },
        {
          kind: 'text',
          style: 'note',
          lines: [
            'Одна строка — одна школа, один учебный год, одна процедура. Заполните «Количество участников» и «Не справились» (число получивших «2» или не преодолевших минимальный порог).',
          ],
        },
        {
          kind: 'table',
          name: 'shnor_results',
          columns: cols.map((c) => ({
            header: c.header,
            note: c.help,
            width: c.role === 'name' ? 40 : c.role === 'procedure' ? 12 : 16,
            format: c.role === 'participants' || c.role === 'failed' ? 'integer' : 'text',
            validation:
              c.role === 'year'
                ? { kind: 'list', items: schoolYears }
                : c.role === 'procedure'
                  ? { kind: 'list', items: ['ВПР', 'ОГЭ', 'ЕГЭ'] }
                  : c.role === 'subject'
                    ? { kind: 'list', items: ['математика', 'русский язык'] }
                    : c.role === 'grade'
                      ? { kind: 'list', items: ['5', '6', 'базовый', 'профильный'] }
                      : c.role === 'participants' || c.role === 'failed'
                        ? { kind: 'whole', min: 0 }
                        : undefined,
          })),
          rows: [],
          blankRows: 200,
        },
      ],
    },
    {
      name: 'Справка',
      blocks: [
        { kind: 'text', style: 'title', lines: ['Как заполнить лист «Результаты»'] },
        {
          kind: 'table',
          name: 'shnor_results_help',
          columns: [
            { header: 'Столбец', width: 26 },
            { header: 'Что вписать', width: 80 },
            { header: 'Другие принятые заголовки', width: 60 },
          ],
          rows: cols.map((c) => [c.header, c.help, c.synonyms.join('; ')]),
        },
        {
          kind: 'pairs',
          heading: 'Процедуры региональной программы',
          rows: PROGRAMME_PROCEDURES.map((p, i) => [String(i + 1), p] as [string, OutValue]),
        },
      ],
    },
  ];
}
