/**
 * The variant corpus of the ДТК (test/dtk/variants.ts): 200 clean layouts give no error and no
 * warning, find every value at the cell written and write a conclusion into every «Вывод» /
 * «Проблема» row; 200 layouts with one seeded mistake each give exactly that code at that cell and
 * no other error. Written as real .xlsx by @e965/xlsx, and a few by openpyxl. The rates are printed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkDtk } from '../../src/engine/dtk/check';
import { DTK, dtkRows } from '../../src/engine/dtk/descriptor';
import { locateDtk } from '../../src/engine/dtk/locate';
import { parseA1 } from '../../src/engine/snapshot';
import { normalizeLabel } from '../../src/engine/text';
import { readWorkbook } from '../../src/xlsx/read';
import { writeGrid } from '../helpers/write-grid';
import { DTK_MISTAKES, DtkVariant, SEED_003_DTK, dtkVariant } from './variants';

const N = 200;
const VALUES = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'dtk', 'valid_values.json'), 'utf8'),
) as Record<string, Record<string, number>>;
const OPTS = { threshold: 30, date: '01.01.2026' };
type Finding = { code: string; severity: string; sheet: string | null; cell: string | null; message: string };
const labelOf = (id: string): string => dtkRows(DTK).find((x) => x.row.id === id)!.row.label;
const show = (f: Finding): string => `${f.severity} ${f.code} ${f.sheet}!${f.cell}: ${f.message.slice(0, 140)}`;

function check(bytes: Uint8Array) {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return { wb: r.workbook, res: checkDtk(r.workbook, OPTS) };
}

function run(v: DtkVariant) {
  const { wb, res } = check(writeGrid([v.sheet]));
  return { wb, res, findings: (res.issues as Finding[]).filter((i) => i.severity !== 'info') };
}

describe('ДТК: the variant corpus', () => {
  test('every seed-003 label is a label or synonym of the descriptor', () => {
    const all = new Set<string>();
    const walk = (rows: (typeof DTK.criteria)[number]['sections'][number]['rows']): void => {
      for (const r of rows) {
        all.add(`${r.id}|${normalizeLabel(r.label)}`);
        for (const s of r.synonyms) all.add(`${r.id}|${normalizeLabel(s)}`);
        walk([...(r.items ?? []), ...(r.parts ?? [])]);
      }
    };
    for (const c of DTK.criteria) for (const s of c.sections) walk(s.rows);
    const missing = Object.entries(SEED_003_DTK).filter(([id, l]) => !all.has(`${id}|${normalizeLabel(l)}`));
    expect(missing).toEqual([]);
  });

  test(`${N} clean variants: no error, no warning, every value at its cell, every conclusion row written`, () => {
    const bad: string[] = [];
    let paraphrased = 0;
    let headerParaphrased = 0;
    let alarms = 0;
    for (let seed = 0; seed < N; seed++) {
      const v = dtkVariant(seed);
      const { wb, res, findings } = run(v);
      const loc = locateDtk(wb);
      const misplaced = Object.entries(v.cells).flatMap(([id, cells]) =>
        Object.entries(cells)
          .filter(([k, cell]) => loc.fields[id]?.cells[k] !== cell)
          .map(([k, cell]) => `${id}[${k}] ${cell} ≠ ${loc.fields[id]?.cells[k]}`),
      );
      const written = new Set(
        res.edits.flatMap((e) => (e.kind === 'setValue' && e.purpose === 'conclusion' ? [e.cell] : [])),
      );
      const unwritten = v.conclusionCells.filter((c) => !written.has(c));
      // The header fields as written (also when their lines are re-typed): read with their values.
      const headerMisread = Object.entries(v.headerValues)
        .filter(([id, value]) => loc.header[id]?.value !== value)
        .map(([id, value]) => `header ${id}: «${value}» read as «${loc.header[id]?.value ?? '—'}»`);
      if (v.traits.includes('header in other words')) headerParaphrased++;
      // Each row written in other words is reported as a similar label at its cell, naming the form's label.
      const similar = (res.issues as Finding[]).filter((i) => i.code === 'LABEL-SIMILAR' && i.severity === 'info');
      const silent = Object.entries(v.paraphrased)
        .filter(([id, cell]) => !similar.some((i) => i.cell === cell && i.message.includes(`«${labelOf(id)}»`)))
        .map(([id, cell]) => `${id} in other words at ${cell}: no LABEL-SIMILAR naming «${labelOf(id)}»`);
      paraphrased += Object.keys(v.paraphrased).length;
      if (findings.length) alarms++;
      if (findings.length || misplaced.length || unwritten.length || silent.length || headerMisread.length)
        bad.push(
          `seed ${seed} (${v.traits.join(', ')}):\n  ${[...findings.map(show), ...misplaced, ...unwritten.map((c) => `no conclusion in ${c}`), ...silent, ...headerMisread].slice(0, 6).join('\n  ')}`,
        );
    }
    console.log(`ДТК corpus: ${paraphrased} rows written in other words in ${N} clean variants`);
    console.log(`ДТК corpus: ${headerParaphrased} of ${N} clean variants with the header lines in other words`);
    console.log(
      `ДТК corpus: ${alarms} of ${N} clean variants with a false alarm (${((100 * alarms) / N).toFixed(1)} %), ${bad.length} not read as written`,
    );
    expect(bad.slice(0, 5)).toEqual([]);
  });

  test(`${N} variants with one seeded mistake: exactly its code at its cell, no other error`, () => {
    const bad: string[] = [];
    let found = 0;
    for (let seed = 0; seed < N; seed++) {
      const m = DTK_MISTAKES[seed % DTK_MISTAKES.length];
      const v = dtkVariant(1000 + seed, m.mistake);
      const { findings } = run(v);
      const e = v.expected!;
      const hit = findings.some((f) => f.code === e.code && f.cell === e.cell);
      const others = findings.filter((f) => f.severity === 'error' && !(f.code === e.code && f.cell === e.cell));
      if (hit) found++;
      if (!hit || others.length)
        bad.push(
          `seed ${1000 + seed} ${m.mistake} → ${e.code} ${e.cell} (${v.traits.join(', ')}):\n  ${findings.map(show).slice(0, 6).join('\n  ')}`,
        );
    }
    console.log(
      `ДТК corpus: ${found} of ${N} seeded mistakes found at their cell (${((100 * found) / N).toFixed(1)} %), ${N - bad.length} with no other error`,
    );
    expect(bad.slice(0, 5)).toEqual([]);
  });

  test('variants written by openpyxl read the same', () => {
    const py = '/usr/bin/python3';
    const probe = spawnSync(py, ['-c', 'import openpyxl'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error('openpyxl is needed: /usr/bin/python3 -m pip install openpyxl');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtk-variants-'));
    try {
      const variants = [3, 17, 42, 77, 101, 150].map((s) => dtkVariant(s));
      const input = variants.map((v, i) => ({ path: path.join(dir, `v${i}.xlsx`), sheet: v.sheet }));
      const r = spawnSync(py, [path.join(__dirname, 'write_grid.py')], {
        input: JSON.stringify(input),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      variants.forEach((v, i) => {
        const { wb, res } = check(fs.readFileSync(input[i].path));
        expect([v.seed, (res.issues as Finding[]).filter((x) => x.severity !== 'info').map(show)]).toEqual([
          v.seed,
          [],
        ]);
        const loc = locateDtk(wb);
        for (const [id, c] of Object.entries(v.cells))
          expect([id, loc.fields[id]?.cells]).toEqual([id, expect.objectContaining(c)]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('severity: a row the report needs is MISSING-ROW naming its label; a row only the form has is a warning', () => {
    const v = dtkVariant(5);
    const drop = (label: RegExp): DtkVariant => ({
      ...v,
      sheet: {
        ...v.sheet,
        rows: v.sheet.rows.map((r) => r.map((c) => (typeof c === 'string' && label.test(c) ? null : c))),
      },
    });
    const needed = run(drop(/антирисковых программ.*анкетирования|^Доля программ, соответствующих/)).findings;
    expect(needed.map((f) => [f.severity, f.code])).toEqual([['error', 'MISSING-ROW']]);
    expect(needed[0].message).toContain('«Доля программ, соответствующих результатам анкетирования»');
    // One total row where the template has sub-items: the sub-items are warnings naming the total's row.
    const total: DtkVariant = { ...v, sheet: { ...v.sheet, rows: v.sheet.rows.map((r) => [...r]) } };
    const ids = ['noo', 'ooo', 'soo'].map((x) => `1.1.enrolment.${x}`).filter((id) => v.cells[id]);
    const rowOf = (id: string): number => parseA1(Object.values(v.cells[id])[0])!.row;
    const parent = rowOf(ids[0]) - 1;
    for (const [y, cell] of Object.entries(v.cells[ids[0]])) {
      const col = parseA1(cell)!.col;
      total.sheet.rows[parent][col] = ids.reduce((n, id) => n + Number(VALUES[id][y]), 0);
    }
    for (const id of ids) total.sheet.rows[rowOf(id)] = [];
    const totals = run(total).findings;
    expect(totals.filter((f) => f.severity === 'error').map(show)).toEqual([]);
    expect(totals.filter((f) => f.code === 'DTK-OPTIONAL-ROW').length).toBe(2);
    expect(totals[0].message).toContain('дан только итог');
    const optional = run(drop(/^Доля молодых учителей/)).findings;
    expect(optional.map((f) => [f.severity, f.code])).toEqual([['warning', 'DTK-OPTIONAL-ROW']]);
    expect(optional[0].message).toContain('«Доля молодых учителей (до 35 лет)»');
  });
});
