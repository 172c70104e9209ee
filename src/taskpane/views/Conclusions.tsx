import * as React from 'react';
import { Text } from '@fluentui/react-components';
import type { Conclusion } from '../../engine/check';
import { Dict } from '../i18n';
import { useStyles } from '../ui';

/** The drafted «Вывод» / «Проблема» of each section: the computed figures, in words. */
export function Conclusions(props: { items: readonly Conclusion[]; t: Dict }): React.JSX.Element | null {
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
          {c.recommendation !== undefined && (
            <Text block>
              <b>{t.recommendationLabel}:</b> {c.recommendation}
            </Text>
          )}
        </div>
      ))}
    </section>
  );
}
