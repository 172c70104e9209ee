/** «Идентификация ШНОР»: on the active sheet or a selected range, with the settings of DOMAIN §4. */
import * as React from 'react';
import { Button, Checkbox, Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { runIdentify, runRegisterPane } from '../actions';
import { usePane, usePaneState } from '../store';
import { useStyles } from '../ui';
import { Findings } from '../views/Findings';
import { Verdict } from '../views/Verdict';
import { useClear } from './check';
import { ReportBox } from './report';
import { PaneTab } from './tab';

function IdentifyPanel(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, busy, host, fileHost, fields, setField, thresholdOk } = p;
  const [target, setTarget] = usePaneState<'sheet' | 'range'>('identify.target', 'sheet');
  const [rangeText, setRangeText] = usePaneState('identify.range', '');
  const onClear = useClear();

  const onIdentify = (): Promise<void> =>
    p.run(async (h, o) => {
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
      const r = await runIdentify(h, p.settings(), goal, o);
      p.setIdentified(r.result);
      p.setSkipped(r.outcome.skipped);
      const b = r.result.summary.byStatus;
      return r.result.year
        ? t.verdict(r.result.year, r.result.previousYear ?? '—', r.result.summary.schools, b.ШНОР, b.риск, b.норма)
        : t.noTable;
    });

  const onRegister = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runRegisterPane(h, p.settings(), o);
      p.setSkipped(r.outcome.skipped);
      return t.registerDone(r.register.years.join(', '), r.register.schools.length);
    });

  return (
    <div className={s.col} role="tabpanel" aria-label={t.tabIdentify}>
      <Field label={t.target}>
        <RadioGroup value={target} onChange={(_, d) => setTarget(d.value as 'sheet' | 'range')}>
          <Radio value="sheet" label={t.targetSheet(p.kind?.sheet ?? '')} />
          <Radio value="range" label={t.targetRange} />
        </RadioGroup>
      </Field>
      {target === 'range' && p.web && (
        <Field label={t.rangeLabel}>
          <Input value={rangeText} onChange={(_, d) => setRangeText(d.value)} />
        </Field>
      )}
      <fieldset className={s.box}>
        <legend>{t.settings}</legend>
        <Field label={t.threshold} validationMessage={thresholdOk ? undefined : t.thresholdBad}>
          <Input value={fields.threshold} onChange={(_, d) => setField('threshold', d.value)} inputMode="decimal" />
        </Field>
        <Field label={t.riskBand}>
          <Input value={fields.riskBand} onChange={(_, d) => setField('riskBand', d.value)} inputMode="decimal" />
        </Field>
        <Field label={t.minParticipants}>
          <Input
            value={fields.minParticipants}
            onChange={(_, d) => setField('minParticipants', d.value)}
            inputMode="numeric"
          />
        </Field>
        <Field label={t.smallSample}>
          <Input value={fields.smallSample} onChange={(_, d) => setField('smallSample', d.value)} inputMode="numeric" />
        </Field>
        <Field label={t.rule2}>
          <Select
            className={s.select}
            value={fields.rule2}
            onChange={(_, d) => setField('rule2', d.value as 'any' | 'same')}
          >
            <option value="any">{t.rule2Any}</option>
            <option value="same">{t.rule2Same}</option>
          </Select>
        </Field>
        <Checkbox
          checked={fields.includeOther}
          onChange={(_, d) => setField('includeOther', Boolean(d.checked))}
          label={t.includeOther}
        />
        <Field label={t.year}>
          <Input value={fields.year} onChange={(_, d) => setField('year', d.value)} placeholder="2022-2023" />
        </Field>
      </fieldset>
      <div className={s.row}>
        <Button appearance="primary" disabled={busy || !host || !thresholdOk} onClick={() => void onIdentify()}>
          {t.identify}
        </Button>
        <Button disabled={busy || !host || !thresholdOk} onClick={() => void onRegister()}>
          {t.register}
        </Button>
        <Button disabled={busy || !host} onClick={() => void onClear()}>
          {t.clearHighlights}
        </Button>
      </div>
      <ReportBox />
    </div>
  );
}

function IdentifyDetails(): React.JSX.Element | null {
  const { identified, t, current, select } = usePane();
  if (!identified) return null;
  return (
    <>
      <Findings
        issues={identified.issues}
        t={t}
        label={t.findings}
        onSelect={(i) => void select(i)}
        current={current}
      />
      <Verdict res={identified} t={t} />
    </>
  );
}

export const identifyTab: PaneTab = {
  id: 'identify',
  label: (t) => t.tabIdentify,
  Panel: IdentifyPanel,
  Details: IdentifyDetails,
};
