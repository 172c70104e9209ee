/**
 * One checked workbook as consolidation takes it: the same mapping for the command line (each
 * file in a worker) and the task pane (each file or sheet in the page). Pure: no file system.
 */
import { CheckReport } from '../check';
import { WorkbookSnapshot } from '../snapshot';
import { ConsolidateInput, VerdictInput } from './consolidate';
import { fillDateOf } from './period';

/** The identification's verdicts, as much of them as consolidation needs. */
export function verdictsOf(report: CheckReport): VerdictInput[] | undefined {
  return report.identification?.schools.map((v) => ({
    id: v.id,
    idGiven: v.idGiven,
    name: v.name,
    municipality: v.municipality,
    status: v.status,
  }));
}

/** A file the checker read: its kind, issues, indicators, ДТК fill date and verdicts. */
export function checkedInput(file: string, wb: WorkbookSnapshot, report: CheckReport): ConsolidateInput {
  const verdicts = verdictsOf(report);
  return {
    file,
    kind: report.kind,
    error: null,
    issues: report.issues,
    indicators: report.indicators,
    fillDate: report.kind === 'dtk' ? fillDateOf(wb) : null,
    identification: verdicts ? { schools: verdicts } : null,
  };
}

/** A file that could not be read, with the reason in Russian. */
export function failedInput(file: string, error: string): ConsolidateInput {
  return { file, kind: 'unknown', error, issues: [], indicators: {}, fillDate: null, identification: null };
}
