/**
 * «Объективность оценивания» in the справка (issues 14 and 16), through the inputs the command line
 * and the pane share (src/engine/report/inputs.ts): a results workbook (long_openpyxl.xlsx) and the
 * objectivity workbook of make_analyses.py (pupils, counts per school, shares per school), both
 * written by openpyxl. The section names exactly the school × subject pairs the generator designed
 * to be flagged, each with its own figures; a flag share of 100 flags none; the same data gives the
 * same text; without objectivity data there is no section.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildReport, reportJson } from '../../src/engine/report/index';
import { documentText } from '../../src/engine/report/document';
import { ReportBook, reportInputs } from '../../src/engine/report/inputs';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { formatNumberRu, roundTo } from '../../src/engine/text';
import { readWorkbook } from '../../src/xlsx/read';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test', 'fixtures', 'results', 'long_openpyxl.xlsx');
const OBJ = path.join(ROOT, 'test', 'fixtures', 'marks', 'analyses_objectivity_openpyxl.xlsx');
const raw = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'marks', 'analyses_openpyxl.data.json'), 'utf8'),
) as { designed: { flagged: [string, string][] } };

function book(file: string): ReportBook {
  const r = readWorkbook(fs.readFileSync(file));
  if (!r.ok) throw new Error(r.message);
  return { name: path.basename(file), wb: r.workbook };
}

const settings = parseIdentifySettings({});
const pct = (v: number): string => `${formatNumberRu(roundTo(v))}\u00a0%`;

function report(books: ReportBook[], flagShare?: number) {
  const inputs = reportInputs(books, settings, '07.12.2026', flagShare === undefined ? {} : { flagShare });
  return buildReport(inputs.merged, settings, { objectivity: inputs.objectivity, sourceIssues: inputs.mergeIssues });
}

test('the section names the designed flagged pairs with their figures, before the appendix; twice the same text', () => {
  const books = [book(RESULTS), book(OBJ)];
  const r = report(books);
  expect(r.error).toBeNull();
  const blocks = r.document.blocks;
  const head = blocks.findIndex((b) => b.kind === 'heading' && /^\d+\. Объективность оценивания$/.test(b.text));
  const appendix = blocks.findIndex((b) => b.kind === 'heading' && b.text.startsWith('Приложение'));
  expect(head).toBeGreaterThan(0);
  expect(appendix).toBeGreaterThan(head);
  const before = blocks
    .slice(0, head)
    .filter((b): b is { kind: 'heading'; text: string } => b.kind === 'heading' && /^\d+\./.test(b.text));
  const no = (t: string): number => Number(/^(\d+)\./.exec(t)![1]);
  expect(no((blocks[head] as { text: string }).text)).toBe(no(before[before.length - 1].text) + 1);

  const paragraphs = blocks
    .slice(head, appendix)
    .filter((b): b is { kind: 'paragraph'; text: string } => b.kind === 'paragraph')
    .map((b) => b.text);
  const flaggedTexts = paragraphs.filter((t) => t.includes('понизили отметку'));
  expect(flaggedTexts).toHaveLength(raw.designed.flagged.length);
  for (const [subject, school] of raw.designed.flagged) {
    const row = r.objectivity!.rows.find((x) => x.school === school && x.subject === subject)!;
    expect(row.flagged).toBe(true);
    const counts = row.n !== null ? ` (${row.lowered} из ${row.n})` : '';
    expect(flaggedTexts).toContain(
      `${school} (${subject}): понизили отметку ${pct(row.loweredShare!)} участников${counts}, ` +
        `подтвердили — ${pct(row.confirmedShare!)}, повысили — ${pct(row.raisedShare!)}; это больше 50\u00a0%: ` +
        'годовые отметки требуют проверки объективности оценивания.',
    );
    // the share is the counts' own ratio
    if (row.n) expect(row.loweredShare).toBeCloseTo((row.lowered! * 100) / row.n, 9);
  }
  // one summary per subject
  const subjects = [...new Set(r.objectivity!.rows.map((x) => x.subject))];
  for (const s of subjects) expect(paragraphs.filter((t) => t.startsWith(`${s}: `))).toHaveLength(1);
  // the table has every pair
  const table = blocks.slice(head, appendix).find((b) => b.kind === 'table');
  expect(table && table.kind === 'table' ? table.table.rows.length : 0).toBe(r.objectivity!.rows.length);
  // JSON: the analysis' numbers
  const j = reportJson(r) as { objectivity: { rows: unknown[]; figures: { flagged: unknown[] } } };
  expect(j.objectivity.rows).toEqual(r.objectivity!.rows);
  expect(j.objectivity.figures.flagged).toHaveLength(raw.designed.flagged.length);
  // same data, same text
  expect(documentText(report([book(RESULTS), book(OBJ)]).document)).toBe(documentText(r.document));
});

test('a flag share of 100 flags none; without objectivity data there is no section', () => {
  const r = report([book(RESULTS), book(OBJ)], 100);
  const text = documentText(r.document);
  expect(text).toContain('Объективность оценивания');
  expect(text).not.toMatch(/\): понизили отметку/);
  expect(text).toContain('Ни в одной ОО не понизили отметку больше 100\u00a0% участников');
  const none = report([book(RESULTS)]);
  expect(none.objectivity).toBeNull();
  expect(documentText(none.document)).not.toContain('Объективность оценивания');
  expect((reportJson(none) as { objectivity: unknown }).objectivity).toBeNull();
});
