/**
 * The ДТК locator with labels in other words (issue 11): a row re-typed is found by its most
 * similar label and reported as `LABEL-SIMILAR` info at its cell; two lines equally like one row
 * are a `LABEL-AMBIGUOUS` warning naming both cells; a row not found names the nearest label.
 * Written as real .xlsx by @e965/xlsx from the variant generator's layouts (test/dtk/variants.ts).
 */
import { checkDtk } from '../../src/engine/dtk/check';
import { locateDtk } from '../../src/engine/dtk/locate';
import { readDtk } from '../../src/engine/dtk/read';
import { a1 } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { GridSheet, writeGrid } from '../helpers/write-grid';
import { DtkVariant, dtkVariant } from './variants';

/** A clean variant in the template's wording, no label in other words (the first such seed). */
function plain(): DtkVariant {
  for (let seed = 0; ; seed++) {
    const v = dtkVariant(seed);
    if (v.traits.includes('wording=template') && !v.traits.includes('paraphrased')) return v;
  }
}

/** The 0-based row whose label (any cell) is exactly `text`. */
function rowOf(sheet: GridSheet, text: string): number {
  const r = sheet.rows.findIndex((row) =>
    row.some((c) => (typeof c === 'string' && c.replace(/^\S+\s/, '') === text) || c === text),
  );
  if (r < 0) throw new Error(`no row «${text}»`);
  return r;
}

function relabel(sheet: GridSheet, row: number, text: string): { cell: string; col: number } {
  const col = sheet.rows[row].findIndex((c) => typeof c === 'string' && c.trim() !== '' && !/^[\d.()]+$/.test(c));
  const old = sheet.rows[row][col] as string;
  // Numbering inside the label («1. …», «(1) …») is kept as the variant wrote it.
  const no = /^(?:\d+[.)]|\(\d+\))\s/.exec(old)?.[0] ?? '';
  sheet.rows[row][col] = no + text;
  return { cell: a1(row, col), col };
}

function run(sheet: GridSheet) {
  const r = readWorkbook(writeGrid([sheet]));
  if (!r.ok) throw new Error(r.message);
  const res = checkDtk(r.workbook, { threshold: 30, date: '01.01.2026' });
  return { wb: r.workbook, res, serious: res.issues.filter((i) => i.severity !== 'info') };
}

const copy = (v: DtkVariant): GridSheet => ({ ...v.sheet, rows: v.sheet.rows.map((r) => [...r]) });

describe('ДТК: labels matched by similarity', () => {
  const v = plain();

  test('how a row was found is recorded: its own label exact, a synonym alias, other words similar', () => {
    const sheet = copy(v);
    const { cell } = relabel(sheet, rowOf(sheet, 'Доля совместителей'), 'Доля внешних совместителей');
    relabel(sheet, rowOf(sheet, 'Доля учителей пенсионного возраста'), 'Доля педагогов пенсионного возраста');
    const { wb, res, serious } = run(sheet);
    expect(serious).toEqual([]);
    // A synonym is the order's wording: no LABEL-SIMILAR for it.
    expect(res.issues.filter((i) => i.code === 'LABEL-SIMILAR' && i.cell === cell)).toEqual([]);
    const loc = locateDtk(wb);
    expect(loc.fields['3.1.partTime'].labelCell).toBe(cell);
    expect(loc.fields['3.1.partTime'].found).toEqual({ how: 'alias', score: 1 });
    expect(loc.fields['3.1.pensionAge'].found?.how).toBe('similar');
    const hows = Object.entries(loc.fields)
      .filter(([id]) => id !== '3.1.partTime' && id !== '3.1.pensionAge')
      .map(([, f]) => f.found?.how);
    expect(hows.length).toBeGreaterThan(50);
    expect(new Set(hows)).toEqual(new Set(['exact']));
  });

  test('a row re-typed in other words: read at its cell, LABEL-SIMILAR naming the label taken, no error', () => {
    const sheet = copy(v);
    const row = rowOf(sheet, 'Доля учителей пенсионного возраста');
    const { cell } = relabel(sheet, row, 'Доля педагогов пенсионного возраста');
    const { wb, res, serious } = run(sheet);
    expect(serious).toEqual([]);
    const similar = res.issues.filter((i) => i.code === 'LABEL-SIMILAR');
    expect(similar.map((i) => [i.severity, i.cell])).toEqual([['info', cell]]);
    expect(similar[0].message).toContain('«Доля учителей пенсионного возраста»');
    expect(similar[0].message).toContain('Доля педагогов пенсионного возраста»');
    const loc = locateDtk(wb);
    expect(loc.fields['3.1.pensionAge'].labelCell).toBe(cell);
    expect(loc.fields['3.1.pensionAge'].found?.how).toBe('similar');
    expect(loc.fields['3.1.pensionAge'].cells).toEqual(v.cells['3.1.pensionAge']);
    const data = readDtk(wb, loc);
    const want = v.sheet.rows[row];
    for (const [y, ref] of Object.entries(v.cells['3.1.pensionAge'])) {
      const col = ref.charCodeAt(0) - 65;
      expect([y, data.values['3.1.pensionAge']?.[y]]).toEqual([
        y,
        expect.objectContaining({ kind: 'number', value: want[col] }),
      ]);
    }
  });

  test('two lines equally like one row: LABEL-AMBIGUOUS naming both cells, the first one read', () => {
    const sheet = copy(v);
    const row = rowOf(sheet, 'Доля учителей пенсионного возраста');
    const { cell, col } = relabel(sheet, row, 'Доля педагогов пенсионного возраста');
    // The same label once more, on a row of its own right below.
    sheet.rows.splice(
      row + 1,
      0,
      sheet.rows[row].map((c, i) => (i === col ? 'Доля педагогов пенсионного возраста' : c)),
    );
    sheet.merges = (sheet.merges ?? []).map(([r1, c1, r2, c2]) =>
      r1 > row ? [r1 + 1, c1, r2 + 1, c2] : [r1, c1, r2, c2],
    );
    const other = a1(row + 1, col);
    const { wb, res } = run(sheet);
    const amb = res.issues.filter((i) => i.code === 'LABEL-AMBIGUOUS');
    expect(amb.map((i) => [i.severity, i.cell, i.section])).toEqual([['warning', cell, '3.1']]);
    expect(amb[0].message).toContain(cell);
    expect(amb[0].message).toContain(other);
    expect(amb[0].message).toContain('«Доля учителей пенсионного возраста»');
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(locateDtk(wb).fields['3.1.pensionAge'].labelCell).toBe(cell);
  });

  test('how each row was found: its own label exact, a synonym alias, a re-typing similar with its score', () => {
    const sheet = copy(v);
    const alias = relabel(sheet, rowOf(sheet, 'Доля совместителей'), 'Доля внешних совместителей');
    const similar = relabel(
      sheet,
      rowOf(sheet, 'Доля учителей пенсионного возраста'),
      'Доля педагогов пенсионного возраста',
    );
    const { wb, serious } = run(sheet);
    expect(serious).toEqual([]);
    const loc = locateDtk(wb);
    expect(loc.fields['3.1.partTime'].labelCell).toBe(alias.cell);
    expect(loc.fields['3.1.partTime'].found).toEqual({ how: 'alias', score: 1 });
    expect(loc.fields['3.1.pensionAge'].labelCell).toBe(similar.cell);
    expect(loc.fields['3.1.pensionAge'].found?.how).toBe('similar');
    expect(loc.fields['3.1.pensionAge'].found?.score).toBeLessThan(1);
    // Every other row of the template layout carries the form's own label.
    const hows = Object.entries(loc.fields)
      .filter(([id]) => id !== '3.1.partTime' && id !== '3.1.pensionAge')
      .map(([, f]) => f.found?.how)
      .filter((h) => h !== undefined);
    expect(hows.length).toBeGreaterThan(20);
    expect(new Set(hows)).toEqual(new Set(['exact']));
  });

  test('a header field worded otherwise: the school and the date found by similarity, with their values', () => {
    const sheet = copy(v);
    const row = sheet.rows.findIndex((r) => r.some((c) => typeof c === 'string' && /^Наименование/.test(c)));
    const { cell } = relabel(sheet, row, 'Полное название школы');
    // A date line the order's way, the value after a colon.
    sheet.rows.splice(row + 1, 0, ['Дата составления: 15.12.2023']);
    sheet.merges = (sheet.merges ?? []).map(([r1, c1, r2, c2]) =>
      r1 > row ? [r1 + 1, c1, r2 + 1, c2] : [r1, c1, r2, c2],
    );
    const { wb, res, serious } = run(sheet);
    expect(serious).toEqual([]);
    const loc = locateDtk(wb);
    expect(loc.header.school).toEqual(expect.objectContaining({ labelCell: cell, value: 'МКОУ «Средняя школа № 3»' }));
    expect(loc.header.date).toEqual(expect.objectContaining({ labelCell: a1(row + 1, 0), value: '15.12.2023' }));
    const similar = res.issues.filter((i) => i.code === 'LABEL-SIMILAR').map((i) => [i.cell, i.section, i.message]);
    expect(similar).toEqual([
      [cell, 'header', expect.stringContaining('«Наименование ОО»')],
      [a1(row + 1, 0), 'header', expect.stringContaining('«Дата заполнения»')],
    ]);
  });

  describe('level sub-items under a row the template has as one (а) ООО, б) ООО …)', () => {
    const id = '1.1.grade9Graduates';
    /** The row with its own cells emptied (or kept) and two level rows below it holding 60 % and 40 % of its value. */
    const split = (keepTotal: boolean): { sheet: GridSheet; want: Record<string, number> } => {
      const sheet = copy(v);
      const row = rowOf(sheet, 'Количество выпускников 9 класса');
      const want: Record<string, number> = {};
      const a: (typeof sheet.rows)[number] = [];
      const b: (typeof sheet.rows)[number] = [];
      const labelCol = sheet.rows[row].findIndex((c) => typeof c === 'string' && /выпускников/.test(c));
      a[labelCol] = 'а) ООО, очная форма';
      b[labelCol] = 'б) ООО, очно-заочная форма';
      for (const [y, ref] of Object.entries(v.cells[id])) {
        const col = ref.charCodeAt(0) - 65;
        const total = sheet.rows[row][col] as number;
        want[y] = total;
        a[col] = Math.round(total * 0.6);
        b[col] = total - Math.round(total * 0.6);
        if (!keepTotal) sheet.rows[row][col] = null;
      }
      sheet.rows.splice(row + 1, 0, a, b);
      sheet.merges = (sheet.merges ?? []).map(([r1, c1, r2, c2]) =>
        r1 > row ? [r1 + 2, c1, r2 + 2, c2] : [r1, c1, r2, c2],
      );
      return { sheet, want };
    };
    const read = (sheet: GridSheet) => {
      const { wb, serious } = run(sheet);
      const data = readDtk(wb, locateDtk(wb));
      const got: Record<string, unknown> = {};
      for (const [y, val] of Object.entries(data.values[id] ?? {}))
        got[y] = val.kind === 'number' ? val.value : val.kind;
      return { serious, got };
    };

    test('no total on its row: the sub-items read as their sum, no false alarm', () => {
      const { sheet, want } = split(false);
      const { serious, got } = read(sheet);
      expect(serious).toEqual([]);
      expect(got).toEqual(want);
    });

    test('the total given on its row: the total is read, the sub-items raise nothing', () => {
      const { sheet, want } = split(true);
      const { serious, got } = read(sheet);
      expect(serious).toEqual([]);
      expect(got).toEqual(want);
    });
  });

  test('a row not found names the nearest label in its MISSING-ROW message', () => {
    const sheet = copy(v);
    const row = rowOf(sheet, 'Доля программ, соответствующих результатам анкетирования');
    const { cell } = relabel(sheet, row, 'Программы по итогам анкетирования');
    const { serious } = run(sheet);
    const miss = serious.filter((i) => i.code === 'MISSING-ROW');
    expect(miss.length).toBe(1);
    expect(miss[0].message).toContain('«Доля программ, соответствующих результатам анкетирования»');
    expect(miss[0].message).toContain(`Ближе всего по смыслу строка ${cell} «`);
  });

  test("a layout in the form's own wording: no LABEL-SIMILAR, no LABEL-AMBIGUOUS, nothing serious", () => {
    const clean = run(copy(v));
    expect(clean.res.issues.filter((i) => i.code.startsWith('LABEL-'))).toEqual([]);
    expect(clean.serious).toEqual([]);
  });
});
