/**
 * The pane's shared state, in one React context: the workbook the commands work on, the kind of
 * its active sheet, the command running (progress, cancel), its status or error, what the last
 * check and identification found, and the identification settings (used by several tabs).
 * A tab keeps its own state with usePaneState, which outlives switching to another tab.
 */
import * as React from 'react';
import type { CheckReport } from '../engine/check';
import type { Issue } from '../engine/issues';
import type { IdentifyResult } from '../engine/results/identify';
import { Conflict, IdentifySettingsInput, SheetKind, activeSheetKind, isAbort } from './actions';
import { FileHost } from './fileHost';
import { ApplyOutcome, HostOptions, Progress, WorkbookHost } from './host';
import { DICTS, Dict, Lang } from './i18n';
import { message, num, paint } from './ui';

/** The identification settings as typed in the pane (text fields stay text until a command runs). */
export interface SettingsFields {
  threshold: string;
  riskBand: string;
  minParticipants: string;
  smallSample: string;
  rule2: 'any' | 'same';
  includeOther: boolean;
  year: string;
}

const DEFAULT_FIELDS: SettingsFields = {
  threshold: '30',
  riskBand: '5',
  minParticipants: '0',
  smallSample: '10',
  rule2: 'any',
  includeOther: true,
  year: '',
};

type Setter<T> = React.Dispatch<React.SetStateAction<T>>;

export interface Pane {
  t: Dict;
  /** The web page (no workbook from Excel). */
  web: boolean;
  /** The workbook the commands work on; null on the web page until a file is opened. */
  host: WorkbookHost | null;
  setHost: Setter<WorkbookHost | null>;
  /** `host` when it is a file opened on the web page. */
  fileHost: FileHost | null;
  /** The web page: every workbook opened at once. */
  files: FileHost[];
  setFiles: Setter<FileHost[]>;
  kind: SheetKind | null;
  setKind: Setter<SheetKind | null>;
  progress: Progress | null;
  setProgress: Setter<Progress | null>;
  busy: boolean;
  /** The running command's cancel switch. */
  abort: React.MutableRefObject<AbortController | null>;
  status: string;
  setStatus: Setter<string>;
  error: string | null;
  setError: Setter<string | null>;
  report: CheckReport | null;
  setReport: Setter<CheckReport | null>;
  skipped: ApplyOutcome['skipped'];
  setSkipped: Setter<ApplyOutcome['skipped']>;
  conflicts: Conflict[];
  setConflicts: Setter<Conflict[]>;
  /** The finding whose cell was selected last (`Sheet!A1`). */
  current: string | null;
  identified: IdentifyResult | null;
  setIdentified: Setter<IdentifyResult | null>;
  fields: SettingsFields;
  setField: <K extends keyof SettingsFields>(name: K, value: SettingsFields[K]) => void;
  thresholdOk: boolean;
  /** The settings for the engine, from the fields. */
  settings: () => IdentifySettingsInput;
  /** Counts the commands finished (shown as `data-version`, for tests to wait on). */
  version: number;
  bumpVersion: () => void;
  /** Runs one command: progress bar, cancel button, status or error in the live regions. */
  run: (work: (h: WorkbookHost, o: HostOptions) => Promise<string | void>) => Promise<void>;
  /** Reads the active sheet's kind again (of `h`, else of the current workbook). */
  refreshKind: (h?: WorkbookHost | null) => Promise<void>;
  /** Selects a finding's cell in the workbook. */
  select: (i: Issue) => Promise<void>;
  /** Forgets what was shown for the previous workbook. */
  resetView: () => void;
  tabState: Record<string, unknown>;
  setTabState: Setter<Record<string, unknown>>;
}

const PaneContext = React.createContext<Pane | null>(null);

export const PaneProvider = PaneContext.Provider;

export function usePane(): Pane {
  const p = React.useContext(PaneContext);
  if (!p) throw new Error('usePane outside PaneProvider');
  return p;
}

/** A tab's own state, kept in the pane while another tab is shown (like React.useState otherwise). */
export function usePaneState<T>(key: string, initial: T): [T, (v: T | ((old: T) => T)) => void] {
  const { tabState, setTabState } = usePane();
  const value = (key in tabState ? tabState[key] : initial) as T;
  const set = React.useCallback(
    (v: T | ((old: T) => T)) =>
      setTabState((all) => {
        const old = (key in all ? all[key] : initial) as T;
        return { ...all, [key]: typeof v === 'function' ? (v as (o: T) => T)(old) : v };
      }),
    // `initial` is the first value only, as with useState
    [key, setTabState],
  );
  return [value, set];
}

/** Creates the shared state; the App gives it to every tab through PaneProvider. */
export function usePaneStore(props: { host: WorkbookHost | null; lang: Lang }): Pane {
  const t = DICTS[props.lang];
  const [host, setHost] = React.useState<WorkbookHost | null>(props.host);
  const web = !props.host;
  const fileHost = host instanceof FileHost ? host : null;
  const [version, setVersion] = React.useState(0);
  const [files, setFiles] = React.useState<FileHost[]>([]);
  const [kind, setKind] = React.useState<SheetKind | null>(null);
  const [progress, setProgress] = React.useState<Progress | null>(null);
  const abort = React.useRef<AbortController | null>(null);
  const [status, setStatus] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [report, setReport] = React.useState<CheckReport | null>(null);
  const [skipped, setSkipped] = React.useState<ApplyOutcome['skipped']>([]);
  const [conflicts, setConflicts] = React.useState<Conflict[]>([]);
  const [current, setCurrent] = React.useState<string | null>(null);
  const [identified, setIdentified] = React.useState<IdentifyResult | null>(null);
  const [fields, setFields] = React.useState<SettingsFields>(DEFAULT_FIELDS);
  const [tabState, setTabState] = React.useState<Record<string, unknown>>({});
  const busy = progress !== null;
  const thresholdOk =
    Number.isFinite(num(fields.threshold)) && num(fields.threshold) > 0 && num(fields.threshold) <= 100;

  const setField = <K extends keyof SettingsFields>(name: K, value: SettingsFields[K]): void =>
    setFields((f) => ({ ...f, [name]: value }));

  const settings = (): IdentifySettingsInput => ({
    threshold: num(fields.threshold),
    riskBand: num(fields.riskBand),
    minParticipants: num(fields.minParticipants),
    smallSample: num(fields.smallSample),
    rule2: fields.rule2,
    includeOther: fields.includeOther,
    year: fields.year.trim() || null,
  });

  const refreshKind = React.useCallback(
    async (h: WorkbookHost | null = host): Promise<void> => {
      if (!h) return;
      try {
        setKind(await activeSheetKind(h));
      } catch (e) {
        setError(message(e));
      }
    },
    [host],
  );

  React.useEffect(() => {
    void refreshKind(props.host);
  }, [props.host]);

  // The user switched sheets: tell the new sheet's kind (Excel's onActivated, where the API set has it).
  // During a command the pane waits and reads the kind once the command is over.
  const switchedDuringRun = React.useRef(false);
  React.useEffect(() => {
    const h = host;
    if (!h?.onSheetActivated) return;
    let stop: (() => Promise<void>) | null = null;
    let gone = false;
    let latest = 0;
    void h
      .onSheetActivated(() => {
        if (abort.current) {
          switchedDuringRun.current = true;
          return;
        }
        const mine = ++latest;
        void activeSheetKind(h).then(
          (k) => {
            if (mine === latest && !gone) setKind(k);
          },
          (e: unknown) => {
            if (mine === latest && !gone) setError(message(e));
          },
        );
      })
      .then((s) => {
        if (gone) void s?.();
        else stop = s;
      });
    return () => {
      gone = true;
      void stop?.();
    };
  }, [host]);

  const run = async (work: (h: WorkbookHost, o: HostOptions) => Promise<string | void>): Promise<void> => {
    if (!host) {
      setError(t.noWorkbook);
      return;
    }
    const ac = new AbortController();
    abort.current = ac;
    setError(null);
    setStatus('');
    setProgress({ done: 0, total: 0, stage: t.reading });
    await paint();
    try {
      const msg = await work(host, { signal: ac.signal, onProgress: (p) => setProgress(p) });
      if (msg) setStatus(msg);
    } catch (e) {
      if (isAbort(e)) setStatus(t.cancelled);
      else setError(message(e));
    } finally {
      abort.current = null;
      setProgress(null);
      setVersion((v) => v + 1);
    }
    // a file's sheets are already in memory; in Excel re-reading the sheet costs a round trip of its
    // whole data, so there the kind is read again only when the user switches sheets (or on «Обновить»)
    if (host instanceof FileHost || switchedDuringRun.current) {
      switchedDuringRun.current = false;
      await refreshKind(host);
    }
  };

  const select = async (i: Issue): Promise<void> => {
    if (!host || !i.sheet || !i.cell) return;
    try {
      await host.select(i.sheet, i.cell.split(':')[0]);
      setCurrent(`${i.sheet}!${i.cell}`);
      setStatus(t.selected(`${i.sheet}!${i.cell}`));
      if (fileHost) await refreshKind(fileHost);
    } catch (e) {
      setError(message(e));
    }
  };

  const resetView = (): void => {
    setError(null);
    setStatus('');
    setReport(null);
    setIdentified(null);
    setConflicts([]);
    setSkipped([]);
    setCurrent(null);
  };

  return {
    t,
    web,
    host,
    setHost,
    fileHost,
    files,
    setFiles,
    kind,
    setKind,
    progress,
    setProgress,
    busy,
    abort,
    status,
    setStatus,
    error,
    setError,
    report,
    setReport,
    skipped,
    setSkipped,
    conflicts,
    setConflicts,
    current,
    identified,
    setIdentified,
    fields,
    setField,
    thresholdOk,
    settings,
    version,
    bumpVersion: () => setVersion((v) => v + 1),
    run,
    refreshKind,
    select,
    resetView,
    tabState,
    setTabState,
  };
}
