/**
 * The web page's work on files from disk: read, check, identify and write the annotated copy,
 * all in the browser through the same engine and file adapter as the command line.
 */
import { checkWorkbook, CheckReport } from '../engine/check';
import { formatDateRu } from '../engine/text';
import { IdentifySettingsInput, parseIdentifySettings } from '../engine/results/settings';
import { readWorkbook } from '../xlsx/read';
import { applyEdits } from '../xlsx/patch';

export interface FileResult {
  name: string;
  error: string | null;
  report: CheckReport | null;
  /** The original bytes, kept to write the annotated copy on demand. */
  bytes: Uint8Array | null;
}

export function checkFile(name: string, bytes: Uint8Array, settings: IdentifySettingsInput): FileResult {
  try {
    const read = readWorkbook(bytes);
    if (!read.ok) return { name, error: `«${name}»: ${read.message}`, report: null, bytes: null };
    const report = checkWorkbook(read.workbook, parseIdentifySettings(settings), formatDateRu(new Date()));
    return { name, error: null, report, bytes };
  } catch (e) {
    return { name, error: `«${name}»: ${e instanceof Error ? e.message : String(e)}`, report: null, bytes: null };
  }
}

/** The annotated copy: the original package with the product's sheets and highlights. */
export function annotatedCopy(result: FileResult): Uint8Array {
  if (!result.bytes || !result.report) throw new Error('Нет данных для копии.');
  return applyEdits(result.bytes, result.report.edits);
}

export function annotatedName(name: string): string {
  return name.replace(/(\.xlsx|\.xlsm)?$/i, (ext) => ' — проверено' + (ext || '.xlsx'));
}
