/**
 * Objectivity of the year's marks (issue 16; seed 002 6.5 «Анализ результатов ОГЭ, ЕГЭ в разрезе
 * подтверждения годовых оценок»): per school × subject, the shares of pupils whose exam (or ВПР)
 * mark confirmed, lowered or raised their year (term) mark. From a sheet with a row per pupil
 * («ОО | Предмет | ФИО | Отметка за экзамен | Годовая отметка») or from counts per school
 * («ОО | Предмет | Подтвердили | Понизили | Повысили», numbers or shares in %).
 *
 * «Понизили» — the exam mark is below the year's mark; a school × subject is flagged when that
 * share exceeds the flag share (default 50 %).
 */
import { OwnedSheet, OutValue } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { readNumber } from '../values';
import { parseProcedure } from '../results/procedure';
import { readMark } from './formulas';

export interface ObjectivityRow {
  school: string;
  subject: string;
  /** Pupils compared (or the sum of the three counts). */
  n: number | null;
  confirmed: number | null;
  lowered: number | null;
  raised: number | null;
  /** Shares, %. */
  confirmedShare: number | null;
  loweredShare: number | null;
  raisedShare: number | null;
  flagged: boolean;
  source: 'pupils' | 'counts';
  sheets: string[];
}

export interface ObjectivitySettings {
  /** A school × subject is flagged when «понизили» exceeds this share, % (default 50). */
  flagShare: number;
}

export const DEFAULT_OBJECTIVITY_SETTINGS: ObjectivitySettings = { flagShare: 50 };

export interface ObjectivityAnalysis {
  rows: ObjectivityRow[];
  settings: ObjectivitySettings;
  issues: Issue[];
}

/** What the справка (src/engine/report) can take: the flag, the totals by subject and the flagged schools. */
export interface ObjectivityFigures {
  flagShare: number;
  bySubject: {
    subject: string;
    schools: number;
    n: number;
    confirmed: number;
    lowered: number;
    raised: number;
    confirmedShare: number | null;
    loweredShare: number | null;
    raisedShare: number | null;
    flaggedSchools: number;
  }[];
  flagged: { school: string; subject: string; loweredShare: number; n: number | null }[];
}

function textOf(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

const EXAM = /^(отметка|оценка)\s*(за |по |на )?(впр|огэ|егэ|гиа|гвэ|экзамен|работу|работ|результат)/;
const EXAM_EXACT = ['впр', 'огэ', 'егэ', 'экзамен', 'отметка за экзамен', 'отметка на экзамене', 'отметка гиа'];
const JOURNAL = /(годов|четверт|триместр|полугод|по журналу|журнал)/;
const SCHOOL = ['оо', 'школа', 'наименование оо', 'образовательная организация', 'организация'];
const SUBJECT = ['предмет', 'процедура', 'оценочная процедура', 'учебный предмет'];
const PART = /^((кол-во|количество|число) )?(участник|писавш|писали|сдавал)/;
const SCHOOL_TITLE = /^(м[ба]?оу|г[ба]?оу|ч?оу|мкоу|мбоу|маоу|оо\s*:)/i;

interface Cols {
  header: number;
  school: number | null;
  subject: number | null;
  exam?: number;
  journal?: number;
  part?: number;
  confirmed?: number;
  lowered?: number;
  raised?: number;
  shares: boolean;
}

function findHeader(view: SheetView): Cols | null {
  for (let r = view.firstRow; r < Math.min(view.rowCount, view.firstRow + 30); r++) {
    const cols: Cols = { header: r, school: null, subject: null, shares: false };
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 60); c++) {
      const t = normalizeLabel(textOf(view.get(r, c)));
      if (t === '') continue;
      if (cols.school === null && SCHOOL.includes(t)) cols.school = c;
      else if (cols.subject === null && SUBJECT.includes(t)) cols.subject = c;
      else if (cols.exam === undefined && (EXAM.test(t) || EXAM_EXACT.includes(t)) && !JOURNAL.test(t)) cols.exam = c;
      else if (cols.journal === undefined && JOURNAL.test(t) && /(отметк|оценк)/.test(t)) cols.journal = c;
      else if (cols.confirmed === undefined && /подтверд/.test(t)) {
        cols.confirmed = c;
        if (/%|доля/.test(t)) cols.shares = true;
      } else if (cols.lowered === undefined && /пониз/.test(t)) cols.lowered = c;
      else if (cols.raised === undefined && /повыс/.test(t)) cols.raised = c;
      else if (cols.part === undefined && PART.test(t)) cols.part = c;
    }
    if (cols.exam !== undefined && cols.journal !== undefined) return cols;
    if (cols.confirmed !== undefined && cols.lowered !== undefined && cols.raised !== undefined) return cols;
  }
  return null;
}

/** The subject and school named above the table or in the sheet name. */
function titleOf(view: SheetView, header: number): { subject: string | null; school: string | null } {
  const lines: string[] = [];
  for (let r = view.firstRow; r < header; r++)
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 20); c++) {
      const t = textOf(view.raw(r, c)).trim();
      if (t) lines.push(t);
    }
  let school: string | null = null;
  for (const l of lines) if (school === null && SCHOOL_TITLE.test(l)) school = l.replace(/^оо\s*:\s*/i, '').trim();
  const p = parseProcedure({ procedure: lines.join(' '), sheet: view.name });
  return { subject: p.name || p.subject || null, school };
}

interface Acc {
  school: string;
  subject: string;
  n: number;
  confirmed: number;
  lowered: number;
  raised: number;
  sharesOnly: { confirmed: number; lowered: number; raised: number } | null;
  source: 'pupils' | 'counts';
  sheets: Set<string>;
}

/** Reads every pupil-level and per-school counts sheet of a workbook. */
export function analyzeObjectivity(
  wb: WorkbookSnapshot,
  settings: ObjectivitySettings = DEFAULT_OBJECTIVITY_SETTINGS,
): ObjectivityAnalysis {
  const issues: Issue[] = [];
  const acc = new Map<string, Acc>();
  const get = (school: string, subject: string, source: Acc['source'], sheet: string): Acc => {
    const key = `${normalizeLabel(school)}|${normalizeLabel(subject)}|${source}`;
    let a = acc.get(key);
    if (!a)
      acc.set(
        key,
        (a = {
          school,
          subject,
          n: 0,
          confirmed: 0,
          lowered: 0,
          raised: 0,
          sharesOnly: null,
          source,
          sheets: new Set(),
        }),
      );
    a.sheets.add(sheet);
    return a;
  };
  for (const sheet of wb.sheets) {
    if (sheet.visibility === 'veryHidden') continue;
    const view = new SheetView(sheet);
    const cols = findHeader(view);
    if (!cols) continue;
    const title = titleOf(view, cols.header);
    const section = 'Объективность';
    let lastSchool = title.school ?? '—';
    let lastSubject = title.subject ?? sheet.name;
    for (let r = cols.header + 1; r < view.rowCount; r++) {
      const schoolRaw = cols.school !== null ? textOf(view.get(r, cols.school)).trim() : '';
      const subjectRaw = cols.subject !== null ? textOf(view.get(r, cols.subject)).trim() : '';
      if (/^(итого|всего)/i.test(schoolRaw) || /^(итого|всего)/i.test(subjectRaw)) continue;
      const school = schoolRaw || lastSchool;
      const subject = subjectRaw ? parseProcedure({ procedure: subjectRaw }).name || subjectRaw : lastSubject;
      if (cols.exam !== undefined && cols.journal !== undefined) {
        const e = readMark(view.get(r, cols.exam));
        const j = readMark(view.get(r, cols.journal));
        if (e.kind === 'empty' && j.kind === 'empty') continue;
        lastSchool = school;
        lastSubject = subject;
        for (const [m, c] of [
          [e, cols.exam],
          [j, cols.journal],
        ] as const)
          if (m.kind === 'bad')
            issues.push(
              makeIssue(
                'MARKS-BAD-MARK',
                { sheet: sheet.name, cell: a1(r, c), section },
                `Отметка ${m.shown} — не 2, 3, 4, 5 и не «н/а»: ученик не учтён в объективности.`,
                textOf(view.get(r, c)),
              ),
            );
        if (e.kind !== 'mark' || j.kind !== 'mark') continue;
        const a = get(school, subject, 'pupils', sheet.name);
        a.n++;
        if (e.mark === j.mark) a.confirmed++;
        else if (e.mark < j.mark) a.lowered++;
        else a.raised++;
        continue;
      }
      const num = (c: number | undefined): number | null => {
        if (c === undefined) return null;
        const v = readNumber(view.get(r, c), view.format(r, c));
        if (v.kind !== 'number') return null;
        return v.fromPercentFormat ? v.value * 100 : v.value;
      };
      const conf = num(cols.confirmed);
      const low = num(cols.lowered);
      const rai = num(cols.raised);
      if (conf === null || low === null || rai === null) continue;
      lastSchool = school;
      lastSubject = subject;
      const part = num(cols.part);
      const a = get(school, subject, 'counts', sheet.name);
      if (cols.shares) {
        if (part !== null) {
          a.n += part;
          a.confirmed += Math.round((part * conf) / 100);
          a.lowered += Math.round((part * low) / 100);
          a.raised += Math.round((part * rai) / 100);
        } else a.sharesOnly = { confirmed: conf, lowered: low, raised: rai };
        continue;
      }
      if (part !== null && Math.abs(part - (conf + low + rai)) > 1e-9)
        issues.push(
          makeIssue(
            'OBJECTIVITY-COUNTS-MISMATCH',
            { sheet: sheet.name, cell: a1(r, cols.part!), section },
            `Участников ${part}, а подтвердили + понизили + повысили = ${conf + low + rai}: доли посчитаны от суммы.`,
            part,
          ),
        );
      a.n += conf + low + rai;
      a.confirmed += conf;
      a.lowered += low;
      a.raised += rai;
    }
  }
  const rows: ObjectivityRow[] = [];
  for (const a of acc.values()) {
    const share = (x: number): number | null => (a.n > 0 ? (x / a.n) * 100 : null);
    const s = a.sharesOnly;
    const loweredShare = s && a.n === 0 ? s.lowered : share(a.lowered);
    rows.push({
      school: a.school,
      subject: a.subject,
      n: s && a.n === 0 ? null : a.n,
      confirmed: s && a.n === 0 ? null : a.confirmed,
      lowered: s && a.n === 0 ? null : a.lowered,
      raised: s && a.n === 0 ? null : a.raised,
      confirmedShare: s && a.n === 0 ? s.confirmed : share(a.confirmed),
      loweredShare,
      raisedShare: s && a.n === 0 ? s.raised : share(a.raised),
      flagged: loweredShare !== null && loweredShare > settings.flagShare,
      source: a.source,
      sheets: [...a.sheets],
    });
  }
  rows.sort((x, y) => x.subject.localeCompare(y.subject, 'ru') || x.school.localeCompare(y.school, 'ru'));
  return { rows, settings, issues };
}

/** The figures of the analysis for the справка. */
export function objectivityFigures(a: ObjectivityAnalysis): ObjectivityFigures {
  const subjects = new Map<string, ObjectivityFigures['bySubject'][number]>();
  for (const r of a.rows) {
    let s = subjects.get(r.subject);
    if (!s)
      subjects.set(
        r.subject,
        (s = {
          subject: r.subject,
          schools: 0,
          n: 0,
          confirmed: 0,
          lowered: 0,
          raised: 0,
          confirmedShare: null,
          loweredShare: null,
          raisedShare: null,
          flaggedSchools: 0,
        }),
      );
    s.schools++;
    if (r.flagged) s.flaggedSchools++;
    if (r.n !== null) {
      s.n += r.n;
      s.confirmed += r.confirmed ?? 0;
      s.lowered += r.lowered ?? 0;
      s.raised += r.raised ?? 0;
    }
  }
  for (const s of subjects.values())
    if (s.n > 0) {
      s.confirmedShare = (s.confirmed / s.n) * 100;
      s.loweredShare = (s.lowered / s.n) * 100;
      s.raisedShare = (s.raised / s.n) * 100;
    }
  return {
    flagShare: a.settings.flagShare,
    bySubject: [...subjects.values()],
    flagged: a.rows
      .filter((r) => r.flagged)
      .map((r) => ({ school: r.school, subject: r.subject, loweredShare: r.loweredShare!, n: r.n })),
  };
}

export const OBJECTIVITY_SHEET = 'Объективность';
/** The first line of the owned sheet: tells the product's sheet from a user's sheet of that name. */
export const OBJECTIVITY_TITLE = 'Объективность отметок: подтвердили, понизили, повысили';

function r1(v: number | null): OutValue {
  return v === null ? null : Math.round(v * 10) / 10;
}

/** The owned sheet «Объективность»: a row per school × subject, the flagged rows marked. */
export function objectivitySheet(a: ObjectivityAnalysis): OwnedSheet {
  const flag = String(a.settings.flagShare).replace('.', ',');
  const figures = objectivityFigures(a);
  return {
    name: OBJECTIVITY_SHEET,
    position: 'first',
    freezeHeader: true,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: [OBJECTIVITY_TITLE] },
      {
        kind: 'text',
        style: 'note',
        lines: [
          `Понизили — отметка за работу ниже годовой (четвертной); повысили — выше. Признак необъективности — доля понизивших больше ${flag} %.`,
        ],
      },
      {
        kind: 'table',
        name: 'Objectivity',
        heading: 'По школам и предметам',
        columns: [
          { header: 'ОО' },
          { header: 'Предмет' },
          { header: 'Участников', format: 'integer' },
          { header: 'Подтвердили', format: 'integer' },
          { header: 'Понизили', format: 'integer' },
          { header: 'Повысили', format: 'integer' },
          { header: 'Подтвердили, %', format: 'decimal1' },
          { header: 'Понизили, %', format: 'decimal1' },
          { header: 'Повысили, %', format: 'decimal1' },
          { header: 'Признак необъективности', format: 'yesno' },
          { header: 'Источник' },
        ],
        rows: a.rows.map((r) => [
          r.school,
          r.subject,
          r.n,
          r.confirmed,
          r.lowered,
          r.raised,
          r1(r.confirmedShare),
          r1(r.loweredShare),
          r1(r.raisedShare),
          r.flagged ? 'да' : 'нет',
          r.source === 'pupils' ? 'по ученикам' : 'количества по школе',
        ]),
        tones: a.rows.flatMap((r, i): [number, number, 'error'][] => (r.flagged ? [[i, 7, 'error']] : [])),
      },
      {
        kind: 'table',
        name: 'ObjectivitySubjects',
        heading: 'По предметам',
        columns: [
          { header: 'Предмет' },
          { header: 'Школ', format: 'integer' },
          { header: 'Участников', format: 'integer' },
          { header: 'Подтвердили, %', format: 'decimal1' },
          { header: 'Понизили, %', format: 'decimal1' },
          { header: 'Повысили, %', format: 'decimal1' },
          { header: 'Школ с признаком', format: 'integer' },
        ],
        rows: figures.bySubject.map((s) => [
          s.subject,
          s.schools,
          s.n,
          r1(s.confirmedShare),
          r1(s.loweredShare),
          r1(s.raisedShare),
          s.flaggedSchools,
        ]),
      },
    ],
  };
}
