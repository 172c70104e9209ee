/**
 * cli.identifyRussia* of `npm run bench`: `shnor identify` on the all-Russia results workbook
 * (bench/russia.ts: 40,000 schools × 9 procedures × 2 years = 720,000 rows, ~400 MB of sheet XML),
 * as a user runs it — a process of its own, the default time limit — beside the floor, a bare
 * `unzip -p` of the sheet measured in the same run (Node's zlib where `unzip` is missing).
 *
 * cli.identifyRussiaSec          wall time of the command, seconds (target ≤ 8)
 * cli.identifyRussiaPeakMb       its peak resident memory, MB (target ≤ 600)
 * cli.identifyRussiaUnzipSec     the floor: inflating the sheet to nowhere
 * cli.identifyRussiaToUnzip      the ratio of the two (target ≤ 4)
 * The runs alternate (which goes first alternates); medians of `rounds`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { readZip } from '../src/xlsx/zip';
import { russiaWorkbook } from './russia';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'src', 'cli', 'main.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function hasUnzip(): boolean {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Seconds to inflate the sheet part to nowhere. */
function unzipFloor(file: string, useUnzip: boolean): number {
  const t0 = process.hrtime.bigint();
  if (useUnzip) {
    const r = spawnSync('sh', ['-c', 'unzip -p "$0" xl/worksheets/sheet1.xml > /dev/null', file], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('unzip failed');
  } else {
    const zip = readZip(new Uint8Array(fs.readFileSync(file)))!;
    const e = zip.entries.find((x) => x.name === 'xl/worksheets/sheet1.xml')!;
    zlib.inflateRawSync(e.local.subarray(e.dataOffset, e.dataOffset + e.csize));
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** One run of `shnor identify FILE` (the text output a user reads): wall seconds and the process's peak RSS (MB). */
function identifyOnce(file: string, probe: string): { sec: number; peakMb: number; schools: number } {
  const report = path.join(path.dirname(probe), `rss-${process.pid}.json`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', probe, CLI, 'identify', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, SHNOR_BENCH_RSS: report },
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`shnor identify: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  const m = /^(\d+) школ/m.exec(r.stdout);
  if (!m) throw new Error(`shnor identify: ${r.stdout.slice(0, 500)}`);
  const peakMb = Math.round((JSON.parse(fs.readFileSync(report, 'utf8')) as { maxRSS: number }).maxRSS / 1024);
  return { sec, peakMb, schools: Number(m[1]) };
}

export function benchIdentifyRussia(rounds = 3): Record<string, number> {
  const file = russiaWorkbook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shnor-bench-identify-'));
  try {
    // Preloaded into the command's process: writes its peak RSS (worker threads included) at exit.
    const probe = path.join(dir, 'probe.js');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => require('fs').writeFileSync(process.env.SHNOR_BENCH_RSS, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS })));\n",
    );
    const useUnzip = hasUnzip();
    const runs: { sec: number; peakMb: number; schools: number }[] = [];
    const floors: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        floors.push(unzipFloor(file, useUnzip));
        runs.push(identifyOnce(file, probe));
      } else {
        runs.push(identifyOnce(file, probe));
        floors.push(unzipFloor(file, useUnzip));
      }
    }
    if (runs.some((r) => r.schools !== 40_000)) throw new Error('identifyRussia: not 40,000 schools');
    const sec = median(runs.map((r) => r.sec));
    const floor = median(floors);
    return {
      identifyRussiaRows: 720_000,
      identifyRussiaSec: Math.round(sec * 100) / 100,
      identifyRussiaPeakMb: Math.max(...runs.map((r) => r.peakMb)),
      identifyRussiaUnzipSec: Math.round(floor * 100) / 100,
      identifyRussiaToUnzip: Math.round((sec / floor) * 100) / 100,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.stdout.write(JSON.stringify(benchIdentifyRussia(), null, 2) + '\n');
