/**
 * `npm run bench [-- --json]`: performance figures, each beside a reference run in the same
 * process so they can be compared across noisy machines (PRODUCT.md, quality bars).
 *
 * engine.identify1mMs       identification of 1,000,000 generated result rows (long layout)
 * engine.scanBaseline1mMs   the minimal single pass over the same rows: sum failed and participants per school
 * excel.*                   round trips and request sizes of the add-in, counted by the simulated Excel (bench/excel.ts)
 * cli.*                     files per second of `shnor check` on 200 generated ДТК beside the .xlsx library alone (bench/cli.ts)
 * cli.consolidate*          files per second of `shnor consolidate` on 1,000 generated ДТК beside the .xlsx library alone
 * cli.identifyRussia*       `shnor identify` on 720,000 generated result rows (all Russia): wall, peak RSS, beside
 *                           a bare unzip of the sheet in the same run (bench/identify.ts)
 */
import { identify } from '../src/engine/results/identify';
import { parseIdentifySettings } from '../src/engine/results/settings';
import { CellValue, WorkbookSnapshot } from '../src/engine/snapshot';
import { PROGRAMME_PROCEDURES } from '../src/engine/results/descriptor';
import { benchExcel } from './excel';
import { benchCli, benchConsolidate } from './cli';
import { benchIdentifyRussia } from './identify';
import { rng } from './rng';

/**
 * A region's full export of assessment results: every procedure (ВПР by subject and grade, ОГЭ and
 * ЕГЭ by subject — 52 procedures, the nine of the programme among them) for three school years;
 * 1,000,000 rows is about 6,400 schools, 10 % of them weak.
 */
export function allProcedures(): string[] {
  const out: string[] = [...PROGRAMME_PROCEDURES];
  const vpr: [string, number[]][] = [
    ['математика', [4, 7, 8]],
    ['русский язык', [4, 7, 8]],
    ['окружающий мир', [4]],
    ['история', [5, 6, 7, 8]],
    ['биология', [5, 6, 7, 8]],
    ['география', [6, 7, 8]],
    ['обществознание', [6, 7, 8]],
    ['физика', [7, 8]],
    ['химия', [8]],
    ['английский язык', [7]],
  ];
  for (const [subj, grades] of vpr) for (const g of grades) out.push(`ВПР ${subj} ${g}`);
  const exams = [
    'физика',
    'химия',
    'биология',
    'история',
    'обществознание',
    'география',
    'информатика',
    'литература',
    'английский язык',
  ];
  for (const e of exams) out.push(`ОГЭ ${e}`, `ЕГЭ ${e}`);
  return out;
}

export function generateResultRows(n: number, seed = 1): WorkbookSnapshot {
  const rand = rng(seed);
  const procs = allProcedures();
  const years = ['2020-2021', '2021-2022', '2022-2023'];
  const perSchool = procs.length * years.length;
  const schools = Math.ceil(n / perSchool);
  const values: CellValue[][] = [
    ['Код ОО', 'Наименование ОО', 'Муниципалитет', 'Учебный год', 'Процедура', 'Участников', 'Не справились'],
  ];
  let k = 0;
  for (let s = 0; s < schools && k < n; s++) {
    const id = `OO${String(s).padStart(6, '0')}`;
    const name = `МБОУ СОШ № ${s + 1}`;
    const mun = `Муниципалитет ${s % 60}`;
    const weak = rand() < 0.1 ? 0.3 : 0.1;
    for (const y of years) {
      for (const p of procs) {
        if (k++ >= n) break;
        const part = 5 + Math.floor(rand() * 120);
        const failed = Math.min(part, Math.floor(part * weak * (0.2 + rand() * 1.2)));
        values.push([id, name, mun, y, p, part, failed]);
      }
    }
  }
  return { sheets: [{ name: 'Результаты', values, merges: [] }] };
}

/** The reference: one pass, sum failed and participants per school, nothing else. */
export function scanBaseline(wb: WorkbookSnapshot): number {
  const rows = wb.sheets[0].values;
  const sums = new Map<unknown, { part: number; failed: number }>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const key = row[1];
    let e = sums.get(key);
    if (!e) sums.set(key, (e = { part: 0, failed: 0 }));
    e.part += row[5] as number;
    e.failed += row[6] as number;
  }
  return sums.size;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function benchEngine(runs = 11): Record<string, number> {
  const wb = generateResultRows(1_000_000);
  const settings = parseIdentifySettings({});
  // Warm up both paths so the JIT has compiled them: steady state is what is compared.
  for (let i = 0; i < 3; i++) {
    scanBaseline(wb);
    identify(wb, settings);
  }
  // The two alternate run by run, so that a slow spell of a shared machine falls on both alike.
  const base: number[] = [];
  const ident: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(ms(() => scanBaseline(wb)));
    ident.push(ms(() => identify(wb, settings)));
  }
  const baseline = Math.round(median(base) * 10) / 10;
  const identified = Math.round(median(ident) * 10) / 10;
  return {
    identify1mMs: identified,
    scanBaseline1mMs: baseline,
    identifyToBaseline: Math.round((identified / baseline) * 100) / 100,
  };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const result = {
    engine: benchEngine(),
    excel: await benchExcel(generateResultRows),
    cli: { ...benchCli(), ...benchConsolidate(), ...benchIdentifyRussia() },
  };
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const e = result.engine;
  process.stdout.write(
    `Идентификация 1 000 000 строк: ${e.identify1mMs} мс; базовый проход: ${e.scanBaseline1mMs} мс; отношение ${e.identifyToBaseline} (цель ≤ 5).\n`,
  );
  const x = result.excel;
  process.stdout.write(
    `Excel (обращений context.sync): ДТК с записью — ${x.syncs.dtkCheckWriteback} (цель ≤ 8), подсветка 5 000 ячеек — ${x.syncs.highlight5000} (≤ 4), ` +
      `идентификация 10 000 строк — ${x.syncs.identify10k} (≤ 8), 100 000 строк — ${x.syncs.identify100k} (≤ 15); ` +
      `самый большой запрос — ${x.maxRequestBytes} байт (≤ 4 000 000).\n`,
  );
  const c = result.cli;
  process.stdout.write(
    `shnor check, ${c.files} ДТК: ${c.checkFilesPerSec} файлов/с; только разбор .xlsx: ${c.parseOnlyFilesPerSec} файлов/с; отношение ${c.checkToParse} (цель ≥ 0,7).\n`,
  );
  process.stdout.write(
    `shnor consolidate, ${c.consolidateFiles} ДТК: ${c.consolidateFilesPerSec} файлов/с; только разбор .xlsx: ${c.consolidateParseOnlyFilesPerSec} файлов/с; отношение ${c.consolidateToParse} (цель ≥ 0,6).\n`,
  );
  process.stdout.write(
    `shnor identify, вся Россия (${c.identifyRussiaRows} строк): ${c.identifyRussiaSec} с (цель ≤ 8), пик памяти ${c.identifyRussiaPeakMb} МБ (≤ 600); ` +
      `распаковка листа (unzip): ${c.identifyRussiaUnzipSec} с; отношение ${c.identifyRussiaToUnzip} (цель ≤ 4).\n`,
  );
}

if (require.main === module) void main();
