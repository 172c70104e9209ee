/**
 * The pane's «Справка» with the objectivity of marks (issues 14 and 16), in the simulated Excel: a
 * workbook written by openpyxl (test/fixtures/report/make_fisoko_report.py, book.xlsx) with the
 * results of two years in the form and an «ОГЭ по ученикам» sheet. The sheet «Справка» written in
 * Excel has the section «Объективность оценивания» naming the schools flagged by a hand count at
 * the «Отметки» tab's flag share; the objectivity sheet does not change the identification.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPORT_SHEET } from '../../src/engine/report';
import { runReportSheet } from '../../src/taskpane/actions';
import { formatNumberRu, roundTo } from '../../src/engine/text';
import { ROOT, simHost } from './helpers';

const GEN = path.join(ROOT, 'test', 'fixtures', 'report', 'make_fisoko_report.py');
const NOW = new Date(2026, 11, 7);

interface Data {
  schools: { code: string; name: string }[];
  pupils: { school: string; exam: number; year: number }[];
}

let dir: string;
let data: Data;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-report-obj-'));
  const g = spawnSync('/usr/bin/python3', [GEN, dir, '7'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8')) as Data;
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const flat = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();
const pct = (v: number): string => `${formatNumberRu(roundTo(v))} %`;

test.each([50, 20])('«Справка» in Excel carries «Объективность оценивания» at the flag share %d %%', async (flag) => {
  const { sim, host } = simHost(path.join(dir, 'book.xlsx'), '1.7');
  const run = await runReportSheet(host, {}, { flagShare: flag }, { now: NOW });
  const text = flat([...sim.workbook.values(REPORT_SHEET).values()].filter((v) => typeof v === 'string').join('\n'));
  expect(text).toContain('Объективность оценивания');
  // hand count per school
  const hand = new Map<string, { n: number; low: number }>();
  for (const p of data.pupils) {
    const a = hand.get(p.school) ?? { n: 0, low: 0 };
    a.n++;
    if (p.exam < p.year) a.low++;
    hand.set(p.school, a);
  }
  const flagged = [...hand.entries()].filter(([, h]) => (h.low * 100) / h.n > flag);
  expect(flagged.length).toBeGreaterThan(0);
  for (const [school, h] of [...hand.entries()]) {
    const sentence = `${school} (ОГЭ математика): понизили отметку ${pct((h.low * 100) / h.n)} участников (${h.low} из ${h.n})`;
    if ((h.low * 100) / h.n > flag) expect(text).toContain(sentence);
    else expect(text).not.toContain(sentence);
  }
  expect(
    run.report
      .objectivity!.rows.filter((r) => r.flagged)
      .map((r) => r.school)
      .sort(),
  ).toEqual(flagged.map(([s]) => s).sort());
  // the objectivity sheet is not a results table: every school of the form is identified, none more
  expect(run.report.identification.schools.map((v) => v.id).sort()).toEqual(data.schools.map((s) => s.code).sort());
});
