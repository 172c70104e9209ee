/**
 * The pane's «Задания ВПР (реестр затруднений)», «Учителя», «Объективность» (issue 16) through the
 * Office.js adapter on the simulated Excel (test/excel-host) and through the web page's file host,
 * on the deputy's one workbook written by openpyxl (test/fixtures/marks/make_analyses.py,
 * analyses_book_openpyxl.xlsx): the owned sheet written holds exactly the cells the CLI writes for
 * the same input (the one workbook, and the separate files it was put together from); a rerun reads
 * none of the product's sheets back; the stably low teachers and the flagged schools are the
 * generator's; a user's sheet of the same name is never written over.
 */
import * as fs from 'fs';
import * as path from 'path';
import { a1 } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { FileHost } from '../../src/taskpane/fileHost';
import { runObjectivityAnalysis, runTasksAnalysis, runTeachersAnalysis } from '../../src/taskpane/actions';
import { runObjectivity, runTasks, runTeachers } from '../../src/cli/analyses';
import { objectivityFigures } from '../../src/engine/marks/objectivity';
import { WorkbookHost } from '../../src/taskpane/host';
import { simHost } from '../excel/helpers';
import { tmpDir } from '../xlsx/helpers';

const DIR = path.join(__dirname, '..', 'fixtures', 'marks');
const BOOK = path.join(DIR, 'analyses_book_openpyxl.xlsx');
const PROTOCOLS = path.join(DIR, 'analyses_protocols_openpyxl.xlsx');
const FISOKO = path.join(DIR, 'analyses_fisoko_openpyxl.xlsx');
const OBJECTIVITY = path.join(DIR, 'analyses_objectivity_openpyxl.xlsx');
const raw = JSON.parse(fs.readFileSync(path.join(DIR, 'analyses_openpyxl.data.json'), 'utf8')) as {
  designed: { stablyLow: string[]; flagged: [string, string][] };
};

let out = '';
beforeAll(() => {
  out = tmpDir('analyses-pane-');
});

/** Every non-empty cell of a sheet of an .xlsx file as `A1 → value`. */
function fileCells(bytes: Uint8Array, sheet: string): Record<string, unknown> {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  const s = r.workbook.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(`no sheet ${sheet}`);
  const o = s.origin ?? { row: 0, col: 0 };
  const cells: Record<string, unknown> = {};
  s.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null && v !== undefined && v !== '') cells[a1(r + o.row, c + o.col)] = v;
    }),
  );
  return cells;
}

const file = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(out, name)));

type Kind = 'tasks' | 'teachers' | 'objectivity';
const SHEET: Record<Kind, string> = { tasks: 'Реестр затруднений', teachers: 'Учителя', objectivity: 'Объективность' };
const TABLES: Record<Kind, string[]> = {
  tasks: ['TaskDifficulties', 'TaskDone'],
  teachers: ['TeachersBaseline', 'TeachersByYear', 'TeachersStablyLow'],
  objectivity: ['Objectivity', 'ObjectivitySubjects'],
};
/** The files the deputy's workbook was put together from, per analysis. */
const PARTS: Record<Kind, string[]> = { tasks: [PROTOCOLS, FISOKO], teachers: [PROTOCOLS], objectivity: [OBJECTIVITY] };

function pane(kind: Kind, host: WorkbookHost) {
  if (kind === 'tasks') return runTasksAnalysis(host, { gap: 15 });
  if (kind === 'teachers') return runTeachersAnalysis(host, { threshold: null });
  return runObjectivityAnalysis(host, { flagShare: 50 });
}

function cli(kind: Kind, files: string[], name: string) {
  const to = path.join(out, name);
  const r =
    kind === 'tasks'
      ? runTasks(files, to, 15)
      : kind === 'teachers'
        ? runTeachers(files, to, null)
        : runObjectivity(files, to, 50);
  expect(r.error).toBeNull();
  return r;
}

describe.each(['1.7', '1.20'])('Excel (ExcelApi %s)', (version) => {
  test.each<Kind>(['tasks', 'teachers', 'objectivity'])(
    '%s: the owned sheet equals the CLI’s, with its tables; a rerun gives the same',
    async (kind) => {
      const { sim, host } = simHost(BOOK, version);
      const before = sim.workbook.sheets.map((s) => s.name);
      const r = await pane(kind, host);
      expect(r.sheet).toBe(SHEET[kind]);
      expect(r.outcome.skipped).toEqual([]);
      expect(sim.workbook.sheets.map((s) => s.name).sort()).toEqual([...before, SHEET[kind]].sort());
      const got = Object.fromEntries(sim.workbook.values(SHEET[kind]));
      // the CLI on the same workbook, and on the separate files it was made of
      const one = cli(kind, [BOOK], `${kind}-book.xlsx`);
      expect(got).toEqual(fileCells(file(`${kind}-book.xlsx`), SHEET[kind]));
      cli(kind, PARTS[kind], `${kind}-parts.xlsx`);
      expect(got).toEqual(fileCells(file(`${kind}-parts.xlsx`), SHEET[kind]));
      expect(r.analysis).toEqual(one.analysis);
      expect(
        sim.workbook.tables
          .filter((t) => t.sheet.name === SHEET[kind])
          .map((t) => t.name)
          .sort(),
      ).toEqual(TABLES[kind]);
      // the product's own sheet is not read back: the same analysis, the same cells, one sheet
      const again = await pane(kind, host);
      expect(again.analysis).toEqual(r.analysis);
      expect(Object.fromEntries(sim.workbook.values(SHEET[kind]))).toEqual(got);
      expect(sim.workbook.sheets.filter((s) => s.name === SHEET[kind])).toHaveLength(1);
    },
    60_000,
  );
});

test('the figures shown are the generator’s: stably low teachers, flagged schools, the register’s rule', async () => {
  const { host } = simHost(BOOK, '1.7');
  const tasks = await runTasksAnalysis(host, { gap: 15 });
  expect(tasks.analysis.difficulties.length).toBeGreaterThan(0);
  for (const d of tasks.analysis.difficulties)
    expect(d.done! < 50 || (d.region !== null && d.region - d.done! > 15)).toBe(true);
  // the ФИС ОКО sheet of the same workbook is compared with
  expect(tasks.analysis.reports).toEqual(['Выполнение заданий']);
  const wider = await runTasksAnalysis(host, { gap: 5 });
  expect(wider.analysis.difficulties.length).toBeGreaterThan(tasks.analysis.difficulties.length);
  const teachers = await runTeachersAnalysis(host, { threshold: null });
  const low = teachers.analysis.teachers.filter((t) => t.stablyLow).map((t) => t.teacher.replace(/\s+/g, ''));
  expect(low.sort()).toEqual(raw.designed.stablyLow.map((t) => t.replace(/\s+/g, '')).sort());
  const obj = await runObjectivityAnalysis(host, { flagShare: 50 });
  expect(
    objectivityFigures(obj.analysis)
      .flagged.map((f) => [f.subject, f.school])
      .sort(),
  ).toEqual([...raw.designed.flagged].sort());
});

test('web page (file host): the sheets go into the downloaded copy, as the CLI writes them', async () => {
  const host = FileHost.open('analyses_book_openpyxl.xlsx', new Uint8Array(fs.readFileSync(BOOK)));
  for (const kind of ['tasks', 'teachers', 'objectivity'] as Kind[]) {
    const r = await pane(kind, host);
    expect(r.outcome.skipped).toEqual([]);
    cli(kind, [BOOK], `${kind}-web.xlsx`);
    expect(fileCells(host.copy(), SHEET[kind])).toEqual(fileCells(file(`${kind}-web.xlsx`), SHEET[kind]));
  }
  // all three in one copy, the user's sheets kept
  const back = readWorkbook(host.copy());
  if (!back.ok) throw new Error(back.message);
  expect(back.workbook.sheets.map((s) => s.name)).toEqual(
    expect.arrayContaining(['Мат5 2024', 'Выполнение заданий', 'ОГЭ по ученикам', ...Object.values(SHEET)]),
  );
});

test('a user’s sheet named «Учителя» is never written over: a Russian message, the sheet as it was', async () => {
  const { sim, host } = simHost(BOOK, '1.7');
  sim.workbook.sheet('Учителя 2022')!.name = 'Учителя';
  const before = Object.fromEntries(sim.workbook.values('Учителя'));
  await expect(runTeachersAnalysis(host, { threshold: null })).rejects.toThrow(/уже есть лист «Учителя».*не заменяет/);
  expect(Object.fromEntries(sim.workbook.values('Учителя'))).toEqual(before);
  expect(sim.workbook.tables.some((t) => t.sheet.name === 'Учителя')).toBe(false);
});

test('a workbook without the data: a Russian message, nothing written', async () => {
  const { sim, host } = simHost(FISOKO, '1.7');
  const before = sim.workbook.sheets.map((s) => s.name);
  await expect(runTasksAnalysis(host, { gap: 15 })).rejects.toThrow(
    /^Реестр затруднений не составлен: в книге не найдено протокола ВПР/,
  );
  await expect(runTeachersAnalysis(host, { threshold: null })).rejects.toThrow(/в книге не найдено ни протоколов/);
  await expect(runObjectivityAnalysis(host, { flagShare: 50 })).rejects.toThrow(/в книге не найдено ни таблицы/);
  expect(sim.workbook.sheets.map((s) => s.name)).toEqual(before);
});
