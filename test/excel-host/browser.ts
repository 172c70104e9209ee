/**
 * Browser entry of the simulated Excel, for the end-to-end test page (bundle it as its own webpack
 * entry, built only for tests, and load it before the task pane script):
 *
 *   window.shnorInstallExcelSim(bytes, { apiVersion: '1.9' })  → sets window.Excel and window.Office
 *   window.shnorExcelSim.host.stats.syncs, window.shnorExcelSim.workbook.value('Лист', 'B2')
 *
 * `bytes` is a Uint8Array of an .xlsx file (Playwright can pass it as an array of numbers).
 */
import { SimOptions, installSimulatedExcel } from './index';

const w = globalThis as unknown as Record<string, unknown>;
w.shnorInstallExcelSim = (bytes: Uint8Array | number[], options?: SimOptions) =>
  installSimulatedExcel(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), options ?? {}, w);
