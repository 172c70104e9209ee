/** «Проверка»: check the active sheet, write the drafted conclusions, highlight or clear the findings. */
import * as React from 'react';
import { Button, Text } from '@fluentui/react-components';
import type { CheckReport } from '../../engine/check';
import type { NewYearPlan } from '../../engine/dtk/newyear';
import type { CardFillResult } from '../../engine/card/fill';
import {
  applyHighlights,
  applyNewYear,
  applyCardFill,
  prepareCardFill,
  prepareNewYear,
  clearHighlights,
  conclusionEdits,
  prepareCheck,
  runCheck,
  writeConclusions,
} from '../actions';
import { usePane, usePaneState } from '../store';
import { useStyles } from '../ui';
import { Conclusions } from '../views/Conclusions';
import { Findings } from '../views/Findings';
import { Verdict } from '../views/Verdict';
import { PaneTab } from './tab';

/** Findings by severity: errors, warnings, information. */
export function countOf(r: CheckReport): [number, number, number] {
  const n = { error: 0, warning: 0, info: 0 };
  for (const i of r.issues) n[i.severity]++;
  return [n.error, n.warning, n.info];
}

/** «Очистить подсветку», on the check and identification tabs. */
export function useClear(): () => Promise<void> {
  const { run, t } = usePane();
  return () =>
    run(async (h, o) => {
      await clearHighlights(h, o);
      return t.cleared;
    });
}

function CheckPanel(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, run, busy, host } = p;
  const onClear = useClear();

  const onCheck = (): Promise<void> =>
    run(async (h, o) => {
      const r = await runCheck(h, p.settings(), o);
      p.setReport(r.report);
      p.setSkipped(r.outcome.skipped);
      p.setConflicts([]);
      p.setIdentified(r.report.identification ?? null);
      return t.summary(t.kinds[r.report.kind], ...countOf(r.report));
    });

  const onWrite = (): Promise<void> =>
    run(async (h, o) => {
      const r = await writeConclusions(h, p.settings(), o);
      p.setReport(r.report);
      p.setConflicts(r.conflicts);
      p.setSkipped(r.skipped);
      if (conclusionEdits(r.report).length === 0 && r.conflicts.length === 0) return t.noDrafts;
      return t.written(r.written);
    });

  const [plan, setPlan] = usePaneState<NewYearPlan | null>('newYearPlan', null);
  const span = (years: string[]): string => (years.length ? `${years[0]} – ${years[years.length - 1]}` : '');
  const onNewYear = (): Promise<void> =>
    run(async (h, o) => {
      const next = await prepareNewYear(h, o);
      setPlan(next.ok ? next : null);
      return next.ok ? t.newYearConfirm(span(next.from), span(next.to)) : `${next.message ?? ''}`;
    });
  const onNewYearApply = (): Promise<void> =>
    run(async (h, o) => {
      if (!plan) return '';
      const out = await applyNewYear(h, plan, o);
      setPlan(null);
      p.setReport(null);
      p.setSkipped(out.skipped);
      return t.newYearDone(plan.moved, span(plan.to));
    });

  const [fill, setFill] = usePaneState<CardFillResult | null>('cardFill', null);
  const onCardFill = (): Promise<void> =>
    run(async (h, o) => {
      const next = await prepareCardFill(h, {}, o);
      setFill(next.ok ? next : null);
      if (!next.ok) return next.message ?? '';
      const kept = next.issues.filter((i) => i.code === 'CARD-FILL-KEPT');
      const lines = [t.cardFillConfirm(next.date ?? '', next.filled, next.added, kept.length)];
      for (const i of next.issues) lines.push(`${i.cell ? `${i.sheet}!${i.cell}: ` : ''}${i.message}`);
      return lines.join('\n');
    });
  const onCardFillApply = (): Promise<void> =>
    run(async (h, o) => {
      if (!fill) return '';
      const out = await applyCardFill(h, fill, o);
      setFill(null);
      p.setReport(null);
      p.setSkipped(out.skipped);
      return t.cardFillDone(fill.edits.length - out.skipped.length);
    });

  const onHighlight = (): Promise<void> =>
    run(async (h, o) => {
      const r = await prepareCheck(h, p.settings(), o);
      p.setReport(r);
      const out = await applyHighlights(h, r, o);
      p.setSkipped(out.skipped);
      return t.highlighted;
    });

  return (
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
        <Button disabled={busy || !host} onClick={() => void onNewYear()}>
          {t.newYear}
        </Button>
      </div>
      <div className={s.row}>
        <Button disabled={busy || !host} onClick={() => void onCardFill()}>
          {t.cardFill}
        </Button>
      </div>
      {fill && fill.edits.length > 0 && (
        <div className={s.row}>
          <Button appearance="primary" disabled={busy || !host} onClick={() => void onCardFillApply()}>
            {t.cardFillApply}
          </Button>
          <Button disabled={busy} onClick={() => setFill(null)}>
            {t.cancel}
          </Button>
        </div>
      )}
      {plan && (
        <div className={s.row}>
          <Button appearance="primary" disabled={busy || !host} onClick={() => void onNewYearApply()}>
            {t.newYearApply}
          </Button>
          <Button disabled={busy} onClick={() => setPlan(null)}>
            {t.cancel}
          </Button>
        </div>
      )}
    </div>
  );
}

function CheckResults(): React.JSX.Element | null {
  const { report, t } = usePane();
  if (!report) return null;
  return (
    <>
      <Text block weight="semibold">
        {t.summary(t.kinds[report.kind], ...countOf(report))}
      </Text>
      <Conclusions items={report.conclusions} t={t} />
    </>
  );
}

function CheckDetails(): React.JSX.Element | null {
  const { report, t, current, select } = usePane();
  if (!report) return null;
  return (
    <>
      <Findings issues={report.issues} t={t} label={t.findings} onSelect={(i) => void select(i)} current={current} />
      {report.identification && <Verdict res={report.identification} t={t} />}
    </>
  );
}

export const checkTab: PaneTab = {
  id: 'check',
  label: (t) => t.tabCheck,
  Panel: CheckPanel,
  Results: CheckResults,
  Details: CheckDetails,
};
