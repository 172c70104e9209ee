/**
 * The roadmap check (DOMAIN.md §5) on .xlsx files written by others (openpyxl, see
 * test/fixtures/roadmap/make_roadmap.py) — among them the roadmap of seed 001 typed as published —
 * and on the template written by our own writer and filled in: every seeded mistake at its cell
 * with its code and nothing else of severity error or warning; each rule broken once gives exactly
 * that code at that cell.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { detectKind } from '../../src/engine/check';
import { looksLikeCard } from '../../src/engine/card/locate';
import { checkRoadmap, isRoadmapDate } from '../../src/engine/roadmap/check';
import { looksLikeRoadmap, parseCodes } from '../../src/engine/roadmap/locate';
import { ROADMAP_SHEET, roadmapTemplate } from '../../src/engine/roadmap/template';
import { CellValue, WorkbookSnapshot, parseA1 } from '../../src/engine/snapshot';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'roadmap');
const RESULTS = path.resolve(__dirname, '..', 'fixtures', 'results', 'long_openpyxl.xlsx');
const DTK = path.resolve(__dirname, '..', 'fixtures', 'dtk', 'edited.xlsx');

function load(bytes: Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}
const file = (p: string): WorkbookSnapshot => load(new Uint8Array(fs.readFileSync(p)));
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

describe('roadmaps laid out by others (openpyxl)', () => {
  for (const name of [
    'seed_belorechensk',
    'seed_mistakes',
    'other_layout',
    'seed_mistakes_libreoffice',
    'other_layout_libreoffice',
  ]) {
    test(`${name}: exactly the expected findings`, () => {
      const wb = file(path.join(FIX, name + '.xlsx'));
      expect(looksLikeRoadmap(wb)).toBe(true);
      expect(looksLikeCard(wb)).toBe(false);
      expect(detectKind(wb)).toBe('roadmap');
      const res = checkRoadmap(wb, { date: '01.01.2025' });
      const base = name.replace(/_libreoffice$/, '');
      const exp = JSON.parse(fs.readFileSync(path.join(FIX, base + '.expected.json'), 'utf8'));
      expect(findings(res.issues)).toEqual(exp);
      for (const i of res.issues) expect(i.message).toMatch(/[А-Яа-я]/);
    });
  }

  test('seed 001: 14 parameters, 29 measures (measure 24 joined over the page break), coverage by code', () => {
    const res = checkRoadmap(file(path.join(FIX, 'seed_belorechensk.xlsx')), { date: '01.01.2025' });
    expect(res.location.factors).toHaveLength(14);
    expect(res.location.measures).toHaveLength(29);
    expect(res.location.measures[23].text.measure).toBe(
      '«Организация ученического наставничества над «неуспевающими» учащимися»',
    );
    expect(res.location.factors.map((f) => f.factor)).toContain('Профессионализм и компетенции педагогов');
    expect(res.location.factors[5].factor).toBe('Профессионализм и компетенции педагогов');
    expect(res.location.factors[8].factor).toBe('Высокая доля обучающихся с рисками учебной неуспешности');
    expect(res.indicators['coverage.2.2']).toBe('9, 10, 11');
    expect(res.indicators['coverage.4.2']).toBe('28, 29');
    expect(res.indicators['coverage.5.1']).toBe('');
    expect(res.indicators.factorsPresent).toBe(0);
    expect(res.indicators.measuresDoneShare).toBeNull();
    expect(res.conclusions[0].problem).toBe('Проблем не выявлено.');
  });

  test('seed with mistakes: the uncovered factor named in the conclusion; coverage table on «Проверка»', () => {
    const res = checkRoadmap(file(path.join(FIX, 'seed_mistakes.xlsx')), { date: '01.01.2025' });
    expect(res.indicators.factorsUncovered).toBe(1);
    expect(res.conclusions[0].conclusion).toContain('не охвачены: 5.1');
    const sheet = res.edits.find((e) => e.kind === 'replaceSheet');
    if (!sheet || sheet.kind !== 'replaceSheet') throw new Error('no sheet');
    const table = sheet.sheet.blocks.find((b) => b.kind === 'table' && b.name === 'shnor_roadmap_coverage');
    if (!table || table.kind !== 'table') throw new Error('no coverage table');
    const row51 = table.rows.find((r) => r[0] === '5.1')!;
    expect([row51[4], row51[6]]).toEqual(['да', 0]);
    expect(table.tones).toContainEqual([table.rows.indexOf(row51), 6, 'error']);
  });

  test('other layout: the catalogue sheet overrides the default (6.1 known), statuses give the share done', () => {
    const res = checkRoadmap(file(path.join(FIX, 'other_layout.xlsx')), { date: '01.01.2025' });
    expect(res.indicators.catalogue).toBe('Справочник');
    expect(res.indicators.measuresWithStatus).toBe(6);
    expect(res.indicators.measuresDone).toBe(2);
    expect(res.indicators.measuresDoneShare).toBe(33.3);
    expect(res.indicators['coverage.6.1']).toBe('4');
    expect(res.conclusions[1].conclusion).toContain('33,3\u00a0%');
  });

  test('codes in every written form', () => {
    expect(parseCodes('2.1.')).toEqual(['2.1']);
    expect(parseCodes('2.1')).toEqual(['2.1']);
    expect(parseCodes('2.1., 2.2.')).toEqual(['2.1', '2.2']);
    expect(parseCodes('2.1.,2.2.')).toEqual(['2.1', '2.2']);
    expect(parseCodes(3.3)).toEqual(['3.3']);
    expect(parseCodes('2.З.')).toEqual([]);
  });

  test('dates: month and year, periods, full dates, recurring phrases; anything else is not', () => {
    for (const ok of [
      'Март 2023',
      'Апрель 2024.',
      'Май 2023, апрель 2024',
      'Сентябрь-октябрь',
      'сентябрь 2023 – май 2024',
      '15.03.2024',
      'По отдельному графику',
      'В течение года',
      'Каждую учебную четверть',
      'Постоянно',
      'ноябрь 2023 г.',
    ])
      expect([ok, isRoadmapDate(ok)]).toEqual([ok, true]);
    for (const bad of ['после ГИА', 'ежемесячно', '2023', 'скоро', 'Мартобрь 2023', '1 квартал'])
      expect([bad, isRoadmapDate(bad)]).toEqual([bad, false]);
  });

  test('a ДТК and a results table are not roadmaps', () => {
    expect(looksLikeRoadmap(file(RESULTS))).toBe(false);
    expect(looksLikeRoadmap(file(DTK))).toBe(false);
    expect(looksLikeCard(file(RESULTS))).toBe(false);
    expect(looksLikeCard(file(DTK))).toBe(false);
  });
});

describe('the template filled in (roadmapTemplate → createWorkbook → read)', () => {
  const S = ROADMAP_SHEET;
  // Template rows: the factor table's data in rows 5–18 (codes in F, schools in G), measures from row 21.
  const filled = (): WorkbookSnapshot => {
    const wb = load(createWorkbook(roadmapTemplate()));
    for (let r = 5; r <= 18; r++) set(wb, S, `G${r}`, 'отсутствует');
    set(wb, S, 'G8', 'МБОУ СОШ № 3; МБОУ ООШ № 8'); // 2.1 present
    set(wb, S, 'G14', 'МБОУ СОШ № 3'); // 3.3 present
    const measures: CellValue[][] = [
      ['Семинар для учителей математики', 'Семинар', '2.1.', 'Учителя', 'ЦРО', 'Март 2025', 'ЦРО', 100],
      [
        'Консультации для родителей детей с ОВЗ',
        'Консультация',
        '3.3.,3.2.',
        'Родители',
        'ОО',
        'В течение года',
        'ОО',
        50,
      ],
    ];
    measures.forEach((row, i) => row.forEach((v, k) => set(wb, S, `${'BCDEFGHI'[k]}${21 + i}`, v)));
    return wb;
  };

  test('the template rows are where the test fills them', () => {
    const wb = load(createWorkbook(roadmapTemplate()));
    const v = (cell: string) => {
      const p = parseA1(cell)!;
      return wb.sheets[0].values[p.row]?.[p.col];
    };
    expect([v('F5'), v('F8'), v('F14'), v('F18')]).toEqual(['1.1', '2.1', '3.3', '5.2']);
    expect(v('B20')).toBe('Мероприятие');
  });

  test('valid values: no error, no warning; coverage and share done', () => {
    const wb = filled();
    expect(detectKind(wb)).toBe('roadmap');
    const res = checkRoadmap(wb, { date: '01.01.2026' });
    expect(findings(res.issues)).toEqual([]);
    expect(res.indicators.factorsPresent).toBe(2);
    expect(res.indicators.factorsCovered).toBe(2);
    expect(res.indicators.measuresDoneShare).toBe(50);
    expect(res.indicators.catalogue).toBe('Справочник факторов');
  });

  const broken: [string, (wb: WorkbookSnapshot) => void, string, string][] = [
    ['an unknown code', (wb) => set(wb, S, 'D22', '3.3., 7.1.'), 'ROADMAP-UNKNOWN-CODE', 'D22'],
    ['a present factor with no measure', (wb) => set(wb, S, 'G17', 'МБОУ СОШ № 3'), 'ROADMAP-UNCOVERED', 'F17'],
    ['a date not recognised', (wb) => set(wb, S, 'G21', 'по мере необходимости'), 'ROADMAP-DATE', 'G21'],
    ['no responsible', (wb) => set(wb, S, 'H22', null), 'MISSING-VALUE', 'H22'],
    ['no form', (wb) => set(wb, S, 'C21', null), 'MISSING-VALUE', 'C21'],
    ['an execution over 100', (wb) => set(wb, S, 'I22', 140), 'OUT-OF-RANGE', 'I22'],
    ['a school list left empty', (wb) => set(wb, S, 'G6', null), 'MISSING-VALUE', 'G6'],
  ];
  for (const [what, breakIt, code, cell] of broken) {
    test(`${what} → ${code} at ${cell}, nothing else of severity error`, () => {
      const wb = filled();
      breakIt(wb);
      const res = checkRoadmap(wb, { date: '01.01.2026' });
      const hit = res.issues.filter((i) => i.code === code);
      expect(hit.map((i) => i.cell)).toEqual([cell]);
      expect(res.issues.filter((i) => i.severity === 'error' && i.code !== code)).toEqual([]);
    });
  }

  test('the catalogue sheet edited: a new code becomes known, a removed one unknown', () => {
    const wb = filled();
    set(wb, 'Справочник факторов', 'A18', '6.1');
    set(wb, 'Справочник факторов', 'B18', 'Региональный фактор');
    set(wb, 'Справочник факторов', 'C18', 'Сельская школа');
    set(wb, S, 'D22', '3.3., 6.1.');
    expect(findings(checkRoadmap(wb, { date: '01.01.2026' }).issues)).toEqual([]);
    set(wb, 'Справочник факторов', 'A4', null); // 1.1 removed from the catalogue
    const res = checkRoadmap(wb, { date: '01.01.2026' });
    expect(findings(res.issues)).toEqual([{ code: 'ROADMAP-UNKNOWN-CODE', sheet: S, cell: 'F5' }]);
  });

  test('the measures table removed → MISSING-ROW, not a crash', () => {
    const wb = filled();
    set(wb, S, 'B20', 'Что делаем');
    set(wb, S, 'D20', null);
    const res = checkRoadmap(wb, { date: '01.01.2026' });
    expect(res.issues.map((i) => i.code)).toContain('MISSING-ROW');
  });
});

describe('shnor check (CLI)', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
  test('--json gives kind roadmap; the published seed has no errors (exit 0), the mistakes one has (exit 1)', () => {
    const run = (name: string) =>
      spawnSync(process.execPath, [CLI, 'check', path.join(FIX, name + '.xlsx'), '--json'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    const ok = run('seed_belorechensk');
    expect(ok.status).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(j.files[0].kind).toBe('roadmap');
    expect(j.files[0].indicators.measures).toBe(29);
    const bad = run('seed_mistakes');
    expect(bad.status).toBe(1);
    const jb = JSON.parse(bad.stdout);
    expect(jb.files[0].kind).toBe('roadmap');
    expect(findings(jb.files[0].issues)).toEqual(
      JSON.parse(fs.readFileSync(path.join(FIX, 'seed_mistakes.expected.json'), 'utf8')),
    );
  });
});

describe('write-back on the file (applyEdits)', () => {
  test('highlights and «Проверка» with the coverage table; a second run gives the same bytes', () => {
    const orig = new Uint8Array(fs.readFileSync(path.join(FIX, 'seed_mistakes.xlsx')));
    const run = (bytes: Uint8Array) => {
      const res = checkRoadmap(load(bytes), { date: '01.01.2025' });
      return { res, out: applyEdits(bytes, res.edits) };
    };
    const first = run(orig);
    const check = load(first.out).sheets.find((s) => s.name === 'Проверка');
    expect(JSON.stringify(check?.values)).toContain('Охват факторов риска мероприятиями');
    const tones = new Set(first.res.edits.map((e) => (e.kind === 'highlight' ? e.tone : '')).filter(Boolean));
    expect(tones).toEqual(new Set(['error', 'warning']));
    const second = run(first.out);
    expect(second.res.issues).toEqual(first.res.issues);
    expect(Buffer.from(second.out).equals(Buffer.from(first.out))).toBe(true);
    // «Проверка» moved first: its coverage table is not taken for the factor table.
    const moved = load(first.out);
    const i = moved.sheets.findIndex((x) => x.name === 'Проверка');
    moved.sheets.unshift(...moved.sheets.splice(i, 1));
    expect(checkRoadmap(moved, { date: '01.01.2025' }).issues).toEqual(first.res.issues);
  });
});

describe('never throws', () => {
  const cases: [string, WorkbookSnapshot][] = [
    ['no sheets', { sheets: [] }],
    ['an empty sheet', { sheets: [{ name: 'Лист1', values: [], merges: [] }] }],
    [
      'a measures header with nothing below',
      {
        sheets: [
          {
            name: 'ДК',
            values: [['№', 'Мероприятие', 'Форма', 'Код параметра', 'Дата проведения', 'Ответственные']],
            merges: [],
          },
        ],
      },
    ],
    [
      'a factor header alone, codes as errors',
      {
        sheets: [
          {
            name: 'ДК',
            values: [
              ['Код параметра', 'Фактор', 'Параметр', 'Перечень ОО'],
              [{ error: '#REF!' }, 'Кадровые ресурсы школы', null, 'МБОУ СОШ № 1'],
            ],
            merges: [],
          },
        ],
      },
    ],
  ];
  for (const [what, wb] of cases)
    test(what, () => {
      const res = checkRoadmap(wb, { date: '01.01.2026' });
      expect(res.edits[0]).toEqual({ kind: 'clearHighlights' });
      expect(Array.isArray(res.conclusions)).toBe(true);
      if (what.includes('errors'))
        expect(res.issues.filter((i) => i.code === 'CELL-ERROR').map((i) => i.cell)).toEqual(['A2']);
    });
});
