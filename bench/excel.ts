/**
 * The add-in's round trips, counted by the simulated Excel (test/excel-host) — PRODUCT.md, speed
 * in Excel. Each figure is the worst over ExcelApi 1.7 (Excel 2019) and 1.20 (1.9 for the
 * highlights), from reading the workbook to the last write:
 *
 * excel.syncs.dtkCheckWriteback  a ДТК (test/fixtures/dtk/school_mistakes.xlsx): read, check, write back
 * excel.syncs.highlight5000      5,000 scattered cells of a 10,000-row sheet highlighted
 * excel.syncs.identify10k        a results sheet of 10,000 rows: read, identify, verdict and check sheets, highlights
 * excel.syncs.identify100k       the same with 100,000 rows
 * excel.maxRequestBytes          the largest request of all these (Excel on the web refuses more than 5 MB)
 * excel.maxResponseBytes         the largest answer
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkWorkbook } from '../src/engine/check';
import { Edit } from '../src/engine/edits';
import { parseIdentifySettings } from '../src/engine/results/settings';
import { WorkbookSnapshot, a1 } from '../src/engine/snapshot';
import { OfficeHost } from '../src/excel/officeHost';
import { SimWorkbook, createSimulatedExcel, workbookFromSnapshot } from '../test/excel-host';
import { rng } from './rng';

export interface ExcelBench {
  syncs: { dtkCheckWriteback: number; highlight5000: number; identify10k: number; identify100k: number };
  maxRequestBytes: number;
  maxResponseBytes: number;
}

const DATE = '22.11.2026';

function repoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export async function benchExcel(generate: (n: number) => WorkbookSnapshot): Promise<ExcelBench> {
  let maxRequestBytes = 0;
  let maxResponseBytes = 0;
  const settings = parseIdentifySettings({});
  /** Syncs of one command (read, check, apply) on a fresh simulated Excel. */
  const command = async (
    source: Uint8Array | (() => SimWorkbook),
    apiVersion: string,
    edits?: Edit[],
  ): Promise<number> => {
    const sim = createSimulatedExcel(source instanceof Uint8Array ? source : source(), { apiVersion });
    const host = new OfficeHost({
      excel: sim.Excel as unknown as typeof Excel,
      office: sim.Office as unknown as typeof Office,
    });
    if (edits) await host.apply(edits);
    else {
      const report = checkWorkbook(await host.read(), settings, DATE);
      await host.apply(report.edits);
    }
    maxRequestBytes = Math.max(maxRequestBytes, sim.host.stats.maxRequestBytes);
    maxResponseBytes = Math.max(maxResponseBytes, sim.host.stats.maxResponseBytes);
    return sim.host.stats.syncs;
  };

  const dtk = new Uint8Array(
    fs.readFileSync(path.join(repoRoot(__dirname), 'test', 'fixtures', 'dtk', 'school_mistakes.xlsx')),
  );
  const dtkCheckWriteback = Math.max(await command(dtk, '1.7'), await command(dtk, '1.20'));

  const rows10k = generate(10_000);
  const rand = rng(7);
  const cells = new Set<string>();
  while (cells.size < 5000) cells.add(a1(1 + Math.floor(rand() * 10_000), Math.floor(rand() * 7)));
  const scattered: Edit[] = [{ kind: 'highlight', sheet: rows10k.sheets[0].name, cells: [...cells], tone: 'warning' }];
  const highlight5000 = Math.max(
    await command(() => workbookFromSnapshot(rows10k), '1.7', scattered),
    await command(() => workbookFromSnapshot(rows10k), '1.9', scattered),
  );

  const identify10k = Math.max(
    await command(() => workbookFromSnapshot(rows10k), '1.7'),
    await command(() => workbookFromSnapshot(rows10k), '1.20'),
  );
  const rows100k = generate(100_000);
  const identify100k = Math.max(
    await command(() => workbookFromSnapshot(rows100k), '1.7'),
    await command(() => workbookFromSnapshot(rows100k), '1.20'),
  );
  return { syncs: { dtkCheckWriteback, highlight5000, identify10k, identify100k }, maxRequestBytes, maxResponseBytes };
}
