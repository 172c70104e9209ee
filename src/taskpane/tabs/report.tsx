/**
 * «Аналитическая справка» under the identification (issue 14): «Справка» writes the sheet «Справка»
 * with its Excel charts into the workbook (in Excel, or into the copy on the web page); the web page
 * also downloads the справка as a .docx made in the browser, its charts drawn on a canvas. The
 * section «Объективность оценивания» takes its flag share from the «Отметки» tab.
 */
import * as React from 'react';
import { Button, Field, Input, Text } from '@fluentui/react-components';
import type { ReportBook } from '../../engine/report/inputs';
import { ReportFields, reportDocxBytes, runReportSheet } from '../actions';
import { renderPngBrowser } from '../png';
import { usePane, usePaneState } from '../store';
import { DOCX_TYPE, download, num as parseNum, useStyles } from '../ui';

export function ReportBox(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, busy, host, web, files, thresholdOk } = p;
  const [typed, setFields] = usePaneState<ReportFields>('report.fields', {});
  // Objectivity in the справка: the flag share set on the «Отметки» tab (50 % by default).
  const [flagText] = usePaneState('marks.flagShare', '50');
  const flag = parseNum(flagText);
  const fields: ReportFields =
    flagText.trim() !== '' && Number.isFinite(flag) && flag >= 0 && flag <= 100 ? { ...typed, flagShare: flag } : typed;
  const set = (k: keyof ReportFields) => (_: unknown, d: { value: string }) =>
    setFields((f) => ({ ...f, [k]: d.value }));

  const books = async (): Promise<ReportBook[]> =>
    Promise.all(files.map(async (f) => ({ name: f.name, wb: await f.read() })));

  const onSheet = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runReportSheet(h, p.settings(), fields, { ...o, ...(web ? { books: await books() } : {}) });
      p.setSkipped(r.outcome.skipped);
      const f = r.report.figures;
      return t.reportWritten(f.schools.length, f.byStatus['ШНОР'], r.report.recommendations.length);
    });

  const onDocx = (): Promise<void> =>
    p.run(async (_h, o) => {
      const r = await reportDocxBytes(await books(), p.settings(), fields, renderPngBrowser, o);
      const f = r.report.figures;
      const name = t.reportFile(f.year ?? '');
      download(name, r.bytes, DOCX_TYPE);
      return t.reportDownloaded(name, f.schools.length, f.byStatus['ШНОР'], r.report.recommendations.length);
    });

  return (
    <fieldset className={s.box}>
      <legend>{t.reportBox}</legend>
      <Text size={200} className={s.small}>
        {web ? t.reportHintWeb : t.reportHint}
      </Text>
      <Field label={t.reportMunicipality}>
        <Input value={fields.municipality ?? ''} onChange={set('municipality')} />
      </Field>
      <Field label={t.reportBody}>
        <Input value={fields.body ?? ''} onChange={set('body')} />
      </Field>
      <Field label={t.reportAuthor}>
        <Input value={fields.author ?? ''} onChange={set('author')} />
      </Field>
      <div className={s.row}>
        <Button disabled={busy || !host || !thresholdOk} onClick={() => void onSheet()}>
          {t.reportSheet}
        </Button>
        {web && (
          <Button appearance="primary" disabled={busy || !host || !thresholdOk} onClick={() => void onDocx()}>
            {t.reportDocx}
          </Button>
        )}
      </div>
    </fieldset>
  );
}
