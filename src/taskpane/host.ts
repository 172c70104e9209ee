/**
 * What the task pane needs from the workbook it works on. Two implementations: the Office.js
 * adapter (`src/excel/`, the open workbook in Excel) and the file host (the web page: a file
 * from disk, read and patched in the browser). The UI talks only to this interface, so the
 * add-in and the web page are the same UI running the same engine.
 */
import { Edit } from '../engine/edits';
import { WorkbookSnapshot } from '../engine/snapshot';
import { Kind } from '../engine/check';
import { FisOkoSheetInfo } from '../engine/results/sources';
import { IdentifyResult } from '../engine/results/identify';
import { IdentifySettingsInput } from '../engine/results/settings';

/** What a sheet is, told by its content. */
export interface SheetKind {
  sheet: string;
  kind: Kind;
  /** A ФИС ОКО report (kind `results`): which report, its procedure, school year and schools. */
  fisoko?: FisOkoSheetInfo;
}

/** The sheet «Идентификация» works on, or a range of it. */
export type IdentifyTarget = { sheet: string } | { range: { sheet: string; address: string } };

/** One «Идентификация» run handed to a host that does it itself (see `identifyHere`). */
export interface IdentifyJob {
  /** The settings, with `sheet` set to the target's sheet. */
  settings: IdentifySettingsInput;
  target: IdentifyTarget;
  /** The date printed on the report sheets (dd.mm.yyyy). */
  date: string;
}

export interface Progress {
  /** Work done so far and in all, in the host's units (rows read, cells written). */
  done: number;
  total: number;
  /** A short Russian phrase: «Чтение листа «ДТК»…». */
  stage: string;
}

export interface HostOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting stops the work between two requests; nothing half-written is left behind. */
  signal?: AbortSignal;
}

export interface ApplyOutcome {
  /** Cells an edit was not allowed to change (a formula, the user's own text), with the reason. */
  skipped: {
    sheet: string;
    cell: string;
    reason: string;
    /** Set when the cell keeps the user's own text (a conclusion not overwritten): that text. */
    ownText?: string;
  }[];
}

export interface WorkbookHost {
  /** 'excel' — the open workbook in Excel; 'file' — a file opened in the web page. */
  readonly kind: 'excel' | 'file';
  /** The sheet the user is on (for a file: the first visible sheet). */
  activeSheet(): Promise<string>;
  /** The selected range as `Sheet!A1:B2`-style parts; null when the host has no selection. */
  selection(): Promise<{ sheet: string; address: string } | null>;
  /** Snapshots of the given sheets (all visible ones and the very-hidden state sheet when omitted). */
  read(
    options?: HostOptions & { sheets?: string[]; range?: { sheet: string; address: string } },
  ): Promise<WorkbookSnapshot>;
  /**
   * Applies the engine's edits under the write-back rules (PRODUCT.md). `overwrite` lists cells
   * (`Sheet!A1`) whose own text the user chose to replace with the product's draft; every other
   * conclusion cell holding the user's text is skipped and reported.
   */
  apply(edits: Edit[], options?: HostOptions & { overwrite?: string[] }): Promise<ApplyOutcome>;
  /** Shows a cell to the user (Excel: activates its sheet and selects it). */
  select(sheet: string, cell: string): Promise<void>;
  /**
   * Calls `handler` whenever the user switches to another sheet (Excel: `worksheets.onActivated`,
   * ExcelApi 1.7). Resolves to the function that stops listening, or null when the host cannot tell
   * (a file on the web page, an older Excel): the pane then relies on its «Обновить» button.
   */
  onSheetActivated?(handler: () => void): Promise<(() => Promise<void>) | null>;
  /** The kind of a sheet when the host knows it without reading the sheet (a big file held by a worker). */
  kindOf?(sheet: string): SheetKind | null;
  /**
   * Runs «Идентификация» itself — read, identify, write the verdict sheet, «Проверка» and the
   * highlights, as `runIdentify` does — where the workbook is too big to hand to the page (a big
   * file on the web page: its worker does it). Absent: `runIdentify` reads and applies through the host.
   */
  identifyHere?(job: IdentifyJob, options?: HostOptions): Promise<{ result: IdentifyResult; outcome: ApplyOutcome }>;
}
