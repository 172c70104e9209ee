/**
 * Bundled for the browser by test/e2e/pane.e2e.ts and served in place of Office.js: installs the
 * simulated Excel host (test/excel-host) over the workbook the test put in `window.shnorSimBook`
 * (base64 of real .xlsx bytes), with the ExcelApi version in `window.shnorSimApi` and the Office
 * display language in `window.shnorSimLang`. The task pane then starts exactly as in Excel.
 */
import { installSimulatedExcel } from '../excel-host';

const w = window as unknown as { shnorSimBook: string; shnorSimApi?: string; shnorSimLang?: string };
const bin = atob(w.shnorSimBook);
const bytes = new Uint8Array(bin.length);
for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
const sim = installSimulatedExcel(bytes, { apiVersion: w.shnorSimApi ?? '1.7' });
if (w.shnorSimLang) sim.Office.context.displayLanguage = w.shnorSimLang;
