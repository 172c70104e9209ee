/**
 * `cli.*` of `npm run bench`: how fast `shnor check` gets through a folder of school ДТК, beside the
 * .xlsx library alone loading the same files (PRODUCT.md, quality bars: check ≥ 0.7 × parse).
 *
 * cli.checkFilesPerSec      files per second through runJob (src/cli/jobs.ts) without --out: read
 *                           the file, parse it into a snapshot, detect the kind, check the ДТК — the
 *                           work `shnor check` does per file, in process, on one thread
 * cli.parseOnlyFilesPerSec  files per second of `XLSX.read(bytes, READ_OPTIONS)` (the options
 *                           src/xlsx/read.ts uses) over the same files, read from disk the same way
 * cli.checkToParse          the ratio of the two (target ≥ 0.7)
 *
 * The 200 files are generated at start: the ДТК template written by the project's writer, filled
 * with generated figures (a third of them with typical mistakes), saved to a temporary folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from '@e965/xlsx';
import { toInput } from '../src/cli/consolidate';
import { runJob } from '../src/cli/jobs';
import { consolidate, summarySheets } from '../src/engine/consolidate';
import { DTK, DtkType, dtkRows } from '../src/engine/dtk/descriptor';
import { locateDtk } from '../src/engine/dtk/locate';
import { DTK_SHEET, dtkTemplate } from '../src/engine/dtk/template';
import { Edit } from '../src/engine/edits';
import { applyEdits, createWorkbook } from '../src/xlsx/patch';
import { READ_OPTIONS, readWorkbook } from '../src/xlsx/read';

const YEARS = ['2020-2021', '2021-2022', '2022-2023'];
const DATE = '22.11.2026';

/** A small deterministic generator (xorshift32), so every run measures the same files. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

function fieldTypes(): Map<string, DtkType> {
  const types = new Map<string, DtkType>();
  for (const { row } of dtkRows(DTK)) types.set(row.id, row.type);
  for (const c of DTK.criteria)
    for (const s of c.sections) for (const col of s.table?.columns ?? []) types.set(col.id, col.type);
  return types;
}

/**
 * Generated figures of one school, plausible for their kind and consistent with each other (sizes
 * change by a few per cent a year, parts stay below their whole, parents' education sums to 95–100 %).
 */
class School {
  private readonly base = new Map<string, number>();
  private readonly parents = new Map<number, number>();

  constructor(private readonly rand: () => number) {}

  private pick(a: number, b: number): number {
    return Math.round((a + this.rand() * (b - a)) * 10) / 10;
  }

  private whole(a: number, b: number): number {
    return Math.floor(a + this.rand() * (b - a + 1));
  }

  /** A size that changes by at most 5 % a year. */
  private size(id: string, a: number, b: number): number {
    let v = this.base.get(id);
    if (v === undefined) this.base.set(id, (v = this.whole(a, b)));
    return Math.round(v * (0.95 + this.rand() * 0.1));
  }

  figure(id: string, type: DtkType, year: number): string | number | null {
    switch (type) {
      case 'n':
        if (id.includes('enrolment')) return this.size(id, 120, 420);
        if (id.endsWith('grade9Graduates')) return this.size(id, 30, 60);
        if (id.endsWith('continuing')) return this.whole(8, 28);
        return this.whole(0, 4);
      case '%': {
        if (id.endsWith('continuingShare')) return null;
        if (id.includes('progress')) return id.endsWith('total') ? this.pick(92, 100) : this.pick(30, 60);
        if (id.endsWith('parentsEducation.higher') || id.endsWith('parentsEducation.vocational')) {
          const v = this.pick(20, 45);
          this.parents.set(year, (this.parents.get(year) ?? 0) + v);
          return v;
        }
        if (id.endsWith('parentsEducation.secondary'))
          return Math.round((100 - (this.parents.get(year) ?? 0) - this.pick(0, 5)) * 10) / 10;
        if (/retake|Retake/.test(id)) return year === 0 ? '-' : this.whole(0, 5);
        if (id.startsWith('3.3') || id.startsWith('3.4')) return this.pick(70, 100);
        if (id.endsWith('Positive')) return this.pick(5, 20);
        if (id.startsWith('3.2')) return this.pick(50, 100);
        return this.pick(1, 40);
      }
      case 'yn':
        return this.rand() < 0.8 ? 'да' : 'нет';
      case 't':
        return id.endsWith('note') ? 'анкетирование' : `Описание ${this.whole(1, 99)}`;
      case '%+t':
        return `${this.whole(30, 95)} % (ГАУ ДПО «Институт развития образования»)`;
      case 'n+t':
        return '2: «Читаем вместе»; «Математика без страха»';
      default:
        return null;
    }
  }
}

/**
 * `count` filled ДТК workbooks: the template filled by the writer; every third one with mistakes.
 * `header` gives cells of file i by id: the header's (school, municipality, date — the school
 * defaults to «СОШ № i+1») or a field's, whose first cell (the «Описание» one of a `D` row) it overrides.
 */
export function generateDtkFiles(
  count: number,
  seed = 7,
  header?: (i: number) => Record<string, string | number | undefined>,
): Uint8Array[] {
  const template = createWorkbook(dtkTemplate(YEARS));
  const read = readWorkbook(template);
  if (!read.ok) throw new Error(read.message);
  const loc = locateDtk(read.workbook);
  const types = fieldTypes();
  const rand = generator(seed);
  const files: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const edits: Edit[] = [];
    const school = new School(rand);
    const given = new Map<string, string | number>();
    for (const [id, value] of Object.entries({ school: `МБОУ «СОШ № ${i + 1}»`, ...header?.(i) })) {
      const cell = loc.header[id]?.cell ?? Object.values(loc.fields[id]?.cells ?? {})[0];
      if (cell && value !== undefined) given.set(cell, value);
    }
    for (const [id, f] of Object.entries(loc.fields)) {
      const type = types.get(id);
      if (!type || type === 'group' || type === 'p%') continue;
      Object.values(f.cells).forEach((cell, y) => {
        let v = school.figure(id, type, y);
        if (i % 3 === 0 && rand() < 0.03) v = [0.45, 'нет данных?', null, 140, 2.5][Math.floor(rand() * 5)];
        if (v !== null && !given.has(cell))
          edits.push({ kind: 'setValue', sheet: DTK_SHEET, cell, value: v, purpose: 'derived' });
      });
    }
    for (const [cell, value] of given)
      edits.push({ kind: 'setValue', sheet: DTK_SHEET, cell, value, purpose: 'derived' });
    files.push(applyEdits(template, edits));
  }
  return files;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function benchCli(count = 200, rounds = 5, warmups = 3): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-bench-'));
  try {
    const paths = generateDtkFiles(count).map((bytes, i) => {
      const p = path.join(dir, `ДТК-${String(i + 1).padStart(3, '0')}.xlsx`);
      fs.writeFileSync(p, bytes);
      return p;
    });
    const checkOne = (file: string): void => {
      const r = runJob({ command: 'check', file, out: null, settings: {}, date: DATE });
      if (r.kind !== 'dtk') throw new Error(`${file}: ${r.kind} ${r.error ?? ''}`);
    };
    const parseOne = (file: string): void => {
      XLSX.read(fs.readFileSync(file), { ...READ_OPTIONS });
    };
    // Warm up both paths as the engine bench does (the check's code needs a few passes before the JIT has
    // compiled it: steady state is what is compared).
    for (let w = 0; w < warmups; w++) {
      for (const file of paths) {
        checkOne(file);
        parseOne(file);
      }
    }
    // Then file by file, the two in turn (which goes first alternates), so that a slow spell of a shared
    // machine falls on both alike; a round's time is the sum over the files.
    const c: number[] = [];
    const p: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let tc = 0;
      let tp = 0;
      paths.forEach((file, i) => {
        if ((i + r) % 2 === 0) {
          tc += seconds(() => checkOne(file));
          tp += seconds(() => parseOne(file));
        } else {
          tp += seconds(() => parseOne(file));
          tc += seconds(() => checkOne(file));
        }
      });
      c.push(tc);
      p.push(tp);
    }
    const checkPerSec = count / median(c);
    const parsePerSec = count / median(p);
    return {
      files: count,
      checkFilesPerSec: Math.round(checkPerSec * 10) / 10,
      parseOnlyFilesPerSec: Math.round(parsePerSec * 10) / 10,
      checkToParse: Math.round((checkPerSec / parsePerSec) * 100) / 100,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * cli.consolidateFilesPerSec  files per second of `shnor consolidate` in process, on one thread:
 *                             runJob('consolidate') of every file, then the consolidation and the
 *                             summary workbook written to bytes
 * cli.consolidateParseOnlyFilesPerSec  `XLSX.read` alone over the same files
 * cli.consolidateToParse      the ratio of the two (target ≥ 0.6)
 * The files are `count` generated ДТК of 5 municipalities, with a December fill date; best of `rounds`.
 */
export function benchConsolidate(count = 1000, rounds = 2): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-bench-consolidate-'));
  const muns = ['Город Северск', 'Заречный район', 'Озёрный район', 'Степной район', 'Лесной округ'];
  try {
    const paths = generateDtkFiles(count, 13, (i) => ({ municipality: muns[i % 5], date: '20.12.2023' })).map(
      (bytes, i) => {
        const p = path.join(dir, `ДТК-${String(i + 1).padStart(4, '0')}.xlsx`);
        fs.writeFileSync(p, bytes);
        return p;
      },
    );
    let schools = 0;
    const run = (): void => {
      const inputs = paths.map((file) =>
        toInput(runJob({ command: 'consolidate', file, out: null, settings: {}, date: DATE })),
      );
      const result = consolidate(inputs);
      createWorkbook(summarySheets(result, DATE));
      schools = result.schools.length;
    };
    const parse = (): void => {
      for (const file of paths) XLSX.read(fs.readFileSync(file), { ...READ_OPTIONS });
    };
    const c: number[] = [];
    const p: number[] = [];
    for (let r = 0; r < rounds; r++) {
      c.push(seconds(run));
      p.push(seconds(parse));
    }
    if (schools !== count) throw new Error(`consolidate: ${schools} schools of ${count}`);
    const perSec = count / Math.min(...c);
    const parsePerSec = count / Math.min(...p);
    return {
      consolidateFiles: count,
      consolidateFilesPerSec: Math.round(perSec * 10) / 10,
      consolidateParseOnlyFilesPerSec: Math.round(parsePerSec * 10) / 10,
      consolidateToParse: Math.round((perSec / parsePerSec) * 100) / 100,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  process.stdout.write(
    JSON.stringify(process.argv.includes('--consolidate') ? benchConsolidate() : benchCli(), null, 2) + '\n',
  );
