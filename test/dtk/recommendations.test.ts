/**
 * «Рекомендации» in the ДТК (issue 14): a school that typed a «Рекомендации:» row under each
 * «Проблема:» (written here by openpyxl into the blank row of the openpyxl-written school cards of
 * test/fixtures/dtk) gets there the catalogue's measures for the risk-factor codes of the
 * subsections with problems; a criterion without problems gets «Рекомендаций нет»; a user's own text
 * is never replaced (kept, with its draft); a «Справочник мер» sheet overrides the default catalogue;
 * a second run over the written file changes nothing; the template has the row.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkDtk } from '../../src/engine/dtk/check';
import { NO_RECOMMENDATIONS } from '../../src/engine/dtk/conclusions';
import { dtkTemplate } from '../../src/engine/dtk/template';
import { DEFAULT_MEASURES } from '../../src/engine/report/catalogue';
import { DTK_SECTION_CODES } from '../../src/engine/report/recommend';
import { Edit } from '../../src/engine/edits';
import { applyEdits, createWorkbook } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { tmpDir } from '../xlsx/helpers';

const FIX = path.join(__dirname, '..', 'fixtures', 'dtk');
const OPTS = { threshold: 30, date: '07.12.2026' };

/** openpyxl: «Рекомендации:» in column A of the row after each «Проблема:», B:E merged; extras per argv. */
const PY = `
import sys, json, openpyxl
src, out, own, measures = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
wb = openpyxl.load_workbook(src)
ws = wb.worksheets[0]
rows = [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, str) and ws.cell(r, 1).value.startswith('Проблема')]
for i, r in enumerate(rows):
    assert ws.cell(r + 1, 1).value is None
    ws.cell(r + 1, 1).value = 'Рекомендации:'
    ws.merge_cells(start_row=r + 1, start_column=2, end_row=r + 1, end_column=5)
    if str(i + 1) in own:
        ws.cell(r + 1, 2).value = own[str(i + 1)]
if measures:
    m = wb.create_sheet('Справочник мер')
    m.append(['Код', 'Мера', 'Ответственные', 'Срок'])
    for row in measures:
        m.append(row)
wb.save(out)
print(json.dumps([r + 1 for r in rows]))
`;

function prepare(
  fixture: string,
  own: Record<string, string> = {},
  measures: string[][] = [],
): { file: string; rows: number[]; bytes: Uint8Array } {
  const dir = tmpDir('dtk-rec-');
  const file = path.join(dir, `${fixture}-rec.xlsx`);
  const r = spawnSync(
    '/usr/bin/python3',
    ['-c', PY, path.join(FIX, `${fixture}.xlsx`), file, JSON.stringify(own), JSON.stringify(measures)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return { file, rows: JSON.parse(r.stdout) as number[], bytes: new Uint8Array(fs.readFileSync(file)) };
}

function check(bytes: Uint8Array) {
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return checkDtk(r.workbook, OPTS);
}

const recEdits = (edits: Edit[], rows: number[]): Map<string, string> =>
  new Map(
    edits.flatMap((e) =>
      e.kind === 'setValue' && e.purpose === 'conclusion' && rows.some((r) => e.cell === `B${r}`)
        ? [[e.cell, String(e.value)] as [string, string]]
        : [],
    ),
  );

describe.each(['school_valid', 'school_mistakes'])('«Рекомендации:» rows typed into %s', (fixture) => {
  const { rows, bytes } = prepare(fixture);
  const res = check(bytes);
  const written = recEdits(res.edits, rows);

  test('each row gets the draft of its criterion, from the catalogue of measures', () => {
    expect(rows).toHaveLength(3);
    expect([...written.keys()].sort()).toEqual(rows.map((r) => `B${r}`).sort());
    res.conclusions.forEach((c, i) => {
      const text = written.get(`B${rows[i]}`)!;
      expect(text).toBe(c.recommendation);
      // Sections with a problem of their own (other than filling errors) are named, with their codes' measures.
      const named = /^По раздел(?:у|ам) ([\d., ]+):/.exec(text);
      if (!named) {
        expect(text).toBe(NO_RECOMMENDATIONS);
        expect(
          res.findings.filter(
            (x) =>
              (x.issue.section ?? '').startsWith(`${c.section}.`) &&
              ['BELOW-TARGET', 'NEGATIVE-DYNAMICS'].includes(x.issue.code),
          ),
        ).toEqual([]);
        return;
      }
      const sections = named[1].split(', ');
      // Exactly the subsections with a low result (in the last two years), a value below target or a
      // negative dynamics among the check's findings.
      const last2 = res.years.slice(-2);
      const want = new Set(
        res.findings
          .filter(
            (x) =>
              (x.issue.code === 'LOW-RESULT' && x.year !== undefined && last2.includes(x.year)) ||
              x.issue.code === 'BELOW-TARGET' ||
              x.issue.code === 'NEGATIVE-DYNAMICS',
          )
          .map((x) => (x.issue.section ?? '').split('.').slice(0, 2).join('.'))
          .filter((x) => x.startsWith(`${c.section}.`)),
      );
      expect(sections).toEqual([...want].sort());
      for (const s of sections) expect(s.startsWith(`${c.section}.`)).toBe(true);
      // A subsection without codes of its own (1.3) takes its criterion's.
      const codes = [...new Set(sections.flatMap((s) => DTK_SECTION_CODES[s] ?? DTK_SECTION_CODES[c.section]))];
      for (const code of codes) {
        const m = DEFAULT_MEASURES.filter((x) => x.code === code);
        expect(m.length).toBeGreaterThan(0);
        for (const x of m) expect(text).toContain(`фактор ${code}: ${x.measure.replace(/[.;\s]+$/, '')}`);
      }
      // No code of a section not named.
      const others = Object.entries(DTK_SECTION_CODES)
        .filter(([s]) => s.includes('.') && !sections.includes(s))
        .flatMap(([, cs]) => cs)
        .filter((x) => !codes.includes(x));
      for (const code of others) expect(text).not.toContain(`фактор ${code}:`);
    });
  });

  test('a second run over the written file writes nothing new', () => {
    const once = applyEdits(bytes, res.edits);
    const again = check(once);
    expect(recEdits(again.edits, rows).size).toBe(0);
    expect(again.kept ?? []).toEqual([]);
  });
});

test('the cards differ: the mistakes card has recommendations, drafted from its problems', () => {
  const { rows, bytes } = prepare('school_mistakes');
  const res = check(bytes);
  const texts = [...recEdits(res.edits, rows).values()];
  expect(texts.some((t) => t !== NO_RECOMMENDATIONS)).toBe(true);
});

test('a user text in a «Рекомендации:» row is kept, its draft offered; «Справочник мер» overrides the catalogue', () => {
  const mine = 'Наши меры: провести педсовет по итогам ВПР.';
  const { rows, bytes } = prepare('school_mistakes', { '2': mine }, [
    ['2.1', 'Курсы «Трудные задания ВПР» для учителей математики', 'Методист ИМЦ', 'До 1 марта'],
    ['3.1', 'Индивидуальные консультации для обучающихся с низкими результатами', 'Учителя-предметники', 'Еженедельно'],
    ['3.2', 'Родительский всеобуч', 'Классные руководители', 'Ежеквартально'],
    ['4.1', 'Встречи с семьями', 'Социальный педагог', 'По графику'],
    ['4.2', 'Посещение семей', 'Социальный педагог', 'По графику'],
    ['3.3', 'Школа ответственного родителя', 'Психолог', 'Ежемесячно'],
    ['1.1', 'Наставничество', 'Директор', 'В течение года'],
    ['2.2', 'ШМО по разбору заданий', 'Руководитель ШМО', 'Ежемесячно'],
    ['2.4', 'Курсы для совместителей', 'Зам. директора', 'По плану'],
    ['2.3', 'Диагностика дефицитов', 'ЦНППМ', 'Октябрь'],
    ['5.1', 'Ремонт кабинетов', 'Директор', 'Лето'],
  ]);
  const res = check(bytes);
  const written = recEdits(res.edits, rows);
  expect(written.has(`B${rows[1]}`)).toBe(false);
  const kept = (res.kept ?? []).filter((k) => k.kind === 'recommendation');
  expect(kept.map((k) => k.cell)).toEqual([`B${rows[1]}`]);
  expect(kept[0].draft).toBe(res.conclusions[1].recommendation);
  const texts = [...written.values(), kept[0].draft].filter((t) => t !== NO_RECOMMENDATIONS);
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) for (const m of DEFAULT_MEASURES) expect(t).not.toContain(m.measure.replace(/[.;\s]+$/, ''));
  expect(texts.join(' ')).toMatch(/ответственные: [^;]+; срок: [а-я]/);
  // The user's cell is untouched in the written file.
  const out = readWorkbook(applyEdits(bytes, res.edits));
  if (!out.ok) throw new Error(out.message);
  const sheet = out.workbook.sheets[0];
  const o = sheet.origin ?? { row: 0, col: 0 };
  expect(sheet.values[rows[1] - 1 - o.row][1 - o.col]).toBe(mine);
});

test('the template has «Рекомендации:» under each «Проблема:», and the check drafts there', () => {
  const bytes = createWorkbook(dtkTemplate(['2020-2021', '2021-2022', '2022-2023']));
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  const labels = r.workbook.sheets[0].values.map((row) => (row ?? [])[0]).filter((v) => typeof v === 'string');
  const problems = labels.filter((v) => v === 'Проблема:').length;
  expect(problems).toBe(3);
  labels.forEach((v, i) => {
    if (v === 'Проблема:') expect(labels[i + 1]).toBe('Рекомендации:');
  });
  const res = checkDtk(r.workbook, OPTS);
  const recs = res.edits.filter(
    (e) =>
      e.kind === 'setValue' && e.purpose === 'conclusion' && res.conclusions.some((c) => c.recommendation === e.value),
  );
  expect(recs).toHaveLength(3);
});
