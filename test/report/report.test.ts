/**
 * `shnor report` (issue 14): the аналитическая справка as .docx and as the sheet «Справка», on
 * generated results workbooks (long and wide layouts, two school years) written by SheetJS.
 * The .docx is converted to PDF by LibreOffice and read back with pdftotext: it names every ШНОР
 * school with the shares `identify` reports; the means are a hand count; two runs give the same
 * text. The first PDF page is kept as artifacts/report-page1.png.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import { rng } from '../../bench/rng';
import { runReport, reportRunJson } from '../../src/cli/report';
import { identify } from '../../src/engine/results/identify';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { documentText } from '../../src/engine/report/document';
import { buildReport } from '../../src/engine/report/index';
import { readWorkbook } from '../../src/xlsx/read';
import { formatNumberRu, roundTo } from '../../src/engine/text';

const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const YEARS = ['2021-2022', '2022-2023'];
const MUNS = ['Белореченский район', 'Северский район', 'город Сочи'];
/** Procedure as the columns write it, and the name identification gives it. */
const PROCS: { type: string; subject: string; grade: string; name: string }[] = [
  { type: 'ВПР', subject: 'математика', grade: '5', name: 'ВПР математика 5' },
  { type: 'ВПР', subject: 'русский язык', grade: '5', name: 'ВПР русский язык 5' },
  { type: 'ОГЭ', subject: 'математика', grade: '', name: 'ОГЭ математика' },
];

interface Row {
  id: string;
  name: string;
  mun: string;
  year: string;
  proc: number;
  part: number;
  failed: number;
}

/** Schools with results in both years; the first two are made low in two procedures (ШНОР by rule 1). */
function generate(seed: number, nSchools: number): Row[] {
  const r = rng(seed);
  const rows: Row[] = [];
  for (let s = 0; s < nSchools; s++) {
    const mun = MUNS[s % MUNS.length];
    const name = `МБОУ СОШ № ${s + 1}${s % 4 === 3 ? ' им. А. С. Пушкина' : ''}`;
    for (const year of YEARS) {
      PROCS.forEach((_, p) => {
        if (s > 2 && r() < 0.1) return; // some results missing
        const part = 8 + Math.floor(r() * 60);
        const rate = s < 2 && p < 2 ? 0.32 + r() * 0.2 : r() * 0.4;
        rows.push({
          id: String(1000 + s),
          name,
          mun,
          year,
          proc: p,
          part,
          failed: Math.min(part, Math.round(part * rate)),
        });
      });
    }
  }
  return rows;
}

function longBook(rows: Row[], extra?: unknown[][]): Buffer {
  const aoa: unknown[][] = [
    [
      'Код ОО',
      'Наименование ОО',
      'Муниципалитет',
      'Учебный год',
      'Процедура',
      'Предмет',
      'Класс',
      'Количество участников',
      'Не справились',
    ],
  ];
  for (const x of rows) {
    const p = PROCS[x.proc];
    aoa.push([x.id, x.name, x.mun, x.year, p.type, p.subject, p.grade, x.part, x.failed]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Результаты');
  if (extra) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(extra), 'Справочник мер');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
}

/** Wide: a sheet per year, a merged header block per procedure, the municipality merged over its schools. */
function wideBook(rows: Row[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const year of YEARS) {
    const head1: unknown[] = ['Муниципалитет', 'Код ОО', 'Наименование ОО'];
    const head2: unknown[] = ['', '', ''];
    const merges: XLSX.Range[] = [0, 1, 2].map((c) => ({ s: { r: 0, c }, e: { r: 1, c } }));
    PROCS.forEach((p, i) => {
      head1.push(`${p.type} ${p.subject}${p.grade ? ` ${p.grade} класс` : ''}`, '');
      head2.push('приняли участие', 'не справились');
      merges.push({ s: { r: 0, c: 3 + i * 2 }, e: { r: 0, c: 4 + i * 2 } });
    });
    const aoa: unknown[][] = [head1, head2];
    const schools = [...new Set(rows.map((x) => x.id))];
    let prevMun = '';
    let munStart = 2;
    for (const id of schools) {
      const mine = rows.filter((x) => x.id === id && x.year === year);
      const any = rows.find((x) => x.id === id)!;
      if (any.mun !== prevMun) {
        if (aoa.length - munStart > 1) merges.push({ s: { r: munStart, c: 0 }, e: { r: aoa.length - 1, c: 0 } });
        munStart = aoa.length;
        prevMun = any.mun;
      }
      const line: unknown[] = [aoa.length === munStart ? any.mun : null, id, any.name];
      PROCS.forEach((_, p) => {
        const x = mine.find((m) => m.proc === p);
        line.push(x ? x.part : null, x ? x.failed : null);
      });
      aoa.push(line);
    }
    if (aoa.length - munStart > 1) merges.push({ s: { r: munStart, c: 0 }, e: { r: aoa.length - 1, c: 0 } });
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    ws['!merges'] = merges;
    XLSX.utils.book_append_sheet(wb, ws, `Результаты ${year}`);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
}

/** Σ failed × 100 ÷ Σ participants, by hand. */
function handMean(rows: Row[], year: string, proc: number, mun: string | null): number {
  let f = 0;
  let n = 0;
  for (const x of rows) {
    if (x.year !== year || x.proc !== proc || (mun !== null && x.mun !== mun)) continue;
    f += x.failed;
    n += x.part;
  }
  return (f * 100) / n;
}

const flat = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();
const pctText = (v: number): string => `${formatNumberRu(roundTo(v))} %`;

function tool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

const settings = parseIdentifySettings({});
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-report-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('shnor report', () => {
  const rows = generate(14, 15);

  test('the .docx opens in LibreOffice, names every ШНОР school with its shares, the means are a hand count, twice the same text', async () => {
    const file = path.join(dir, 'results.xlsx');
    fs.writeFileSync(file, longBook(rows));
    const a = path.join(dir, 'a.docx');
    const b = path.join(dir, 'b.docx');
    const runA = await runReport([file], settings, { out: a, date: '05.12.2026' });
    const runB = await runReport([file], settings, { out: b, date: '05.12.2026' });
    expect(runA.error).toBeNull();
    expect(runA.written).toEqual([a]);
    expect(documentText(runB.report!.document)).toBe(documentText(runA.report!.document));

    const read = readWorkbook(fs.readFileSync(file));
    if (!read.ok) throw new Error(read.message);
    const res = identify(read.workbook, settings);
    const shnor = res.schools.filter((v) => v.status === 'ШНОР');
    expect(shnor.length).toBeGreaterThanOrEqual(2);

    tool('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, a, b]);
    for (const x of ['a', 'b']) tool('pdftotext', ['-layout', path.join(dir, `${x}.pdf`), path.join(dir, `${x}.txt`)]);
    const textA = fs.readFileSync(path.join(dir, 'a.txt'), 'utf8');
    const textB = fs.readFileSync(path.join(dir, 'b.txt'), 'utf8');
    expect(textA).toBe(textB);
    const pdf = flat(textA);
    expect(pdf).toContain('Аналитическая справка');
    expect(pdf).toContain('Адресные рекомендации');
    for (const v of shnor) {
      expect(pdf).toContain(v.name);
      for (const e of v.low) {
        // The share as identify reports it (rounded to 0.1), written the Russian way.
        expect(e.share).toBe(roundTo((e.failed! * 100) / e.participants!));
        expect(pdf).toContain(`${formatNumberRu(e.share)} %`);
      }
    }
    // A paragraph of a ШНОР school's low result in Y, whole (the PDF's lines joined).
    const first = shnor[0];
    const lowY = first.low.find((e) => e.year === res.year)!;
    const sentence = runA
      .report!.document.blocks.map((b) => (b.kind === 'paragraph' ? flat(b.text) : ''))
      .find((t) => t.startsWith(`${first.name} (`) && t.includes(`«${lowY.procedure}»`))!;
    expect(sentence).toContain(`составила ${pctText(lowY.share)} (${lowY.failed} из ${lowY.participants}`);
    expect(pdf).toContain(sentence);

    // Means: by hand from the generated rows.
    const json = reportRunJson(runA) as {
      procedures: {
        procedure: string;
        region: { current: { share: number; participants: number } };
        municipal: Record<string, { current: number; previous: number }>;
      }[];
      results: { school: string; procedure: string; municipalMean: number; regionalMean: number }[];
    };
    PROCS.forEach((p, i) => {
      const j = json.procedures.find((x) => x.procedure === p.name)!;
      expect(j).toBeDefined();
      expect(j.region.current.share).toBe(roundTo(handMean(rows, YEARS[1], i, null)));
      expect(j.region.current.participants).toBe(
        rows.filter((x) => x.year === YEARS[1] && x.proc === i).reduce((s, x) => s + x.part, 0),
      );
      for (const m of MUNS) {
        expect(j.municipal[m].current).toBe(roundTo(handMean(rows, YEARS[1], i, m)));
        expect(j.municipal[m].previous).toBe(roundTo(handMean(rows, YEARS[0], i, m)));
      }
      // The table of the .docx shows the regional mean of Y in the participation row.
      expect(pdf).toContain(formatNumberRu(roundTo(handMean(rows, YEARS[1], i, null))));
    });
    const someRow = json.results.find((x) => x.school === first.name)!;
    const mun = rows.find((x) => x.name === first.name)!.mun;
    expect(someRow.municipalMean).toBe(
      roundTo(
        handMean(
          rows,
          YEARS[1],
          PROCS.findIndex((p) => p.name === someRow.procedure),
          mun,
        ),
      ),
    );

    // Every ШНОР and risk school has a recommendation; ШНОР's low results point to code 2.1.
    const recs = runA.report!.recommendations;
    for (const v of shnor) expect(recs.some((r) => r.school === v.name && r.code === '2.1')).toBe(true);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tool('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path.join(dir, 'a.pdf'),
      path.join(ARTIFACTS, 'report-page1'),
    ]);
    expect(fs.statSync(path.join(ARTIFACTS, 'report-page1.png')).size).toBeGreaterThan(5000);
    // The charts are pictures in the package.
    const zip = unzipSync(new Uint8Array(fs.readFileSync(a)));
    expect(Object.keys(zip).filter((k) => k.startsWith('word/media/') && k.endsWith('.png')).length).toBe(2);
  });

  test('the wide layout gives the same figures as the long one', () => {
    const readLong = readWorkbook(longBook(rows));
    const readWide = readWorkbook(wideBook(rows));
    if (!readLong.ok || !readWide.ok) throw new Error('unreadable');
    const long = buildReport(readLong.workbook, settings);
    const wide = buildReport(readWide.workbook, settings);
    expect(wide.error).toBeNull();
    const strip = (r: typeof long) => r.figures.procedures.map((p) => [p.procedure, p.region, p.municipal, p.shnor]);
    expect(strip(wide)).toEqual(strip(long));
    expect(wide.figures.schools.map((v) => [v.name, v.status])).toEqual(
      long.figures.schools.map((v) => [v.name, v.status]),
    );
    // Same data, same text.
    expect(documentText(buildReport(readWide.workbook, settings).document)).toBe(documentText(wide.document));
  });

  test('--municipality: the schools of one municipality, regional means over all', () => {
    const read = readWorkbook(longBook(rows));
    if (!read.ok) throw new Error(read.message);
    const r = buildReport(read.workbook, settings, { municipality: 'северский РАЙОН' });
    expect(r.error).toBeNull();
    expect(r.figures.schools.every((v) => v.municipality === 'Северский район')).toBe(true);
    expect(r.figures.schools.length).toBe(5);
    const p = r.figures.procedures[0];
    const i = PROCS.findIndex((x) => x.name === p.procedure);
    expect(roundTo(p.scope.cur.share!)).toBe(roundTo(handMean(rows, YEARS[1], i, 'Северский район')));
    expect(roundTo(p.region.cur.share!)).toBe(roundTo(handMean(rows, YEARS[1], i, null)));
    const none = buildReport(read.workbook, settings, { municipality: 'Нет такого' });
    expect(none.error).toMatch(/Муниципалитет «Нет такого» в данных не найден/);
  });

  test('a «Справочник мер» sheet overrides the measures of its codes; the «Справка» sheet carries two Excel charts', async () => {
    const file = path.join(dir, 'with-measures.xlsx');
    fs.writeFileSync(
      file,
      longBook(rows, [
        ['Код', 'Мера', 'Ответственные', 'Срок'],
        ['2.1.', 'Курсы повышения квалификации учителей математики', 'ИРО', 'До 1 октября'],
        ['', 'строка без кода', '', ''],
      ]),
    );
    const out = path.join(dir, 'm.docx');
    const sheetOut = path.join(dir, 'with-sheet.xlsx');
    const run = await runReport([file], settings, { out, date: '05.12.2026', sheetOut });
    expect(run.error).toBeNull();
    const recs = run.report!.recommendations.filter((r) => r.code === '2.1');
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) {
      expect(r.measure).toBe('Курсы повышения квалификации учителей математики');
      expect(r.responsible).toBe('ИРО');
      expect(r.deadline).toBe('До 1 октября');
    }
    // Codes the sheet does not give keep the default measures.
    expect(run.report!.recommendations.find((r) => r.code === '3.1')!.measure).toMatch(/по результатам четвертей/);
    expect(run.report!.issues.some((i) => i.code === 'REPORT-MEASURE-ROW')).toBe(true);

    const zip = unzipSync(new Uint8Array(fs.readFileSync(sheetOut)));
    const charts = Object.keys(zip).filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k));
    expect(charts.length).toBe(2);
    expect(charts.map((k) => strFromU8(zip[k])).join('')).toContain('Статусы ОО по муниципалитетам');
    const back = readWorkbook(fs.readFileSync(sheetOut));
    if (!back.ok) throw new Error(back.message);
    const sheet = back.workbook.sheets.find((s) => s.name === 'Справка')!;
    const text = sheet.values
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
    expect(text).toContain('Аналитическая справка');
    expect(text).toContain('Курсы повышения квалификации учителей математики');
    // The справка sheet is not read back as results: the identification is the same with it.
    const again = identify(back.workbook, settings);
    expect(again.schools.map((v) => v.status)).toEqual(run.report!.identification.schools.map((v) => v.status));
  });
});
