/**
 * The task pane: the same UI in Excel (over the Office.js host) and as the web page (over a file
 * from disk). It talks to the workbook only through WorkbookHost and to the rules only through
 * the engine (actions.ts); it adds no domain logic of its own.
 */
import * as React from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Select,
  Tab,
  TabList,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CheckReport, Conclusion, Kind } from '../engine/check';
import type { Issue, Severity } from '../engine/issues';
import type { IdentifyResult } from '../engine/results/identify';
import { createWorkbook } from '../xlsx/patch';
import { summarySheets } from '../engine/consolidate';
import { formatNumberRu, formatPercentRu } from '../engine/text';
import {
  IdentifySettingsInput,
  TEMPLATE_IDS,
  TemplateId,
  activeSheetKind,
  applyHighlights,
  clearHighlights,
  conclusionEdits,
  insertTemplate,
  isAbort,
  prepareCheck,
  runCheck,
  runIdentify,
  runMarks,
  templateSheets,
  writeConclusions,
  replaceWithDraft,
  Conflict,
  SummaryRun,
  SummarySource,
  runSummary,
  workbookSources,
  writeSummary,
} from './actions';
import { FileHost, fileSource } from './fileHost';
import { MarksAnalysis, marksTable } from '../engine/marks/analyze';
import { ApplyOutcome, HostOptions, Progress, WorkbookHost } from './host';
import { DICTS, Dict, Lang } from './i18n';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '12px',
    maxWidth: '960px',
    minWidth: '0',
    boxSizing: 'border-box',
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  /** Four tabs do not fit in a 320 px pane on one line. */
  tabs: { flexWrap: 'wrap' },
  /** A wide result table scrolls inside the pane, not the pane itself. */
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  col: { display: 'flex', flexDirection: 'column', gap: '8px' },
  small: { color: tokens.colorNeutralForeground3 },
  box: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '8px',
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  finding: {
    width: '100%',
    textAlign: 'left',
    background: 'none',
    border: `1px solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 6px',
    cursor: 'pointer',
    font: 'inherit',
    color: 'inherit',
    overflowWrap: 'anywhere',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  current: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  heading: { margin: '8px 0 2px', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  sub: { margin: '4px 0 2px', fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold },
  quote: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 },
  /** A select no wider than the pane, whatever its longest option (320 px task pane). */
  select: { maxWidth: '100%', minWidth: 0, '& select': { maxWidth: '100%', minWidth: 0, textOverflow: 'ellipsis' } },
});

const COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Lets the browser paint the progress bar before synchronous engine work. */
function paint(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

function num(s: string): number {
  return Number(s.replace(',', '.').trim());
}

/** Findings grouped by section (general ones first), then by severity. */
function groupFindings(issues: readonly Issue[]): { section: string | null; bySeverity: [Severity, Issue[]][] }[] {
  const sections = new Map<string | null, Issue[]>();
  for (const i of issues) {
    const k = i.section || null;
    let l = sections.get(k);
    if (!l) sections.set(k, (l = []));
    l.push(i);
  }
  const keys = [...sections.keys()].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a.localeCompare(b, 'ru', { numeric: true }),
  );
  return keys.map((section) => {
    const list = sections.get(section)!;
    return {
      section,
      bySeverity: SEVERITIES.map((s) => [s, list.filter((i) => i.severity === s)] as [Severity, Issue[]]).filter(
        ([, l]) => l.length > 0,
      ),
    };
  });
}

const MAX_SHOWN = 300;

/** The findings list: each one a button; Enter or a click selects its cell; arrows move between them. */
function Findings(props: {
  issues: readonly Issue[];
  t: Dict;
  label: string;
  onSelect: (i: Issue) => void;
  current: string | null;
}): React.JSX.Element {
  const s = useStyles();
  const { t } = props;
  const groups = groupFindings(props.issues.slice(0, MAX_SHOWN));
  const move = (e: React.KeyboardEvent<HTMLElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const all = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-finding]')];
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = all[Math.max(0, Math.min(all.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      next.focus();
      e.preventDefault();
    }
  };
  if (props.issues.length === 0) return <Text>{t.noFindings}</Text>;
  return (
    <nav aria-label={props.label} onKeyDown={move}>
      <Text block size={200} className={s.small}>
        {t.findingsHint}
      </Text>
      {groups.map((g) => (
        <section key={g.section ?? ''} aria-label={g.section ? t.section(g.section) : t.commonSection}>
          <h3 className={s.heading}>{g.section ? t.section(g.section) : t.commonSection}</h3>
          {g.bySeverity.map(([sev, list]) => (
            <div key={sev}>
              <h4 className={s.sub}>
                {t.severity[sev]} ({list.length})
              </h4>
              <ul className={s.list}>
                {list.map((i, k) => {
                  const where = i.sheet && i.cell ? `${i.sheet}!${i.cell}` : (i.sheet ?? '');
                  const selectable = Boolean(i.sheet && i.cell);
                  return (
                    <li key={k}>
                      <button
                        type="button"
                        data-finding=""
                        className={`${s.finding} ${props.current && props.current === where ? s.current : ''}`}
                        aria-disabled={!selectable}
                        aria-current={props.current === where ? 'true' : undefined}
                        onClick={() => selectable && props.onSelect(i)}
                      >
                        <Badge appearance="tint" color={COLOR[sev]} size="small">
                          {i.code}
                        </Badge>{' '}
                        {where && <b>{where}</b>} {i.message}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </section>
      ))}
      {props.issues.length > MAX_SHOWN && <Text block>… {props.issues.length - MAX_SHOWN}</Text>}
    </nav>
  );
}

function Conflicts(props: {
  items: Conflict[];
  t: Dict;
  busy: boolean;
  onReplace: (c: Conflict) => void;
  onCopied: () => void;
}): React.JSX.Element | null {
  const s = useStyles();
  const { t } = props;
  if (props.items.length === 0) return null;
  const copy = async (text: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no clipboard permission (some Office hosts): a hidden textarea and the old command
      const ta = document.createElement('textarea');
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    props.onCopied();
  };
  return (
    <section aria-label={t.conflictsTitle} className={s.col}>
      <h3 className={s.heading}>{t.conflictsTitle}</h3>
      {props.items.map((c) => (
        <div key={`${c.sheet}!${c.cell}`} className={s.box} role="group" aria-label={`${c.sheet}!${c.cell}`}>
          <Text weight="semibold">
            {c.sheet}!{c.cell}
            {c.kind && c.section ? ` — ${t.conflictOf(c.kind, c.section)}` : ''}
          </Text>
          <Text size={200} className={s.small}>
            {t.yourText}
          </Text>
          <p className={s.quote}>{c.ownText}</p>
          <Text size={200} className={s.small}>
            {t.draft}
          </Text>
          <p className={s.quote}>{c.draft}</p>
          <div className={s.row}>
            <Button size="small" onClick={() => void copy(c.draft)}>
              {t.copy}
            </Button>
            <Button size="small" disabled={props.busy} onClick={() => props.onReplace(c)}>
              {t.replace}
            </Button>
          </div>
        </div>
      ))}
    </section>
  );
}

/** The drafted «Вывод» / «Проблема» of each section: the computed figures, in words. */
function Conclusions(props: { items: readonly Conclusion[]; t: Dict }): React.JSX.Element | null {
  const { t } = props;
  const s = useStyles();
  if (props.items.length === 0) return null;
  return (
    <section aria-label={t.conclusionsTitle} className={s.col}>
      <h3 className={s.heading}>{t.conclusionsTitle}</h3>
      {props.items.map((c) => (
        <div key={c.section} className={s.box} role="group" aria-label={t.section(c.section)}>
          <Text block weight="semibold">
            {t.section(c.section)}
          </Text>
          <Text block>
            <b>{t.conclusionLabel}:</b> {c.conclusion}
          </Text>
          <Text block>
            <b>{t.problemLabel}:</b> {c.problem}
          </Text>
        </div>
      ))}
    </section>
  );
}

function Verdict(props: { res: IdentifyResult; t: Dict }): React.JSX.Element {
  const { res, t } = props;
  const s = useStyles();
  const shown = res.schools.filter((v) => v.status !== 'норма');
  if (!res.year) return <Text>{t.noTable}</Text>;
  const b = res.summary.byStatus;
  return (
    <div className={s.col}>
      <Text block>{t.verdict(res.year, res.previousYear ?? '—', res.summary.schools, b.ШНОР, b.риск, b.норма)}</Text>
      {shown.length > 0 && (
        <ul className={s.list} aria-label={t.schoolsList}>
          {shown.slice(0, MAX_SHOWN).map((v) => (
            <li key={v.id} className={s.box}>
              <div>
                <Badge appearance="tint" color={v.status === 'ШНОР' ? 'danger' : 'warning'}>
                  {v.status}
                </Badge>{' '}
                <b>{v.name}</b>
                {v.municipality ? ` (${v.municipality})` : ''}
              </div>
              <Text size={200}>{v.reason}</Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What «Сводка» gave: files read and not, schools by cluster, the efficiency indicators. */
function SummaryView(props: { run: SummaryRun; t: Dict }): React.JSX.Element {
  const { t } = props;
  const r = props.run.result;
  const s = useStyles();
  const read = r.files.filter((f) => f.status === 'прочитан').length;
  const bad = r.files.filter((f) => f.status !== 'прочитан');
  return (
    <section aria-label={t.tabSummary} className={s.col}>
      <Text block weight="semibold">
        {t.summaryDone(read, r.files.length, r.schools.length)} {t.summaryPeriod(r.period ?? t.summaryNoPeriod)}
      </Text>
      {bad.length > 0 && (
        <section aria-label={t.summaryBad}>
          <h3 className={s.heading}>
            {t.summaryBad} ({bad.length})
          </h3>
          <ul className={s.list}>
            {bad.map((f, k) => (
              <li key={k} className={s.box}>
                <Text>
                  <b>{f.file}</b> — {f.status}: {f.reason ?? f.error ?? ''}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label={t.summaryClusters}>
        <h3 className={s.heading}>{t.summaryClusters}</h3>
        <ul>
          {Object.entries(r.clusters.counts).map(([c, n]) => (
            <li key={c}>
              {c}: {n}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t.summaryEfficiency}>
        <h3 className={s.heading}>{t.summaryEfficiency}</h3>
        <div className={s.scroll}>
          <table aria-label={t.summaryEfficiency}>
            <thead>
              <tr>
                <th scope="col">{t.summaryIndicator}</th>
                <th scope="col">{t.summaryNumerator}</th>
                <th scope="col">{t.summaryDenominator}</th>
                <th scope="col">{t.summaryValue}</th>
                <th scope="col">{t.summaryTarget}</th>
              </tr>
            </thead>
            <tbody>
              {r.efficiency.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.name}</th>
                  <td>{formatNumberRu(e.numerator, e.id === 'riskMeasuresDone' ? 1 : 0)}</td>
                  <td>{e.denominator}</td>
                  <td>{e.value === null ? t.summaryNoData : formatPercentRu(e.value)}</td>
                  <td>{e.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}

export interface AppProps {
  /** The open workbook in Excel; null on the web page until a file is opened. */
  host: WorkbookHost | null;
  lang: Lang;
}

export function App(props: AppProps): React.JSX.Element {
  const s = useStyles();
  const t = DICTS[props.lang];
  const [host, setHost] = React.useState<WorkbookHost | null>(props.host);
  const web = !props.host;
  const fileHost = host instanceof FileHost ? host : null;
  const [version, setVersion] = React.useState(0);
  /** The web page: every workbook opened at once; the commands work on one of them (`host`). */
  const [files, setFiles] = React.useState<FileHost[]>([]);
  const [tab, setTab] = React.useState<'check' | 'identify' | 'templates' | 'marks' | 'summary'>('check');
  const [kind, setKind] = React.useState<{ sheet: string; kind: Kind } | null>(null);
  const [progress, setProgress] = React.useState<Progress | null>(null);
  const abort = React.useRef<AbortController | null>(null);
  const [status, setStatus] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [report, setReport] = React.useState<CheckReport | null>(null);
  const [skipped, setSkipped] = React.useState<ApplyOutcome['skipped']>([]);
  const [conflicts, setConflicts] = React.useState<Conflict[]>([]);
  const [current, setCurrent] = React.useState<string | null>(null);
  const [identified, setIdentified] = React.useState<IdentifyResult | null>(null);
  const [threshold, setThreshold] = React.useState('30');
  const [riskBand, setRiskBand] = React.useState('5');
  const [minParticipants, setMinParticipants] = React.useState('0');
  const [smallSample, setSmallSample] = React.useState('10');
  const [rule2, setRule2] = React.useState<'any' | 'same'>('any');
  const [includeOther, setIncludeOther] = React.useState(true);
  const [year, setYear] = React.useState('');
  const [target, setTarget] = React.useState<'sheet' | 'range'>('sheet');
  const [rangeText, setRangeText] = React.useState('');
  const [template, setTemplate] = React.useState<TemplateId>('dtk');
  const [includeNa, setIncludeNa] = React.useState(false);
  const [marksText, setMarksText] = React.useState('');
  const [marks, setMarks] = React.useState<MarksAnalysis | null>(null);
  /** «Сводка» on the web page: the files chosen for it (read one by one when it runs). */
  const [summaryFiles, setSummaryFiles] = React.useState<File[]>([]);
  const [quantile, setQuantile] = React.useState('0,75');
  const [summary, setSummary] = React.useState<SummaryRun | null>(null);
  const busy = progress !== null;
  const thresholdOk = Number.isFinite(num(threshold)) && num(threshold) > 0 && num(threshold) <= 100;
  const summaryOk =
    thresholdOk &&
    Number.isFinite(num(riskBand)) &&
    num(riskBand) >= 0 &&
    num(riskBand) <= 100 &&
    Number.isFinite(num(quantile)) &&
    num(quantile) > 0 &&
    num(quantile) < 1;

  const settings = (): IdentifySettingsInput => ({
    threshold: num(threshold),
    riskBand: num(riskBand),
    minParticipants: num(minParticipants),
    smallSample: num(smallSample),
    rule2,
    includeOther,
    year: year.trim() || null,
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

  /** Runs one command: progress bar, cancel button, status or error in the live regions. */
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
    // whole data, so there the kind is read again only on «Обновить»
    if (host instanceof FileHost) await refreshKind(host);
  };

  const countOf = (r: CheckReport): [number, number, number] => {
    const n = { error: 0, warning: 0, info: 0 };
    for (const i of r.issues) n[i.severity]++;
    return [n.error, n.warning, n.info];
  };

  const onCheck = (): Promise<void> =>
    run(async (h, o) => {
      const r = await runCheck(h, settings(), o);
      setReport(r.report);
      setSkipped(r.outcome.skipped);
      setConflicts([]);
      setIdentified(r.report.identification ?? null);
      return t.summary(t.kinds[r.report.kind], ...countOf(r.report));
    });

  const onWrite = (): Promise<void> =>
    run(async (h, o) => {
      const r = await writeConclusions(h, settings(), o);
      setReport(r.report);
      setConflicts(r.conflicts);
      setSkipped(r.skipped);
      if (conclusionEdits(r.report).length === 0 && r.conflicts.length === 0) return t.noDrafts;
      return t.written(r.written);
    });

  const onReplace = (c: Conflict): Promise<void> =>
    run(async (h, o) => {
      const out = await replaceWithDraft(h, c, o);
      setConflicts((l) => l.filter((x) => x !== c));
      setSkipped(out.skipped);
      return t.written(1 - out.skipped.length);
    });

  const onHighlight = (): Promise<void> =>
    run(async (h, o) => {
      const r = await prepareCheck(h, settings(), o);
      setReport(r);
      const out = await applyHighlights(h, r, o);
      setSkipped(out.skipped);
      return t.highlighted;
    });

  const onClear = (): Promise<void> =>
    run(async (h, o) => {
      await clearHighlights(h, o);
      return t.cleared;
    });

  const onIdentify = (): Promise<void> =>
    run(async (h, o) => {
      let goal: Parameters<typeof runIdentify>[2];
      if (target === 'range') {
        if (fileHost) {
          if (!rangeText.trim()) throw new Error(t.noSelection);
          fileHost.setSelection(await h.activeSheet(), rangeText.trim());
        }
        const sel = await h.selection();
        if (!sel) throw new Error(t.noSelection);
        goal = { range: sel };
      } else {
        goal = { sheet: await h.activeSheet() };
      }
      const r = await runIdentify(h, settings(), goal, o);
      setIdentified(r.result);
      setSkipped(r.outcome.skipped);
      const b = r.result.summary.byStatus;
      return r.result.year
        ? t.verdict(r.result.year, r.result.previousYear ?? '—', r.result.summary.schools, b.ШНОР, b.риск, b.норма)
        : t.noTable;
    });

  const onMarks = (): Promise<void> =>
    run(async (h, o) => {
      if (fileHost) {
        if (!marksText.trim()) throw new Error(t.marksRange);
        fileHost.setSelection(await h.activeSheet(), marksText.trim());
      }
      const r = await runMarks(h, { includeNotAssessed: includeNa }, o);
      setMarks(r.analysis);
      setSkipped(r.outcome.skipped);
      return t.marksWritten(r.written, t.marksSources[r.analysis.source]);
    });

  const onTemplate = async (): Promise<void> => {
    if (!host) {
      // the web page without a workbook: a new workbook with the template
      try {
        download(
          `${t.templateNames[template]}.xlsx`.replace(/[/\\:*?"<>|]/g, '-'),
          createWorkbook(templateSheets(template)),
        );
      } catch (e) {
        setError(message(e));
      }
      return;
    }
    await run(async (h, o) => {
      const r = await insertTemplate(h, template, o);
      return t.templateInserted(r.sheets);
    });
  };

  /**
   * «Сводка»: the web page checks the chosen files one by one; Excel takes the ДТК sheets of the
   * open workbook and writes the summary sheets into it. Cancelling stops between two files.
   */
  const onSummary = async (): Promise<void> => {
    const ac = new AbortController();
    abort.current = ac;
    setError(null);
    setStatus('');
    setSummary(null);
    setProgress({ done: 0, total: 0, stage: t.reading });
    await paint();
    try {
      let sources: SummarySource[];
      if (web) {
        if (summaryFiles.length === 0) throw new Error(t.summaryNoFiles);
        sources = summaryFiles.map((f) => fileSource(f.name, async () => new Uint8Array(await f.arrayBuffer())));
      } else {
        if (!host) throw new Error(t.noWorkbook);
        sources = await workbookSources(host, { signal: ac.signal });
        if (sources.length === 0) throw new Error(t.summaryNoSheets);
      }
      const r = await runSummary(
        sources,
        settings(),
        { threshold: num(threshold), riskBand: num(riskBand), disadvantageQuantile: num(quantile) },
        {
          signal: ac.signal,
          onFile: (i, n, name) => setProgress({ done: i - 1, total: n, stage: t.summaryFile(i, n, name) }),
        },
      );
      setSummary(r);
      const read = r.result.files.filter((f) => f.status === 'прочитан').length;
      let msg = t.summaryDone(read, r.result.files.length, r.result.schools.length);
      if (!web && host) {
        const out = await writeSummary(host, r, { signal: ac.signal, onProgress: (p) => setProgress(p) });
        setSkipped(out.skipped);
        msg += ' ' + t.summaryWritten;
      }
      setStatus(msg);
    } catch (e) {
      if (isAbort(e)) setStatus(t.cancelled);
      else setError(message(e));
    } finally {
      abort.current = null;
      setProgress(null);
      setVersion((v) => v + 1);
    }
  };

  const onSelect = async (i: Issue): Promise<void> => {
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

  /** Forgets what was shown for the previous workbook. */
  const resetView = (): void => {
    setError(null);
    setStatus('');
    setReport(null);
    setIdentified(null);
    setConflicts([]);
    setSkipped([]);
    setCurrent(null);
  };

  const openFiles = async (list: FileList | null): Promise<void> => {
    if (!list || list.length === 0) return;
    resetView();
    setProgress({ done: 0, total: list.length, stage: t.reading });
    await paint();
    const opened: FileHost[] = [];
    const failed: string[] = [];
    let done = 0;
    for (const f of Array.from(list)) {
      try {
        opened.push(FileHost.open(f.name, new Uint8Array(await f.arrayBuffer())));
      } catch (e) {
        failed.push(message(e));
      }
      setProgress({ done: ++done, total: list.length, stage: t.reading });
      await paint();
    }
    setFiles(opened);
    setHost(opened[0] ?? null);
    if (opened[0]) await refreshKind(opened[0]);
    else setKind(null);
    if (failed.length > 0) setError(failed.join('\n'));
    setProgress(null);
  };

  const switchTo = async (name: string): Promise<void> => {
    const h = files.find((f) => f.name === name);
    if (!h) return;
    resetView();
    setHost(h);
    await refreshKind(h);
  };

  const counts = report ? countOf(report) : null;
  const issuesShown = tab === 'identify' ? (identified?.issues ?? []) : (report?.issues ?? []);

  return (
    <main className={s.root} data-version={version}>
      <Title3 as="h1">{t.title}</Title3>
      <Text>{web ? t.webIntro : t.intro}</Text>

      {web && (
        <div className={s.col}>
          <Field label={t.openFile} hint={t.openFileHint}>
            <input
              type="file"
              accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-label={t.openFile}
              multiple
              disabled={busy}
              onChange={(e) => void openFiles(e.target.files)}
            />
          </Field>
          {files.length > 1 && fileHost && (
            <Field label={t.workbook}>
              <Select className={s.select} value={fileHost.name} onChange={(_, d) => void switchTo(d.value)}>
                {files.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name}
                    {f.changed ? ' ✓' : ''}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {fileHost && (
            <div className={s.row}>
              <Field label={t.sheet}>
                <Select
                  className={s.select}
                  value={kind?.sheet ?? ''}
                  onChange={(_, d) => {
                    fileHost.setActiveSheet(d.value);
                    void refreshKind(fileHost);
                  }}
                >
                  {fileHost.visibleSheets().map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button
                appearance="primary"
                disabled={!fileHost.changed || busy}
                onClick={() => download(fileHost.copyName(), fileHost.copy())}
              >
                {t.download}
              </Button>
            </div>
          )}
          {fileHost && (
            <Text size={200} className={s.small}>
              {fileHost.name}. {t.downloadHint}
            </Text>
          )}
        </div>
      )}

      {kind && (
        <div className={s.row}>
          <Text role="status" weight="semibold">
            {t.sheetKind(kind.sheet, t.kinds[kind.kind])}
          </Text>
          {!web && (
            <Button size="small" disabled={busy} onClick={() => void refreshKind()}>
              {t.refresh}
            </Button>
          )}
        </div>
      )}

      <TabList
        selectedValue={tab}
        onTabSelect={(_, d) => setTab(d.value as typeof tab)}
        size="small"
        aria-label={t.title}
        className={s.tabs}
      >
        <Tab value="check">{t.tabCheck}</Tab>
        <Tab value="identify">{t.tabIdentify}</Tab>
        <Tab value="templates">{t.tabTemplates}</Tab>
        <Tab value="marks">{t.tabMarks}</Tab>
        <Tab value="summary">{t.tabSummary}</Tab>
      </TabList>

      {tab === 'summary' && (
        <div className={s.col} role="tabpanel" aria-label={t.tabSummary}>
          <Text size={200} className={s.small}>
            {web ? t.summaryHint : t.summaryHintExcel}
          </Text>
          {web && (
            <Field label={t.summaryFiles} hint={t.openFileHint}>
              <input
                type="file"
                accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-label={t.summaryFiles}
                multiple
                disabled={busy}
                onChange={(e) => {
                  setSummaryFiles(Array.from(e.target.files ?? []));
                  setSummary(null);
                }}
              />
            </Field>
          )}
          <fieldset className={s.box}>
            <legend>{t.summarySettings}</legend>
            <Field label={t.threshold}>
              <Input value={threshold} onChange={(_, d) => setThreshold(d.value)} inputMode="decimal" />
            </Field>
            <Field label={t.riskBand}>
              <Input value={riskBand} onChange={(_, d) => setRiskBand(d.value)} inputMode="decimal" />
            </Field>
            <Field label={t.disadvantageQuantile} validationMessage={summaryOk ? undefined : t.summarySettingsBad}>
              <Input value={quantile} onChange={(_, d) => setQuantile(d.value)} inputMode="decimal" />
            </Field>
          </fieldset>
          <div className={s.row}>
            <Button
              appearance="primary"
              disabled={busy || !summaryOk || (web ? summaryFiles.length === 0 : !host)}
              onClick={() => void onSummary()}
            >
              {t.summaryRun}
            </Button>
            {web && summary && (
              <Button
                disabled={busy}
                onClick={() => {
                  try {
                    download('SUMMARY.xlsx', createWorkbook(summarySheets(summary.result, summary.date)));
                  } catch (e) {
                    setError(message(e));
                  }
                }}
              >
                {t.summaryDownload}
              </Button>
            )}
          </div>
        </div>
      )}

      {tab === 'check' && (
        <div className={s.col} role="tabpanel" aria-label={t.tabCheck}>
          <Text size={200} className={s.small}>
            {t.checkHint}
          </Text>
          <div className={s.row}>
            <Button appearance="primary" disabled={busy || !host} onClick={() => void onCheck()}>
              {t.check}
            </Button>
            <Button disabled={busy || !host} onClick={() => void onWrite()}>
              {t.writeConclusions}
            </Button>
            <Button disabled={busy || !host} onClick={() => void onHighlight()}>
              {t.highlight}
            </Button>
            <Button disabled={busy || !host} onClick={() => void onClear()}>
              {t.clearHighlights}
            </Button>
          </div>
        </div>
      )}

      {tab === 'identify' && (
        <div className={s.col} role="tabpanel" aria-label={t.tabIdentify}>
          <Field label={t.target}>
            <RadioGroup value={target} onChange={(_, d) => setTarget(d.value as 'sheet' | 'range')}>
              <Radio value="sheet" label={t.targetSheet(kind?.sheet ?? '')} />
              <Radio value="range" label={t.targetRange} />
            </RadioGroup>
          </Field>
          {target === 'range' && web && (
            <Field label={t.rangeLabel}>
              <Input value={rangeText} onChange={(_, d) => setRangeText(d.value)} />
            </Field>
          )}
          <fieldset className={s.box}>
            <legend>{t.settings}</legend>
            <Field label={t.threshold} validationMessage={thresholdOk ? undefined : t.thresholdBad}>
              <Input value={threshold} onChange={(_, d) => setThreshold(d.value)} inputMode="decimal" />
            </Field>
            <Field label={t.riskBand}>
              <Input value={riskBand} onChange={(_, d) => setRiskBand(d.value)} inputMode="decimal" />
            </Field>
            <Field label={t.minParticipants}>
              <Input value={minParticipants} onChange={(_, d) => setMinParticipants(d.value)} inputMode="numeric" />
            </Field>
            <Field label={t.smallSample}>
              <Input value={smallSample} onChange={(_, d) => setSmallSample(d.value)} inputMode="numeric" />
            </Field>
            <Field label={t.rule2}>
              <Select className={s.select} value={rule2} onChange={(_, d) => setRule2(d.value as 'any' | 'same')}>
                <option value="any">{t.rule2Any}</option>
                <option value="same">{t.rule2Same}</option>
              </Select>
            </Field>
            <Checkbox
              checked={includeOther}
              onChange={(_, d) => setIncludeOther(Boolean(d.checked))}
              label={t.includeOther}
            />
            <Field label={t.year}>
              <Input value={year} onChange={(_, d) => setYear(d.value)} placeholder="2022-2023" />
            </Field>
          </fieldset>
          <div className={s.row}>
            <Button appearance="primary" disabled={busy || !host || !thresholdOk} onClick={() => void onIdentify()}>
              {t.identify}
            </Button>
            <Button disabled={busy || !host} onClick={() => void onClear()}>
              {t.clearHighlights}
            </Button>
          </div>
        </div>
      )}

      {tab === 'marks' && (
        <div className={s.col} role="tabpanel" aria-label={t.tabMarks}>
          <Text>{t.marksHint}</Text>
          {web && (
            <Field label={t.marksRange}>
              <Input value={marksText} onChange={(_, d) => setMarksText(d.value)} />
            </Field>
          )}
          <Checkbox
            checked={includeNa}
            onChange={(_, d) => setIncludeNa(Boolean(d.checked))}
            label={t.includeNotAssessed}
          />
          <div className={s.row}>
            <Button appearance="primary" disabled={busy || !host} onClick={() => void onMarks()}>
              {t.computeMarks}
            </Button>
          </div>
          {marks && (
            <div className={s.scroll}>
              <table aria-label={t.tabMarks}>
                <tbody>
                  {marksTable(marks.groups).map((line, r) => (
                    <tr key={r}>
                      {line.map((v, c) =>
                        r === 0 || c === 0 ? (
                          <th key={c} scope={r === 0 ? 'col' : 'row'}>
                            {v}
                          </th>
                        ) : (
                          <td key={c}>{typeof v === 'number' ? String(v).replace('.', ',') : v}</td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {marks && marks.issues.length > 0 && (
            <ul>
              {marks.issues.map((i, k) => (
                <li key={k}>
                  {i.cell ? `${i.cell}: ` : ''}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {tab === 'templates' && (
        <div className={s.col} role="tabpanel" aria-label={t.tabTemplates}>
          <Field label={t.template} hint={t.templateHint}>
            <Select className={s.select} value={template} onChange={(_, d) => setTemplate(d.value as TemplateId)}>
              {TEMPLATE_IDS.map((id) => (
                <option key={id} value={id}>
                  {t.templateNames[id]}
                </option>
              ))}
            </Select>
          </Field>
          <div className={s.row}>
            <Button appearance="primary" disabled={busy} onClick={() => void onTemplate()}>
              {host ? t.insertTemplate : t.downloadTemplate}
            </Button>
          </div>
        </div>
      )}

      <div aria-live="polite" className={s.col}>
        {progress && (
          <div className={s.col}>
            <Field validationMessage={progress.stage} validationState="none">
              <ProgressBar
                aria-label={t.working}
                value={progress.total > 0 ? progress.done / progress.total : undefined}
              />
            </Field>
            <div>
              <Button size="small" onClick={() => abort.current?.abort()}>
                {t.cancel}
              </Button>
            </div>
          </div>
        )}
        {status && (
          <MessageBar intent="success">
            <MessageBarBody>{status}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div aria-live="assertive">
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>{t.error}</MessageBarTitle>
              {error}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>

      {tab === 'check' && report && counts && (
        <Text block weight="semibold">
          {t.summary(t.kinds[report.kind], ...counts)}
        </Text>
      )}
      {tab === 'check' && report && <Conclusions items={report.conclusions} t={t} />}
      {tab === 'summary' && summary && <SummaryView run={summary} t={t} />}
      <Conflicts
        items={conflicts}
        t={t}
        busy={busy}
        onReplace={(c) => void onReplace(c)}
        onCopied={() => setStatus(t.copied)}
      />
      {skipped.length > 0 && (
        <section aria-label={t.skippedCells}>
          <h3 className={s.heading}>{t.skippedCells}</h3>
          <ul>
            {skipped.slice(0, 50).map((k, i) => (
              <li key={i}>
                {k.sheet}!{k.cell}: {k.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {(tab === 'check' ? report : tab === 'identify' ? identified : null) && (
        <Findings issues={issuesShown} t={t} label={t.findings} onSelect={(i) => void onSelect(i)} current={current} />
      )}
      {tab === 'check' && report?.identification && <Verdict res={report.identification} t={t} />}
      {tab === 'identify' && identified && <Verdict res={identified} t={t} />}
    </main>
  );
}
