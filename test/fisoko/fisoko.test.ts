import * as XLSX from '@e965/xlsx';
import { identify } from '../../src/engine/results/identify';
import { readFisOko } from '../../src/engine/results/fisoko';
import { parseIdentifySettings } from '../../src/engine/results/settings';
import { mergeSources } from '../../src/engine/results/sources';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbook } from '../../src/xlsx/read';
import { streamSnapshot } from '../../src/xlsx/stream';
import { GenMunicipality, GenReport, PLAIN, Variant, fisOkoWorkbook } from './generate';

/** mulberry32, so every run tests the same files. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROCEDURES: {
  name: string;
  title: string;
  subject: string;
  grade?: number;
  failLabel?: string;
  month: string;
}[] = [
  { name: 'ВПР математика 5', title: 'Всероссийские проверочные работы', subject: 'Математика', grade: 5, month: '04' },
  {
    name: 'ВПР русский язык 5',
    title: 'Всероссийские проверочные работы',
    subject: 'Русский язык',
    grade: 5,
    month: '04',
  },
  { name: 'ВПР математика 6', title: 'Всероссийские проверочные работы', subject: 'Математика', grade: 6, month: '03' },
  {
    name: 'ОГЭ математика',
    title: 'Основной государственный экзамен',
    subject: 'Математика',
    failLabel: 'не преодолели минимальный порог',
    month: '06',
  },
  {
    name: 'ЕГЭ русский язык',
    title: 'Единый государственный экзамен',
    subject: 'Русский язык',
    failLabel: 'Не преодолели минимальный порог',
    month: '06',
  },
];

const REGION = 'Челябинская обл.';
const MUNICIPALITIES = ['Агаповский муниципальный район', 'Город Магнитогорск', 'Кыштымский городской округ'];
/** Shares at and around the threshold (30) and the risk band's edge (25), and the extremes. */
const EDGE_SHARES = [30, 29.99, 30.01, 25, 24.99, 0, 100, 50];

interface Result {
  code: string;
  year: number; // the school year's start: 2022 ↔ 2022-2023
  proc: string;
  part: number;
  share: number;
}

interface Scenario {
  files: { file: string; bytes: Uint8Array }[];
  results: Result[];
  schools: Map<string, { name: string; municipality: string }>;
}

function scenario(seed: number): Scenario {
  const rand = rng(seed);
  const schools = new Map<string, { name: string; municipality: string }>();
  const munOf: { name: string; codes: string[] }[] = MUNICIPALITIES.map((m) => ({ name: m, codes: [] }));
  let n = 0;
  for (const m of munOf) {
    const count = 3 + Math.floor(rand() * 4);
    for (let i = 0; i < count; i++) {
      const code = `sch74${String(munOf.indexOf(m) + 1).padStart(2, '0')}${String(++n).padStart(2, '0')}`;
      schools.set(code, { name: `МБОУ «СОШ № ${n}»`, municipality: m.name });
      m.codes.push(code);
    }
  }
  // One school has results in 2022-2023 only (opened that year).
  const newcomer = munOf[1].codes[0];
  const results: Result[] = [];
  const files: { file: string; bytes: Uint8Array }[] = [];
  for (const calendar of [2022, 2023]) {
    for (const p of PROCEDURES) {
      const muns: GenMunicipality[] = munOf.map((m) => ({
        name: m.name,
        schools: m.codes
          .filter((c) => calendar === 2023 || c !== newcomer)
          .filter(() => rand() < 0.85)
          .map((code) => {
            // A third of the schools strong (below 20 %), a third just under the threshold, a third anywhere.
            const kind = Number(code.slice(-2)) % 3;
            // Exactly at the threshold: every third school's ВПР математика 5 of 2022-2023.
            const atThreshold =
              kind === 2 && p === PROCEDURES[0] && calendar === 2023 && Number(code.slice(-2)) % 2 === 0;
            const share = atThreshold
              ? 30
              : kind === 0
                ? Math.round(rand() * 2000) / 100
                : kind === 1
                  ? [29.99, 25, 24.99, 5][Math.floor(rand() * 4)]
                  : rand() < 0.4
                    ? EDGE_SHARES[Math.floor(rand() * EDGE_SHARES.length)]
                    : Math.round(rand() * 5000) / 100;
            const part = 1 + Math.floor(rand() * 120);
            results.push({ code, year: calendar - 1, proc: p.name, part, share });
            return { code, name: schools.get(code)!.name, participants: part, share2: share };
          }),
      }));
      const rep: GenReport = {
        title: p.title,
        year: calendar,
        grade: p.grade,
        subject: p.subject,
        date: `${10 + Math.floor(rand() * 15)}.${p.month}.${calendar}`,
        region: REGION,
        municipalities: muns,
        failLabel: p.failLabel,
      };
      const variant: Variant = {
        top: Math.floor(rand() * 3),
        left: Math.floor(rand() * 2),
        marksAsNumbers: rand() < 0.5,
        sharesAsText: rand() < 0.3,
        blankRows: rand() < 0.3,
      };
      files.push({ file: `${p.name} ${calendar}.xlsx`, bytes: fisOkoWorkbook(rep, variant) });
    }
  }
  return { files, results, schools };
}

/** The rules of DOMAIN §4 counted plainly: threshold 30 %, risk band 5 p. p., Y = 2022-2023. */
function expectedStatus(results: Result[], code: string): string {
  const Y = 2022;
  const mine = results.filter((r) => r.code === code);
  const lowY = mine.filter((r) => r.year === Y && r.share >= 30).length;
  const lowP = mine.filter((r) => r.year === Y - 1 && r.share >= 30).length;
  const near = mine.some((r) => r.year === Y && r.share >= 25 && r.share < 30);
  if (lowY >= 2 || (lowY >= 1 && lowP >= 1)) return 'ШНОР';
  if (lowY >= 1 || lowP >= 1 || near) return 'риск';
  return 'норма';
}

function read(bytes: Uint8Array, fast: boolean): WorkbookSnapshot {
  if (fast) {
    const wb = streamSnapshot(bytes);
    if (wb) return wb;
  }
  const r = readWorkbook(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.workbook;
}

describe('ФИС ОКО «Статистика по отметкам» as an input of the identification', () => {
  test.each([1, 2, 3, 4])('generated exports, seed %i: statuses agree with a plain count', (seed) => {
    const sc = scenario(seed);
    const merged = mergeSources(sc.files.map((f, i) => ({ file: f.file, workbook: read(f.bytes, i % 2 === 0) })));
    expect(merged.issues).toEqual([]);
    expect(merged.sheets.every((s) => s.kind === 'fisoko-marks')).toBe(true);
    const res = identify(merged.workbook, parseIdentifySettings({}));
    expect(res.year).toBe('2022-2023');
    expect(res.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const codes = new Set(sc.results.map((r) => r.code));
    // Every school that has a result, and nothing else: the hierarchy rows are never schools.
    expect(new Set(res.schools.map((v) => v.id))).toEqual(codes);
    const hierarchy = new Set([REGION, 'Вся выборка', ...MUNICIPALITIES].map((s) => s.toLowerCase()));
    for (const v of res.schools) {
      expect(v.idGiven).toBe(true);
      expect(hierarchy.has(v.name.toLowerCase())).toBe(false);
      expect(v.name).toBe(sc.schools.get(v.id)!.name);
      expect(v.municipality).toBe(sc.schools.get(v.id)!.municipality);
      expect([v.id, v.status]).toEqual([v.id, expectedStatus(sc.results, v.id)]);
    }
    expect(res.summary.results).toBe(sc.results.length);
    // The scenario covers every status and shares exactly at the threshold.
    expect(new Set(res.schools.map((v) => v.status))).toEqual(new Set(['ШНОР', 'риск', 'норма']));
    expect(sc.results.some((r) => r.share === 30)).toBe(true);
  });

  test('a share exactly at the threshold is low, one hundredth below is not', () => {
    const muns: GenMunicipality[] = [
      {
        name: 'Город Копейск',
        schools: [
          { code: 'sch740201', name: 'МОУ «СОШ № 1»', participants: 7, share2: 30 },
          { code: 'sch740202', name: 'МОУ «СОШ № 2»', participants: 7, share2: 29.99 },
        ],
      },
    ];
    const bytes = fisOkoWorkbook({
      title: 'Всероссийские проверочные работы',
      year: 2023,
      grade: 5,
      subject: 'Математика',
      date: '18.04.2023',
      region: REGION,
      municipalities: muns,
    });
    const merged = mergeSources([{ file: 'a.xlsx', workbook: read(bytes, true) }]);
    const res = identify(merged.workbook, parseIdentifySettings({}));
    const by = Object.fromEntries(res.schools.map((v) => [v.id, v]));
    expect(by.sch740201.status).toBe('риск');
    expect(by.sch740201.low.map((e) => [e.year, e.procedure, e.share, e.participants])).toEqual([
      ['2022-2023', 'ВПР математика 5', 30, 7],
    ]);
    expect(by.sch740202.status).toBe('риск');
    expect(by.sch740202.low).toEqual([]);
    expect(by.sch740202.nearThreshold.map((e) => e.share)).toEqual([30]); // 29.99 shown rounded to 0.1
    // The highlighted cell is the report's own «2» share of the school's row.
    const rep = readFisOko(read(bytes, false).sheets[0])!;
    expect(res.lowCells).toEqual([
      {
        sheet: 'Статистика по отметкам',
        cells: [XLSX.utils.encode_cell({ r: rep.schools[0].row, c: rep.failedCol! })],
      },
    ]);
  });

  test('the report read: procedure, school year, hierarchy as means, municipalities carried to schools', () => {
    const bytes = fisOkoWorkbook(
      {
        title: 'Всероссийские проверочные работы',
        year: 2023,
        grade: 6,
        subject: 'Русский язык',
        date: '18.04.2023',
        region: REGION,
        municipalities: [
          {
            name: 'Город Миасс',
            schools: [{ code: 'sch740501', name: 'МАОУ «Лицей № 6»', participants: 50, share2: 12 }],
          },
          {
            name: 'Сосновский муниципальный район',
            schools: [{ code: 'SCH740601', name: 'МОУ «Есаульская СОШ»', participants: 20, share2: 35 }],
          },
        ],
      },
      { ...PLAIN, top: 2, left: 1, marksAsNumbers: true },
    );
    const rep = readFisOko(read(bytes, true).sheets[0])!;
    expect(rep.kind).toBe('marks');
    expect(rep.procedure.name).toBe('ВПР русский язык 6');
    expect(rep.year).toBe(2022);
    expect(rep.date).toBe('18.04.2023');
    expect(rep.maxScore).toBe(15);
    expect(rep.labels.map((l) => l.label)).toEqual(['2', '3', '4', '5']);
    expect(rep.means.map((m) => [m.level, m.name])).toEqual([
      ['all', 'Вся выборка'],
      ['region', REGION],
      ['municipality', 'Город Миасс'],
      ['municipality', 'Сосновский муниципальный район'],
    ]);
    expect(rep.schools.map((s) => [s.code, s.name, s.municipality, s.participants, s.failedShare, s.failed])).toEqual([
      ['sch740501', 'МАОУ «Лицей № 6»', 'Город Миасс', 50, 12, 6],
      ['sch740601', 'МОУ «Есаульская СОШ»', 'Сосновский муниципальный район', 20, 35, 7],
    ]);
  });

  test('an autumn ВПР belongs to the school year that starts then', () => {
    const bytes = fisOkoWorkbook({
      title: 'Всероссийские проверочные работы',
      year: 2020,
      grade: 5,
      subject: 'Математика',
      date: '14.09.2020',
      region: REGION,
      municipalities: [
        { name: 'Город Миасс', schools: [{ code: 'sch740501', name: 'Лицей', participants: 5, share2: 0 }] },
      ],
    });
    expect(readFisOko(read(bytes, false).sheets[0])!.year).toBe(2020);
  });

  test('«Выполнение заданий» is recognised and kept, not identified', () => {
    const bytes = fisOkoWorkbook(
      {
        kind: 'tasks',
        title: 'Всероссийские проверочные работы',
        year: 2023,
        grade: 5,
        subject: 'Математика',
        date: '18.04.2023',
        region: REGION,
        municipalities: [
          { name: 'Город Миасс', schools: [{ code: 'sch740501', name: 'Лицей', participants: 5, share2: 40 }] },
        ],
      },
      PLAIN,
      'Выполнение заданий',
    );
    const merged = mergeSources([{ file: 'tasks.xlsx', workbook: read(bytes, true) }]);
    expect(merged.sheets.map((s) => [s.kind, s.procedure, s.year, s.schools])).toEqual([
      ['fisoko-tasks', 'ВПР математика 5', '2022-2023', 1],
    ]);
    expect(merged.issues.map((i) => i.code)).toEqual(['RESULTS-TASKS-REPORT']);
    const rep = merged.reports[0];
    expect(rep.labels.map((l) => l.label)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(rep.tasks!.map((t) => t.level)).toEqual(['all', 'region', 'municipality', 'school']);
    expect(rep.tasks![3].values).toHaveLength(6);
    expect(merged.workbook.sheets).toEqual([]);
  });
});

describe('several files as one identification', () => {
  const report = (schools: GenMunicipality['schools'], year = 2023): Uint8Array =>
    fisOkoWorkbook({
      title: 'Всероссийские проверочные работы',
      year,
      grade: 5,
      subject: 'Математика',
      date: `18.04.${year}`,
      region: REGION,
      municipalities: [{ name: 'Город Миасс', schools }],
    });
  const form = (rows: (string | number)[][]): Uint8Array => {
    const wb = XLSX.utils.book_new();
    const header = [
      'Код ОО',
      'Наименование ОО',
      'Муниципалитет',
      'Учебный год',
      'Процедура',
      'Количество участников',
      'Не справились',
    ];
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([header, ...rows]), 'Результаты');
    return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  };

  test('a ФИС ОКО report and the results form, mixed: one verdict per school from both', () => {
    const merged = mergeSources([
      {
        file: 'впр-2023.xlsx',
        workbook: read(report([{ code: 'sch740501', name: 'Лицей № 6', participants: 20, share2: 35 }]), true),
      },
      {
        file: 'огэ.xlsx',
        workbook: read(form([['sch740501', 'Лицей № 6', 'Город Миасс', '2021-2022', 'ОГЭ математика', 40, 14]]), true),
      },
    ]);
    expect(merged.sheets.map((s) => [s.as, s.kind])).toEqual([
      ['впр-2023.xlsx: Статистика по отметкам', 'fisoko-marks'],
      ['огэ.xlsx: Результаты', 'form'],
    ]);
    const res = identify(merged.workbook, parseIdentifySettings({}));
    expect(res.schools.map((v) => [v.id, v.status, v.rule2])).toEqual([['sch740501', 'ШНОР', true]]);
    expect(res.issues.filter((i) => i.code === 'RESULTS-DUPLICATE')).toEqual([]);
  });

  test('a school × year × procedure in two files is RESULTS-DUPLICATE naming both files, even with the same numbers', () => {
    const a = report([
      { code: 'sch740501', name: 'Лицей № 6', participants: 20, share2: 35 },
      { code: 'sch740502', name: 'СОШ № 2', participants: 20, share2: 5 },
    ]);
    const b = report([{ code: 'sch740501', name: 'Лицей № 6', participants: 20, share2: 35 }]);
    const merged = mergeSources([
      { file: 'a.xlsx', workbook: read(a, true) },
      { file: 'b.xlsx', workbook: read(b, false) },
    ]);
    const res = identify(merged.workbook, parseIdentifySettings({}));
    const dups = res.issues.filter((i) => i.code === 'RESULTS-DUPLICATE');
    expect(dups).toHaveLength(1);
    expect(dups[0].severity).toBe('error');
    expect(dups[0].sheet).toBe('b.xlsx: Статистика по отметкам');
    expect(dups[0].message).toMatch(
      /«a\.xlsx» \(лист «Статистика по отметкам», строка \d+\) и «b\.xlsx» \(лист «Статистика по отметкам», строка \d+\)/,
    );
    // The first counts once: one result for the school, not two.
    expect(res.summary.results).toBe(3);
    expect(res.schools.find((v) => v.id === 'sch740501')!.low).toHaveLength(1);
  });

  test('one file: repeats with the same numbers are fine, as before', () => {
    const row = ['sch1', 'Школа 1', 'М', '2022-2023', 'ВПР математика 5', 10, 3];
    const merged = mergeSources([{ file: 'a.xlsx', workbook: read(form([row, row]), true) }]);
    const res = identify(merged.workbook, parseIdentifySettings({}));
    expect(res.issues.filter((i) => i.code === 'RESULTS-DUPLICATE')).toEqual([]);
    expect(merged.workbook.sheets[0].name).toBe('Результаты');
  });
});
