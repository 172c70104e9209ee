/**
 * The information card typed from seed 003 as printed (test/fixtures/make_seed_forms.ts: written
 * by @e965/xlsx, and the same saved again by LibreOffice): no error, no warning, the municipality
 * taken from the title, the school counts from one row, the indicators as recorded; `shnor check`
 * exits 0. Before issue 11 this card gave 10 false MISSING-ROW errors.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkCard, splitItems } from '../../src/engine/card/check';
import { CARD } from '../../src/engine/card/descriptor';
import { municipalityFromTitle } from '../../src/engine/card/locate';
import { detectKind } from '../../src/engine/check';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'card');
const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'seed003.expected.json'), 'utf8')) as {
  issues: unknown[];
  indicators: Record<string, unknown>;
};

describe('the information card of seed 003 as printed', () => {
  for (const name of ['seed003', 'seed003_libreoffice'])
    test(`${name}: no error, no warning; the indicators recorded`, () => {
      const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, name + '.xlsx'))));
      if (!r.ok) throw new Error(r.message);
      expect(detectKind(r.workbook)).toBe('card');
      const res = checkCard(r.workbook, { date: '10.01.2024' });
      expect(res.issues.filter((i) => i.severity !== 'info').map((i) => `${i.code} ${i.cell} ${i.message}`)).toEqual(
        expected.issues,
      );
      for (const [k, v] of Object.entries(expected.indicators)) expect([k, res.indicators[k]]).toEqual([k, v]);
      expect(res.location.combined).toEqual(['1.schools']);
      expect(res.location.header.municipality?.cell).toBe('A1');
    });

  test('shnor check --json: kind card, exit 0, no errors', () => {
    expect(fs.existsSync(CLI)).toBe(true);
    const r = spawnSync(process.execPath, [CLI, 'check', path.join(FIX, 'seed003.xlsx'), '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.files[0].kind).toBe('card');
    expect(j.files[0].issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    expect(j.files[0].indicators.municipality).toBe('Касторенский муниципальный район');
  });

  test('a row re-worded is taken as similar (info naming both labels and the cell)', () => {
    const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, 'seed003.xlsx'))));
    if (!r.ok) throw new Error(r.message);
    const s = r.workbook.sheets[0];
    const at = s.values.findIndex((row) => String(row[1] ?? '').startsWith('Утверждение'));
    s.values[at][1] = 'Утверждение плана';
    const res = checkCard(r.workbook, { date: '10.01.2024' });
    expect(res.issues.filter((i) => i.code === 'MISSING-ROW')).toEqual([]);
    const similar = res.issues.filter((i) => i.code === 'LABEL-SIMILAR');
    expect(similar.map((i) => [i.severity, i.cell])).toEqual([['info', `B${at + 1}`]]);
    expect(similar[0].message).toContain('«Утверждение (должность, дата)»');
    expect(similar[0].message).toContain(`B${at + 1} «Утверждение плана»`);
  });

  test('a row the indicators do not need, removed, is a warning naming the nearest label', () => {
    const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, 'seed003.xlsx'))));
    if (!r.ok) throw new Error(r.message);
    const s = r.workbook.sheets[0];
    const at = s.values.findIndex((row) => String(row[1] ?? '').startsWith('Утверждение'));
    s.values[at][1] = 'Согласование плана';
    const missing = checkCard(r.workbook, { date: '10.01.2024' }).issues.filter((i) => i.code === 'MISSING-ROW');
    expect(missing.map((i) => i.severity)).toEqual(['warning']);
    expect(missing[0].message).toContain('«Утверждение (должность, дата)»');
    expect(missing[0].message).toContain(`B${at + 1} «Согласование плана»`);
    // A row the indicators need stays an error.
    const k = s.values.findIndex((row) => String(row[1] ?? '').includes('внутришкольная система'));
    s.values[k][1] = 'Доля школ с системой работы';
    const again = checkCard(r.workbook, { date: '10.01.2024' }).issues.filter((i) => i.code === 'MISSING-ROW');
    expect(again.map((i) => i.severity).sort()).toEqual(['error', 'warning']);
  });
});

describe('pieces of the order’s layout', () => {
  const items = CARD.sections[0].rows.find((r) => r.id === '1.schools')!.items!;
  test.each([
    ['НОО – 12, ООО – 11, СОО – 6', [12, 11, 6]],
    ['СОО: 6; НОО: 12; ООО: 11', [12, 11, 6]],
    ['12/11/6', [12, 11, 6]],
    ['12; 11; 6', [12, 11, 6]],
    ['нет данных', null],
    ['12 и 11', null],
  ])('the school counts in one cell: %s', (text, want) => {
    expect(splitItems(text, items)).toEqual(want);
  });
  const line = (text: string) => [{ row: 0, col: 0, text }];
  test.each([
    ['ИНФОРМАЦИОННАЯ КАРТА … НЕУСПЕШНОСТИ В КАСТОРЕНСКОМ МУНИЦИПАЛЬНОМ\nРАЙОНЕ.', 'Касторенский муниципальный район'],
    ['Информационная карта в Медвенском районе на 2024 год', 'Медвенский район'],
    ['Карта в муниципальном образовании Белореченский район', 'Белореченский район'],
    ['Информационная карта в городском округе', null],
    ['Информационная карта В ______ МУНИЦИПАЛЬНОМ РАЙОНЕ', null],
    ['Информационная карта за 2023 год', null],
  ])('the municipality in the title: %s', (text, want) => {
    expect(municipalityFromTitle(line(text), CARD)?.name ?? null).toBe(want);
  });
});
