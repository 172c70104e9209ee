/**
 * The «план мероприятий» on plans written by openpyxl in the four layouts of seeds 000, 002, 003
 * and 004 (test/fixtures/plan/make_plans.py: the seeds' rows, column orders, header wordings,
 * merged sections and dates, page breaks, continuation rows, seeded mistakes). For each file:
 * the kind is told, the measures and sections counted equal the generator's, the period is read,
 * and the errors and warnings are exactly the seeded mistakes at their cells. Then the product's
 * own edits are written back and the plan checked again; and `shnor check` on a plan.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectKind } from '../../src/engine/check';
import { checkPlan } from '../../src/engine/plan/check';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { applyEdits } from '../../src/xlsx/patch';
import { readWorkbook } from '../../src/xlsx/read';
import { GEN, Manifest, makePlans } from './fixture';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SAMPLES = path.join(ROOT, 'samples');

let dir: string;
let manifest: Manifest;

/** A workbook's snapshot from a file's path or its bytes. */
function read(file: string | Uint8Array): WorkbookSnapshot {
  const r = readWorkbook(typeof file === 'string' ? new Uint8Array(fs.readFileSync(file)) : file);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
  manifest = makePlans(dir, 48, 2026);
}, 120000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const found = (issues: { severity: string; code: string; sheet: string | null; cell: string | null }[]): string[] =>
  issues
    .filter((i) => i.severity !== 'info')
    .map((i) => `${i.code} ${i.sheet}!${i.cell}`)
    .sort();

describe('plans in the seeds’ layouts', () => {
  it('the generator wrote every layout, clean and with mistakes', () => {
    expect(manifest.files).toHaveLength(48);
    for (const l of ['000', '002', '003', '004']) {
      const of = manifest.files.filter((f) => f.layout === l);
      expect(of.some((f) => f.expected.length === 0)).toBe(true);
      expect(of.some((f) => f.expected.length > 0)).toBe(true);
    }
  });

  it('each plan: kind, measures, sections, period, and exactly the seeded findings', () => {
    const wrong: string[] = [];
    for (const f of manifest.files) {
      const wb = read(path.join(dir, f.file));
      const kind = detectKind(wb);
      if (kind !== 'plan') {
        wrong.push(`${f.file} (${f.layout}): вид ${kind}`);
        continue;
      }
      const res = checkPlan(wb, { date: '07.12.2026' });
      const want = f.expected.map((e) => `${e.code} ${e.sheet}!${e.cell}`).sort();
      const got = found(res.issues);
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`${f.file} (${f.layout}, ${f.mistakes.join(',')}): want ${want.join('; ')} got ${got.join('; ')}`);
      if (res.indicators.measures !== f.measures)
        wrong.push(`${f.file}: measures ${res.indicators.measures} ≠ ${f.measures}`);
      if (res.indicators.sections !== f.sections)
        wrong.push(`${f.file}: sections ${res.indicators.sections} ≠ ${f.sections}`);
      if (res.indicators.period !== f.period) wrong.push(`${f.file}: period ${res.indicators.period} ≠ ${f.period}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every measure keeps its own deadline text; the merged «Дата» of seed 003 reads both sub-columns', () => {
    const f = manifest.files.find((x) => x.layout === '003' && x.expected.length === 0)!;
    const res = checkPlan(read(path.join(dir, f.file)), { date: '07.12.2026' });
    const dates = res.location.tables.flatMap((t) => t.measures.map((m) => m.text.date));
    expect(dates).toContain('20-28 марта; До 3 апреля');
    expect(dates).toContain('До 31 марта');
    // «Апрель-июнь | -»: the dash of the other sub-column is not a second deadline.
    expect(dates).toContain('Апрель-июнь');
    // By December 2026 every deadline of a 2023 plan has come, but «В течение года» (recurring, no date).
    expect(res.indicators.measuresDue).toBe(f.measures - 1);
    const c = checkPlan(read(path.join(dir, f.file)), { date: '01.04.2023' }).indicators.measuresDue as number;
    // On 1 April 2023 only the three «До 31 марта» have come («20-28 марта; До 3 апреля» ends on 3 April).
    expect(c).toBe(3);
  });

  it('the carried-on text (seed 000) and the sub-item with its own date (seed 002) join their measure', () => {
    const f0 = manifest.files.find((x) => x.layout === '000' && x.expected.length === 0)!;
    const m0 = checkPlan(read(path.join(dir, f0.file)), { date: '07.12.2026' }).location.tables[0].measures;
    const joined = m0.find((m) => m.text.measure?.startsWith('Проведение совместного заседания'))!;
    expect(joined.text.measure).toMatch(/на муниципальном уровне по проблеме повышения качества/);
    expect(joined.text.responsible).toMatch(/Руководители ОО$/);
    expect(joined.section).toMatch(/^2\. Задача: Формирование/);
    const f2 = manifest.files.find((x) => x.layout === '002' && x.expected.length === 0)!;
    const m2 = checkPlan(read(path.join(dir, f2.file)), { date: '07.12.2026' }).location.tables[0].measures;
    expect(m2[m2.length - 1].text.date).toBe('Апрель; Январь, июнь');
  });

  it('written back: highlights and «Проверка» added, user cells kept, the check gives the same findings', () => {
    for (const f of manifest.files.filter((x) => x.expected.length > 0).slice(0, 4)) {
      const file = path.join(dir, f.file);
      const before = read(file);
      const res = checkPlan(before, { date: '07.12.2026' });
      const out = applyEdits(new Uint8Array(fs.readFileSync(file)), res.edits);
      const after = read(out);
      expect(after.sheets.filter((s) => s.visibility !== 'veryHidden').map((s) => s.name)).toEqual([
        f.sheet,
        'Проверка',
      ]);
      expect(after.sheets[0].values).toEqual(before.sheets[0].values);
      expect(detectKind(after)).toBe('plan');
      expect(found(checkPlan(after, { date: '07.12.2026' }).issues)).toEqual(found(res.issues));
    }
  });

  it('the other forms are not plans', () => {
    for (const name of ['card.xlsx', 'roadmap.xlsx', 'dtk-correct.xlsx', 'results-wide.xlsx', 'results-long.xlsx'])
      expect([name, detectKind(read(path.join(SAMPLES, name)))]).not.toEqual([name, 'plan']);
  });

  it('section 4 of seed 002 as printed: the order’s own mistakes, the page break, the sub-item', () => {
    const r = spawnSync('/usr/bin/python3', [GEN, '--seed002', dir], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const exp = JSON.parse(fs.readFileSync(path.join(dir, 'plan-seed002.expected.json'), 'utf8')) as {
      sheet: string;
      measures: number;
      expected: { code: string; cell: string }[];
    };
    const wb = read(path.join(dir, 'plan-seed002.xlsx'));
    expect(detectKind(wb)).toBe('plan');
    const res = checkPlan(wb, { date: '07.12.2026' });
    expect(found(res.issues)).toEqual(exp.expected.map((e) => `${e.code} ${exp.sheet}!${e.cell}`).sort());
    expect(res.indicators.measures).toBe(exp.measures);
    const ms = res.location.tables[0].measures;
    expect(ms.find((m) => m.no === '4.8')!.text.result).toMatch(/по предметным и метапредметным результатам$/);
    expect(ms.find((m) => m.no === '4.6')!.text.date).toBe('Апрель; Январь, июнь');
    expect(ms[ms.length - 1].no).toBe('4.17');
    expect(ms.every((m) => m.section?.startsWith('4. Мониторинговые исследования'))).toBe(true);
  });

  it('shnor check on a plan: the kind line, the findings, exit 1 on an error', () => {
    const f = manifest.files.find((x) => x.expected.some((e) => e.code === 'MISSING-VALUE'))!;
    const file = path.join(dir, f.file);
    const text = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('план мероприятий');
    const j = spawnSync(process.execPath, [CLI, 'check', file, '--json'], { encoding: 'utf8' });
    const out = JSON.parse(j.stdout) as { files: { kind: string; issues: { code: string; cell: string }[] }[] };
    expect(out.files[0].kind).toBe('plan');
    const codes = out.files[0].issues.filter((i) => i.code !== 'LABEL-SIMILAR').map((i) => `${i.code} ${i.cell}`);
    expect(codes.sort()).toEqual(f.expected.map((e) => `${e.code} ${e.cell}`).sort());
    const clean = manifest.files.find((x) => x.expected.length === 0)!;
    expect(spawnSync(process.execPath, [CLI, 'check', path.join(dir, clean.file)], { encoding: 'utf8' }).status).toBe(
      0,
    );
  });
});
