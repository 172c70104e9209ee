/**
 * A ДТК typed from the form printed in seed 003 (issue 11), written by openpyxl
 * (test/fixtures/dtk/make_seed003.py): the order's wording and layout — «Показатель | годы»
 * repeated per subsection, pairs in one cell, the ВПР as a subject row with the criterion text
 * below and the grades as child rows, ОГЭ/ЕГЭ under their captions, enrolment with НОО and ООО
 * only, «Вывод:» / «Проблема:» after 1.1, 1.2, 1.3, 2.3 and 3.4.
 * - the correct card: no error and no warning; every field the script recorded is found at its cell;
 * - 11 seeded mistakes: each its code at its cell, and no other error;
 * - a conclusion and a problem written into every «Вывод» / «Проблема» row, each about the
 *   subsections it closes;
 * - the §6 indicators the consolidation reads are those of the same values in another layout.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkDtk } from '../../src/engine/dtk/check';
import { locateDtk } from '../../src/engine/dtk/locate';
import { Edit } from '../../src/engine/edits';
import { Issue } from '../../src/engine/issues';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'dtk');
const OPTS = { threshold: 30, date: '22.11.2026' };

interface Expected {
  cells: Record<string, Record<string, string>>;
  conclusions: { section: string; kind: 'conclusion' | 'problem'; cell: string }[];
  mistakes: { code: string; sheet: string; cell: string; field: string; year: string }[];
}

function snap(name: string): WorkbookSnapshot {
  const r = readWorkbook(fs.readFileSync(path.join(FIX, name)));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}
const expected = (name: string): Expected => JSON.parse(fs.readFileSync(path.join(FIX, name), 'utf8')) as Expected;
const where = (i: Issue): string => `${i.code} ${i.sheet}!${i.cell}`;

const VALID = snap('seed003_valid.xlsx');
const VALID_EXP = expected('seed003_valid.expected.json');

describe('a ДТК typed from seed 003', () => {
  test('every field is found at the cell the script wrote it to', () => {
    const loc = locateDtk(VALID);
    const got: Record<string, Record<string, string>> = {};
    for (const id of Object.keys(VALID_EXP.cells)) got[id] = loc.fields[id]?.cells ?? {};
    expect(got).toEqual(VALID_EXP.cells);
  });

  test('the correct card gives no error and no warning', () => {
    const res = checkDtk(VALID, OPTS);
    expect(res.issues.filter((i) => i.severity !== 'info').map(where)).toEqual([]);
  });

  test('each seeded mistake is found at its cell, and nothing else is an error', () => {
    const exp = expected('seed003_mistakes.expected.json');
    expect(exp.mistakes).toHaveLength(11);
    const res = checkDtk(snap('seed003_mistakes.xlsx'), OPTS);
    const errors = res.issues.filter((i) => i.severity === 'error');
    for (const m of exp.mistakes)
      expect([m.field, res.issues.some((i) => i.code === m.code && i.cell === m.cell)]).toEqual([m.field, true]);
    const seeded = new Set(exp.mistakes.map((m) => `${m.code} ДТК!${m.cell}`));
    expect(errors.map(where).filter((w) => !seeded.has(w))).toEqual([]);
  });

  test('every «Вывод» / «Проблема» row gets the draft of the subsections it closes', () => {
    const res = checkDtk(VALID, OPTS);
    const written = new Map(
      res.edits
        .filter((e): e is Extract<Edit, { kind: 'setValue' }> => e.kind === 'setValue' && e.purpose === 'conclusion')
        .map((e) => [e.cell, String(e.value)]),
    );
    expect([...written.keys()].sort()).toEqual(VALID_EXP.conclusions.map((c) => c.cell).sort());
    const text = (section: string, kind: string): string =>
      written.get(VALID_EXP.conclusions.find((c) => c.section === section && c.kind === kind)!.cell)!;
    // 1.1 speaks of the contingent, 1.2 of the ВПР, 1.3 of the ГИА — each only of its own.
    expect(text('1.1', 'conclusion')).toContain('Численность обучающихся');
    expect(text('1.1', 'conclusion')).not.toContain('ВПР');
    expect(text('1.2', 'conclusion')).toContain('ВПР по русскому языку');
    expect(text('1.2', 'conclusion')).not.toContain('ОГЭ');
    expect(text('1.3', 'conclusion')).toContain('ОГЭ по математике');
    expect(text('1.3', 'conclusion')).not.toContain('ВПР');
    // The ВПР result of 35 % in 6th grade Russian (2022-2023) is a problem of 1.2, not of 1.3.
    expect(text('1.2', 'problem')).toContain('низкий результат');
    expect(text('1.3', 'problem')).not.toContain('ВПР');
    // One row for the whole criterion: the criterion's draft.
    const c3 = res.conclusions.find((c) => c.section === '3')!;
    expect(text('3.4', 'conclusion')).toBe(c3.conclusion);
    expect(text('3.4', 'problem')).toBe(c3.problem);
  });

  test('the indicators the consolidation reads equal those of the same values in another layout', () => {
    const seed = checkDtk(VALID, OPTS).indicators as unknown as Record<string, unknown>;
    const other = checkDtk(snap('school_valid.xlsx'), OPTS).indicators as unknown as Record<string, unknown>;
    const keys = [
      'eduPositiveDynamics',
      'antiRiskMatch',
      'antiRiskMatch80',
      'profDiagnostics',
      'diagnosticsPositive',
      'profDiagnosticsPositive',
      'methodicalInvolvement',
      'courses',
      'partnerEvents',
      'riskMeasuresDone',
      'failingShareCurrent',
    ];
    for (const k of keys) expect([k, seed[k]]).toEqual([k, other[k]]);
    for (const k of ['eduPositiveDynamics', 'antiRiskMatch80', 'profDiagnosticsPositive'])
      expect([k, seed[k]]).not.toEqual([k, null]);
  });
});
