/**
 * The information card check (DOMAIN.md §3) on .xlsx files written by others (openpyxl, see
 * test/fixtures/card/make_card.py) and on the template written by our own writer and filled in:
 * every seeded mistake is reported at its cell with its code, nothing else of severity error or
 * warning; the indicators are those the generator recorded; each rule broken once in the template
 * gives exactly that code at that cell.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCard, splitPractices } from '../../src/engine/card/check';
import { looksLikeCard } from '../../src/engine/card/locate';
import { CARD_SHEET, cardTemplate } from '../../src/engine/card/template';
import { looksLikeRoadmap } from '../../src/engine/roadmap/locate';
import { roadmapTemplate } from '../../src/engine/roadmap/template';
import { dtkTemplate } from '../../src/engine/dtk/template';
import { detectKind } from '../../src/engine/check';
import { CellValue, WorkbookSnapshot, parseA1 } from '../../src/engine/snapshot';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'card');

function load(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}
const fixture = (name: string): WorkbookSnapshot =>
  load(new Uint8Array(fs.readFileSync(path.join(FIX, name + '.xlsx'))));
const expected = (
  name: string,
): { issues: { code: string; sheet: string; cell: string }[]; indicators: Record<string, unknown> } =>
  JSON.parse(fs.readFileSync(path.join(FIX, name + '.expected.json'), 'utf8'));
const findings = (issues: { severity: string; code: string; sheet: string | null; cell: string | null }[]) =>
  issues
    .filter((i) => i.severity !== 'info')
    .map((i) => ({ code: i.code, sheet: i.sheet, cell: i.cell }))
    .sort((a, b) => (a.code + a.sheet + a.cell).localeCompare(b.code + b.sheet + b.cell));

function set(wb: WorkbookSnapshot, sheet: string, cell: string, v: CellValue): void {
  const s = wb.sheets.find((x) => x.name === sheet)!;
  const p = parseA1(cell)!;
  while (s.values.length <= p.row) s.values.push([]);
  s.values[p.row][p.col] = v;
}

describe('cards laid out by others (openpyxl)', () => {
  for (const name of ['clean', 'mistakes', 'mistakes_libreoffice']) {
    test(`${name}: exactly the seeded findings, the recorded indicators`, () => {
      const wb = fixture(name);
      const base = name.replace(/_libreoffice$/, '');
      expect(looksLikeCard(wb)).toBe(true);
      expect(looksLikeRoadmap(wb)).toBe(false);
      expect(detectKind(wb)).toBe('card');
      const res = checkCard(wb, { date: '01.01.2025' });
      const exp = expected(base);
      expect(findings(res.issues)).toEqual(exp.issues);
      for (const [k, v] of Object.entries(exp.indicators))
        if (k !== 'overallCell') expect([k, res.indicators[k]]).toEqual([k, v]);
    });
  }

  test('mistakes: the overall execution below 90 % by 31.12 is an info at the overall cell; empty overall cells get the mean', () => {
    const res = checkCard(fixture('mistakes'), { date: '01.01.2025' });
    const cell = expected('mistakes').indicators.overallCell as string;
    const below = res.issues.filter((i) => i.code === 'BELOW-TARGET');
    expect(below.map((i) => [i.severity, i.cell, i.value])).toEqual([['info', cell, 85]]);
    expect(below[0].message).toContain('85,0');
    const set = res.edits.filter((e) => e.kind === 'setValue');
    expect(set).toContainEqual({
      kind: 'setValue',
      sheet: 'Информационная карта',
      cell,
      value: 85,
      purpose: 'derived',
    });
    const hl = res.edits.filter((e) => e.kind === 'highlight');
    expect(hl.find((e) => e.kind === 'highlight' && e.tone === 'error')).toBeDefined();
    expect(hl.find((e) => e.kind === 'highlight' && e.tone === 'warning')).toBeDefined();
    expect(res.edits[0]).toEqual({ kind: 'clearHighlights' });
    const sheet = res.edits.find((e) => e.kind === 'replaceSheet');
    expect(sheet && sheet.kind === 'replaceSheet' && sheet.sheet.name).toBe('Проверка');
    expect(res.conclusions.map((c) => c.section)).toEqual(['1', '2', '3']);
    expect(res.conclusions[1].conclusion).toContain('на 31.12.2024 — 85,0\u00a0%');
    expect(res.conclusions[1].conclusion).toContain('не достигнуто');
    expect(res.conclusions[2].conclusion).toContain('не выполнены по (2), (3)');
  });

  test('the practices list: lines and «;» separate practices, commas do not', () => {
    expect(splitPractices('СОШ № 1, семинар, очно; СОШ № 2, акция')).toHaveLength(2);
    expect(splitPractices('1. СОШ № 1, семинар\n2. СОШ № 2, акция\n\n')).toHaveLength(2);
    expect(splitPractices('СОШ № 1, «А», семинар, СОШ № 2, «Б», акция')).toHaveLength(1);
  });
});

describe('the template filled in (cardTemplate → createWorkbook → read)', () => {
  const S = CARD_SHEET;
  const filled = (): WorkbookSnapshot => {
    const wb = load(createWorkbook(cardTemplate(2025)));
    set(wb, S, 'C2', 'Южный район');
    const text = ['План профилактики учебной неуспешности', '2025 год', 'Приказ УО от 10.01.2025 № 3'];
    text.forEach((t, i) => set(wb, S, `C${7 + i}`, t));
    [10, 9, 5].forEach((n, i) => set(wb, S, `C${11 + i}`, n));
    set(wb, S, 'C14', 'Совещание, декабрь 2025');
    set(wb, S, 'C15', 'Сидорова Н. Н., специалист УО');
    const ex = [
      [40, 80, 100],
      [30, 60, 90],
    ];
    ex.forEach((row, i) => {
      set(wb, S, `B${19 + i}`, `Мероприятие ${i + 1}`);
      row.forEach((v, k) => set(wb, S, `${'CDE'[k]}${19 + i}`, v));
    });
    const s3: CellValue[][] = [
      [30, 50, 70],
      [20, 40, 60],
      [50, 60, 80],
      [1, 1, 2],
      ['СОШ № 1, семинар', 'СОШ № 1, семинар', 'СОШ № 1, семинар; СОШ № 2, мастер-класс'],
    ];
    s3.forEach((row, i) => row.forEach((v, k) => set(wb, S, `${'CDE'[k]}${33 + i}`, v)));
    return wb;
  };

  test('valid values: no error, no warning; indicators computed', () => {
    const wb = filled();
    expect(detectKind(wb)).toBe('card');
    const res = checkCard(wb, { date: '01.01.2026' });
    expect(findings(res.issues)).toEqual([]);
    expect(res.indicators['planExecution.31.12']).toBe(95);
    expect(res.indicators['efficiency.preventionSystem']).toBe('да');
    expect(res.indicators.municipality).toBe('Южный район');
  });

  const broken: [string, (wb: WorkbookSnapshot) => void, string, string][] = [
    ['a share over 100', (wb) => set(wb, S, 'D33', 150), 'OUT-OF-RANGE', 'D33'],
    ['an execution that decreases', (wb) => set(wb, S, 'E20', 50), 'CARD-DECREASING', 'E20'],
    ['a fractional count', (wb) => set(wb, S, 'C12', 9.5), 'OUT-OF-RANGE', 'C12'],
    ['text in a share', (wb) => set(wb, S, 'C34', 'около половины'), 'NOT-A-NUMBER', 'C34'],
    ['an Excel error', (wb) => set(wb, S, 'D35', { error: '#REF!' }), 'CELL-ERROR', 'D35'],
    ['a text row empty at the first date', (wb) => set(wb, S, 'C15', null), 'MISSING-VALUE', 'C15'],
    ['an execution missing at a reported date', (wb) => set(wb, S, 'D19', null), 'MISSING-VALUE', 'D19'],
    ['practices counted but not listed', (wb) => set(wb, S, 'E36', 3), 'CARD-COUNT-MISMATCH', 'E37'],
    [
      'the sheet of schools disagreeing with (1)',
      (wb) => {
        ['да', 'нет', 'нет', 'нет'].forEach((v, i) => {
          set(wb, 'Школы', `B${4 + i}`, `Школа ${i + 1}`);
          set(wb, 'Школы', `C${4 + i}`, v);
        });
      },
      'CARD-DERIVED-MISMATCH',
      'E33',
    ],
  ];
  for (const [what, breakIt, code, cell] of broken) {
    test(`${what} → ${code} at ${cell}, nothing else of severity error`, () => {
      const wb = filled();
      breakIt(wb);
      const res = checkCard(wb, { date: '01.01.2026' });
      const hit = res.issues.filter((i) => i.code === code);
      expect(hit.map((i) => i.cell)).toEqual([cell]);
      expect(res.issues.filter((i) => i.severity === 'error' && i.code !== code)).toEqual([]);
      expect(hit[0].message).toMatch(/[А-Яа-я]/);
    });
  }

  test('a card filled only at 31.03 is not asked for later dates; the plan below 90 % by 31.12 is not due yet', () => {
    const wb = filled();
    for (let r = 19; r <= 37; r++) for (const c of 'DE') set(wb, S, `${c}${r}`, null);
    const res = checkCard(wb, { date: '01.04.2025' });
    expect(findings(res.issues)).toEqual([]);
    expect(res.issues.filter((i) => i.code === 'BELOW-TARGET')).toEqual([]);
    expect(res.indicators.reportedDates).toBe('31.03.2025');
  });

  test('date columns in reverse order (31.12, 15.09, 31.03): the same findings and indicators', () => {
    const wb = filled();
    set(wb, S, 'E20', 50); // decreasing from 15.09 (60) to 31.12 (50)
    const before = checkCard(wb, { date: '01.01.2026' });
    const sheet = wb.sheets.find((x) => x.name === S)!;
    // Below the header block (rows 1–4 hold merged title and header cells).
    for (const row of sheet.values.slice(4)) if (row) [row[2], row[4]] = [row[4] ?? null, row[2] ?? null];
    const after = checkCard(wb, { date: '01.01.2026' });
    const swap = (c: string | null): string | null => c && c.replace(/^C/, 'x').replace(/^E/, 'C').replace(/^x/, 'E');
    expect(after.issues.map((i) => [i.code, i.cell])).toEqual(before.issues.map((i) => [i.code, swap(i.cell)]));
    expect(after.issues.find((i) => i.code === 'CARD-DECREASING')?.cell).toBe('C20');
    expect(after.indicators).toEqual(before.indicators);
  });

  test('a label removed → MISSING-ROW, not a crash', () => {
    const wb = filled();
    set(wb, S, 'B8', 'Что-то другое');
    set(wb, S, 'B17', 'Наименование работ');
    const res = checkCard(wb, { date: '01.01.2026' });
    const missing = res.issues.filter((i) => i.code === 'MISSING-ROW').map((i) => i.message);
    expect(missing.some((m) => m.includes('Период реализации'))).toBe(true);
    expect(missing.some((m) => m.includes('Мероприятие'))).toBe(true);
  });

  test('the card is not a roadmap or a ДТК, and they are not cards', () => {
    const card = load(createWorkbook(cardTemplate(2025)));
    const roadmap = load(createWorkbook(roadmapTemplate()));
    const dtk = load(createWorkbook(dtkTemplate(['2022-2023', '2023-2024', '2024-2025'])));
    expect([looksLikeCard(card), looksLikeRoadmap(card)]).toEqual([true, false]);
    expect([looksLikeCard(roadmap), looksLikeRoadmap(roadmap)]).toEqual([false, true]);
    expect([looksLikeCard(dtk), looksLikeRoadmap(dtk)]).toEqual([false, false]);
  });
});

describe('shnor check (CLI)', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
  test('--json gives kind card, the findings and indicators; --out writes «Проверка» and the highlights', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-card-'));
    const r = spawnSync(process.execPath, [CLI, 'check', path.join(FIX, 'mistakes.xlsx'), '--json', '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1); // the card has errors
    const j = JSON.parse(r.stdout);
    expect(j.files[0].kind).toBe('card');
    expect(j.files[0].indicators['planExecution.31.12']).toBe(85);
    expect(findings(j.files[0].issues)).toEqual(expected('mistakes').issues);
    const copy = load(new Uint8Array(fs.readFileSync(path.join(out, 'mistakes.xlsx'))));
    const check = copy.sheets.find((s) => s.name === 'Проверка');
    expect(check).toBeDefined();
    const text = JSON.stringify(check!.values);
    expect(text).toContain('информационная карта МОУО');
    expect(text).toContain('CARD-COUNT-MISMATCH');
    expect(text).toContain('Показатели информационной карты');
    // The overall execution, empty in the input, is filled with the mean; the rerun does not change it.
    const sheet = copy.sheets.find((s) => s.name === 'Информационная карта')!;
    const cell = parseA1(expected('mistakes').indicators.overallCell as string)!;
    expect(sheet.values[cell.row][cell.col]).toBe(85);
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe('write-back on the file (applyEdits)', () => {
  test('the overall execution filled, highlights and «Проверка» written; a second run gives the same bytes', () => {
    const orig = new Uint8Array(fs.readFileSync(path.join(FIX, 'mistakes.xlsx')));
    const run = (bytes: Uint8Array) => {
      const res = checkCard(load(bytes), { date: '01.01.2025' });
      return { res, out: applyEdits(bytes, res.edits) };
    };
    const first = run(orig);
    const after = load(first.out);
    const cell = parseA1(expected('mistakes').indicators.overallCell as string)!;
    expect(after.sheets.find((s) => s.name === 'Информационная карта')!.values[cell.row][cell.col]).toBe(85);
    expect(after.sheets.some((s) => s.name === 'Проверка')).toBe(true);
    const second = run(first.out);
    expect(second.res.issues).toEqual(first.res.issues);
    expect(second.res.edits.filter((e) => e.kind === 'setValue')).toEqual([]);
    expect(Buffer.from(second.out).equals(Buffer.from(first.out))).toBe(true);
  });
});

describe('never throws', () => {
  const cases: [string, WorkbookSnapshot][] = [
    ['no sheets', { sheets: [] }],
    ['an empty sheet', { sheets: [{ name: 'Лист1', values: [], merges: [] }] }],
    ['only the dates', { sheets: [{ name: 'Лист1', values: [[null, '31.03', '15.09', '31.12']], merges: [] }] }],
    [
      'a card title and a measures header with nothing below',
      {
        sheets: [
          {
            name: 'Карта',
            values: [
              ['Информационная карта МОУО'],
              ['2. Реализация плана'],
              ['№', 'Мероприятие', '31.03.2024', '15.09.2024', '31.12.2024'],
            ],
            merges: [{ r1: 0, c1: 0, r2: 0, c2: 40 }],
          },
        ],
      },
    ],
  ];
  for (const [what, wb] of cases)
    test(what, () => {
      const res = checkCard(wb, { date: '01.01.2026' });
      expect(res.edits[0]).toEqual({ kind: 'clearHighlights' });
      expect(Array.isArray(res.conclusions)).toBe(true);
    });
});

describe('one date header for the whole card', () => {
  test('the measures table without its own dates takes the columns of the header above', () => {
    const wb: WorkbookSnapshot = {
      sheets: [
        {
          name: 'Карта',
          values: [
            ['Информационная карта МОУО'],
            ['Муниципальное образование', 'Озёрный район'],
            ['Показатель', '31.03.2024', '15.09.2024', '31.12.2024'],
            ['1. Общая характеристика плана'],
            ['Наименование плана', 'План на 2024 год'],
            ['2. Реализация плана'],
            ['Мероприятие'],
            ['Семинар для учителей', 50, 40, 100],
            ['3. Дополнительные показатели'],
          ],
          merges: [],
        },
      ],
    };
    const res = checkCard(wb, { date: '01.01.2025' });
    expect(res.location.measures.map((m) => m.cells)).toEqual([{ '31.03': 'B8', '15.09': 'C8', '31.12': 'D8' }]);
    expect(res.issues.filter((i) => i.code === 'CARD-DECREASING').map((i) => i.cell)).toEqual(['C8']);
    expect(res.indicators['planExecution.31.12']).toBe(100);
  });
});
