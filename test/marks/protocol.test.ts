/**
 * Cut scores and ВПР protocols on a workbook written by openpyxl (test/fixtures/marks/make_marks.py),
 * read through src/xlsx/read.ts. Expected counts come from the generator's own records.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readWorkbook } from '../../src/xlsx/read';
import { WorkbookSnapshot, SheetSnapshot } from '../../src/engine/snapshot';
import { readProtocol } from '../../src/engine/marks/protocol';
import {
  DEFAULT_CUT_SCORES,
  EXAMPLE_NOTE,
  ScaleBook,
  markFor,
  parseCutScores,
  procedureKey,
  readScaleSheet,
  scaleBookOf,
  scaleProblems,
} from '../../src/engine/marks/scales';
import { analyzeMarksRange, marksEdits, marksTable } from '../../src/engine/marks/analyze';
import { computeMarks } from '../../src/engine/marks/formulas';

const DIR = path.join(__dirname, '..', 'fixtures', 'marks');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'protocol_openpyxl.expected.json'), 'utf8'));

function load(): WorkbookSnapshot {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(DIR, 'protocol_openpyxl.xlsx'))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

function sheet(wb: WorkbookSnapshot, name: string): SheetSnapshot {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
}

describe('cut-score tables', () => {
  test('the shipped tables are valid, and every one is marked as an example', () => {
    expect(DEFAULT_CUT_SCORES.length).toBeGreaterThan(0);
    for (const s of DEFAULT_CUT_SCORES) {
      expect(parseCutScores(s)).toMatchObject({ ok: true });
      expect(s.example).toBe(true);
      expect(s.source).toBe(EXAMPLE_NOTE);
      expect(EXAMPLE_NOTE).toMatch(/пример — проверьте по рекомендациям ФИОКО/);
    }
  });

  test('zod rejects a mark 6 and a negative bound; overlaps and gaps are named', () => {
    expect(
      parseCutScores({ procedure: 'ВПР математика 5', year: 2024, scale: [{ from: 0, to: 20, mark: 6 }] }).ok,
    ).toBe(false);
    expect(parseCutScores({ procedure: 'x', year: 2024, scale: [{ from: -1, to: 20, mark: 5 }] }).ok).toBe(false);
    const scale = (bands: [number, number, 2 | 3 | 4 | 5][]) => ({
      procedure: 'ВПР математика 5',
      year: 2024,
      example: false,
      scale: bands.map(([from, to, mark]) => ({ from, to, mark })),
    });
    expect(
      scaleProblems(
        scale([
          [0, 4, 2],
          [5, 9, 3],
          [10, 14, 4],
          [15, 20, 5],
        ]),
      ),
    ).toEqual([]);
    const overlap = scaleProblems(
      scale([
        [0, 5, 2],
        [5, 9, 3],
        [10, 20, 5],
      ]),
    );
    expect(overlap.map((p) => p.code)).toEqual(['MARKS-SCALE-OVERLAP']);
    expect(overlap[0].message).toMatch(/баллы 5–5 попадают и в отметку «2», и в «3»/);
    const gap = scaleProblems(
      scale([
        [1, 4, 2],
        [5, 9, 3],
        [12, 20, 5],
      ]),
    );
    expect(gap.map((p) => p.code)).toEqual(['MARKS-SCALE-GAP', 'MARKS-SCALE-GAP']);
    expect(gap[0].message).toMatch(/от 0 до 0/);
    expect(gap[1].message).toMatch(/10–11/);
    const parsed = parseCutScores(
      scale([
        [0, 5, 2],
        [5, 9, 3],
      ]),
    );
    expect(parsed.ok).toBe(false);
  });

  test('marks by the scale, at the edges of the bands', () => {
    const s = DEFAULT_CUT_SCORES.find((x) => x.procedure === 'ВПР математика 5')!;
    expect([0, 4, 5, 9, 10, 14, 15, 20].map((t) => markFor(s, t))).toEqual([2, 2, 3, 3, 4, 4, 5, 5]);
    expect(markFor(s, 21)).toBeNull();
  });

  test('procedures are matched however they are spelt', () => {
    expect(procedureKey('впр по математике, 5 класс')).toBe('ВПР математика 5');
    expect(procedureKey('ВПР Математика 5')).toBe('ВПР математика 5');
    const book = new ScaleBook();
    expect(book.find('ВПР по математике 5 кл.', 2024)?.procedure).toBe('ВПР математика 5');
    expect(book.find('ВПР математика 5', 2019)).toBeNull();
  });

  test('the «Шкала перевода» sheet overrides the shipped table; a faulty scale is reported and marks nothing', () => {
    const wb = load();
    const { scales, issues } = readScaleSheet(wb);
    expect(scales).toHaveLength(2);
    const math = scales.find((s) => procedureKey(s.procedure) === 'ВПР математика 5')!;
    expect(math.year).toBe(2024);
    expect(math.example).toBe(false);
    expect(math.scale.map((b) => [b.from, b.to, b.mark])).toEqual([
      [0, 5, 2],
      [6, 10, 3],
      [11, 15, 4],
      [16, 20, 5],
    ]);
    const ru = scales.find((s) => procedureKey(s.procedure) === 'ВПР русский язык 5')!;
    expect(ru.year).toBe(2024); // «2023-2024» is the spring of 2024
    expect(ru.scale).toEqual([]);
    expect(issues.map((i) => i.code).sort()).toEqual(['MARKS-SCALE-GAP', 'MARKS-SCALE-OVERLAP']);
    for (const i of issues) {
      expect(i.sheet).toBe('Шкала перевода');
      expect(i.cell).toBe('C6:D9');
    }
    const { book } = scaleBookOf(wb);
    expect(book.find('ВПР математика 5', 2024)?.example).toBe(false);
    expect(book.find('ВПР математика 6', 2024)?.example).toBe(true);
  });
});

describe('a ВПР protocol written by openpyxl', () => {
  test('marks derived by the user scale equal the generator’s count; the special rows are reported at their cells', () => {
    const wb = load();
    const { book } = scaleBookOf(wb);
    const p = readProtocol(sheet(wb, 'Протокол'), book)!;
    expect(p.procedure).toBe(expected.protocol.procedure);
    expect(p.year).toBe(expected.protocol.year);
    expect(p.scale?.source).toBe('лист «Шкала перевода»');
    expect(p.columns.tasks).toHaveLength(10);
    expect(p.counts).toEqual(expected.protocol.counts);
    expect(p.result).toEqual(computeMarks(expected.protocol.counts));
    const at = (code: string) => p.issues.filter((i) => i.code === code).map((i) => i.cell);
    // the row over the maximum (23 points) also differs from its tasks
    expect(at('MARKS-TOTAL-MISMATCH')).toEqual([expected.protocol.special.mismatch, expected.protocol.special.overmax]);
    expect(at('MARKS-OVER-MAX')).toEqual([expected.protocol.special.overmax]);
    expect(at('MARKS-MARK-MISMATCH')).toEqual([expected.protocol.special.markmismatch]);
    expect(at('MARKS-EXAMPLE-SCALE')).toEqual([]);
    // the absent pupil and the «Итого» row are not pupils; the one over the maximum gets no mark
    expect(p.pupils).toHaveLength(28);
    expect(p.pupils.filter((x) => x.mark === null).map((x) => x.total)).toEqual([23]);
  });

  test('without the user sheet the shipped example scale marks the protocol and says so', () => {
    const wb = load();
    const bare = { sheets: wb.sheets.filter((s) => s.name !== 'Шкала перевода') };
    const { book } = scaleBookOf(bare);
    const p = readProtocol(sheet(bare, 'Протокол'), book)!;
    expect(p.scale?.example).toBe(true);
    const example = p.issues.filter((i) => i.code === 'MARKS-EXAMPLE-SCALE');
    expect(example).toHaveLength(1);
    expect(example[0].message).toMatch(/пример — проверьте по рекомендациям ФИОКО/);
    // a different scale gives different marks (0–4 / 5–9 / 10–14 / 15–20)
    expect(p.counts).not.toEqual(expected.protocol.counts);
    const n = p.counts.n5 + p.counts.n4 + p.counts.n3 + p.counts.n2;
    expect(n).toBe(27);
  });

  test('a protocol whose scale is faulty: MARKS-NO-SCALE, the «Отметка» column is counted', () => {
    const wb = load();
    const { book } = scaleBookOf(wb);
    const p = readProtocol(sheet(wb, 'Протокол РЯ'), book)!;
    expect(p.procedure).toBe('ВПР русский язык 5');
    expect(p.scale).toBeNull();
    expect(p.issues.map((i) => i.code)).toEqual(['MARKS-NO-SCALE']);
    expect(p.issues[0].message).toMatch(/содержит ошибки/);
    expect(p.counts).toEqual(expected.russian.counts);
  });
});

describe('«Отметки» on a selected range', () => {
  test('a column of marks with a header, «н/а» and a 6', () => {
    const wb = load();
    const a = analyzeMarksRange(sheet(wb, 'Журнал'), wb);
    expect(a.source).toBe('marks');
    expect(a.groups).toHaveLength(1);
    expect(a.groups[0].label).toBe('Отметка');
    expect(a.groups[0].result.counts).toEqual(expected.journal.counts);
    expect(a.issues.map((i) => [i.code, i.cell])).toEqual([['MARKS-BAD-MARK', expected.journal.bad]]);
  });

  test('counts per class; an empty class has no data', () => {
    const wb = load();
    const a = analyzeMarksRange(sheet(wb, 'Количества'), wb);
    expect(a.source).toBe('counts');
    expect(a.groups.map((g) => g.label)).toEqual(Object.keys(expected.counts));
    for (const g of a.groups) {
      const [n5, n4, n3, n2, na] = expected.counts[g.label] as number[];
      expect(g.result).toEqual(computeMarks({ n5, n4, n3, n2, na }));
    }
    const table = marksTable(a.groups);
    expect(table[0]).toEqual(['Показатель', '5А', '5Б', '5В']);
    expect(table.find((r) => r[0] === 'СОУ, %')).toEqual(['СОУ, %', 55.8, 'нет данных', 58.8]);
    expect(table.find((r) => r[0] === 'Средний балл')).toEqual(['Средний балл', 3.64, 'нет данных', 3.71]);
  });

  test('counts in a column beside their labels (transposed), and a protocol selected as a range', () => {
    const wb = load();
    const range: SheetSnapshot = {
      name: 'Лист1',
      origin: { row: 2, col: 1 },
      merges: [],
      values: [
        ['«5»', 4],
        ['«4»', 10],
        ['«3»', 9],
        ['«2»', 2],
      ],
    };
    const a = analyzeMarksRange(range, wb);
    expect(a.source).toBe('counts');
    expect(a.groups[0].result).toMatchObject({ passRate: 92, quality: 56, average: 3.64, sou: 55.84 });
    const { edits, address } = marksEdits(range, a);
    // two columns of the selection (B:C) and one empty column: the table starts at E3
    expect(address).toBe('E3:F13');
    expect(edits[0]).toMatchObject({ kind: 'setValue', sheet: 'Лист1', cell: 'E3', value: 'Показатель' });
    const protocol = analyzeMarksRange(sheet(wb, 'Протокол'), wb);
    expect(protocol.source).toBe('protocol');
    expect(protocol.groups[0].result.counts).toEqual(expected.protocol.counts);
  });

  test('a list of pupils with their marks (ФИО | Отметка): names are not bad marks', () => {
    const range: SheetSnapshot = {
      name: 'Класс',
      merges: [],
      values: [
        ['ФИО', 'Отметка'],
        ['Иванов Иван', 5],
        ['Петрова Анна', '4'],
        ['Сидоров Пётр', 'н/а'],
        ['Козлова Мария', 7],
        ['Орлов Олег', 2],
      ],
    };
    const a = analyzeMarksRange(range, { sheets: [range] });
    expect(a.source).toBe('marks');
    expect(a.groups[0].label).toBe('Отметка');
    expect(a.groups[0].result.counts).toEqual({ n5: 1, n4: 1, n3: 0, n2: 1, na: 1 });
    expect(a.issues.map((i) => [i.code, i.cell])).toEqual([['MARKS-BAD-MARK', 'B5']]);
  });

  test('a block of plain marks whose first row reads 5 4 3 2 is marks, not counts', () => {
    const range: SheetSnapshot = {
      name: 'Лист1',
      merges: [],
      values: [
        [5, 4, 3, 2],
        [4, 4, 3, 5],
      ],
    };
    const a = analyzeMarksRange(range, { sheets: [range] });
    expect(a.source).toBe('marks');
    expect(a.groups[0].result.counts).toEqual({ n5: 2, n4: 3, n3: 2, n2: 1, na: 0 });
  });
});
