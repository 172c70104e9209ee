/** Shared by the Office.js adapter tests: a simulated Excel over a real .xlsx and an OfficeHost on it. */
import * as fs from 'fs';
import * as path from 'path';
import { OfficeHost } from '../../src/excel/officeHost';
import { SimWorkbook, createSimulatedExcel } from '../excel-host';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DATE = '22.11.2026';

export function simHost(
  source: string | Uint8Array | SimWorkbook,
  apiVersion: string,
): { sim: ReturnType<typeof createSimulatedExcel>; host: OfficeHost; bytes: Uint8Array | null } {
  const bytes =
    typeof source === 'string' ? new Uint8Array(fs.readFileSync(source)) : source instanceof Uint8Array ? source : null;
  const sim = createSimulatedExcel(bytes ?? (source as SimWorkbook), { apiVersion });
  const host = new OfficeHost({
    excel: sim.Excel as unknown as typeof Excel,
    office: sim.Office as unknown as typeof Office,
  });
  return { sim, host, bytes };
}
