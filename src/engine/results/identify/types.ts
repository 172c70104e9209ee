/** What identification answers (DOMAIN.md §4): a verdict per school with its evidence, and a summary. */
import { Issue } from '../../issues';
import { IdentifySettings } from '../settings';

export type Status = 'ШНОР' | 'риск' | 'норма';

export interface ResultEvidence {
  year: string;
  procedure: string;
  participants: number | null;
  failed: number | null;
  /** Failing share in percent, rounded to 0.1 for display (the comparison used the exact value). */
  share: number;
  smallSample: boolean;
  sheet: string;
  cell: string;
}

export interface BandEvidence {
  year: string;
  procedure: string;
  belowMin: number | null;
  from61to80: number | null;
  from81to100: number | null;
}

export interface SchoolVerdict {
  /** The school's code from the data, or its normalised name when the data has no code. */
  id: string;
  /** True when `id` is a code from the data. */
  idGiven: boolean;
  name: string;
  municipality: string | null;
  status: Status;
  rule1: boolean;
  rule2: boolean;
  /** Low results that count, in Y and Y−1. */
  low: ResultEvidence[];
  lowCountYear: number;
  lowCountPreviousYear: number;
  /** Results in Y at or above the risk band but below the threshold. */
  nearThreshold: ResultEvidence[];
  /** Low results left out by the settings (too few participants, procedure not counted). */
  excluded: ResultEvidence[];
  yearMissing: boolean;
  previousYearMissing: boolean;
  bands: BandEvidence[];
  /** Russian: why this status. */
  reason: string;
}

export interface ProcedureInfo {
  name: string;
  programme: boolean;
  counted: boolean;
  results: number;
}

export interface IdentifyResult {
  year: string | null;
  previousYear: string | null;
  threshold: number;
  settings: IdentifySettings;
  schools: SchoolVerdict[];
  issues: Issue[];
  procedures: ProcedureInfo[];
  summary: {
    schools: number;
    byStatus: Record<Status, number>;
    byMunicipality: { municipality: string; schools: number; ШНОР: number; риск: number; норма: number }[];
    results: number;
    tables: { sheet: string; layout: 'long' | 'wide'; header: string; rows: number }[];
  };
  /** Cells to highlight in the input: every low result, by sheet. */
  lowCells: { sheet: string; cells: string[] }[];
  hasBands: boolean;
}
