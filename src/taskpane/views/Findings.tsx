/** The findings list of a check or an identification, grouped by section and severity. */
import * as React from 'react';
import { Badge, Text } from '@fluentui/react-components';
import type { Issue, Severity } from '../../engine/issues';
import { Dict } from '../i18n';
import { COLOR, MAX_SHOWN, useStyles } from '../ui';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

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

/** The findings list: each one a button; Enter or a click selects its cell; arrows move between them. */
export function Findings(props: {
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
