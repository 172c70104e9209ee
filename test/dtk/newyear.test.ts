/**
 * «Новый учебный год» (issue 15) on real .xlsx files, read back by openpyxl (an independent reader):
 * - the filled sample (samples/make_samples_dtk.py, written by openpyxl; its field cells recorded in
 *   samples/dtk-samples.json) rolled forward twice: every kept value is at its new place (the cell of
 *   the year before), the new years' cells are empty, every other cell is unchanged, the comment the
 *   user added survives, «Дата заполнения» is emptied, each year header is shifted;
 * - a checked copy (conclusions and highlights written by the product) rolled forward: the product's
 *   conclusions are gone, the user's own conclusion stays, every highlighted cell has its own fill back;
 * - the template rolled forward twice keeps its data validation and number formats cell for cell;
 * - every result opens in LibreOffice.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../../src/engine/check';
import { DTK, dtkRows } from '../../src/engine/dtk/descriptor';
import { locateDtk } from '../../src/engine/dtk/locate';
import { newYearEdits, shiftYearText } from '../../src/engine/dtk/newyear';
import { readDtk } from '../../src/engine/dtk/read';
import { dtkTemplate } from '../../src/engine/dtk/template';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { WorkbookSnapshot, a1, parseA1 } from '../../src/engine/snapshot';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { haveLibreOffice, toPdf } from '../helpers/office';
import { GridCell, GridSheet } from '../helpers/write-grid';
import { tmpDir } from '../xlsx/helpers';
import { dtkVariant } from './variants';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const YEARS = ['2020-2021', '2021-2022', '2022-2023'];
const libreTest = haveLibreOffice ? test : test.skip;
const VALID_VALUES = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'dtk', 'valid_values.json'), 'utf8'),
) as Record<string, Record<string, number | string>>;

interface SamplesRecord {
  cells: Record<string, Record<string, string>>;
  sheetOf: Record<string, string>;
}
const RECORD = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'dtk-samples.json'), 'utf8')) as SamplesRecord;
const sheetOfField = (field: string): string => RECORD.sheetOf[field.split('.').slice(0, 2).join('.')];

type Val = string | number | boolean | null;
interface Dump {
  /** sheet → cell → value (dates as ISO text). */
  values: Record<string, Record<string, Val>>;
  formats: Record<string, Record<string, string>>;
  fills: Record<string, Record<string, string>>;
  comments: Record<string, Record<string, string>>;
  validations: Record<string, string[]>;
}

const DUMP = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"values": {}, "formats": {}, "fills": {}, "comments": {}, "validations": {}}
for ws in wb.worksheets:
    if ws.sheet_state == "veryHidden":
        continue
    v, f, fl, c = {}, {}, {}, {}
    for row in ws.iter_rows():
        for cell in row:
            x = cell.value
            if isinstance(x, (datetime.date, datetime.datetime)):
                x = x.isoformat()
            if x is not None and x != "":
                v[cell.coordinate] = x
            f[cell.coordinate] = cell.number_format
            fl[cell.coordinate] = str(cell.fill.fgColor.rgb) + "/" + str(cell.fill.fill_type)
            if cell.comment is not None:
                c[cell.coordinate] = cell.comment.text
    out["values"][ws.title] = v
    out["formats"][ws.title] = f
    out["fills"][ws.title] = fl
    out["comments"][ws.title] = c
    out["validations"][ws.title] = sorted(
        str(d.sqref) + "|" + str(d.type) + "|" + str(d.formula1) + "|" + str(d.formula2)
        for d in ws.data_validations.dataValidation
    )
print(json.dumps(out, ensure_ascii=False))
`;

function dump(file: string): Dump {
  const r = spawnSync('/usr/bin/python3', ['-c', DUMP, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Dump;
}

/** Adds a comment to a cell with openpyxl (the user's own comment). */
function addComment(file: string, out: string, sheet: string, cell: string, text: string): void {
  const py = `
import sys, openpyxl
from openpyxl.comments import Comment
wb = openpyxl.load_workbook(sys.argv[1])
wb[sys.argv[3]][sys.argv[4]].comment = Comment(sys.argv[5], "Учитель")
wb.save(sys.argv[2])
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file, out, sheet, cell, text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

function roll(bytes: Uint8Array): Uint8Array {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  const plan = newYearEdits(r.workbook);
  if (!plan.ok) throw new Error(plan.message ?? '');
  return applyEdits(bytes, plan.edits);
}

const shiftLabel = (s: string, by: number): string =>
  s.replace(
    /^(\d{4})(\s*[-/–]\s*)(\d{4}|\d{2})$/,
    (_m, a: string, sep: string, b: string) =>
      `${Number(a) + by}${sep}${b.length === 2 ? String((Number(b) + by) % 100).padStart(2, '0') : Number(b) + by}`,
  );
const YEAR_LABEL = /^\d{4}\s*[-/–]\s*(?:\d{4}|\d{2})$/;

describe('shiftYearText', () => {
  test.each([
    ['2022-2023', '2023-2024'],
    ['2022/23', '2023/24'],
    ['2022 – 2023 уч. г.', '2023 – 2024 уч. г.'],
    ['2099-00', '2100-01'],
    ['2023', '2024'],
    ['Учебный год', 'Учебный год'],
  ])('%s → %s', (a, b) => expect(shiftYearText(a, 1)).toBe(b));
});

describe('new-year on the filled sample', () => {
  const dir = tmpDir('newyear-');
  const src = path.join(dir, 'filled.xlsx');
  // The user's own comment on a value cell of the newest year and on a label.
  const fields = Object.keys(RECORD.cells).filter((f) => RECORD.cells[f][YEARS[2]]);
  const commented = { sheet: sheetOfField(fields[0]), cell: RECORD.cells[fields[0]][YEARS[2]] };
  addComment(path.join(SAMPLES, 'dtk-correct.xlsx'), src, commented.sheet, commented.cell, 'Сверено с журналом');
  const once = path.join(dir, 'once.xlsx');
  const twice = path.join(dir, 'twice.xlsx');
  fs.writeFileSync(once, roll(fs.readFileSync(src)));
  fs.writeFileSync(twice, roll(fs.readFileSync(once)));
  const d0 = dump(src);
  const d1 = dump(once);
  const d2 = dump(twice);

  /** Year cells of the record: `sheet!cell` → [field, year]. */
  const yearCells = new Map<string, [string, string]>();
  for (const f of fields)
    for (const y of YEARS) if (RECORD.cells[f][y]) yearCells.set(`${sheetOfField(f)}!${RECORD.cells[f][y]}`, [f, y]);
  const at = (d: Dump, f: string, y: string): Val => d.values[sheetOfField(f)]?.[RECORD.cells[f][y]] ?? null;

  test('every kept value moves to the cell of the year before; the new years are empty', () => {
    let kept = 0;
    for (const f of fields) {
      // Once: 2020-2021's cell holds what 2021-2022 held, 2021-2022's what 2022-2023 held, 2022-2023's is empty.
      expect([f, at(d1, f, YEARS[0])]).toEqual([f, at(d0, f, YEARS[1])]);
      expect([f, at(d1, f, YEARS[1])]).toEqual([f, at(d0, f, YEARS[2])]);
      expect([f, at(d1, f, YEARS[2])]).toEqual([f, null]);
      // Twice: only the last year of the original is left, in the first column.
      expect([f, at(d2, f, YEARS[0])]).toEqual([f, at(d0, f, YEARS[2])]);
      expect([f, at(d2, f, YEARS[1]), at(d2, f, YEARS[2])]).toEqual([f, null, null]);
      if (at(d0, f, YEARS[1]) !== null) kept++;
    }
    expect(kept).toBeGreaterThan(40);
  });

  test('year headers are shifted; every other cell is unchanged except «Дата заполнения»', () => {
    let headers = 0;
    let others = 0;
    let date = 0;
    for (const [sheet, cells] of Object.entries(d0.values)) {
      for (const [cell, v] of Object.entries(cells)) {
        if (yearCells.has(`${sheet}!${cell}`)) continue;
        if (typeof v === 'string' && YEAR_LABEL.test(v)) {
          expect([sheet, cell, d1.values[sheet][cell]]).toEqual([sheet, cell, shiftLabel(v, 1)]);
          expect([sheet, cell, d2.values[sheet][cell]]).toEqual([sheet, cell, shiftLabel(v, 2)]);
          headers++;
          continue;
        }
        if (cell.startsWith('B') && /^дата/i.test(String(cells[`A${cell.replace(/^[A-Z]+/, '')}`] ?? ''))) {
          expect(d1.values[sheet][cell]).toBeUndefined();
          date++;
          continue;
        }
        expect([sheet, cell, d2.values[sheet][cell]]).toEqual([sheet, cell, v]);
        others++;
      }
    }
    expect(headers).toBeGreaterThanOrEqual(6);
    expect(date).toBe(1);
    expect(others).toBeGreaterThan(100);
  });

  test("the user's comment, number formats and fills stay", () => {
    expect(d2.comments[commented.sheet][commented.cell]).toMatch(/Сверено с журналом/);
    expect(d2.formats).toEqual(d0.formats);
    expect(d2.fills).toEqual(d0.fills);
    expect(d2.validations).toEqual(d0.validations);
  });

  libreTest(
    'the rolled copies open in LibreOffice',
    () => {
      for (const f of [once, twice]) expect(fs.statSync(toPdf(f, dir)).size).toBeGreaterThan(1000);
    },
    240_000,
  );
});

describe('new-year on a checked copy and on the template', () => {
  const dir = tmpDir('newyear-');
  const SETTINGS = parseIdentifySettings({});

  test("the product's conclusions and highlights are cleared, the user's conclusion stays", () => {
    const src = path.join(SAMPLES, 'dtk-mistakes.xlsx');
    const bytes = fs.readFileSync(src);
    const r = readWorkbook(bytes);
    if (!r.ok) throw new Error(r.message);
    const report = checkWorkbook(r.workbook, SETTINGS, '01.12.2026');
    const conclusions = report.edits.filter((e) => e.kind === 'setValue' && e.purpose === 'conclusion');
    const highlighted = report.edits.flatMap((e) => (e.kind === 'highlight' ? e.cells.map((c) => [e.sheet, c]) : []));
    expect(conclusions.length).toBeGreaterThan(1);
    expect(highlighted.length).toBeGreaterThan(0);
    // The check's copy; then the user rewrites one conclusion in their own words.
    const checked = path.join(dir, 'checked.xlsx');
    fs.writeFileSync(checked, applyEdits(bytes, report.edits));
    const own = conclusions[0] as { sheet: string; cell: string };
    const edited = path.join(dir, 'edited.xlsx');
    const py = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb[sys.argv[3]][sys.argv[4]].value = "Свой вывод школы"
wb.save(sys.argv[2])
`;
    const w = spawnSync('/usr/bin/python3', ['-c', py, checked, edited, own.sheet, own.cell], { encoding: 'utf8' });
    expect(w.status).toBe(0);
    // openpyxl keeps the very-hidden state sheet: the state still lists the texts the product wrote.
    const rolled = path.join(dir, 'rolled.xlsx');
    fs.writeFileSync(rolled, roll(fs.readFileSync(edited)));
    const before = dump(src);
    const after = dump(rolled);
    expect(after.values[own.sheet][own.cell]).toBe('Свой вывод школы');
    for (const c of conclusions.slice(1) as { sheet: string; cell: string }[])
      expect([c.cell, after.values[c.sheet][c.cell]]).toEqual([c.cell, undefined]);
    for (const [sheet, cell] of highlighted)
      for (const ref of expandRange(cell))
        expect([sheet, ref, after.fills[sheet][ref]]).toEqual([sheet, ref, before.fills[sheet][ref]]);
  });

  test('the template rolled twice keeps validation and number formats, and opens in LibreOffice', () => {
    const t = path.join(dir, 'template.xlsx');
    fs.writeFileSync(t, createWorkbook(dtkTemplate(YEARS)));
    const t2 = path.join(dir, 'template2.xlsx');
    fs.writeFileSync(t2, roll(roll(fs.readFileSync(t))));
    const a = dump(t);
    const b = dump(t2);
    expect(b.validations).toEqual(a.validations);
    expect(b.formats).toEqual(a.formats);
    let headers = 0;
    for (const [sheet, cells] of Object.entries(a.values))
      for (const [cell, v] of Object.entries(cells)) {
        const want = typeof v === 'string' && YEAR_LABEL.test(v) ? shiftLabel(v, 2) : v;
        if (want !== v) headers++;
        expect([cell, b.values[sheet][cell]]).toEqual([cell, want]);
      }
    expect(headers).toBeGreaterThan(10);
    if (haveLibreOffice) expect(fs.statSync(toPdf(t2, dir)).size).toBeGreaterThan(1000);
  }, 240_000);
});

function expandRange(ref: string): string[] {
  const [a, b = a] = ref.split(':');
  const p = (x: string): [number, number] => {
    const m = /^([A-Z]+)(\d+)$/.exec(x)!;
    let c = 0;
    for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
    return [Number(m[2]), c];
  };
  const name = (c: number): string => {
    let s = '';
    for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const [r1, c1] = p(a);
  const [r2, c2] = p(b);
  const out: string[] = [];
  for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) out.push(name(c) + r);
  return out;
}

/**
 * Every layout of test/fixtures/dtk (written by openpyxl, their cells recorded by their generators
 * in <name>.expected.json), with a boolean yes/no answer (TRUE, FALSE) and an Excel error value
 * (#N/A) put by openpyxl into kept years' cells beside the errors the fixtures already hold: rolled
 * forward, read back by openpyxl, every kept value is at its new place with its own type (an error
 * stays an error, a boolean a boolean), and the newest year's cells are empty.
 */
describe('new-year on every layout of test/fixtures/dtk: every kept value moves, errors and booleans too', () => {
  const FIX = path.join(ROOT, 'test', 'fixtures', 'dtk');
  const LAYOUTS = fs
    .readdirSync(FIX)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => f.replace(/\.xlsx$/, ''));
  const YN = new Set(dtkRows(DTK).flatMap(({ row }) => (row.type === 'yn' ? [row.id] : [])));
  type Typed = string | number | boolean | { error: string } | null;
  const TYPED = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    v = {}
    for row in ws.iter_rows():
        for cell in row:
            x = cell.value
            if x is None or x == "":
                continue
            if cell.data_type == "e":
                x = {"error": x}
            elif isinstance(x, (datetime.date, datetime.datetime)):
                x = x.isoformat()
            v[cell.coordinate] = x
    out[ws.title] = v
print(json.dumps(out, ensure_ascii=False))
`;
  const typedDump = (file: string): Record<string, Record<string, Typed>> => {
    const r = spawnSync('/usr/bin/python3', ['-c', TYPED, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as Record<string, Record<string, Typed>>;
  };
  /** Puts typed values with openpyxl: [sheet, cell, value]; `{error}` as an error value. */
  const putValues = (src: string, out: string, puts: [string, string, Typed][]): void => {
    const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for sheet, cell, v in json.loads(sys.argv[3]):
    c = wb[sheet][cell]
    if isinstance(v, dict):
        c.value = v["error"]
        c.data_type = "e"
    else:
        c.value = v
wb.save(sys.argv[2])
`;
    const r = spawnSync('/usr/bin/python3', ['-c', py, src, out, JSON.stringify(puts)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };

  /** field → year → [sheet, cell], from the generator's own record. */
  const recordOf = (name: string, sheets: string[]): Record<string, Record<string, [string, string]>> => {
    const x = JSON.parse(fs.readFileSync(path.join(FIX, `${name}.expected.json`), 'utf8')) as {
      fields?: Record<string, { sheet: string; cells: Record<string, string> }>;
      cells?: Record<string, Record<string, string>>;
    };
    const out: Record<string, Record<string, [string, string]>> = {};
    if (x.fields)
      for (const [id, f] of Object.entries(x.fields))
        for (const [y, c] of Object.entries(f.cells)) if (y !== 'D') (out[id] ??= {})[y] = [f.sheet, c];
    if (x.cells) {
      expect(sheets.length).toBe(1);
      for (const [id, cells] of Object.entries(x.cells))
        for (const [y, c] of Object.entries(cells)) if (y !== 'D') (out[id] ??= {})[y] = [sheets[0], c];
    }
    return out;
  };

  test('the layouts are all there', () => expect(LAYOUTS.length).toBeGreaterThanOrEqual(8));

  test.each(LAYOUTS)('%s', (name) => {
    const dir = tmpDir('newyear-layout-');
    const src = path.join(FIX, `${name}.xlsx`);
    const before0 = typedDump(src);
    const record = recordOf(name, Object.keys(before0));
    const used = new Map<string, number>();
    for (const cells of Object.values(record))
      for (const [s, c] of Object.values(cells)) used.set(`${s}!${c}`, (used.get(`${s}!${c}`) ?? 0) + 1);
    // A yes/no field with cells of its own gets TRUE (Y−1) and FALSE (Y); another field an #N/A (Y).
    const own = (id: string): boolean =>
      [YEARS[1], YEARS[2]].every((y) => record[id][y] && used.get(record[id][y].join('!')) === 1);
    // The order's form writes its two yes/no items in one cell (`да/нет`): then that shared cell.
    const both = (id: string): boolean => Boolean(record[id][YEARS[1]] && record[id][YEARS[2]]);
    const yn =
      Object.keys(record).find((id) => YN.has(id) && own(id)) ??
      Object.keys(record).find((id) => YN.has(id) && both(id));
    const other = Object.keys(record).find((id) => !YN.has(id) && own(id));
    expect([name, yn, other].every(Boolean)).toBe(true);
    const puts: [string, string, Typed][] = [
      [...record[yn!][YEARS[1]], true],
      [...record[yn!][YEARS[2]], false],
      [...record[other!][YEARS[2]], { error: '#N/A' }],
    ];
    const input = path.join(dir, 'in.xlsx');
    putValues(src, input, puts);
    const rolled = path.join(dir, 'rolled.xlsx');
    fs.writeFileSync(rolled, roll(fs.readFileSync(input)));
    const before = typedDump(input);
    const after = typedDump(rolled);
    const at = (d: typeof before, [s, c]: [string, string]): Typed => d[s]?.[c] ?? null;
    let kept = 0;
    const kinds = { error: 0, boolean: 0 };
    for (const [id, cells] of Object.entries(record)) {
      for (let i = 0; i < YEARS.length; i++) {
        const here = cells[YEARS[i]];
        if (!here) continue;
        const next = cells[YEARS[i + 1]];
        const want = next ? at(before, next) : null;
        expect([name, id, YEARS[i], here.join('!'), at(after, here)]).toEqual([
          name,
          id,
          YEARS[i],
          here.join('!'),
          want,
        ]);
        if (want !== null) kept++;
        if (typeof want === 'boolean') kinds.boolean++;
        if (want !== null && typeof want === 'object') kinds.error++;
      }
    }
    expect(kept).toBeGreaterThan(60);
    expect(kinds.boolean).toBeGreaterThanOrEqual(2);
    expect(kinds.error).toBeGreaterThanOrEqual(name === 'transposed' ? 2 : 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * A count the template has as one row, written as level sub-items under it («а) ООО (очная форма)»,
 * «б) ООО (очно-заочная форма)»): with no total on its own row the ДТК reads their sum (`sumOf`);
 * with a total the sub-items are the user's too. Either way new-year moves every sub-item's cells
 * with the years, read back by openpyxl, and the sum read after it is the next year's sum before.
 */
describe('new-year moves the cells of level sub-items', () => {
  const ID = '1.1.grade9Graduates';
  const LEVELS = ['а) ООО (очная форма)', 'б) ООО (очно-заочная форма)'];

  /** Variant `seed` with level rows inserted under the row of ID; its total kept or removed. */
  function withLevels(seed: number, keepTotal: boolean): { sheet: GridSheet; levels: Record<string, string>[] } {
    const v = dtkVariant(seed);
    const cells = v.cells[ID];
    const r = parseA1(cells[YEARS[0]])!.row;
    const rows = v.sheet.rows.map((x) => [...x]);
    const parent = rows[r];
    // The label: the longest text of the row (a numbering column holds «5.»).
    let labelCol = 0;
    parent.forEach((x, c) => {
      if (typeof x === 'string' && x.length > String(parent[labelCol] ?? '').length) labelCol = c;
    });
    const inserted: GridCell[][] = LEVELS.map((l) => {
      const row: GridCell[] = [];
      row[labelCol] = l;
      return row;
    });
    const levels: Record<string, string>[] = LEVELS.map(() => ({}));
    for (const y of YEARS) {
      const col = parseA1(cells[y])!.col;
      const total = parent[col] as number;
      const first = Math.ceil(total * 0.6);
      inserted[0][col] = first;
      inserted[1][col] = total - first;
      levels[0][y] = a1(r + 1, col);
      levels[1][y] = a1(r + 2, col);
      if (!keepTotal) parent[col] = null;
    }
    rows.splice(r + 1, 0, ...inserted);
    const n = LEVELS.length;
    const merges = (v.sheet.merges ?? []).map(([r1, c1, r2, c2]): [number, number, number, number] =>
      r1 > r ? [r1 + n, c1, r2 + n, c2] : [r1, c1, r2, c2],
    );
    return { sheet: { ...v.sheet, rows, merges }, levels };
  }

  const writeOpenpyxl = (file: string, sheet: GridSheet): void => {
    const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'write_grid.py')], {
      input: JSON.stringify([{ path: file, sheet }]),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  const snapOf = (bytes: Uint8Array): WorkbookSnapshot => {
    const r = readWorkbook(bytes);
    if (!r.ok) throw new Error(r.message);
    return r.workbook;
  };
  const valuesOf = (file: string, sheet: string): Record<string, unknown> => dump(file).values[sheet];

  test.each([
    [3, false],
    [42, false],
    [77, true],
  ])('variant %i, total on its own row: %s', (seed, keepTotal) => {
    const dir = tmpDir('newyear-levels-');
    const { sheet, levels } = withLevels(seed, keepTotal);
    const src = path.join(dir, 'levels.xlsx');
    writeOpenpyxl(src, sheet);
    const bytes = fs.readFileSync(src);
    const wb = snapOf(bytes);
    const loc = locateDtk(wb);
    // As the layout means it: the sub-items' rows are the row's; summed when the row has no total.
    expect(loc.fields[ID].levelCells).toEqual(levels);
    expect(Boolean(loc.fields[ID].sumOf)).toBe(!keepTotal);
    const total = (y: string): number => (VALID_VALUES[ID][y] as number) ?? NaN;
    const read = readDtk(wb, loc).values[ID];
    for (const y of YEARS)
      expect([y, read[y]]).toEqual([y, expect.objectContaining({ kind: 'number', value: total(y) })]);

    const rolled = path.join(dir, 'rolled.xlsx');
    fs.writeFileSync(rolled, roll(bytes));
    const before = valuesOf(src, sheet.name);
    const after = valuesOf(rolled, sheet.name);
    for (const l of levels) {
      expect([l[YEARS[0]], after[l[YEARS[0]]]]).toEqual([l[YEARS[0]], before[l[YEARS[1]]]]);
      expect([l[YEARS[1]], after[l[YEARS[1]]]]).toEqual([l[YEARS[1]], before[l[YEARS[2]]]]);
      expect([l[YEARS[2]], after[l[YEARS[2]]]]).toEqual([l[YEARS[2]], undefined]);
    }
    const again = snapOf(fs.readFileSync(rolled));
    const next = readDtk(again, locateDtk(again)).values[ID];
    // The window is now 2021-2022 … 2023-2024: the two kept years read as before, the new one empty.
    expect(next[YEARS[1]]).toEqual(expect.objectContaining({ kind: 'number', value: total(YEARS[1]) }));
    expect(next[YEARS[2]]).toEqual(expect.objectContaining({ kind: 'number', value: total(YEARS[2]) }));
    expect(next['2023-2024']).toEqual(expect.objectContaining({ kind: 'empty' }));
    expect(next[YEARS[0]]).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
