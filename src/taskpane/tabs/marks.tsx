/**
 * «Отметки»: the usual marks figures (успеваемость, качество, СОУ, средний балл) of a selected range;
 * «По журналу (вся книга)»: period marks from the class journal on every sheet (issue 16).
 */
import * as React from 'react';
import { Button, Checkbox, Field, Input, Text } from '@fluentui/react-components';
import { MarksAnalysis, marksTable } from '../../engine/marks/analyze';
import { JournalAnalysis } from '../../engine/marks/journal';
import { runJournalMarks, runMarks } from '../actions';
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
  const [journal, setJournal] = usePaneState<JournalAnalysis | null>('marks.journal', null);

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

  const onJournal = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runJournalMarks(h, { includeNotAssessed: includeNa }, o);
      setJournal(r.analysis);
      p.setSkipped(r.outcome.skipped);
      return t.journalWritten(r.sheets.map((x) => `«${x}»`).join(', '));
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
      <Text>{t.journalHint}</Text>
      <div className={s.row}>
        <Button disabled={busy || !host} onClick={() => void onJournal()}>
          {t.computeJournal}
        </Button>
      </div>
      {journal && <JournalSummary a={journal} />}
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

const num = (v: number | null, sign = false): string =>
  v === null ? '—' : `${sign && v > 0 ? '+' : ''}${(Math.round(v * 10) / 10).toFixed(1).replace('.', ',')}`;

/** The journal analysis in the pane: a line per period, the classes of the latest period. */
function JournalSummary({ a }: { a: JournalAnalysis }): React.JSX.Element {
  const s = useStyles();
  const { t } = usePane();
  const last = a.periods[a.periods.length - 1];
  const of = (period: string) => (x: { period: string }) => x.period === period;
  const classes = last ? a.figures.filter((f) => f.period === last.label && f.scope === 'class') : [];
  const issues = a.issues.filter((i) => i.severity !== 'info');
  return (
    <div className={s.col} role="region" aria-label={t.computeJournal}>
      {a.periods.map((p) => {
        const school = a.figures.find((f) => f.period === p.label && f.scope === 'school');
        return (
          <Text key={p.key}>
            {t.journalPeriod(
              p.label,
              a.figures.filter((f) => f.period === p.label && f.scope === 'class').length,
              a.failing.filter(of(p.label)).length,
              a.oneThree.filter(of(p.label)).length,
              a.oneFour.filter(of(p.label)).length,
              school?.left ?? 0,
              school?.arrived ?? 0,
            )}
          </Text>
        );
      })}
      {last && (
        <div className={s.scroll}>
          <table aria-label={`${t.computeJournal}: ${last.label}`}>
            <thead>
              <tr>
                <th scope="col">{t.journalClass}</th>
                <th scope="col">{t.journalPassRate}</th>
                <th scope="col">{t.journalQuality}</th>
                <th scope="col">{t.journalSou}</th>
                <th scope="col">{t.journalChange}</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((f) => (
                <tr key={f.className ?? ''}>
                  <th scope="row">{f.className}</th>
                  <td>{num(f.result.passRate)}</td>
                  <td>{num(f.result.quality)}</td>
                  <td>{num(f.result.sou)}</td>
                  <td>{num(f.change?.quality ?? null, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {issues.length > 0 && (
        <ul>
          {issues.slice(0, 20).map((i, k) => (
            <li key={k}>
              {i.sheet ? `${i.sheet}${i.cell ? `!${i.cell}` : ''}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const marksTab: PaneTab = { id: 'marks', label: (t) => t.tabMarks, Panel: MarksPanel };
