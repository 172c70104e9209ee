/**
 * Independent proof of `shnor identify` (DOMAIN.md §4, PRODUCT.md «Command line contract») on
 * results workbooks written by other programs (openpyxl, LibreOffice).
 *
 * The workbooks and their expected verdicts live in test/fixtures/results/. Both are written by
 * make_fixtures.py there: the expectations come from its own oracle, computed from the generated
 * records, never from reading the .xlsx files. Each NAME.expected.json holds the verdicts with the
 * default settings and, under `variants`, with other command-line settings.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const FIXTURES = path.join(__dirname, 'fixtures', 'results');
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

interface ExpectedSchool {
  id: string | null;
  name: string;
  status: string;
  rule1: boolean;
  rule2: boolean;
  lowY: string[];
  lowPrev: string[];
}

interface ExpectedRun {
  args: string[];
  year: string;
  previousYear: string;
  threshold: number;
  schools: ExpectedSchool[];
}

interface ExpectedDoc {
  fixture: string;
  year: string;
  previousYear: string;
  threshold: number;
  schools: ExpectedSchool[];
  variants?: ExpectedRun[];
}

interface ActualLow {
  year: string;
  procedure: string;
  participants?: number | null;
  failed?: number | null;
  share?: number | null;
}

interface ActualSchool {
  id: string | number | null;
  name: string;
  status: string;
  rule1: boolean;
  rule2: boolean;
  low: ActualLow[];
}

interface ActualDoc {
  year: string;
  previousYear: string;
  threshold: number;
  schools: ActualSchool[];
}

interface Verdict {
  status: string;
  rule1: boolean;
  rule2: boolean;
  lowY: string[];
  lowPrev: string[];
}

/** School names compared as DOMAIN.md §1.1 compares labels: case, ё, quotes, spaces. */
function normName(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»“”„‟"'`]/g, '"')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function loadExpected(): ExpectedDoc[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as ExpectedDoc;
      if (!doc.fixture) {
        doc.fixture = f.replace(/\.expected\.json$/, '.xlsx');
      }
      return doc;
    });
}

function runsOf(doc: ExpectedDoc): ExpectedRun[] {
  const base: ExpectedRun = {
    args: [],
    year: doc.year,
    previousYear: doc.previousYear,
    threshold: doc.threshold,
    schools: doc.schools,
  };
  return [base, ...(doc.variants ?? [])];
}

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function runIdentify(file: string, args: string[]): CliResult {
  const res = spawnSync(process.execPath, [CLI, 'identify', file, '--json', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', error: res.error };
}

function sortedUnique(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

const docs = loadExpected();

test('the results fixtures are present', () => {
  expect(docs.map((d) => d.fixture).sort()).toEqual(
    [
      'long_calendar_libreoffice.xlsx',
      'long_openpyxl.xlsx',
      'long_percent_openpyxl.xlsx',
      'shares_ege_openpyxl.xlsx',
      'wide_all_years_openpyxl.xlsx',
      'wide_per_year_libreoffice.xlsx',
    ].sort(),
  );
  for (const d of docs) {
    expect(fs.existsSync(path.join(FIXTURES, d.fixture))).toBe(true);
  }
});

describe.each(docs.map((d) => [d.fixture, d] as const))('shnor identify %s', (fixture, doc) => {
  const file = path.join(FIXTURES, fixture);

  test.each(runsOf(doc).map((r) => [r.args.length ? r.args.join(' ') : 'default settings', r] as const))(
    '%s',
    (_label, run) => {
      if (!fs.existsSync(CLI)) {
        throw new Error(`The CLI is not built: ${CLI} is missing (npm run build:cli).`);
      }
      const res = runIdentify(file, run.args);
      expect(res.error).toBeUndefined();
      // Exit status 0 (every file read); on failure the stderr excerpt shows why.
      expect({ exitStatus: res.status, stderr: res.stderr.slice(0, 4000) }).toMatchObject({ exitStatus: 0 });
      expect(res.stderr).not.toMatch(/\n\s+at /);

      let out: ActualDoc;
      try {
        out = JSON.parse(res.stdout) as ActualDoc;
      } catch (e) {
        throw new Error(`stdout is not one JSON document: ${String(e)}\n${res.stdout.slice(0, 2000)}`);
      }
      expect({ year: out.year, previousYear: out.previousYear, threshold: out.threshold }).toEqual({
        year: run.year,
        previousYear: run.previousYear,
        threshold: run.threshold,
      });
      expect(Array.isArray(out.schools)).toBe(true);

      // Same set of schools: by id where the expectation has one, else by normalised name.
      const actualById = new Map<string, ActualSchool>();
      const actualByName = new Map<string, ActualSchool>();
      const duplicates: string[] = [];
      for (const s of out.schools) {
        if (s.id !== null && s.id !== undefined) {
          if (actualById.has(String(s.id))) {
            duplicates.push(`id ${String(s.id)}`);
          }
          actualById.set(String(s.id), s);
        }
        if (actualByName.has(normName(s.name))) {
          duplicates.push(`name ${s.name}`);
        }
        actualByName.set(normName(s.name), s);
      }
      const matched = new Set<ActualSchool>();
      const missing: string[] = [];
      const pairs: [ExpectedSchool, ActualSchool][] = [];
      for (const e of run.schools) {
        const a = e.id !== null ? actualById.get(e.id) : actualByName.get(normName(e.name));
        if (a === undefined) {
          missing.push(e.id !== null ? `${e.id} ${e.name}` : e.name);
        } else {
          matched.add(a);
          pairs.push([e, a]);
        }
      }
      const extra = out.schools.filter((a) => !matched.has(a)).map((a) => `${String(a.id)} ${a.name}`);
      expect({ missing, extra, duplicates }).toEqual({ missing: [], extra: [], duplicates: [] });

      // Every verdict: status, rules, and the low procedures of Y and Y−1.
      const expectedVerdicts: Record<string, Verdict> = {};
      const actualVerdicts: Record<string, Verdict> = {};
      for (const [e, a] of pairs) {
        const label = e.id !== null ? `${e.id} ${e.name}` : e.name;
        expectedVerdicts[label] = {
          status: e.status,
          rule1: e.rule1,
          rule2: e.rule2,
          lowY: sortedUnique(e.lowY),
          lowPrev: sortedUnique(e.lowPrev),
        };
        const low = Array.isArray(a.low) ? a.low : [];
        actualVerdicts[label] = {
          status: a.status,
          rule1: a.rule1,
          rule2: a.rule2,
          lowY: sortedUnique(low.filter((l) => l.year === run.year).map((l) => l.procedure)),
          lowPrev: sortedUnique(low.filter((l) => l.year === run.previousYear).map((l) => l.procedure)),
        };
      }
      expect(actualVerdicts).toEqual(expectedVerdicts);

      // The evidence of each low result is itself low under the threshold of the run.
      const badEvidence: string[] = [];
      for (const s of out.schools) {
        for (const l of Array.isArray(s.low) ? s.low : []) {
          const where = `${s.name}: ${l.year} ${l.procedure}`;
          if (l.year !== run.year && l.year !== run.previousYear) {
            badEvidence.push(`${where}: year is neither Y nor Y−1`);
          }
          if (typeof l.participants === 'number' && typeof l.failed === 'number') {
            if (l.failed * 100 < run.threshold * l.participants) {
              badEvidence.push(`${where}: ${l.failed} of ${l.participants} is below ${run.threshold} %`);
            }
          } else if (typeof l.share === 'number' && l.share < run.threshold - 1e-9) {
            badEvidence.push(`${where}: share ${l.share} is below ${run.threshold} %`);
          }
        }
      }
      expect(badEvidence).toEqual([]);
    },
  );
});
