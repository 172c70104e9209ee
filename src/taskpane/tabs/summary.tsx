/**
 * «Сводка»: the web page checks the chosen files one by one; Excel takes the ДТК sheets of the
 * open workbook and writes the summary sheets into it. Cancelling stops between two files.
 */
import * as React from 'react';
import { Button, Field, Input, Text } from '@fluentui/react-components';
import { summarySheets } from '../../engine/consolidate';
import { createWorkbook } from '../../xlsx/patch';
import { SummaryRun, SummarySource, isAbort, runSummary, workbookSources, writeSummary } from '../actions';
import { fileSource } from '../fileHost';
import { usePane, usePaneState } from '../store';
import { download, message, num, paint, useStyles } from '../ui';
import { SummaryView } from '../views/SummaryView';
import { PaneTab } from './tab';

function SummaryPanel(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, web, host, busy, fields, setField } = p;
  /** On the web page: the files chosen (read one by one when it runs). */
  const [summaryFiles, setSummaryFiles] = usePaneState<File[]>('summary.files', []);
  const [quantile, setQuantile] = usePaneState('summary.quantile', '0,75');
  const [summary, setSummary] = usePaneState<SummaryRun | null>('summary.run', null);
  const summaryOk =
    p.thresholdOk &&
    Number.isFinite(num(fields.riskBand)) &&
    num(fields.riskBand) >= 0 &&
    num(fields.riskBand) <= 100 &&
    Number.isFinite(num(quantile)) &&
    num(quantile) > 0 &&
    num(quantile) < 1;

  const onSummary = async (): Promise<void> => {
    const ac = new AbortController();
    p.abort.current = ac;
    p.setError(null);
    p.setStatus('');
    setSummary(null);
    p.setProgress({ done: 0, total: 0, stage: t.reading });
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
        p.settings(),
        { threshold: num(fields.threshold), riskBand: num(fields.riskBand), disadvantageQuantile: num(quantile) },
        {
          signal: ac.signal,
          onFile: (i, n, name) => p.setProgress({ done: i - 1, total: n, stage: t.summaryFile(i, n, name) }),
        },
      );
      setSummary(r);
      const read = r.result.files.filter((f) => f.status === 'прочитан').length;
      let msg = t.summaryDone(read, r.result.files.length, r.result.schools.length);
      if (!web && host) {
        const out = await writeSummary(host, r, { signal: ac.signal, onProgress: (pr) => p.setProgress(pr) });
        p.setSkipped(out.skipped);
        msg += ' ' + t.summaryWritten;
      }
      p.setStatus(msg);
    } catch (e) {
      if (isAbort(e)) p.setStatus(t.cancelled);
      else p.setError(message(e));
    } finally {
      p.abort.current = null;
      p.setProgress(null);
      p.bumpVersion();
    }
  };

  return (
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
          <Input value={fields.threshold} onChange={(_, d) => setField('threshold', d.value)} inputMode="decimal" />
        </Field>
        <Field label={t.riskBand}>
          <Input value={fields.riskBand} onChange={(_, d) => setField('riskBand', d.value)} inputMode="decimal" />
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
                p.setError(message(e));
              }
            }}
          >
            {t.summaryDownload}
          </Button>
        )}
      </div>
    </div>
  );
}

function SummaryResults(): React.JSX.Element | null {
  const { t } = usePane();
  const [summary] = usePaneState<SummaryRun | null>('summary.run', null);
  return summary && <SummaryView run={summary} t={t} />;
}

export const summaryTab: PaneTab = {
  id: 'summary',
  label: (t) => t.tabSummary,
  Panel: SummaryPanel,
  Results: SummaryResults,
};
