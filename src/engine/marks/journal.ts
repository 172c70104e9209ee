/**
 * Period marks from the class journal (issue 16; docs/marks.md «Отметки из журнала»): per class ×
 * subject, class, level (НОО/ООО/СОО) × subject, level and school — the §7 figures by
 * `computeMarks` (formulas.ts, the one copy of the formulas); per class also the figures by pupils;
 * the change against the previous period when the data has it; the lists неуспевающие, «с одной «3»»,
 * «с одной «4»» with the subject and the teacher.
 *
 * Rules: a pupil marked выбыл is left out of every figure and list and counted apart; прибыл is counted
 * (and shown in the list of movement); «н/а» is listed, and in n only with `includeNotAssessed`; «зач»,
 * «осв» are not marks; «н/з» (не зачтено) is not a mark either, but the pupil is неуспевающий.
 */
import { z } from 'zod';
import { Issue, makeIssue } from '../issues';
import { WorkbookSnapshot } from '../snapshot';
import { compareNames, normalizeLabel } from '../text';
import { DEFAULT_MARKS_SETTINGS, MarkCounts, MarksResult, MarksSettings, computeMarks, emptyCounts } from './formulas';
import { JournalPupil, JournalRead, JournalValue, PupilStatus, readJournal } from './journal-read';
import { Period, comparePeriods, periodKey, periodLabel, previousPeriod } from './period';

export type Level = 'НОО' | 'ООО' | 'СОО';

export function levelOf(grade: number | null): Level | null {
  if (grade === null) return null;
  if (grade >= 1 && grade <= 4) return 'НОО';
  if (grade >= 5 && grade <= 9) return 'ООО';
  if (grade >= 10 && grade <= 11) return 'СОО';
  return null;
}

export const NO_CLASS = '—';
export const NO_PERIOD = 'период не указан';

/** The figures of one group, with the change against the same group in the previous period. */
export interface JournalFigure {
  period: string;
  scope: 'classSubject' | 'class' | 'levelSubject' | 'level' | 'school' | 'schoolSubject';
  level: Level | null;
  className: string | null;
  /** null: all subjects together. */
  subject: string | null;
  /** The teachers of the group (class × subject), as the journal names them. */
  teachers: string[];
  result: MarksResult;
  /** «зач» and «осв» (not marks). */
  credits: number;
  /** «н/з» (not marks; the pupils are неуспевающие). */
  failedCredits: number;
  /** class: pupils by their lowest mark (отличники «5», хорошисты «4», «3», неуспевающие «2», «н/а»). */
  pupils?: PupilFigures;
  /** Pupils left out as выбыл, and counted прибыл (class, level, school). */
  left?: number;
  arrived?: number;
  previous: { period: string; className: string | null; result: MarksResult } | null;
  /** Change in percent points (успеваемость, качество, СОУ) and in points (средний балл). */
  change: { passRate: number | null; quality: number | null; sou: number | null; average: number | null } | null;
}

export interface PupilFigures {
  /** Pupils counted (with at least one mark, «н/а» or «н/з»), by category; `na` — not assessed, no «2». */
  counts: MarkCounts;
  /** Успеваемость and качество by pupils: computeMarks over the categories (a pupil is one «mark»). */
  passRate: number | null;
  quality: number | null;
  n: number;
}

export interface ListedMark {
  subject: string;
  value: string;
  teacher: string | null;
}

export interface FailingPupil {
  period: string;
  className: string;
  pupil: string;
  status: PupilStatus;
  /** Subjects with «2», «н/а», «н/з». */
  subjects: ListedMark[];
}

export interface OneMarkPupil {
  period: string;
  className: string;
  pupil: string;
  status: PupilStatus;
  subject: string;
  teacher: string | null;
}

export interface MovedPupil {
  period: string;
  className: string;
  pupil: string;
  status: 'left' | 'arrived';
}

export interface JournalAnalysis {
  settings: MarksSettings;
  periods: { key: string; label: string; previous: string | null }[];
  figures: JournalFigure[];
  failing: FailingPupil[];
  oneThree: OneMarkPupil[];
  oneFour: OneMarkPupil[];
  moved: MovedPupil[];
  issues: Issue[];
  read: Pick<JournalRead, 'sheets'>;
}

// ---- grouping ----------------------------------------------------------------------------------

interface PupilRecord {
  pupil: string;
  className: string;
  grade: number | null;
  status: PupilStatus;
  /** By subject key. */
  values: Map<string, { subject: string; value: JournalValue; teacher: string | null }>;
}

interface PeriodData {
  period: Period | null;
  label: string;
  /** class → pupil key → record */
  classes: Map<string, { grade: number | null; pupils: Map<string, PupilRecord> }>;
}

function subjectKey(s: string): string {
  return normalizeLabel(s).replace(/\./g, '');
}

function pupilKey(s: string): string {
  return normalizeLabel(s).replace(/\s+/g, ' ');
}

function valueText(v: JournalValue): string {
  switch (v.kind) {
    case 'mark':
      return String(v.mark);
    case 'na':
      return 'н/а';
    case 'credit':
      return 'зач';
    case 'exempt':
      return 'осв';
    case 'failedCredit':
      return 'н/з';
  }
}

function sameValue(a: JournalValue, b: JournalValue): boolean {
  return valueText(a) === valueText(b);
}

function gather(read: JournalRead, issues: Issue[]): Map<string, PeriodData> {
  const periods = new Map<string, PeriodData>();
  const dataOf = (p: Period | null): PeriodData => {
    const key = p ? periodKey(p) : '';
    let d = periods.get(key);
    if (!d) {
      d = { period: p, label: p ? periodLabel(p) : NO_PERIOD, classes: new Map() };
      periods.set(key, d);
    }
    return d;
  };
  const recordOf = (e: JournalPupil): PupilRecord => {
    const d = dataOf(e.period);
    const className = e.className ?? NO_CLASS;
    let c = d.classes.get(className);
    if (!c) {
      c = { grade: e.grade, pupils: new Map() };
      d.classes.set(className, c);
    }
    const k = pupilKey(e.pupil);
    let rec = c.pupils.get(k);
    if (!rec) {
      rec = { pupil: e.pupil, className, grade: e.grade, status: null, values: new Map() };
      c.pupils.set(k, rec);
    }
    // выбыл wins over прибыл: a pupil who came and left during the period is not counted
    if (e.status === 'left' || (e.status === 'arrived' && rec.status === null)) rec.status = e.status;
    return rec;
  };
  for (const p of read.pupils) recordOf(p);
  for (const e of read.entries) {
    const rec = recordOf(e);
    const k = subjectKey(e.subject);
    const had = rec.values.get(k);
    if (had) {
      if (!sameValue(had.value, e.value))
        issues.push(
          makeIssue(
            'JOURNAL-DUPLICATE',
            { sheet: e.sheet, cell: e.cell, section: 'Журнал' },
            `${rec.pupil} (${rec.className}), ${e.subject}, ${e.period ? periodLabel(e.period) : NO_PERIOD}: отметка «${valueText(e.value)}» уже указана раньше как «${valueText(had.value)}» — учтена первая.`,
            valueText(e.value),
          ),
        );
      if (!had.teacher && e.teacher) had.teacher = e.teacher;
      continue;
    }
    rec.values.set(k, { subject: e.subject, value: e.value, teacher: e.teacher });
  }
  return periods;
}

/** Teachers from a teachers table fill the entries that name none. */
function fillTeachers(read: JournalRead): void {
  if (read.teachers.length === 0) return;
  const byClass = new Map<string, string>();
  const bySubject = new Map<string, string>();
  for (const t of read.teachers) {
    const k = subjectKey(t.subject);
    if (t.className) byClass.set(`${t.className}|${k}`, t.teacher);
    else bySubject.set(k, t.teacher);
  }
  for (const e of read.entries) {
    if (e.teacher) continue;
    const k = subjectKey(e.subject);
    e.teacher = byClass.get(`${e.className ?? ''}|${k}`) ?? bySubject.get(k) ?? null;
  }
}

// ---- figures -----------------------------------------------------------------------------------

interface Acc {
  counts: MarkCounts;
  credits: number;
  failedCredits: number;
  teachers: Set<string>;
  subject: string | null;
}

function acc(subject: string | null): Acc {
  return { counts: emptyCounts(), credits: 0, failedCredits: 0, teachers: new Set(), subject };
}

function add(a: Acc, v: JournalValue, teacher: string | null): void {
  if (v.kind === 'mark') a.counts[`n${v.mark}`]++;
  else if (v.kind === 'na') a.counts.na++;
  else if (v.kind === 'failedCredit') a.failedCredits++;
  else a.credits++;
  if (teacher) a.teachers.add(teacher);
}

/** The pupil's category: «2» if any «2» or «н/з»; else «н/а» if any; else the lowest mark; null: no marks. */
function categoryOf(rec: PupilRecord): keyof MarkCounts | null {
  let min = 6;
  let na = false;
  let fail = false;
  for (const { value } of rec.values.values()) {
    if (value.kind === 'mark') min = Math.min(min, value.mark);
    else if (value.kind === 'na') na = true;
    else if (value.kind === 'failedCredit') fail = true;
  }
  if (fail || min === 2) return 'n2';
  if (na) return 'na';
  if (min === 6) return null;
  return `n${min}` as keyof MarkCounts;
}

function pupilFigures(recs: PupilRecord[], settings: MarksSettings): PupilFigures {
  const counts = emptyCounts();
  for (const r of recs) {
    const c = categoryOf(r);
    if (c) counts[c]++;
  }
  const res = computeMarks(counts, settings);
  return { counts, passRate: res.passRate, quality: res.quality, n: res.n };
}

function round(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

function changeOf(now: MarksResult, before: MarksResult): JournalFigure['change'] {
  const d = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : round(a - b));
  return {
    passRate: d(now.passRate, before.passRate),
    quality: d(now.quality, before.quality),
    sou: d(now.sou, before.sou),
    average: d(now.average, before.average),
  };
}

function compareClasses(a: string, b: string): number {
  const ga = parseInt(a, 10);
  const gb = parseInt(b, 10);
  if (Number.isNaN(ga) !== Number.isNaN(gb)) return Number.isNaN(ga) ? 1 : -1;
  return (ga || 0) - (gb || 0) || a.localeCompare(b, 'ru');
}

/** The class a year earlier: «6А» in 2026-2027 was «5А» in 2025-2026. */
function classBefore(className: string, grade: number | null, yearsBack: number): string {
  if (grade === null || yearsBack <= 0) return className;
  return `${grade - yearsBack}${className.slice(String(grade).length)}`;
}

function figuresOf(d: PeriodData, settings: MarksSettings): Omit<JournalFigure, 'previous' | 'change'>[] {
  const out: Omit<JournalFigure, 'previous' | 'change'>[] = [];
  const levelSubject = new Map<string, Acc>();
  const levelAll = new Map<string, Acc>();
  const schoolSubject = new Map<string, Acc>();
  const school = acc(null);
  const levelPupils = new Map<string, PupilRecord[]>();
  const levelMoves = new Map<string, { left: number; arrived: number }>();
  const allPupils: PupilRecord[] = [];
  const moves = { left: 0, arrived: 0 };
  const classes = [...d.classes.keys()].sort(compareClasses);
  for (const className of classes) {
    const c = d.classes.get(className)!;
    const level = levelOf(c.grade);
    const lk = level ?? NO_CLASS;
    const bySubject = new Map<string, Acc>();
    const all = acc(null);
    const counted: PupilRecord[] = [];
    let left = 0;
    let arrived = 0;
    for (const rec of c.pupils.values()) {
      if (rec.status === 'left') {
        left++;
        continue;
      }
      if (rec.status === 'arrived') arrived++;
      counted.push(rec);
      for (const [k, { subject, value, teacher }] of rec.values) {
        for (const [map, key] of [
          [bySubject, k],
          [levelSubject, `${lk}|${k}`],
          [schoolSubject, k],
        ] as [Map<string, Acc>, string][]) {
          let a = map.get(key);
          if (!a) map.set(key, (a = acc(subject)));
          add(a, value, teacher);
        }
        add(all, value, teacher);
        let la = levelAll.get(lk);
        if (!la) levelAll.set(lk, (la = acc(null)));
        add(la, value, teacher);
        add(school, value, teacher);
      }
    }
    const lp = levelPupils.get(lk) ?? [];
    lp.push(...counted);
    levelPupils.set(lk, lp);
    const lm = levelMoves.get(lk) ?? { left: 0, arrived: 0 };
    lm.left += left;
    lm.arrived += arrived;
    levelMoves.set(lk, lm);
    allPupils.push(...counted);
    moves.left += left;
    moves.arrived += arrived;
    const base = { period: d.label, level, className };
    const subjects = [...bySubject.values()].sort((a, b) => compareNames(a.subject ?? '', b.subject ?? ''));
    for (const a of subjects)
      out.push({
        ...base,
        scope: 'classSubject',
        subject: a.subject,
        teachers: [...a.teachers],
        result: computeMarks(a.counts, settings),
        credits: a.credits,
        failedCredits: a.failedCredits,
      });
    out.push({
      ...base,
      scope: 'class',
      subject: null,
      teachers: [],
      result: computeMarks(all.counts, settings),
      credits: all.credits,
      failedCredits: all.failedCredits,
      pupils: pupilFigures(counted, settings),
      left,
      arrived,
    });
  }
  const levels = [...levelAll.keys(), ...[...levelMoves.keys()].filter((k) => !levelAll.has(k))];
  const order = ['НОО', 'ООО', 'СОО', NO_CLASS];
  levels.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const lk of levels) {
    const level = lk === NO_CLASS ? null : (lk as Level);
    const subjects = [...levelSubject.entries()]
      .filter(([k]) => k.startsWith(`${lk}|`))
      .map(([, a]) => a)
      .sort((a, b) => compareNames(a.subject ?? '', b.subject ?? ''));
    for (const a of subjects)
      out.push({
        period: d.label,
        scope: 'levelSubject',
        level,
        className: null,
        subject: a.subject,
        teachers: [...a.teachers],
        result: computeMarks(a.counts, settings),
        credits: a.credits,
        failedCredits: a.failedCredits,
      });
    const la = levelAll.get(lk) ?? acc(null);
    out.push({
      period: d.label,
      scope: 'level',
      level,
      className: null,
      subject: null,
      teachers: [],
      result: computeMarks(la.counts, settings),
      credits: la.credits,
      failedCredits: la.failedCredits,
      pupils: pupilFigures(levelPupils.get(lk) ?? [], settings),
      ...levelMoves.get(lk)!,
    });
  }
  for (const a of [...schoolSubject.values()].sort((x, y) => compareNames(x.subject ?? '', y.subject ?? '')))
    out.push({
      period: d.label,
      scope: 'schoolSubject',
      level: null,
      className: null,
      subject: a.subject,
      teachers: [...a.teachers],
      result: computeMarks(a.counts, settings),
      credits: a.credits,
      failedCredits: a.failedCredits,
    });
  out.push({
    period: d.label,
    scope: 'school',
    level: null,
    className: null,
    subject: null,
    teachers: [],
    result: computeMarks(school.counts, settings),
    credits: school.credits,
    failedCredits: school.failedCredits,
    pupils: pupilFigures(allPupils, settings),
    ...moves,
  });
  return out;
}

function figureKey(f: {
  scope: string;
  level: Level | null;
  className: string | null;
  subject: string | null;
}): string {
  return `${f.scope}|${f.level ?? ''}|${f.className ?? ''}|${f.subject ? subjectKey(f.subject) : ''}`;
}

// ---- lists -------------------------------------------------------------------------------------

function listsOf(d: PeriodData, out: JournalAnalysis): void {
  for (const className of [...d.classes.keys()].sort(compareClasses)) {
    const recs = [...d.classes.get(className)!.pupils.values()].sort((a, b) => compareNames(a.pupil, b.pupil));
    for (const rec of recs) {
      if (rec.status) out.moved.push({ period: d.label, className, pupil: rec.pupil, status: rec.status });
      if (rec.status === 'left') continue;
      const vals = [...rec.values.values()].sort((a, b) => compareNames(a.subject, b.subject));
      const failing = vals.filter(
        (v) =>
          (v.value.kind === 'mark' && v.value.mark === 2) || v.value.kind === 'na' || v.value.kind === 'failedCredit',
      );
      const base = { period: d.label, className, pupil: rec.pupil, status: rec.status };
      if (failing.length > 0) {
        out.failing.push({
          ...base,
          subjects: failing.map((v) => ({ subject: v.subject, value: valueText(v.value), teacher: v.teacher })),
        });
        continue;
      }
      const marks = vals.filter((v) => v.value.kind === 'mark') as {
        subject: string;
        value: { kind: 'mark'; mark: 2 | 3 | 4 | 5 };
        teacher: string | null;
      }[];
      const threes = marks.filter((v) => v.value.mark === 3);
      const fours = marks.filter((v) => v.value.mark === 4);
      if (threes.length === 1) out.oneThree.push({ ...base, subject: threes[0].subject, teacher: threes[0].teacher });
      else if (threes.length === 0 && fours.length === 1)
        out.oneFour.push({ ...base, subject: fours[0].subject, teacher: fours[0].teacher });
    }
  }
}

// ---- the analysis ------------------------------------------------------------------------------

export function analyzeJournalRead(
  read: JournalRead,
  settings: MarksSettings = DEFAULT_MARKS_SETTINGS,
): JournalAnalysis {
  const issues: Issue[] = [...read.issues];
  fillTeachers(read);
  const data = gather(read, issues);
  const out: JournalAnalysis = {
    settings,
    periods: [],
    figures: [],
    failing: [],
    oneThree: [],
    oneFour: [],
    moved: [],
    issues,
    read: { sheets: read.sheets },
  };
  if (data.size === 0) {
    issues.push(
      makeIssue(
        'JOURNAL-NONE',
        {},
        'Отметки из журнала не найдены: нужна таблица «ФИО | предметы…» с отметками за период (класс и период — в заголовке над ней) или таблица «Ученик | Класс | Предмет | Период | Отметка».',
      ),
    );
    return out;
  }
  const sorted = [...data.values()].sort((a, b) =>
    a.period && b.period ? comparePeriods(a.period, b.period) : a.period ? 1 : b.period ? -1 : 0,
  );
  const byPeriod = new Map<string, Map<string, MarksResult>>();
  for (const d of sorted) {
    const figs = figuresOf(d, settings);
    const key = d.period ? periodKey(d.period) : '';
    byPeriod.set(key, new Map(figs.map((f) => [figureKey(f), f.result])));
    const prevPeriod = d.period ? previousPeriod(d.period) : null;
    const prev = prevPeriod ? data.get(periodKey(prevPeriod)) : undefined;
    const prevFigs = prev ? byPeriod.get(periodKey(prevPeriod!)) : undefined;
    out.periods.push({ key, label: d.label, previous: prev ? prev.label : null });
    const yearsBack = d.period && prevPeriod && prevPeriod.year !== null ? d.period.year! - prevPeriod.year : 0;
    for (const f of figs) {
      let previous: JournalFigure['previous'] = null;
      if (prev && prevFigs) {
        const grade = f.className && f.className !== NO_CLASS ? parseInt(f.className, 10) : NaN;
        const cls = f.className ? classBefore(f.className, Number.isNaN(grade) ? null : grade, yearsBack) : null;
        const r = prevFigs.get(figureKey({ ...f, className: cls }));
        if (r) previous = { period: prev.label, className: cls, result: r };
      }
      out.figures.push({ ...f, previous, change: previous ? changeOf(f.result, previous.result) : null });
    }
    listsOf(d, out);
  }
  return out;
}

/** Reads the journal of a workbook and analyses it. */
export function analyzeJournal(
  wb: WorkbookSnapshot,
  settings: MarksSettings = DEFAULT_MARKS_SETTINGS,
): JournalAnalysis {
  return analyzeJournalRead(readJournal(wb), settings);
}

/**
 * Reads several workbooks as one journal (a period per file, or classes in separate files): each
 * sheet keeps its file's name as `source`, so findings and sheets say which file they are from.
 */
export function readJournalBooks(books: readonly { file: string; workbook: WorkbookSnapshot }[]): JournalRead {
  const out: JournalRead = { entries: [], pupils: [], teachers: [], sheets: [], issues: [] };
  for (const b of books) {
    const r = readJournal({
      sheets: b.workbook.sheets.map((s) => (books.length > 1 ? { ...s, source: b.file } : s)),
    });
    out.entries.push(...r.entries);
    out.pupils.push(...r.pupils);
    out.teachers.push(...r.teachers);
    out.sheets.push(...r.sheets);
    out.issues.push(...r.issues);
  }
  return out;
}

// ---- JSON --------------------------------------------------------------------------------------

const num = z.number().nullable();
const resultSchema = z.object({
  counts: z.object({ n5: z.number(), n4: z.number(), n3: z.number(), n2: z.number(), na: z.number() }),
  n: z.number(),
  passRate: num,
  quality: num,
  average: num,
  sou: num,
});

/** The `shnor marks --json` document (docs/cli.md). */
/** A pupil of a list «с одной «3»» or «с одной «4»»: the one subject and its teacher. */
const ONE_MARK_ROW = z.object({
  period: z.string(),
  className: z.string(),
  pupil: z.string(),
  status: z.enum(['left', 'arrived']).nullable(),
  subject: z.string(),
  teacher: z.string().nullable(),
});

export const JOURNAL_JSON = z.object({
  files: z.array(z.object({ file: z.string(), error: z.string().nullable() })),
  settings: z.object({ includeNotAssessed: z.boolean() }),
  periods: z.array(z.object({ key: z.string(), label: z.string(), previous: z.string().nullable() })),
  sheets: z.array(
    z.object({
      sheet: z.string(),
      source: z.string().optional(),
      layout: z.enum(['wide', 'long', 'teachers']),
      classes: z.array(z.string()),
      periods: z.array(z.string()),
    }),
  ),
  figures: z.array(
    z.object({
      period: z.string(),
      scope: z.enum(['classSubject', 'class', 'levelSubject', 'level', 'school', 'schoolSubject']),
      level: z.enum(['НОО', 'ООО', 'СОО']).nullable(),
      className: z.string().nullable(),
      subject: z.string().nullable(),
      teachers: z.array(z.string()),
      result: resultSchema,
      credits: z.number(),
      failedCredits: z.number(),
      pupils: z
        .object({
          counts: resultSchema.shape.counts,
          n: z.number(),
          passRate: num,
          quality: num,
        })
        .optional(),
      left: z.number().optional(),
      arrived: z.number().optional(),
      previous: z.object({ period: z.string(), className: z.string().nullable(), result: resultSchema }).nullable(),
      change: z.object({ passRate: num, quality: num, sou: num, average: num }).nullable(),
    }),
  ),
  failing: z.array(
    z.object({
      period: z.string(),
      className: z.string(),
      pupil: z.string(),
      status: z.enum(['left', 'arrived']).nullable(),
      subjects: z.array(z.object({ subject: z.string(), value: z.string(), teacher: z.string().nullable() })),
    }),
  ),
  oneThree: z.array(ONE_MARK_ROW),
  oneFour: z.array(ONE_MARK_ROW),
  moved: z.array(
    z.object({ period: z.string(), className: z.string(), pupil: z.string(), status: z.enum(['left', 'arrived']) }),
  ),
  issues: z.array(
    z.object({
      severity: z.enum(['error', 'warning', 'info']),
      code: z.string(),
      sheet: z.string().nullable(),
      cell: z.string().nullable(),
      message: z.string(),
    }),
  ),
  written: z.string().nullable(),
});

export type JournalJson = z.infer<typeof JOURNAL_JSON>;

/** The JSON document of an analysis, checked against its schema. */
export function journalJson(
  a: JournalAnalysis,
  files: { file: string; error: string | null }[],
  written: string | null,
): JournalJson {
  return JOURNAL_JSON.parse({
    files,
    settings: a.settings,
    periods: a.periods,
    sheets: a.read.sheets.map((s) => ({
      sheet: s.sheet,
      ...(s.source ? { source: s.source } : {}),
      layout: s.layout,
      classes: s.classes,
      periods: s.periods.map(periodLabel),
    })),
    figures: a.figures,
    failing: a.failing,
    oneThree: a.oneThree,
    oneFour: a.oneFour,
    moved: a.moved,
    issues: a.issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      sheet: i.sheet,
      cell: i.cell,
      message: i.message,
    })),
    written,
  });
}
