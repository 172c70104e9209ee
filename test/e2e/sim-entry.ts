/**
 * Bundled for the browser by test/e2e/pane.e2e.ts and served right after the real Office.js (the
 * `@microsoft/office-js` package, in place of the CDN): installs the simulated Excel host
 * (test/excel-host) over the workbook the test put in `window.shnorSimBook` (base64 of real .xlsx
 * bytes), with the ExcelApi version in `window.shnorSimApi` and the Office display language in
 * `window.shnorSimLang`.
 *
 * Outside an Office client the real library's `Office.onReady` resolves with no host. The page's
 * `Office` becomes an object over the real one (its enums, OSF and the rest are the library's own)
 * whose `onReady` first waits for the real `onReady`, then reports the Excel host, and whose
 * `context` is the simulated one. So the task pane starts through the real library as in Excel.
 */
import { installSimulatedExcel } from '../excel-host';

interface OfficeLike {
  onReady(cb?: (info: unknown) => void): Promise<unknown>;
  HostType: { Excel: string };
  PlatformType?: { OfficeOnline?: string };
}

const w = window as unknown as {
  shnorSimBook: string;
  shnorSimApi?: string;
  shnorSimLang?: string;
  Office?: OfficeLike;
  OSF?: unknown;
  shnorRealOffice?: { loaded: boolean; readyInfo?: unknown };
};
const real = w.Office && w.OSF ? w.Office : undefined;
const bin = atob(w.shnorSimBook);
const bytes = new Uint8Array(bin.length);
for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
const sim = installSimulatedExcel(bytes, { apiVersion: w.shnorSimApi ?? '1.7' });
if (w.shnorSimLang) sim.Office.context.displayLanguage = w.shnorSimLang;

w.shnorRealOffice = { loaded: !!real };
if (real) {
  const office = Object.create(real) as OfficeLike & { context: unknown };
  // Later scripts of the library may assign `Office.context` (an empty one, with no Office client
  // around): the simulated context stays, or `isSetSupported` would answer no for every API set.
  Object.defineProperty(office, 'context', { get: () => sim.Office.context, set: () => {}, enumerable: true });
  office.onReady = async (cb) => {
    w.shnorRealOffice!.readyInfo = await real.onReady();
    const info = { host: real.HostType.Excel, platform: real.PlatformType?.OfficeOnline ?? 'OfficeOnline' };
    cb?.(info);
    return info;
  };
  w.Office = office;
  // Once ready, the library assigns its own namespace to `window.Office` again; the pane keeps the
  // namespace it started with (src/taskpane/index.tsx), which is this one.
}
