/**
 * Kind detection hands its ДТК location to the check (src/engine/check.ts `detect`), so the card is
 * located once per file. On real .xlsx files (written by openpyxl, by the project's writer, and a
 * copy already checked, with its «Проверка» and state sheets) the location handed over is exactly
 * what the check would find itself, and the check's results are the same as without it; a snapshot
 * changed in place after a first check is checked afresh (nothing is cached on the snapshot).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook, detect, detectKind } from '../../src/engine/check';
import { checkDtk, dtkCard } from '../../src/engine/dtk/check';
import { locateDtk } from '../../src/engine/dtk/locate';
import { dtkTemplate } from '../../src/engine/dtk/template';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { WorkbookSnapshot, parseA1 } from '../../src/engine/snapshot';
import { normalizeLabel } from '../../src/engine/text';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'dtk');
const DATE = '22.11.2026';
const SETTINGS = parseIdentifySettings({});

function snap(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

const FILES: [string, () => Uint8Array][] = [
  ['school_valid.xlsx (openpyxl)', () => fs.readFileSync(path.join(FIX, 'school_valid.xlsx'))],
  ['school_mistakes.xlsx (openpyxl)', () => fs.readFileSync(path.join(FIX, 'school_mistakes.xlsx'))],
  ['edited.xlsx (openpyxl, edited layout)', () => fs.readFileSync(path.join(FIX, 'edited.xlsx'))],
  ['the template (project writer)', () => createWorkbook(dtkTemplate(['2020-2021', '2021-2022', '2022-2023']))],
  [
    'school_mistakes.xlsx once checked (with «Проверка» and the state sheet)',
    () => {
      const bytes = fs.readFileSync(path.join(FIX, 'school_mistakes.xlsx'));
      return applyEdits(bytes, checkWorkbook(snap(bytes), SETTINGS, DATE).edits);
    },
  ],
];

describe.each(FILES)('%s', (_name, bytes) => {
  const wb = snap(bytes());

  test('detect: a ДТК, with the location the check would find itself', () => {
    const found = detect(wb);
    expect(found.kind).toBe('dtk');
    expect(detectKind(wb)).toBe('dtk');
    expect(found.dtk).toEqual(locateDtk(dtkCard(wb)));
    expect(found.dtk!.isDtk).toBe(true);
  });

  test('checkWorkbook (location handed over) gives what checkDtk finds by itself', () => {
    const report = checkWorkbook(wb, SETTINGS, DATE);
    const own = checkDtk(wb, { threshold: SETTINGS.threshold, date: DATE });
    expect(report.kind).toBe('dtk');
    expect(report.issues).toEqual(own.issues);
    expect(report.edits).toEqual(own.edits);
    expect(report.conclusions).toEqual(own.conclusions);
    expect(report.indicators).toEqual(own.indicators);
  });
});

test('a checked copy: the «Проверка» sheet is not part of the card the location describes', () => {
  const bytes = fs.readFileSync(path.join(FIX, 'school_valid.xlsx'));
  const checked = snap(applyEdits(bytes, checkWorkbook(snap(bytes), SETTINGS, DATE).edits));
  expect(checked.sheets.map((s) => s.name)).toContain('Проверка');
  const loc = detect(checked).dtk!;
  const sheets = new Set([
    ...Object.values(loc.fields).map((f) => f.sheet),
    ...Object.values(loc.header).map((h) => h.sheet),
  ]);
  expect(sheets.has('Проверка')).toBe(false);
  expect(loc).toEqual(locateDtk(snap(bytes)));
});

test('a snapshot changed in place after a check is checked afresh (no cache on the snapshot)', () => {
  const wb = snap(fs.readFileSync(path.join(FIX, 'school_valid.xlsx')));
  const first = checkWorkbook(wb, SETTINGS, DATE);
  const loc = detect(wb).dtk!;
  // A count cell of the current year gets a text instead of its number.
  const field = Object.values(loc.fields).find((f) => f.id === '1.1.enrolment.noo')!;
  const ref = Object.values(field.cells).pop()!;
  const at = parseA1(ref)!;
  const sheet = wb.sheets.find((s) => s.name === field.sheet)!;
  (sheet.values[at.row] ??= [])[at.col] = 'много';
  const second = checkWorkbook(wb, SETTINGS, DATE);
  const at2 = (issues: typeof first.issues): string[] =>
    issues.filter((i) => i.cell === ref && i.sheet === field.sheet).map((i) => i.code);
  expect(at2(first.issues)).not.toContain('NOT-A-NUMBER');
  expect(at2(second.issues)).toContain('NOT-A-NUMBER');

  // A heading re-typed in place: the next detection reads the new text, not a remembered one.
  const renamed = snap(fs.readFileSync(path.join(FIX, 'school_valid.xlsx')));
  const before = detect(renamed).dtk!.fields['1.1.enrolment.noo'];
  const s2 = renamed.sheets.find((s) => s.name === before.sheet)!;
  const label = parseA1(before.labelCell)!;
  s2.values[label.row][label.col] = 'Совсем другой текст';
  expect(detect(renamed).dtk!.fields['1.1.enrolment.noo']).toBeUndefined();
});

test('parseA1 by character codes: addresses, absolute marks, case, spaces; anything else is null', () => {
  expect(parseA1('A1')).toEqual({ row: 0, col: 0 });
  expect(parseA1('$B$12')).toEqual({ row: 11, col: 1 });
  expect(parseA1(' ab7 ')).toEqual({ row: 6, col: 27 });
  expect(parseA1('XFD1048576')).toEqual({ row: 1048575, col: 16383 });
  for (const bad of ['', '$', 'A', '12', 'AAAA1', 'A12345678', '$$A1', 'A$$1', 'A1B', 'A 1', 'Ж1', '1A'])
    expect([bad, parseA1(bad)]).toEqual([bad, null]);
});

test('normalizeLabel: the same result on a repeated text, a long text and a text seen many times', () => {
  const label = '  Доля  обучающихся,\u00a0получивших «2»:  ';
  const once = normalizeLabel(label);
  expect(once).toBe('доля обучающихся, получивших 2');
  for (let i = 0; i < 3; i++) expect(normalizeLabel(label)).toBe(once);
  const long = 'Ё'.repeat(400) + ' ТЕКСТ';
  expect(normalizeLabel(long)).toBe('е'.repeat(400) + ' текст');
  // More distinct texts than the memo holds: results stay right after it is cleared.
  const wrong: string[] = [];
  for (let i = 0; i < 25000; i++) if (normalizeLabel(`Строка ${i}:`) !== `строка ${i}`) wrong.push(`Строка ${i}:`);
  expect(wrong).toEqual([]);
  expect(normalizeLabel(label)).toBe(once);
});
