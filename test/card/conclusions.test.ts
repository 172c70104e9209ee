/**
 * The card's «Вывод:» / «Проблема:» rows (issue 11): each gets the drafts of the sections it
 * closes — on the card of seed 003 as printed (after section 3: all sections) and on the variant
 * corpus (rows after each section, or «Вывод: Проблема:» in one cell). The rows are found here by
 * a plain scan of the written workbook, not by the locator. The user's own text is kept.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkCard } from '../../src/engine/card/check';
import { a1 } from '../../src/engine/snapshot';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { cardVariant } from './variants';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'card');

function load(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

/** Every cell whose text starts with «Вывод» or «Проблема», with the cell its text belongs to. */
function conclusionCells(wb: WorkbookSnapshot, sheet: string): { label: string; cell: string; text: string }[] {
  const s = wb.sheets.find((x) => x.name === sheet)!;
  const out: { label: string; cell: string; text: string }[] = [];
  s.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (typeof v !== 'string' || !/^\s*(?:Вывод|Проблема)\s*:/i.test(v)) return;
      const inline = /:\s*\S/.test(v);
      out.push({ label: a1(r, c), cell: inline ? a1(r, c) : a1(r, c + 1), text: v });
    }),
  );
  return out;
}

const written = (res: ReturnType<typeof checkCard>): Map<string, string> =>
  new Map(
    res.edits.flatMap((e) =>
      e.kind === 'setValue' && e.purpose === 'conclusion' ? [[e.cell, String(e.value)] as [string, string]] : [],
    ),
  );

test('seed 003 as printed: «Вывод:» and «Проблема:» after section 3 get the drafts of all sections', () => {
  const wb = load(new Uint8Array(fs.readFileSync(path.join(FIX, 'seed003.xlsx'))));
  const res = checkCard(wb, { date: '10.01.2024' });
  const rows = conclusionCells(wb, wb.sheets[0].name);
  expect(rows.length).toBe(2);
  const w = written(res);
  expect(rows.filter((x) => !w.has(x.cell))).toEqual([]);
  const conclusion = w.get(rows[0].cell)!;
  // The figures of every section: the plan's name (1), the measures (2), the indicators of section 3.
  expect(conclusion).toContain('План мероприятий по профилактике учебной неуспешности');
  expect(conclusion).toMatch(/Мероприятий в плане: \d/);
  expect(conclusion).toContain('Доля школ');
  expect(w.get(rows[1].cell)!.length).toBeGreaterThan(5);
  expect(res.kept).toEqual([]);
});

test('the user’s own text in «Вывод» is kept and offered, not replaced', () => {
  const wb = load(new Uint8Array(fs.readFileSync(path.join(FIX, 'seed003.xlsx'))));
  const rows = conclusionCells(wb, wb.sheets[0].name);
  const s = wb.sheets[0];
  const p = /^([A-Z]+)(\d+)$/.exec(rows[0].cell)!;
  const col = p[1].charCodeAt(0) - 65;
  const row = Number(p[2]) - 1;
  while (s.values[row].length <= col) s.values[row].push(null);
  s.values[row][col] = 'Мой вывод';
  const res = checkCard(wb, { date: '10.01.2024' });
  expect(written(res).has(rows[0].cell)).toBe(false);
  expect(res.kept.map((k) => [k.cell, k.kind])).toEqual([[rows[0].cell, 'conclusion']]);
  expect(written(res).has(rows[1].cell)).toBe(true);
});

test('200 variants: every «Вывод» / «Проблема» row gets a draft, each its own sections', () => {
  const bad: string[] = [];
  let rows = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const v = cardVariant(seed, null);
    const wb = load(v.bytes);
    const res = checkCard(wb, { date: '01.01.2026' });
    const cells = conclusionCells(wb, v.sheet);
    rows += cells.length;
    const w = written(res);
    for (const c of cells) {
      const text = w.get(c.cell);
      if (!text) bad.push(`seed ${seed}: nothing written at ${c.cell} («${c.text}»)`);
    }
    // Rows after each section: each «Вывод» says something of its own sections only.
    const said = cells.filter((c) => /^\s*Вывод:\s*$/.test(c.text)).map((c) => w.get(c.cell));
    if (said.length > 1 && new Set(said).size !== said.length) bad.push(`seed ${seed}: the same «Вывод» twice`);
  }
  console.log(`card corpus: ${rows} «Вывод» / «Проблема» rows in 200 clean variants, ${bad.length} left empty`);
  expect(rows).toBeGreaterThan(50);
  expect(bad.slice(0, 5)).toEqual([]);
});
