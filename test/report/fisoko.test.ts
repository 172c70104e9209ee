/**
 * `shnor report` on ФИС ОКО exports (issues 14 and 16), on the built CLI: ФИС ОКО «Статистика по
 * отметкам» reports for two school years (and the mixed case: one year in the results form, the
 * other as ФИС ОКО), with an objectivity sheet (exam mark and year mark per pupil), all written by
 * openpyxl (test/fixtures/report/make_fisoko_report.py) into a temp dir. The .docx is converted to
 * PDF by LibreOffice and read back with pdftotext: it names every ШНОР school with the shares
 * `shnor identify --json` reports on the same files; the municipal and regional means equal a hand
 * count from the generator's data; the section «Объективность оценивания» names the flagged schools
 * with their hand-counted shares, and `--json` carries the same objectivity numbers as `shnor
 * objectivity --json`; two runs give the same text. The first PDF page is kept as
 * artifacts/report-fisoko-page1.png.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { firstPagePng, toPdf } from '../helpers/office';
import { readWorkbook } from '../../src/xlsx/read';
import { formatNumberRu, roundTo } from '../../src/engine/text';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GEN = path.join(ROOT, 'test', 'fixtures', 'report', 'make_fisoko_report.py');
const SCHOOL_YEAR: Record<number, string> = { 2023: '2022-2023', 2024: '2023-2024' };

interface Data {
  schools: { code: string; name: string; municipality: string }[];
  procs: string[];
  results: { code: string; year: number; proc: number; participants: number; failed: number }[];
  pupils: { school: string; exam: number; year: number }[];
}

interface IdentifyJson {
  year: string;
  previousYear: string;
  schools: { id: string; name: string; status: string; low: { year: string; procedure: string; share: number }[] }[];
}

interface ReportJson {
  error: string | null;
  year: string;
  previousYear: string;
  schools: { id: string; name: string; status: string }[];
  procedures: {
    procedure: string;
    region: { current: { share: number; participants: number }; previous: { share: number } };
    municipal: Record<string, { current: number | null; previous: number | null }>;
  }[];
  objectivity: { settings: unknown; rows: ObjRow[]; figures: unknown } | null;
}

interface ObjRow {
  school: string;
  subject: string;
  n: number;
  lowered: number;
  loweredShare: number;
  confirmedShare: number;
  raisedShare: number;
  flagged: boolean;
}

function shnor(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pdfText(docx: string, dir: string): string {
  const pdf = toPdf(docx, dir);
  const txt = pdf.replace(/\.pdf$/, '.txt');
  const r = spawnSync('pdftotext', ['-layout', pdf, txt], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext: ${r.stderr}`);
  return fs.readFileSync(txt, 'utf8');
}

const flat = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();
const pct = (v: number): string => `${formatNumberRu(roundTo(v))} %`;

/** Σ failed × 100 ÷ Σ participants from the generator's rows, by hand. */
function handMean(d: Data, year: number, proc: number, mun: string | null): number | null {
  let f = 0;
  let n = 0;
  for (const r of d.results) {
    if (r.year !== year || r.proc !== proc) continue;
    if (mun !== null && d.schools.find((s) => s.code === r.code)!.municipality !== mun) continue;
    f += r.failed;
    n += r.participants;
  }
  return n === 0 ? null : (f * 100) / n;
}

/** Per school: pupils compared, lowered (exam below the year mark), confirmed, raised — by hand. */
function handObjectivity(d: Data): Map<string, { n: number; lowered: number; confirmed: number; raised: number }> {
  const m = new Map<string, { n: number; lowered: number; confirmed: number; raised: number }>();
  for (const p of d.pupils) {
    const a = m.get(p.school) ?? { n: 0, lowered: 0, confirmed: 0, raised: 0 };
    a.n++;
    if (p.exam < p.year) a.lowered++;
    else if (p.exam > p.year) a.raised++;
    else a.confirmed++;
    m.set(p.school, a);
  }
  return m;
}

let dir: string;
let data: Data;
const FISOKO = ['fisoko-2023.xlsx', 'fisoko-2024-1.xlsx', 'fisoko-2024-2.xlsx', 'fisoko-2024-3.xlsx'];
const MIXED = ['form-2023.xlsx', 'fisoko-2024-1.xlsx', 'fisoko-2024-2.xlsx', 'fisoko-2024-3.xlsx'];

beforeAll(() => {
  expect(fs.existsSync(CLI)).toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-report-fisoko-'));
  const g = spawnSync('/usr/bin/python3', [GEN, dir, '16'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8')) as Data;
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The report's checks common to both cases: ШНОР with identify's shares in the PDF, means by hand. */
function checkReport(files: string[], tag: string): { text: string; json: ReportJson; id: IdentifyJson } {
  const idRun = shnor(['identify', ...files, '--json'], dir);
  expect(idRun.stderr).toBe('');
  const id = JSON.parse(idRun.stdout) as IdentifyJson;
  const runs = ['a', 'b'].map((x) => {
    const r = shnor(['report', ...files, 'objectivity.xlsx', '--out', `${tag}-${x}.docx`, '--json'], dir);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as ReportJson;
  });
  const json = runs[0];
  expect(json.error).toBeNull();
  expect(json.year).toBe(SCHOOL_YEAR[2024]);
  expect(json.previousYear).toBe(SCHOOL_YEAR[2023]);
  const textA = pdfText(path.join(dir, `${tag}-a.docx`), dir);
  const textB = pdfText(path.join(dir, `${tag}-b.docx`), dir);
  // Twice the same text.
  expect(textB).toBe(textA);
  const pdf = flat(textA);
  expect(pdf).toContain('Аналитическая справка');

  // The statuses are identify's; every ШНОР school is named with the shares identify reports.
  expect(json.schools.map((v) => [v.id, v.status])).toEqual(id.schools.map((v) => [v.id, v.status]));
  const shnorSchools = id.schools.filter((v) => v.status === 'ШНОР');
  expect(shnorSchools.length).toBeGreaterThanOrEqual(2);
  for (const v of shnorSchools) {
    expect(pdf).toContain(v.name);
    expect(v.low.length).toBeGreaterThan(0);
    for (const e of v.low) {
      // identify's share is the generator's failed ÷ participants (an independent count) …
      const year = Number(Object.keys(SCHOOL_YEAR).find((k) => SCHOOL_YEAR[Number(k)] === e.year));
      const proc = data.procs.indexOf(e.procedure);
      const r = data.results.find((x) => x.code === v.id && x.year === year && x.proc === proc)!;
      expect(e.share).toBe(roundTo((r.failed * 100) / r.participants));
      // … and the PDF carries it, written the Russian way.
      expect(pdf).toContain(pct(e.share));
    }
    const cur = v.low.find((e) => e.year === id.year);
    if (cur) expect(pdf).toContain(`${v.name} (`);
  }
  // The schools the generator made low in both ВПР in both years are among them.
  for (const s of data.schools.slice(0, 3)) expect(shnorSchools.map((v) => v.id)).toContain(s.code);

  // Means: by hand from the generator's rows.
  const muns = [...new Set(data.schools.map((s) => s.municipality))];
  data.procs.forEach((name, i) => {
    const j = json.procedures.find((p) => p.procedure === name)!;
    expect(j).toBeDefined();
    expect(j.region.current.share).toBe(roundTo(handMean(data, 2024, i, null)!));
    expect(j.region.previous.share).toBe(roundTo(handMean(data, 2023, i, null)!));
    expect(j.region.current.participants).toBe(
      data.results.filter((r) => r.year === 2024 && r.proc === i).reduce((a, r) => a + r.participants, 0),
    );
    for (const m of muns) {
      const cur = handMean(data, 2024, i, m);
      const prev = handMean(data, 2023, i, m);
      expect(j.municipal[m].current).toBe(cur === null ? null : roundTo(cur));
      expect(j.municipal[m].previous).toBe(prev === null ? null : roundTo(prev));
    }
    expect(pdf).toContain(pct(handMean(data, 2024, i, null)!));
  });
  return { text: pdf, json, id };
}

describe('shnor report on ФИС ОКО exports', () => {
  test('two years of ФИС ОКО reports: the PDF names every ШНОР school with identify’s shares, means by hand, objectivity, twice the same text', () => {
    const { text, json } = checkReport(FISOKO, 'fisoko');

    // Objectivity: the same numbers as `shnor objectivity --json`, and a hand count.
    const o = shnor(['objectivity', 'objectivity.xlsx', '--out', 'o.xlsx', '--json'], dir);
    expect(o.status).toBe(0);
    const oj = JSON.parse(o.stdout) as { settings: unknown; rows: ObjRow[]; figures: unknown };
    expect(json.objectivity).not.toBeNull();
    expect(json.objectivity!.rows).toEqual(oj.rows);
    expect(json.objectivity!.figures).toEqual(oj.figures);
    expect(json.objectivity!.settings).toEqual(oj.settings);
    const hand = handObjectivity(data);
    expect(json.objectivity!.rows.map((r) => r.school).sort()).toEqual([...hand.keys()].sort());
    expect(text).toContain('Объективность оценивания');
    let flagged = 0;
    for (const r of json.objectivity!.rows) {
      const h = hand.get(r.school)!;
      expect([r.n, r.lowered]).toEqual([h.n, h.lowered]);
      expect(r.flagged).toBe((h.lowered * 100) / h.n > 50);
      const sentence = `${r.school} (${r.subject}): понизили отметку ${pct((h.lowered * 100) / h.n)} участников (${h.lowered} из ${h.n})`;
      if (r.flagged) {
        flagged++;
        expect(text).toContain(sentence);
        expect(text).toContain(
          `подтвердили — ${pct((h.confirmed * 100) / h.n)}, повысили — ${pct((h.raised * 100) / h.n)}`,
        );
      } else expect(text).not.toContain(sentence);
    }
    expect(flagged).toBeGreaterThan(0);

    const png = firstPagePng(path.join(dir, 'fisoko-a.pdf'), 'report-fisoko-page1.png');
    expect(png.length).toBeGreaterThan(5000);
  });

  test('the mixed case: 2022-2023 in the results form, 2023-2024 as ФИС ОКО — the same statuses and means', () => {
    const mixed = checkReport(MIXED, 'mixed');
    const all = JSON.parse(shnor(['identify', ...FISOKO, '--json'], dir).stdout) as IdentifyJson;
    expect(mixed.id.schools.map((v) => [v.id, v.status])).toEqual(all.schools.map((v) => [v.id, v.status]));
  });

  test('--flag-share moves the objectivity flag (hand count); without objectivity data there is no section; the «Справка» sheet carries it', () => {
    const hand = handObjectivity(data);
    const shares = [...hand.values()].map((h) => (h.lowered * 100) / h.n).sort((a, b) => a - b);
    // A flag between the two largest shares: exactly one school is flagged.
    const flag = roundTo((shares[shares.length - 1] + shares[shares.length - 2]) / 2, 0);
    const r = shnor(
      [
        'report',
        ...FISOKO,
        'objectivity.xlsx',
        '--out',
        'f.docx',
        '--json',
        '--flag-share',
        String(flag),
        '--sheet-out',
        's.xlsx',
      ],
      dir,
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as ReportJson;
    const expected = [...hand.entries()].filter(([, h]) => (h.lowered * 100) / h.n > flag).map(([s]) => s);
    expect(j.objectivity!.rows.filter((x) => x.flagged).map((x) => x.school)).toEqual(expected);
    expect((j.objectivity!.settings as { flagShare: number }).flagShare).toBe(flag);

    // The owned sheet «Справка» in the copy carries the section and the flagged school's sentence.
    const back = readWorkbook(fs.readFileSync(path.join(dir, 's.xlsx')));
    if (!back.ok) throw new Error(back.message);
    const sheet = back.workbook.sheets.find((s) => s.name === 'Справка')!;
    const cells = flat(
      sheet.values
        .flat()
        .filter((v) => typeof v === 'string')
        .join('\n'),
    );
    expect(cells).toContain('Объективность оценивания');
    const h = hand.get(expected[0])!;
    expect(cells).toContain(`${expected[0]} (`);
    expect(cells).toContain(`понизили отметку ${pct((h.lowered * 100) / h.n)} участников (${h.lowered} из ${h.n})`);

    const none = shnor(['report', ...FISOKO, '--out', 'n.docx', '--json'], dir);
    expect(none.status).toBe(0);
    const nj = JSON.parse(none.stdout) as ReportJson;
    expect(nj.objectivity).toBeNull();
    const bad = shnor(['report', ...FISOKO, '--out', 'x.docx', '--flag-share', '150'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--flag-share/);
  });
});
