/**
 * «По журналу (вся книга)» (issue 16) through the Office.js adapter on the simulated Excel
 * (test/excel-host) and through the web page's file host, on journal exports written by openpyxl
 * (test/fixtures/marks/make_journal.py): the whole workbook is read, the three owned sheets are
 * written with an Excel table per list, the pupils in the «Неуспевающие» table are the generator's,
 * and a rerun reads none of the product's own sheets back as a journal.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createSimulatedExcel } from '../excel-host';
import { OfficeHost } from '../../src/excel/officeHost';
import { FileHost } from '../../src/taskpane/fileHost';
import { runJournalMarks } from '../../src/taskpane/actions';
import { readWorkbook } from '../../src/xlsx/read';
import { SheetView } from '../../src/engine/snapshot';
import { tmpDir } from '../xlsx/helpers';

const GEN = path.join(__dirname, '..', 'fixtures', 'marks', 'make_journal.py');
const SHEETS = ['Отметки по журналу', 'Списки по журналу', 'Классы по журналу'];

interface Expected {
  files: string[];
  layout: string;
  periods: string[];
  figures: Record<string, Record<string, unknown>>;
  lists: Record<string, { failing: string[][]; oneThree: string[][]; oneFour: string[][] }>;
}

let dir = '';
let expected: Expected[] = [];
beforeAll(() => {
  dir = tmpDir('journal-pane-');
  const r = spawnSync('/usr/bin/python3', [GEN, dir, '10', '31'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  expected = (JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[]).filter(
    (e) => e.files.length === 1,
  );
}, 60_000);

function hostOf(file: string) {
  const sim = createSimulatedExcel(new Uint8Array(fs.readFileSync(path.join(dir, file))), { apiVersion: '1.7' });
  const host = new OfficeHost({
    excel: sim.Excel as unknown as typeof Excel,
    office: sim.Office as unknown as typeof Office,
  });
  return { sim, host };
}

const failingNames = (e: Expected): string[] =>
  e.periods.flatMap((p) => e.lists[p].failing.map((x) => `${x[1]} ${x[2]}`)).sort();

test('Excel: the three sheets, a table per list, the right pupils; a rerun gives the same', async () => {
  expect(new Set(expected.map((e) => e.layout)).size).toBeGreaterThan(1);
  for (const e of expected) {
    const { sim, host } = hostOf(e.files[0]);
    const before = sim.workbook.sheets.map((s) => s.name);
    const r = await runJournalMarks(host, { includeNotAssessed: false });
    expect(r.sheets).toEqual(SHEETS);
    expect(r.outcome.skipped).toEqual([]);
    expect(r.analysis.periods.map((p) => p.label)).toEqual(e.periods);
    const names = sim.workbook.sheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([...before, ...SHEETS]));
    const tables = (sheet: string) =>
      sim.workbook.tables
        .filter((t) => t.sheet.name === sheet)
        .map((t) => t.name)
        .sort();
    expect(tables('Списки по журналу')).toEqual(
      ['ShnorJournalFailing', 'ShnorJournalMoved', 'ShnorJournalOneFour', 'ShnorJournalOneThree'].sort(),
    );
    expect(tables('Отметки по журналу')).toEqual(expect.arrayContaining(['ShnorJournalFigures', 'ShnorJournalPupils']));
    const last = e.periods[e.periods.length - 1];
    const classes = Object.keys(e.figures[last]).filter((k) => k.startsWith('class|')).length;
    expect(tables('Классы по журналу').length).toBe(classes);
    // the «Неуспевающие» table: its rows name the generator's pupils
    const t = sim.workbook.tables.find((x) => x.name === 'ShnorJournalFailing')!;
    const sheet = t.sheet.name;
    const rows: string[] = [];
    for (let row = t.rect.r1 + 1; row <= t.rect.r2; row++) {
      const cls = sim.workbook.sheet(sheet)!.get(row, t.rect.c1 + 1)?.v;
      const pupil = sim.workbook.sheet(sheet)!.get(row, t.rect.c1 + 2)?.v;
      if (pupil) rows.push(`${String(cls)} ${String(pupil)}`);
    }
    expect(rows.sort()).toEqual(failingNames(e));
    // a rerun: the product's sheets are not read as a journal, the figures are the same
    const again = await runJournalMarks(host, { includeNotAssessed: false });
    expect(again.analysis.figures).toEqual(r.analysis.figures);
    expect(again.outcome.skipped).toEqual([]);
    expect(sim.workbook.sheets.filter((s) => SHEETS.includes(s.name)).length).toBe(3);
  }
});

test('web page (file host): the sheets go into the downloaded copy', async () => {
  const e = expected[0];
  const host = FileHost.open(e.files[0], new Uint8Array(fs.readFileSync(path.join(dir, e.files[0]))));
  const r = await runJournalMarks(host, { includeNotAssessed: true });
  expect(r.analysis.settings.includeNotAssessed).toBe(true);
  const back = readWorkbook(host.copy());
  if (!back.ok) throw new Error(back.message);
  for (const name of SHEETS) expect(back.workbook.sheets.map((s) => s.name)).toContain(name);
  const lists = new SheetView(back.workbook.sheets.find((s) => s.name === 'Списки по журналу')!);
  const found: string[] = [];
  for (let row = 0; row < lists.rowCount; row++) {
    const v = lists.get(row, 0);
    if (v === 'Неуспевающие («2», «н/а», «н/з»)') found.push('failing');
  }
  expect(found).toEqual(['failing']);
});

test('a workbook without a journal: a Russian message, nothing written', async () => {
  const { sim, host } = hostOf(expected[0].files[0]);
  for (const s of sim.workbook.sheets) s.cells.clear();
  await expect(runJournalMarks(host, { includeNotAssessed: false })).rejects.toThrow(/В книге нет отметок из журнала/);
  expect(sim.workbook.sheets.some((s) => SHEETS.includes(s.name))).toBe(false);
});
