/** The plans of test/fixtures/plan/make_plans.py, shared by the plan tests: the generator and its manifest. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const GEN = path.join(__dirname, '..', 'fixtures', 'plan', 'make_plans.py');

export interface Manifest {
  files: {
    file: string;
    layout: string;
    sheet: string;
    measures: number;
    sections: number;
    period: string | null;
    mistakes: string[];
    expected: { code: string; sheet: string; cell: string }[];
  }[];
}

/** Writes `count` plans into `dir` (reproducible for a `seed`) and returns their manifest. */
export function makePlans(dir: string, count: number, seed: number): Manifest {
  const r = spawnSync('/usr/bin/python3', [GEN, dir, String(count), String(seed)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}
