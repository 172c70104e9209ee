/** Cells where the user wrote their own «Вывод» / «Проблема»: their text, the draft, copy or replace. */
import * as React from 'react';
import { Button, Text } from '@fluentui/react-components';
import type { Conflict } from '../actions';
import { Dict } from '../i18n';
import { useStyles } from '../ui';

export function Conflicts(props: {
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
