/** «Отметки»: the usual marks figures (успеваемость, качество, СОУ, средний балл) of a selected range. */
import * as React from 'react';
import { Button, Checkbox, Field, Input, Text } from '@fluentui/react-components';
import { MarksAnalysis, marksTable } from '../../engine/marks/analyze';
import { runMarks } from '../actions';
import { usePane, usePaneState } from '../store';
import { useStyles } from '../ui';
import { PaneTab } from './tab';

function MarksPanel(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, busy, host, fileHost } = p;
  const [marksText, setMarksText] = usePaneState('marks.range', '');
  const [includeNa, setIncludeNa] = usePaneState('marks.includeNa', false);
  const [marks, setMarks] = usePaneState<MarksAnalysis | null>('marks.analysis', null);

  const onMarks = (): Promise<void> =>
    p.run(async (h, o) => {
      if (fileHost) {
        if (!marksText.trim()) throw new Error(t.marksRange);
        fileHost.setSelection(await h.activeSheet(), marksText.trim());
      }
      const r = await runMarks(h, { includeNotAssessed: includeNa }, o);
      setMarks(r.analysis);
      p.setSkipped(r.outcome.skipped);
      return t.marksWritten(r.written, t.marksSources[r.analysis.source]);
    });

  return (
    <div className={s.col} role="tabpanel" aria-label={t.tabMarks}>
      <Text>{t.marksHint}</Text>
      {p.web && (
        <Field label={t.marksRange}>
          <Input value={marksText} onChange={(_, d) => setMarksText(d.value)} />
        </Field>
      )}
      <Checkbox
        checked={includeNa}
        onChange={(_, d) => setIncludeNa(Boolean(d.checked))}
        label={t.includeNotAssessed}
      />
      <div className={s.row}>
        <Button appearance="primary" disabled={busy || !host} onClick={() => void onMarks()}>
          {t.computeMarks}
        </Button>
      </div>
      {marks && (
        <div className={s.scroll}>
          <table aria-label={t.tabMarks}>
            <tbody>
              {marksTable(marks.groups).map((line, r) => (
                <tr key={r}>
                  {line.map((v, c) =>
                    r === 0 || c === 0 ? (
                      <th key={c} scope={r === 0 ? 'col' : 'row'}>
                        {v}
                      </th>
                    ) : (
                      <td key={c}>{typeof v === 'number' ? String(v).replace('.', ',') : v}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {marks && marks.issues.length > 0 && (
        <ul>
          {marks.issues.map((i, k) => (
            <li key={k}>
              {i.cell ? `${i.cell}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const marksTab: PaneTab = { id: 'marks', label: (t) => t.tabMarks, Panel: MarksPanel };
