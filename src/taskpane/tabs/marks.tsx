/**
 * «Отметки»: the usual marks figures (успеваемость, качество, СОУ, средний балл) of a selected range;
 * «По журналу (вся книга)»: period marks from the class journal on every sheet (issue 16);
 * «Задания ВПР (реестр затруднений)», «Учителя», «Объективность»: the deputy's analyses of the whole
 * workbook, each writing its owned sheet as the CLI's `shnor tasks | teachers | objectivity` does.
 */
import * as React from 'react';
import { Button, Checkbox, Field, Input, Text } from '@fluentui/react-components';
import { MarksAnalysis, marksTable } from '../../engine/marks/analyze';
import { JournalAnalysis } from '../../engine/marks/journal';
import { TasksAnalysis } from '../../engine/marks/tasks';
import { TeachersAnalysis } from '../../engine/marks/teachers';
import { ObjectivityAnalysis } from '../../engine/marks/objectivity';
import { Issue } from '../../engine/issues';
import { runJournalMarks, runMarks, runObjectivityAnalysis, runTasksAnalysis, runTeachersAnalysis } from '../actions';
import { usePane, usePaneState } from '../store';
import { num as parseNum, useStyles } from '../ui';
import { PaneTab } from './tab';

function MarksPanel(): React.JSX.Element {
  const s = useStyles();
  const p = usePane();
  const { t, busy, host, fileHost } = p;
  const [marksText, setMarksText] = usePaneState('marks.range', '');
  const [includeNa, setIncludeNa] = usePaneState('marks.includeNa', false);
  const [marks, setMarks] = usePaneState<MarksAnalysis | null>('marks.analysis', null);
  const [journal, setJournal] = usePaneState<JournalAnalysis | null>('marks.journal', null);
  const [gapText, setGapText] = usePaneState('marks.gap', '15');
  const [thresholdText, setThresholdText] = usePaneState('marks.threshold', '');
  const [flagText, setFlagText] = usePaneState('marks.flagShare', '50');
  const [tasks, setTasks] = usePaneState<TasksAnalysis | null>('marks.tasks', null);
  const [teachers, setTeachers] = usePaneState<TeachersAnalysis | null>('marks.teachers', null);
  const [objectivity, setObjectivity] = usePaneState<ObjectivityAnalysis | null>('marks.objectivity', null);
  const share = (v: string): number | null => {
    const n = parseNum(v);
    return v.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
  };
  const gap = share(gapText);
  const threshold = thresholdText.trim() === '' ? null : share(thresholdText);
  const flagShare = share(flagText);
  const settingsOk = gap !== null && flagShare !== null && (thresholdText.trim() === '' || threshold !== null);

  const onTasks = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runTasksAnalysis(h, { gap: gap ?? 15 }, o);
      setTasks(r.analysis);
      p.setSkipped(r.outcome.skipped);
      return t.analysisWritten(r.sheet);
    });

  const onTeachers = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runTeachersAnalysis(h, { threshold }, o);
      setTeachers(r.analysis);
      p.setSkipped(r.outcome.skipped);
      return t.analysisWritten(r.sheet);
    });

  const onObjectivity = (): Promise<void> =>
    p.run(async (h, o) => {
      const r = await runObjectivityAnalysis(h, { flagShare: flagShare ?? 50 }, o);
      setObjectivity(r.analysis);
      p.setSkipped(r.outcome.skipped);
      return t.analysisWritten(r.sheet);
    });

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
      <Text>{t.analysesHint}</Text>
      <fieldset className={s.box}>
        <legend>{t.analysesSettings}</legend>
        <Field label={t.tasksGap} validationMessage={gap === null ? t.analysesSettingsBad : undefined}>
          <Input value={gapText} onChange={(_, d) => setGapText(d.value)} inputMode="decimal" />
        </Field>
        <Field
          label={t.teachersThreshold}
          validationMessage={thresholdText.trim() !== '' && threshold === null ? t.analysesSettingsBad : undefined}
        >
          <Input value={thresholdText} onChange={(_, d) => setThresholdText(d.value)} inputMode="decimal" />
        </Field>
        <Field label={t.objectivityFlag} validationMessage={flagShare === null ? t.analysesSettingsBad : undefined}>
          <Input value={flagText} onChange={(_, d) => setFlagText(d.value)} inputMode="decimal" />
        </Field>
      </fieldset>
      <div className={s.row}>
        <Button disabled={busy || !host || !settingsOk} onClick={() => void onTasks()}>
          {t.computeTasks}
        </Button>
        <Button disabled={busy || !host || !settingsOk} onClick={() => void onTeachers()}>
          {t.computeTeachers}
        </Button>
        <Button disabled={busy || !host || !settingsOk} onClick={() => void onObjectivity()}>
          {t.computeObjectivity}
        </Button>
      </div>
      {tasks && <TasksSummary a={tasks} />}
      {teachers && <TeachersSummary a={teachers} />}
      {objectivity && <ObjectivitySummary a={objectivity} />}
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
      <Findings issues={a.issues} />
    </div>
  );
}

/** At most this many rows of an analysis are shown in the pane (all of them are on the sheet). */
const SHOWN = 30;

function Findings({ issues }: { issues: Issue[] }): React.JSX.Element | null {
  const shown = issues.filter((i) => i.severity !== 'info');
  if (shown.length === 0) return null;
  return (
    <ul>
      {shown.slice(0, 20).map((i, k) => (
        <li key={k}>
          {i.sheet ? `${i.sheet}${i.cell ? `!${i.cell}` : ''}: ` : ''}
          {i.message}
        </li>
      ))}
    </ul>
  );
}

/** «Задания ВПР»: the counts and the register of difficulties. */
function TasksSummary({ a }: { a: TasksAnalysis }): React.JSX.Element {
  const s = useStyles();
  const { t } = usePane();
  const rows = a.difficulties.slice(0, SHOWN);
  return (
    <div className={s.col} role="region" aria-label={t.computeTasks}>
      <Text>
        {t.tasksSummary(
          a.classes.length,
          a.difficulties.length,
          a.settings.below,
          a.settings.gap,
          a.reports.length > 0,
        )}
      </Text>
      {rows.length > 0 && (
        <div className={s.scroll}>
          <table aria-label={t.computeTasks}>
            <thead>
              <tr>
                <th scope="col">{t.colClass}</th>
                <th scope="col">{t.colTask}</th>
                <th scope="col">{t.colDone}</th>
                <th scope="col">{t.colRegion}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d, k) => (
                <tr key={k}>
                  <th scope="row">{`${d.cls}${d.year !== null ? `, ${d.year}` : ''}`}</th>
                  <td>{d.task}</td>
                  <td>{num(d.done)}</td>
                  <td>{num(d.region)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {a.difficulties.length > rows.length && <Text>{t.shownFirst(rows.length, a.difficulties.length)}</Text>}
      <Findings issues={a.issues} />
    </div>
  );
}

/** «Учителя»: the counts and the stably low, year by year. */
function TeachersSummary({ a }: { a: TeachersAnalysis }): React.JSX.Element {
  const s = useStyles();
  const { t } = usePane();
  const low = a.teachers.filter((x) => x.stablyLow);
  return (
    <div className={s.col} role="region" aria-label={t.computeTeachers}>
      <Text>{t.teachersSummary(a.teachers.length, low.length)}</Text>
      {low.length > 0 && (
        <div className={s.scroll}>
          <table aria-label={t.computeTeachers}>
            <thead>
              <tr>
                <th scope="col">{t.colTeacher}</th>
                <th scope="col">{t.colShares}</th>
              </tr>
            </thead>
            <tbody>
              {low.slice(0, SHOWN).map((x, k) => (
                <tr key={k}>
                  <th scope="row">{`${x.teacher}${x.school ? ` (${x.school})` : ''}`}</th>
                  <td>{x.years.map((y) => `${y.year}: ${num(y.share)}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {low.length > SHOWN && <Text>{t.shownFirst(SHOWN, low.length)}</Text>}
      <Findings issues={a.issues} />
    </div>
  );
}

/** «Объективность»: the counts, the shares per school × subject and the flagged ones. */
function ObjectivitySummary({ a }: { a: ObjectivityAnalysis }): React.JSX.Element {
  const s = useStyles();
  const { t } = usePane();
  const flagged = a.rows.filter((r) => r.flagged);
  const share = String(a.settings.flagShare).replace('.', ',');
  return (
    <div className={s.col} role="region" aria-label={t.computeObjectivity}>
      <Text>{t.objectivitySummary(a.rows.length, flagged.length, share)}</Text>
      <div className={s.scroll}>
        <table aria-label={t.computeObjectivity}>
          <thead>
            <tr>
              <th scope="col">{t.colSchool}</th>
              <th scope="col">{t.colSubject}</th>
              <th scope="col">{t.colConfirmed}</th>
              <th scope="col">{t.colLowered}</th>
              <th scope="col">{t.colRaised}</th>
            </tr>
          </thead>
          <tbody>
            {a.rows.slice(0, SHOWN).map((r, k) => (
              <tr key={k}>
                <th scope="row">{r.school}</th>
                <td>{r.subject}</td>
                <td>{num(r.confirmedShare)}</td>
                <td>{r.flagged ? <strong>{num(r.loweredShare)}</strong> : num(r.loweredShare)}</td>
                <td>{num(r.raisedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {a.rows.length > SHOWN && <Text>{t.shownFirst(SHOWN, a.rows.length)}</Text>}
      {flagged.length > 0 && (
        <ul>
          {flagged.map((r, k) => (
            <li key={k}>{t.objectivityFlagged(r.school, r.subject, num(r.loweredShare))}</li>
          ))}
        </ul>
      )}
      <Findings issues={a.issues} />
    </div>
  );
}

export const marksTab: PaneTab = { id: 'marks', label: (t) => t.tabMarks, Panel: MarksPanel };
