import * as React from 'react';
import { Text } from '@fluentui/react-components';
import { formatNumberRu, formatPercentRu } from '../../engine/text';
import type { SummaryRun } from '../actions';
import { Dict } from '../i18n';
import { useStyles } from '../ui';

/** What «Сводка» gave: files read and not, schools by cluster, the efficiency indicators. */
export function SummaryView(props: { run: SummaryRun; t: Dict }): React.JSX.Element {
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
