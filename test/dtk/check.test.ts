/**
 * The ДТК check (DOMAIN.md §1.2–1.3, §2, §2.1, §2.2; PRODUCT.md write-back rules) on real .xlsx files:
 * - the template written by the project's writer (createWorkbook) and filled by applyEdits with the
 *   correct values of test/fixtures/dtk/valid_values.json: no error and no warning; then every rule
 *   broken once: that rule's code at that exact cell and no other error;
 * - two cards written by openpyxl in another layout (test/fixtures/dtk/make_dtk.py): a correct one
 *   (only findings about the school) and one with seeded mistakes, each listed in its expected JSON;
 * - dynamics, indicators and conclusion texts computed from the data;
 * - write-back: a second run changes nothing; a user's own conclusion text is never overwritten.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkWorkbook, detectKind } from '../../src/engine/check';
import { checkDtk, DtkCheckResult } from '../../src/engine/dtk/check';
import { NO_PROBLEMS } from '../../src/engine/dtk/conclusions';
import { dtkRows } from '../../src/engine/dtk/descriptor';
import { INDICATOR_DOCS } from '../../src/engine/dtk/docs';
import { failingRows } from '../../src/engine/dtk/indicators';
import { locateDtk } from '../../src/engine/dtk/locate';
import { dtkTemplate } from '../../src/engine/dtk/template';
import { Edit } from '../../src/engine/edits';
import { Issue } from '../../src/engine/issues';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { stateFromSnapshot } from '../../src/engine/state';
import { applyEdits, createWorkbook, readState } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { IdentifySettings } from '../../src/engine/results/settings';
import { haveLibreOffice } from '../helpers/office';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'dtk');
const RESULTS = path.resolve(__dirname, '..', 'fixtures', 'results');
const YEARS = ['2020-2021', '2021-2022', '2022-2023'];
const DATE = '22.11.2026';
const OPTS = { threshold: 30, date: DATE };

type Values = Record<string, Record<string, string | number | null>>;
const VALID = JSON.parse(fs.readFileSync(path.join(FIX, 'valid_values.json'), 'utf8')) as Values;

interface SchoolExpected {
  cells: Record<string, Record<string, string>>;
  mistakes: { code: string; sheet: string; cell: string; field: string; year?: string }[];
}

function snap(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

const file = (name: string): Uint8Array => fs.readFileSync(path.join(FIX, name));
const serious = (issues: Issue[]): Issue[] => issues.filter((i) => i.severity !== 'info');
const where = (i: Issue): string => `${i.code} ${i.sheet}!${i.cell}`;

// ---------------------------------------------------------------------------------------------
// The template, filled by the project's writer.

const TEMPLATE = createWorkbook(dtkTemplate(YEARS));
const TEMPLATE_LOC = locateDtk(snap(TEMPLATE));
const SHEET = 'ДТК';

/** Field id → year → cell of the template. */
function templateCell(field: string, year: string): string {
  const f = TEMPLATE_LOC.fields[field];
  if (!f) throw new Error(`template has no ${field}`);
  return f.cells[year];
}

function fillTemplate(values: Values, school: string | null = 'МБОУ «СОШ № 1»'): Uint8Array {
  const edits: Edit[] = [];
  for (const [field, byYear] of Object.entries(values))
    for (const [year, v] of Object.entries(byYear)) {
      if (v === null) continue;
      edits.push({ kind: 'setValue', sheet: SHEET, cell: templateCell(field, year), value: v, purpose: 'derived' });
    }
  if (school !== null)
    edits.push({
      kind: 'setValue',
      sheet: SHEET,
      cell: TEMPLATE_LOC.header.school.cell,
      value: school,
      purpose: 'derived',
    });
  return applyEdits(TEMPLATE, edits);
}

function withValue(field: string, year: string, v: string | number | null, base: Values = VALID): Values {
  const copy = JSON.parse(JSON.stringify(base)) as Values;
  copy[field][year] = v;
  return copy;
}

describe('the template filled by the writer', () => {
  const valid = checkDtk(snap(fillTemplate(VALID)), OPTS);

  test('correct values: no error and no warning, only findings about the school', () => {
    expect(serious(valid.issues).map(where)).toEqual([]);
    expect(new Set(valid.issues.map((i) => i.code))).toEqual(new Set(['LOW-RESULT', 'NEGATIVE-DYNAMICS']));
    // The low results are exactly the low-result rows at or above 30 % in the data.
    const low = failingRows().flatMap((id) =>
      YEARS.filter((y) => typeof VALID[id]?.[y] === 'number' && (VALID[id][y] as number) >= 30).map(
        (y) => `LOW-RESULT ${SHEET}!${templateCell(id, y)}`,
      ),
    );
    expect(low.length).toBeGreaterThan(0);
    expect(
      valid.issues
        .filter((i) => i.code === 'LOW-RESULT')
        .map(where)
        .sort(),
    ).toEqual(low.sort());
  });

  // Each rule broken once: [what, field, year, value, code, cell (default: the field's cell)].
  const broken: [string, string, string, string | number | null, string, string?][] = [
    ['a required value left empty', '1.2.vprMath.g5', '2021-2022', null, 'MISSING-VALUE'],
    ['a share above 100', '2.2.contests', '2022-2023', 101, 'OUT-OF-RANGE'],
    ['a negative count', '1.1.repeaters.ooo', '2020-2021', -2, 'OUT-OF-RANGE'],
    ['a fractional count', '1.1.grade9Graduates', '2020-2021', 50.5, 'OUT-OF-RANGE'],
    ['text where a number belongs', '3.1.youngTeachers', '2021-2022', 'около двадцати', 'NOT-A-NUMBER'],
    ['an Excel error', '2.1.singleParent', '2022-2023', '#N/A', 'CELL-ERROR'],
    ['a share typed as a fraction', '3.1.subjectHigherEducation', '2022-2023', 0.95, 'PERCENT-AS-FRACTION'],
    ['dropouts above the enrolment', '1.1.dropout.ooo', '2021-2022', 300, 'DTK-INCONSISTENT'],
    ['no-certificate above the graduates', '1.1.noCertificate.ooo', '2022-2023', 60, 'DTK-INCONSISTENT'],
    ['honours above the graduates', '1.1.honours.ooo', '2020-2021', 51, 'DTK-INCONSISTENT'],
    ['repeaters of СОО above its enrolment', '1.1.repeaters.soo', '2022-2023', 56, 'DTK-INCONSISTENT'],
    ['a quality share above 100', '1.2.progress.school.quality', '2022-2023', 100.5, 'OUT-OF-RANGE'],
    ['quality above total (in range)', '1.2.progress.russian.quality', '2020-2021', 99.5, 'DTK-INCONSISTENT'],
    ['3.2(d) above (c)', '3.2.independentPositive', 'D', 30, 'DTK-INCONSISTENT'],
    ['continuing above the graduates', '1.1.continuing', '2021-2022', 53, 'DTK-IMPLAUSIBLE'],
    ['a derived share that does not match', '1.1.continuingShare', '2020-2021', 50.2, 'DTK-DERIVED-MISMATCH'],
    ['parents’ education above 100 %', '2.1.parentsEducation.higher', '2020-2021', 33, 'DTK-SUM-OVER-100'],
    ['parents’ education below 90 %', '2.1.parentsEducation.vocational', '2022-2023', 30, 'DTK-SUM-UNDER-90'],
    ['enrolment jump', '1.1.enrolment.noo', '2021-2022', 130, 'DTK-JUMP'],
    ['organisation of 3.2(c) missing', '3.2.independent', 'D', 24, 'MISSING-VALUE'],
    ['3.4 count against the names', '3.4.antiRiskPrograms', 'D', '2: «Программа А»', 'DTK-COUNT-MISMATCH'],
    ['3.3 below target', '3.3.partnerEvents', 'D', 79.5, 'BELOW-TARGET'],
    ['3.3 not 100 %', '3.3.methodicalInvolvement', 'D', 99, 'BELOW-TARGET'],
    ['3.4 below target', '3.4.programsMatch', 'D', 70, 'BELOW-TARGET'],
    ['ВПР low result', '1.2.vprRussian.g5', '2022-2023', 30, 'LOW-RESULT'],
    ['ГИА main attempt low result', '1.3.oge.russian.main', '2021-2022', 45, 'LOW-RESULT'],
  ];

  test.each(broken)('%s → %s', (_what, field, year, value, code) => {
    const res = checkDtk(snap(fillTemplate(withValue(field, year, value))), OPTS);
    let cell = templateCell(field, year);
    if (code.startsWith('DTK-SUM')) {
      const row = cell.replace(/^[A-Z]+/, '');
      cell = `B${row}:D${row}`;
    }
    const hits = res.issues.filter((i) => i.code === code && i.cell === cell && i.sheet === SHEET);
    expect(hits).toHaveLength(1);
    const errors = res.issues.filter((i) => i.severity === 'error');
    for (const e of errors) expect(where(e)).toBe(`${code} ${SHEET}!${cell}`);
    if (hits[0].severity !== 'error') expect(errors).toEqual([]);
    // The section is the field's section.
    expect(hits[0].section).toBe(field.split('.').slice(0, 2).join('.'));
  });

  test('the header without the school name is MISSING-VALUE at its cell', () => {
    const res = checkDtk(snap(fillTemplate(VALID, null)), OPTS);
    expect(serious(res.issues).map(where)).toEqual([`MISSING-VALUE ${SHEET}!${TEMPLATE_LOC.header.school.cell}`]);
  });

  test('fields that cannot apply are not required: no СОО level, retake shares', () => {
    let v = VALID;
    for (const { row } of dtkRows()) {
      if (row.items || row.parts) continue;
      if (row.level === 'СОО' || row.id.endsWith('.retake') || row.id === '1.1.enrolment.soo')
        for (const y of YEARS) if (v[row.id]) v = withValue(row.id, y, null, v);
    }
    const res = checkDtk(snap(fillTemplate(v)), OPTS);
    expect(serious(res.issues).map(where)).toEqual([]);
    // With СОО present, the same empty ЕГЭ cell is required.
    const res2 = checkDtk(snap(fillTemplate(withValue('1.3.ege.mathProfile', '2022-2023', null))), OPTS);
    expect(serious(res2.issues).map(where)).toEqual([
      `MISSING-VALUE ${SHEET}!${templateCell('1.3.ege.mathProfile', '2022-2023')}`,
    ]);
  });

  test('the threshold comes from the options', () => {
    const at40 = checkDtk(snap(fillTemplate(VALID)), { threshold: 40, date: DATE });
    expect(at40.issues.filter((i) => i.code === 'LOW-RESULT')).toEqual([]);
    const at10 = checkDtk(snap(fillTemplate(VALID)), { threshold: 10, date: DATE });
    expect(at10.issues.filter((i) => i.code === 'LOW-RESULT').length).toBeGreaterThan(
      valid.issues.filter((i) => i.code === 'LOW-RESULT').length,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Cards written by openpyxl in another layout.

describe('cards written by openpyxl (make_dtk.py)', () => {
  const validExp = JSON.parse(fs.readFileSync(path.join(FIX, 'school_valid.expected.json'), 'utf8')) as SchoolExpected;
  const mistakesExp = JSON.parse(
    fs.readFileSync(path.join(FIX, 'school_mistakes.expected.json'), 'utf8'),
  ) as SchoolExpected;
  let valid: DtkCheckResult;
  let mistakes: DtkCheckResult;
  beforeAll(() => {
    valid = checkDtk(snap(file('school_valid.xlsx')), OPTS);
    mistakes = checkDtk(snap(file('school_mistakes.xlsx')), OPTS);
  });

  test('the correct card: no error, no warning; only LOW-RESULT / NEGATIVE-DYNAMICS / BELOW-TARGET infos', () => {
    expect(serious(valid.issues).map(where)).toEqual([]);
    for (const i of valid.issues) expect(['LOW-RESULT', 'NEGATIVE-DYNAMICS', 'BELOW-TARGET']).toContain(i.code);
    // ВПР русский 6 класс 22 → 35: low and negative, at the current-year cell.
    const cell = validExp.cells['1.2.vprRussian.g6']['2022-2023'];
    expect(
      valid.issues
        .filter((i) => i.cell === cell)
        .map((i) => i.code)
        .sort(),
    ).toEqual(['LOW-RESULT', 'NEGATIVE-DYNAMICS']);
  });

  test('every seeded mistake is reported at its cell with its code, and nothing else is an error or warning', () => {
    expect(mistakesExp.mistakes.length).toBeGreaterThanOrEqual(20);
    const got = serious(mistakes.issues).map(where).sort();
    const want = mistakesExp.mistakes.map((m) => `${m.code} ${m.sheet}!${m.cell}`).sort();
    expect(got).toEqual(want);
    for (const i of serious(mistakes.issues)) {
      expect(i.section).toBeTruthy();
      expect(i.message.length).toBeGreaterThan(20);
    }
    // The messages quote the value and the year.
    const jump = mistakes.issues.find((i) => i.code === 'DTK-JUMP')!;
    expect(jump.message).toContain('400');
    expect(jump.message).toContain('2022-2023 учебном году');
    const over = mistakes.issues.find((i) => i.code === 'DTK-SUM-OVER-100')!;
    expect(over.message).toContain('110,0\u00a0%');
  });

  test('kind detection: every ДТК is a ДТК, results tables are not', () => {
    const settings = { threshold: 30 } as IdentifySettings;
    for (const f of fs.readdirSync(FIX).filter((x) => x.endsWith('.xlsx'))) {
      expect([f, detectKind(snap(file(f)))]).toEqual([f, 'dtk']);
    }
    expect(detectKind(snap(TEMPLATE))).toBe('dtk');
    const results = fs.readdirSync(RESULTS).filter((x) => x.endsWith('.xlsx'));
    expect(results.length).toBeGreaterThan(0);
    for (const f of results) {
      const wb = snap(fs.readFileSync(path.join(RESULTS, f)));
      expect([f, detectKind(wb)]).toEqual([f, 'results']);
    }
    const report = checkWorkbook(snap(file('school_valid.xlsx')), settings, DATE);
    expect(report.kind).toBe('dtk');
    expect(report.conclusions).toHaveLength(3);
    expect(report.indicators.school).toBe('МБОУ «СОШ № 7» г. Энска');
  });

  test('indicators come from the data', () => {
    const ind = valid.indicators;
    const cur = '2022-2023';
    const prev = '2021-2022';
    expect(ind.currentYear).toBe(cur);
    expect(ind.previousYear).toBe(prev);
    expect(ind.municipality).toBe('Энский район');
    // Mean failing share over the ВПР and main ГИА rows with numbers in both years, computed here.
    const rows = failingRows().filter(
      (id) => typeof VALID[id][prev] === 'number' && typeof VALID[id][cur] === 'number',
    );
    const mean = (y: string): number => rows.reduce((s, id) => s + (VALID[id][y] as number), 0) / rows.length;
    expect(ind.failingShareRows).toBe(rows.length);
    expect(ind.failingSharePrevious).toBeCloseTo(mean(prev), 2);
    expect(ind.failingShareCurrent).toBeCloseTo(mean(cur), 2);
    expect(ind.eduPositiveDynamics).toBe(mean(prev) - mean(cur) > 0.5 ? 1 : 0);
    // 26 ÷ 52 × 100 — the derived share of 2021-2022 is empty in the file and computed.
    expect(ind.continuingShare).toBe(50);
    expect(ind.methodicalInvolvement).toBe(VALID['3.3.methodicalInvolvement'].D);
    expect(ind.methodicalInvolvementFull).toBe(1);
    expect(ind.courses80).toBe(1);
    expect(ind.partnerEvents).toBe(80);
    expect(ind.antiRiskMatch).toBe(85);
    expect(ind.riskMeasuresDone).toBe(90);
    expect(ind.diagnosticsPositive).toBe(40);
    expect(ind.profDiagnosticsPositive).toBe(1);
    expect(ind.independentPositive).toBe(10);
    // A value with a blocking error is null (not counted by a consolidation).
    expect(mistakes.indicators.registered).toBeNull();
    // 3.2(b) above 3.2(a) is an inconsistency: neither counts as a positive diagnostics result.
    expect(mistakes.indicators.diagnosticsPositive).toBeNull();
    expect(mistakes.indicators.profDiagnosticsPositive).toBeNull();
    expect(mistakes.indicators.school).toBeNull();
  });

  test('every indicator is documented (docs/dtk-form.md)', () => {
    expect(INDICATOR_DOCS.map(([id]) => id)).toEqual(Object.keys(valid.indicators));
    const md = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'dtk-form.md'), 'utf8');
    for (const id of Object.keys(valid.indicators)) expect(md).toContain(`| \`${id}\` |`);
  });

  test('dynamics: direction, tolerance, counts per 100 pupils', () => {
    const dyn = new Map(valid.dynamics.map((d) => [d.id, d]));
    const g6 = dyn.get('1.2.vprRussian.g6')!;
    expect(g6.last).toMatchObject({
      from: '2021-2022',
      to: '2022-2023',
      before: 22,
      after: 35,
      direction: 'отрицательная',
    });
    expect(g6.trend).toMatchObject({ from: '2020-2021', before: 25, after: 35, direction: 'отрицательная' });
    // 2,5 → 2,0: a change of 0,5 p.p. is within the tolerance.
    expect(dyn.get('2.2.registered')!.last!.direction).toBe('стабильная');
    const strict = checkDtk(snap(file('school_valid.xlsx')), { ...OPTS, tolerance: { percent: 0.4 } });
    expect(strict.dynamics.find((d) => d.id === '2.2.registered')!.last!.direction).toBe('положительная');
    // Dropouts 1 of 255 → 1 of 260: the same count, fewer per 100 pupils.
    const drop = dyn.get('1.1.dropout.ooo')!.last!;
    expect(drop.perHundred).toBe(true);
    expect(drop.before).toBeCloseTo((1 / 255) * 100, 6);
    expect(drop.after).toBeCloseTo((1 / 260) * 100, 6);
    expect(drop.direction).toBe('положительная');
    // Only directed fields: enrolment (polarity 0) has none.
    expect(dyn.has('1.1.enrolment.ooo')).toBe(false);
  });

  test('conclusions: figures and years from the data, problems most severe first', () => {
    const c1 = valid.conclusions.find((c) => c.section === '1')!;
    expect(c1.conclusion).toContain(
      'Доля обучающихся 6 классов, получивших «2» по ВПР по русскому языку: в 2022-2023 учебном году — 35,0\u00a0% (в 2021-2022 учебном году — 22,0\u00a0%), динамика отрицательная (за три года — отрицательная); низкий результат: не ниже порога 30,0\u00a0%.',
    );
    expect(c1.conclusion).toContain(
      'Численность обучающихся на конец учебного года: в 2022-2023 учебном году — 525 (в 2021-2022 учебном году — 512).',
    );
    expect(c1.problem.startsWith('1) низкий результат: «Доля обучающихся 6 классов')).toBe(true);
    expect(c1.problem).toContain('2021-2022 учебном году — 31,0\u00a0% (порог 30,0\u00a0%)');
    const c2 = valid.conclusions.find((c) => c.section === '2')!;
    expect(c2.problem).toBe(NO_PROBLEMS);
    expect(c2.conclusion).toContain(
      'Доля обучающихся, участвующих в конкурсах и олимпиадах: в 2022-2023 учебном году — 50,0\u00a0% (в 2021-2022 учебном году — 45,0\u00a0%), динамика положительная',
    );
    // Other data, other figures: with a threshold of 40 % no low result is named.
    const at40 = checkDtk(snap(file('school_valid.xlsx')), { threshold: 40, date: DATE });
    expect(at40.conclusions[0].problem).not.toContain('низкий результат');
    expect(at40.conclusions[0].conclusion).not.toContain('низкий результат');
    // Deterministic.
    expect(checkDtk(snap(file('school_valid.xlsx')), OPTS).conclusions).toEqual(valid.conclusions);
    // Errors of the form come first in «Проблема».
    const m1 = mistakes.conclusions.find((c) => c.section === '1')!;
    const pos = (t: string): number => m1.problem.indexOf(t);
    expect(m1.problem.startsWith('1) расчётная доля «Доля выпускников 9 класса')).toBe(true);
    expect(pos('противоречие в данных')).toBeGreaterThan(0);
    expect(pos('противоречие в данных')).toBeLessThan(pos('карта заполнена не полностью или с ошибками'));
    expect(pos('карта заполнена не полностью')).toBeLessThan(pos('резкое изменение между годами'));
    expect(pos('резкое изменение между годами')).toBeLessThan(pos('низкий результат'));
    expect(pos('низкий результат')).toBeLessThan(pos('отрицательная динамика'));
  });
});

// ---------------------------------------------------------------------------------------------
// Write-back.

describe('write-back', () => {
  const exp = JSON.parse(fs.readFileSync(path.join(FIX, 'school_valid.expected.json'), 'utf8')) as SchoolExpected;
  const SH = 'Карта ОО';
  const concl = exp.cells['1.conclusion'].D;

  function run(bytes: Uint8Array): { res: DtkCheckResult; out: Uint8Array } {
    const res = checkDtk(snap(bytes), OPTS);
    return { res, out: applyEdits(bytes, res.edits) };
  }

  test('fills the empty derived cell and empty conclusions; a second run gives the same bytes', () => {
    const orig = file('school_valid.xlsx');
    const first = run(orig);
    const derivedCell = exp.cells['1.1.continuingShare']['2021-2022'];
    expect(first.res.edits).toContainEqual({
      kind: 'setValue',
      sheet: SH,
      cell: derivedCell,
      value: 50,
      purpose: 'derived',
    });
    expect(first.res.edits[0]).toEqual({ kind: 'clearHighlights' });
    expect(first.res.kept).toEqual([]);
    const after = snap(first.out);
    const sheet = after.sheets.find((s) => s.name === SH)!;
    const row = Number(derivedCell.slice(1)) - 1;
    expect(sheet.values[row][2]).toBe(50);
    expect(after.sheets.some((s) => s.name === 'Проверка')).toBe(true);
    const state = stateFromSnapshot(after);
    expect(state?.written.map((w) => w.cell).sort()).toEqual(
      ['1', '2', '3'].flatMap((c) => [exp.cells[`${c}.conclusion`].D, exp.cells[`${c}.problem`].D]).sort(),
    );
    expect(readState(first.out)).toEqual(state);
    // Same findings and texts on the written copy, and the same bytes after a second run.
    const second = run(first.out);
    expect(second.res.issues).toEqual(first.res.issues);
    expect(second.res.conclusions).toEqual(first.res.conclusions);
    expect(Buffer.from(second.out).equals(Buffer.from(first.out))).toBe(true);
  });

  test('a card with mistakes (highlighted ranges too): a second run gives the same bytes', () => {
    const first = run(file('school_mistakes.xlsx'));
    const tones = first.res.edits
      .filter((e) => e.kind === 'highlight')
      .map((e) => (e.kind === 'highlight' ? e.tone : ''));
    expect(new Set(tones)).toEqual(new Set(['error', 'warning', 'low', 'info']));
    const second = run(first.out);
    expect(Buffer.from(second.out).equals(Buffer.from(first.out))).toBe(true);
  });

  (haveLibreOffice ? test : test.skip)(
    'a copy saved again by LibreOffice: the product still knows its own texts',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-dtk-lo-'));
      const src = path.join(dir, 'in');
      fs.mkdirSync(src);
      fs.writeFileSync(path.join(src, 'card.xlsx'), run(file('school_valid.xlsx')).out);
      // A private profile: parallel LibreOffice runs do not clash.
      const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`;
      const args = [profile, '--headless', '--convert-to', 'xlsx', '--outdir', dir, path.join(src, 'card.xlsx')];
      const r = spawnSync('soffice', args, { timeout: 120_000 });
      expect(r.status).toBe(0);
      const again = checkDtk(snap(fs.readFileSync(path.join(dir, 'card.xlsx'))), OPTS);
      expect(again.kept).toEqual([]);
      expect(again.edits.filter((e) => e.kind === 'setValue')).toEqual([]);
      expect(serious(again.issues)).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );

  test("the product's own text is updated; a user's own text is never overwritten", () => {
    const first = run(file('school_valid.xlsx')).out;
    // The data changes: the product's own conclusion is redrafted in place.
    const g6 = exp.cells['1.2.vprRussian.g6']['2022-2023'];
    const changed = applyEdits(first, [{ kind: 'setValue', sheet: SH, cell: g6, value: 45, purpose: 'derived' }]);
    const redo = run(changed);
    const set = redo.res.edits.find((e) => e.kind === 'setValue' && e.cell === concl);
    expect(set).toBeDefined();
    expect(set && set.kind === 'setValue' && String(set.value)).toContain('45,0\u00a0%');
    // The user types their own text: it stays, the draft is returned and the cell is listed as kept.
    const own = 'Наш вывод: результаты стабильны.';
    const user = applyEdits(redo.out, [{ kind: 'setValue', sheet: SH, cell: concl, value: own, purpose: 'derived' }]);
    const third = run(user);
    expect(third.res.edits.some((e) => e.kind === 'setValue' && e.cell === concl)).toBe(false);
    // The draft kept aside is the criterion's (one «Вывод» row closes the whole criterion here).
    expect(third.res.kept).toEqual([
      { section: '1', kind: 'conclusion', sheet: SH, cell: concl, draft: third.res.conclusions[0].conclusion },
    ]);
    expect(third.res.conclusions[0].conclusion).toContain('45,0\u00a0%');
    const sheet = snap(third.out).sheets.find((s) => s.name === SH)!;
    expect(sheet.values[Number(concl.slice(1)) - 1][1]).toBe(own);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the command line (`npm test` builds it first).

describe('shnor check on a ДТК', () => {
  const CLI = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
  const shnor = (args: string[]): { status: number | null; stdout: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout };
  };

  test('--json reports the seeded mistakes; --out writes the annotated copy; the input is unchanged', () => {
    const exp = JSON.parse(fs.readFileSync(path.join(FIX, 'school_mistakes.expected.json'), 'utf8')) as SchoolExpected;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-dtk-'));
    const input = path.join(FIX, 'school_mistakes.xlsx');
    const before = fs.readFileSync(input);
    const r = shnor(['check', input, '--json', '--out', out]);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as {
      files: { kind: string; issues: Issue[]; conclusions: unknown[]; indicators: Record<string, unknown> }[];
    };
    expect(json.files[0].kind).toBe('dtk');
    const got = json.files[0].issues
      .filter((i) => i.severity !== 'info')
      .map(where)
      .sort();
    expect(got).toEqual(exp.mistakes.map((m) => `${m.code} ${m.sheet}!${m.cell}`).sort());
    expect(json.files[0].conclusions).toHaveLength(3);
    expect(json.files[0].indicators.municipality).toBe('Энский район');
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const copy = snap(fs.readFileSync(path.join(out, 'school_mistakes.xlsx')));
    expect(copy.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Карта ОО', 'Проверка']));
    // The template written by the CLI is a ДТК; empty, it is not accepted (exit 1) but read.
    const tpl = path.join(out, 'template.xlsx');
    expect(shnor(['template', 'dtk', '--out', tpl]).status).toBe(0);
    const t = shnor(['check', tpl, '--json']);
    expect(t.status).toBe(1);
    const tj = JSON.parse(t.stdout) as { files: { kind: string; issues: Issue[] }[] };
    expect(tj.files[0].kind).toBe('dtk');
    expect(new Set(tj.files[0].issues.map((i) => i.code))).toEqual(new Set(['MISSING-VALUE']));
    fs.rmSync(out, { recursive: true, force: true });
  });
});

test('megabyte-long cells (as in the corpus) do not slow the kind detection down', () => {
  const big = 'fI'.repeat(1 << 19) + ' 2022-2023';
  const wb: WorkbookSnapshot = {
    sheets: [{ name: 'Tabelle1', values: Array.from({ length: 300 }, () => [big, big, big]), merges: [] }],
  };
  const t = Date.now();
  expect(locateDtk(wb).isDtk).toBe(false);
  // Before the long texts were clipped this took about a minute.
  expect(Date.now() - t).toBeLessThan(20_000);
});

test('no input makes the check throw: a card with its cells replaced by odd values', () => {
  const base = snap(file('school_valid.xlsx'));
  const pool: (string | number | boolean | null | { error: string })[] = [
    null,
    '',
    '-',
    'нет данных',
    -5,
    1e12,
    0.3,
    Number.NaN,
    true,
    '98/45/3',
    '12,5 %',
    '=HYPERLINK("x")',
    { error: '#REF!' },
    'да/нет',
    '2: «А»',
    'Вывод: текст',
  ];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 20; round++) {
    const wb = JSON.parse(JSON.stringify(base)) as WorkbookSnapshot;
    for (const row of wb.sheets[0].values)
      if (row) for (let c = 1; c < row.length; c++) if (next() < 0.3) row[c] = pool[Math.floor(next() * pool.length)];
    const res = checkDtk(wb, OPTS);
    for (const i of res.issues) {
      expect(i.sheet).toBeTruthy();
      expect(i.message).not.toMatch(/undefined|NaN/);
    }
    expect(res.conclusions).toHaveLength(3);
    for (const c of res.conclusions) expect(c.conclusion + c.problem).not.toMatch(/undefined|NaN/);
  }
});
