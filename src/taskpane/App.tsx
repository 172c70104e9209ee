/**
 * The task pane: the same UI in Excel (over the Office.js host) and as the web page (over a file
 * from disk). It talks to the workbook only through WorkbookHost and to the rules only through
 * the engine (actions.ts); it adds no domain logic of its own.
 *
 * This file lays the pane out: the workbook (files opened on the web page, the active sheet's
 * kind), the tabs (tabs/, one file each), the live regions, and what the last command found.
 * The state they share is in store.tsx.
 */
import * as React from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Tab,
  TabList,
  Text,
  Title3,
} from '@fluentui/react-components';
import { Conflict, isAbort, replaceWithDraft } from './actions';
import { FileHost } from './fileHost';
import { WorkbookHost } from './host';
import { CANCELLED, HOLD_ROWS, identifyInWorker, readFiles } from './readJob';
import { browserWorker } from './readWorker';
import { Lang } from './i18n';
import { Pane, PaneProvider, usePaneStore } from './store';
import { TABS } from './tabs';
import { download, message, paint, useStyles } from './ui';
import { Conflicts } from './views/Conflicts';

export interface AppProps {
  /** The open workbook in Excel; null on the web page until a file is opened. */
  host: WorkbookHost | null;
  lang: Lang;
}

export function App(props: AppProps): React.JSX.Element {
  const pane = usePaneStore(props);
  const [tab, setTab] = React.useState(TABS[0].id);
  const current = TABS.find((x) => x.id === tab) ?? TABS[0];
  return (
    <PaneProvider value={pane}>
      <Layout pane={pane} tab={tab} setTab={setTab} current={current} />
    </PaneProvider>
  );
}

function Layout(props: {
  pane: Pane;
  tab: string;
  setTab: (id: string) => void;
  current: (typeof TABS)[number];
}): React.JSX.Element {
  const s = useStyles();
  const p = props.pane;
  const { t, web, busy, progress, status, error, skipped } = p;
  const { Panel, Results, Details } = props.current;

  const onReplace = (c: Conflict): Promise<void> =>
    p.run(async (h, o) => {
      const out = await replaceWithDraft(h, c, o);
      p.setConflicts((l) => l.filter((x) => x !== c));
      p.setSkipped(out.skipped);
      return t.written(1 - out.skipped.length);
    });

  return (
    <main className={s.root} data-version={p.version}>
      <Title3 as="h1">{t.title}</Title3>
      <Text>{web ? t.webIntro : t.intro}</Text>

      {web && <Files pane={p} />}

      {p.kind && (
        <div className={s.row}>
          <Text role="status" weight="semibold">
            {p.kind.fisoko
              ? t.sheetFisOko(
                  p.kind.sheet,
                  p.kind.fisoko.report,
                  p.kind.fisoko.procedure,
                  p.kind.fisoko.year,
                  p.kind.fisoko.schools,
                )
              : t.sheetKind(p.kind.sheet, t.kinds[p.kind.kind])}
          </Text>
          {!web && (
            <Button size="small" disabled={busy} onClick={() => void p.refreshKind()}>
              {t.refresh}
            </Button>
          )}
        </div>
      )}

      <TabList
        selectedValue={props.tab}
        onTabSelect={(_, d) => props.setTab(String(d.value))}
        size="small"
        aria-label={t.title}
        className={s.tabs}
      >
        {TABS.map((x) => (
          <Tab key={x.id} value={x.id}>
            {x.label(t)}
          </Tab>
        ))}
      </TabList>

      <Panel />

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
              <Button size="small" onClick={() => p.abort.current?.abort()}>
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

      {Results && <Results />}
      <Conflicts
        items={p.conflicts}
        t={t}
        busy={busy}
        onReplace={(c) => void onReplace(c)}
        onCopied={() => p.setStatus(t.copied)}
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
      {Details && <Details />}
    </main>
  );
}

/** The web page: open workbooks (several at once), choose the one and the sheet to work on, download the copy. */
function Files(props: { pane: Pane }): React.JSX.Element {
  const s = useStyles();
  const p = props.pane;
  const { t, busy, files, fileHost, kind } = p;

  const openFiles = async (list: FileList | null): Promise<void> => {
    if (!list || list.length === 0) return;
    p.setError(null);
    p.setStatus('');
    const ac = new AbortController();
    p.abort.current = ac;
    p.setProgress({ done: 0, total: list.length, stage: t.reading });
    await paint();
    try {
      const chosen = Array.from(list);
      const files = await Promise.all(
        chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      // The heavy reading runs in a Web Worker (the page never freezes); «Отменить» ends it.
      const makeWorker = browserWorker();
      // a big workbook (the all-Russia results) stays in the worker: the page gets what it shows of it
      const results = await readFiles(files, {
        signal: ac.signal,
        onProgress: (x) => p.setProgress(x),
        makeWorker,
        hold: HOLD_ROWS,
      });
      p.resetView();
      const opened: FileHost[] = [];
      const failed: string[] = [];
      results.forEach((r, i) => {
        if (!r.ok) failed.push(r.message);
        else if ('held' in r)
          opened.push(
            FileHost.held(r.name, files[i].bytes, r.held, (job, o) => identifyInWorker(job, { ...o, makeWorker })),
          );
        else opened.push(FileHost.fromSnapshot(r.name, files[i].bytes, r.workbook));
      });
      p.setFiles(opened);
      p.setHost(opened[0] ?? null);
      if (opened[0]) await p.refreshKind(opened[0]);
      else p.setKind(null);
      if (failed.length > 0) p.setError(failed.join('\n'));
    } catch (e) {
      // cancelled: what was open before stays open and usable
      if (isAbort(e)) p.setStatus(CANCELLED);
      else p.setError(message(e));
    } finally {
      if (p.abort.current === ac) p.abort.current = null;
      p.setProgress(null);
    }
  };

  const switchTo = async (name: string): Promise<void> => {
    const h = files.find((f) => f.name === name);
    if (!h) return;
    p.resetView();
    p.setHost(h);
    await p.refreshKind(h);
  };

  return (
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
                void p.refreshKind(fileHost);
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
  );
}
