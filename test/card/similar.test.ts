/**
 * The card locator and labels in other words (issue 11): two lines equally like one row of the
 * form — the first is read, a `LABEL-AMBIGUOUS` warning names both cells; a header field worded
 * otherwise is found by similarity (`LABEL-SIMILAR`). On the card of seed 003 as printed
 * (test/fixtures/card/seed003.xlsx, written by @e965/xlsx), edited in memory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkCard } from '../../src/engine/card/check';
import { locateCard } from '../../src/engine/card/locate';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'card');

function load() {
  const r = readWorkbook(new Uint8Array(fs.readFileSync(path.join(FIX, 'seed003.xlsx'))));
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

test('two lines equally like the approval row: LABEL-AMBIGUOUS naming both cells, the first read', () => {
  const wb = load();
  const s = wb.sheets[0];
  const col = 1;
  const at = s.values.findIndex((row) => String(row[col] ?? '').startsWith('Утверждение'));
  const other = s.values.findIndex((row) => String(row[col] ?? '').startsWith('Период реализации'));
  expect([at, other].every((x) => x >= 0)).toBe(true);
  s.values[at][col] = 'Утверждение плана';
  s.values[other][col] = 'Утверждение плана';
  const [first, second] = [at, other].sort((a, b) => a - b).map((r) => `B${r + 1}`);
  const res = checkCard(wb, { date: '10.01.2024' });
  const amb = res.issues.filter((i) => i.code === 'LABEL-AMBIGUOUS');
  expect(amb.map((i) => [i.severity, i.cell])).toEqual([['warning', first]]);
  expect(amb[0].message).toContain(`${first} «Утверждение плана»`);
  expect(amb[0].message).toContain(`${second} «Утверждение плана»`);
  expect(amb[0].message).toContain('«Утверждение (должность, дата)»');
  expect(locateCard(wb).fields['1.approval'].labelCell).toBe(first);
});

test('one line like the row: no LABEL-AMBIGUOUS', () => {
  const wb = load();
  const s = wb.sheets[0];
  const at = s.values.findIndex((row) => String(row[1] ?? '').startsWith('Утверждение'));
  s.values[at][1] = 'Утверждение плана';
  expect(checkCard(wb, { date: '10.01.2024' }).issues.filter((i) => i.code === 'LABEL-AMBIGUOUS')).toEqual([]);
});

test('a header field in other words above the first section: found by similarity, its value after the colon', () => {
  const wb = load();
  const s = wb.sheets[0];
  const blank = s.values.findIndex((row, i) => i > 0 && row.every((c) => c === null || c === undefined || c === ''));
  expect(blank).toBeGreaterThan(0);
  s.values[blank] = ['Название муниципального района: Медвенский район'];
  const res = checkCard(wb, { date: '10.01.2024' });
  expect(res.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  expect(res.indicators.municipality).toBe('Медвенский район');
  const similar = res.issues.filter((i) => i.code === 'LABEL-SIMILAR');
  expect(similar.map((i) => i.cell)).toEqual([`A${blank + 1}`]);
  expect(similar[0].message).toContain('«Муниципальное образование»');
});
