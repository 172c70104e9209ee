/**
 * Teachers with stably low results (issue 16; seed 000 1.4, seed 004 п. 4, п. 7): the share of «2»
 * per teacher across their classes, per year, from ВПР protocols with a teacher column (tasks.ts)
 * or from a table of results by teacher («Учитель | Год | Класс | Участников | «2»»).
 *
 * A teacher's year is low when the «2» share is above the threshold: a fixed share when the user
 * gives one, otherwise the share of «2» over all pupils of that year in the data (all schools and
 * teachers read together). «Стабильно низкие» — low in two consecutive years.
 */
import { OwnedSheet, OutValue } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetSnapshot, SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { readNumber } from '../values';
import { parseSchoolYear } from '../years';
import { locateProtocol } from './protocol';
import { TaskProtocol, classKey, personKey } from './tasks';

/** One count: a pupil of a protocol, or a row of a table by teacher. */
export interface TeacherRecord {
  school: string | null;
  teacher: string;
  /** The calendar year the work was written. */
  year: number;
  procedure: string | null;
  cls: string | null;
  /** Pupils with a mark 2–5. */
  n: number;
  n2: number;
}

export interface TeacherYear {
  year: number;
  n: number;
  n2: number;
  /** «2» share, %; null when n = 0. */
  share: number | null;
  /** The threshold the share was compared with, %. */
  threshold: number | null;
  low: boolean;
  classes: string[];
  procedures: string[];
}

export interface TeacherResult {
  school: string | null;
  teacher: string;
  years: TeacherYear[];
  /** The pairs of consecutive years both low. */
  lowPairs: [number, number][];
  stablyLow: boolean;
}

export interface TeachersSettings {
  /** A fixed «2» share (%) above which a year is low; null — the share over all pupils of that year. */
  threshold: number | null;
}

export const DEFAULT_TEACHERS_SETTINGS: TeachersSettings = { threshold: null };

export interface TeachersAnalysis {
  teachers: TeacherResult[];
  /** The «2» share over all the data, per year. */
  baselines: { year: number; n: number; n2: number; share: number | null }[];
  settings: TeachersSettings;
  issues: Issue[];
}

function textOf(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** The records of protocols with a teacher: a pupil with a mark 2–5 counts once. */
export function protocolRecords(protocols: TaskProtocol[]): { records: TeacherRecord[]; issues: Issue[] } {
  const records: TeacherRecord[] = [];
  const issues: Issue[] = [];
  for (const p of protocols) {
    if (!p.hasTeacher) continue;
    if (p.year === null) {
      issues.push(
        makeIssue(
          'TEACHERS-NO-YEAR',
          { sheet: p.sheet, cell: null, section: 'Учителя' },
          `В протоколе на листе «${p.sheet}» не найден год: результаты учителей этого листа не учтены.`,
        ),
      );
      continue;
    }
    // the marks come from the scale: its findings say why a pupil has no mark
    issues.push(...p.issues.filter((i) => i.code.startsWith('MARKS-')));
    for (const x of p.pupils) {
      if (x.teacher === null || typeof x.mark !== 'number') continue;
      records.push({
        school: x.school,
        teacher: x.teacher,
        year: p.year,
        procedure: p.procedure,
        cls: x.cls === '—' ? null : x.cls,
        n: 1,
        n2: x.mark === 2 ? 1 : 0,
      });
    }
  }
  return { records, issues };
}

const T_TEACHER = /^(фио |ф\.и\.о\.? )?(учител|педагог)/;
const T_YEAR = ['год', 'учебный год', 'год проведения'];
const T_CLASS = ['класс', 'класс/группа', 'литера'];
const T_PROC = ['процедура', 'оценочная процедура', 'предмет', 'работа'];
const T_SCHOOL = ['оо', 'школа', 'наименование оо', 'образовательная организация'];
const T_PART = /^((кол-во|количество|число) )?(участник|писавш|писали|выполнял)/;
const T_TWO = ['2', 'получили 2', 'кол-во 2', 'количество 2', 'отметка 2', 'на 2', 'не справились'];

/** A table of results by teacher; null when the sheet is not one. */
export function readTeacherTable(sheet: SheetSnapshot): { records: TeacherRecord[]; issues: Issue[] } | null {
  const view = new SheetView(sheet);
  for (let r = view.firstRow; r < Math.min(view.rowCount, view.firstRow + 30); r++) {
    const col: Record<string, number> = {};
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 60); c++) {
      const t = normalizeLabel(textOf(view.get(r, c)));
      if (t === '') continue;
      const put = (k: string): void => {
        if (col[k] === undefined) col[k] = c;
      };
      if (T_TEACHER.test(t)) put('teacher');
      else if (T_YEAR.includes(t)) put('year');
      else if (T_CLASS.includes(t)) put('cls');
      else if (T_PROC.includes(t)) put('proc');
      else if (T_SCHOOL.includes(t)) put('school');
      else if (T_PART.test(t)) put('n');
      else if (T_TWO.includes(t)) put('n2');
      else if (t === '3' || t === '4' || t === '5') put('n' + t);
    }
    if (col.teacher === undefined || col.n2 === undefined) continue;
    if (col.n === undefined && (col.n3 === undefined || col.n4 === undefined || col.n5 === undefined)) continue;
    const records: TeacherRecord[] = [];
    const issues: Issue[] = [];
    for (let rr = r + 1; rr < view.rowCount; rr++) {
      const teacher = textOf(view.get(rr, col.teacher)).trim();
      if (teacher === '' || /^(итого|всего)/i.test(teacher)) continue;
      const num = (c: number | undefined): number | null => {
        if (c === undefined) return null;
        const v = readNumber(view.get(rr, c));
        return v.kind === 'number' ? v.value : null;
      };
      const n2 = num(col.n2);
      const n =
        col.n !== undefined
          ? num(col.n)
          : [num(col.n3), num(col.n4), num(col.n5)].every((x) => x !== null) && n2 !== null
            ? n2 + num(col.n3)! + num(col.n4)! + num(col.n5)!
            : null;
      if (n === null || n2 === null) continue;
      const yv = col.year !== undefined ? view.get(rr, col.year) : null;
      const start = parseSchoolYear(yv, true);
      if (start === null) {
        issues.push(
          makeIssue(
            'TEACHERS-NO-YEAR',
            { sheet: sheet.name, cell: a1(rr, col.year ?? col.teacher), section: 'Учителя' },
            `В строке учителя «${teacher}» нет года: строка не учтена.`,
          ),
        );
        continue;
      }
      const cls = col.cls !== undefined ? textOf(view.get(rr, col.cls)).trim() : '';
      const proc = col.proc !== undefined ? textOf(view.get(rr, col.proc)).trim() : '';
      const school = col.school !== undefined ? textOf(view.get(rr, col.school)).trim() : '';
      records.push({
        school: school || null,
        teacher,
        year: start + 1,
        procedure: proc || null,
        cls: cls ? classKey(cls) : null,
        n,
        n2,
      });
    }
    return { records, issues };
  }
  return null;
}

/** The «2» share per teacher and year, the low years and the teachers low in two consecutive years. */
export function analyzeTeachers(
  records: TeacherRecord[],
  settings: TeachersSettings = DEFAULT_TEACHERS_SETTINGS,
  issues: Issue[] = [],
): TeachersAnalysis {
  const byYear = new Map<number, { n: number; n2: number }>();
  for (const r of records) {
    const y = byYear.get(r.year) ?? { n: 0, n2: 0 };
    y.n += r.n;
    y.n2 += r.n2;
    byYear.set(r.year, y);
  }
  const baselines = [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, c]) => ({ year, n: c.n, n2: c.n2, share: c.n > 0 ? (c.n2 / c.n) * 100 : null }));
  const base = new Map(baselines.map((b) => [b.year, b.share]));
  const people = new Map<
    string,
    {
      school: string | null;
      teacher: string;
      years: Map<number, { n: number; n2: number; classes: Set<string>; procedures: Set<string> }>;
    }
  >();
  for (const r of records) {
    const key = `${personKey(r.school ?? '')}|${personKey(r.teacher)}`;
    let p = people.get(key);
    if (!p) people.set(key, (p = { school: r.school, teacher: r.teacher, years: new Map() }));
    let y = p.years.get(r.year);
    if (!y) p.years.set(r.year, (y = { n: 0, n2: 0, classes: new Set(), procedures: new Set() }));
    y.n += r.n;
    y.n2 += r.n2;
    if (r.cls) y.classes.add(r.cls);
    if (r.procedure) y.procedures.add(r.procedure);
  }
  const teachers: TeacherResult[] = [];
  for (const p of people.values()) {
    const years: TeacherYear[] = [...p.years.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([year, y]) => {
        const share = y.n > 0 ? (y.n2 / y.n) * 100 : null;
        const threshold = settings.threshold ?? base.get(year) ?? null;
        return {
          year,
          n: y.n,
          n2: y.n2,
          share,
          threshold,
          low: share !== null && threshold !== null && share > threshold,
          classes: [...y.classes].sort((a, b) => a.localeCompare(b, 'ru', { numeric: true })),
          procedures: [...y.procedures].sort((a, b) => a.localeCompare(b, 'ru')),
        };
      });
    const lowPairs: [number, number][] = [];
    for (let i = 1; i < years.length; i++)
      if (years[i].year === years[i - 1].year + 1 && years[i].low && years[i - 1].low)
        lowPairs.push([years[i - 1].year, years[i].year]);
    teachers.push({ school: p.school, teacher: p.teacher, years, lowPairs, stablyLow: lowPairs.length > 0 });
  }
  teachers.sort(
    (a, b) =>
      Number(b.stablyLow) - Number(a.stablyLow) ||
      (a.school ?? '').localeCompare(b.school ?? '', 'ru') ||
      a.teacher.localeCompare(b.teacher, 'ru'),
  );
  return { teachers, baselines, settings, issues };
}

/** Teacher records of a workbook: protocols with a teacher (read by the caller) and tables by teacher. */
export function readTeacherTables(wb: WorkbookSnapshot): { records: TeacherRecord[]; issues: Issue[] } {
  const records: TeacherRecord[] = [];
  const issues: Issue[] = [];
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    // a protocol's task columns «2», «3», «4», «5» are not counts of marks: protocols are read by readTaskProtocol
    if (locateProtocol(new SheetView(s)) !== null) continue;
    const t = readTeacherTable(s);
    if (t) {
      records.push(...t.records);
      issues.push(...t.issues);
    }
  }
  return { records, issues };
}

export const TEACHERS_SHEET = 'Учителя';
/** The first line of the owned sheet: tells the product's sheet from a user's sheet of that name. */
export const TEACHERS_TITLE = 'Учителя: доля «2» по годам';

function r1(v: number | null): OutValue {
  return v === null ? null : Math.round(v * 10) / 10;
}

function pct(v: number | null): string {
  return v === null ? 'нет данных' : `${(Math.round(v * 10) / 10).toString().replace('.', ',')} %`;
}

/** The owned sheet «Учителя»: the list for the methodical service, then every teacher and year. */
export function teachersSheet(a: TeachersAnalysis): OwnedSheet {
  const rule =
    a.settings.threshold !== null
      ? `доля «2» выше ${String(a.settings.threshold).replace('.', ',')} %`
      : 'доля «2» выше доли «2» по всем данным за тот же год';
  return {
    name: TEACHERS_SHEET,
    position: 'first',
    freezeHeader: true,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: [TEACHERS_TITLE] },
      {
        kind: 'text',
        style: 'note',
        lines: [`Низкий результат за год — ${rule}. Стабильно низкие — низкий результат два года подряд.`],
      },
      {
        kind: 'table',
        name: 'TeachersStablyLow',
        heading: 'Учителя со стабильно низкими результатами (для методической службы)',
        columns: [
          { header: 'ОО' },
          { header: 'Учитель' },
          { header: 'Годы подряд' },
          { header: 'Доля «2» по годам', width: 40 },
          { header: 'Классы' },
          { header: 'Процедуры' },
        ],
        rows: a.teachers
          .filter((t) => t.stablyLow)
          .map((t) => [
            t.school ?? '',
            t.teacher,
            t.lowPairs.map((p) => p.join('–')).join(', '),
            t.years.map((y) => `${y.year}: ${pct(y.share)} (порог ${pct(y.threshold)})`).join('; '),
            [...new Set(t.years.flatMap((y) => y.classes))].join(', '),
            [...new Set(t.years.flatMap((y) => y.procedures))].join(', '),
          ]),
      },
      {
        kind: 'table',
        name: 'TeachersByYear',
        heading: 'Все учителя по годам',
        columns: [
          { header: 'ОО' },
          { header: 'Учитель' },
          { header: 'Год', format: 'integer' },
          { header: 'Классы' },
          { header: 'Процедуры' },
          { header: 'Писали', format: 'integer' },
          { header: '«2»', format: 'integer' },
          { header: 'Доля «2», %', format: 'decimal1' },
          { header: 'Порог, %', format: 'decimal1' },
          { header: 'Низкий', format: 'yesno' },
          { header: 'Стабильно низкие', format: 'yesno' },
        ],
        rows: a.teachers.flatMap((t) =>
          t.years.map((y): OutValue[] => [
            t.school ?? '',
            t.teacher,
            y.year,
            y.classes.join(', '),
            y.procedures.join(', '),
            y.n,
            y.n2,
            r1(y.share),
            r1(y.threshold),
            y.low ? 'да' : 'нет',
            t.stablyLow ? 'да' : 'нет',
          ]),
        ),
      },
      {
        kind: 'table',
        name: 'TeachersBaseline',
        heading: 'Доля «2» по всем данным',
        columns: [
          { header: 'Год', format: 'integer' },
          { header: 'Писали', format: 'integer' },
          { header: '«2»', format: 'integer' },
          { header: 'Доля «2», %', format: 'decimal1' },
        ],
        rows: a.baselines.map((b) => [b.year, b.n, b.n2, r1(b.share)]),
      },
    ],
  };
}
