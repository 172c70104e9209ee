/** The verdicts of an identification: the counts, then every school that is not «норма» with its reason. */
import * as React from 'react';
import { Badge, Text } from '@fluentui/react-components';
import type { IdentifyResult } from '../../engine/results/identify';
import { Dict } from '../i18n';
import { MAX_SHOWN, useStyles } from '../ui';

export function Verdict(props: { res: IdentifyResult; t: Dict }): React.JSX.Element {
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
