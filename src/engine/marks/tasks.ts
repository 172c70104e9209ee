/**
 * Task-level ВПР analysis (issue 16, seed 000 2.6, seed 002 3.7): the per-task scores of a ВПР
 * protocol (protocol.ts) with a max-points row and class and teacher columns give the % done per
 * task and class; compared with the region and the municipality of a ФИС ОКО «Выполнение заданий»
 * report (results/fisoko.ts), the tasks that failed form the «Реестр затруднений».
 *
 * % done of a task in a class = the sum of the points of the pupils who wrote the work ÷ (the
 * task's maximum × the number of those pupils) × 100. A pupil wrote the work when the row has at
 * least one score and is not «н/а»; an empty task cell of such a pupil is 0 points.
 */
import { OwnedSheet, OutValue } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetSnapshot, SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { readNumber, showValue } from '../values';
import { FisOkoReport, readFisOko } from '../results/fisoko';
import { locateProtocol, protocolContext, readProtocol } from './protocol';
import { ScaleBook, procedureKey } from './scales';

export interface TaskColumn {
  /** The task's number as the protocol writes it, normalised: `1`, `3.1`, `к1`. */
  label: string;
  col: number;
  max: number | null;
  /** What the task checks, from the protocol's row «Проверяемые умения», when there is one. */
  skill: string | null;
}

export interface TaskPupil {
  row: number;
  cls: string;
  teacher: string | null;
  school: string | null;
  /** Points per task (same order as `TaskProtocol.tasks`); null — not counted (over the maximum). */
  scores: (number | null)[];
  /** The pupil wrote the work (some score, not «н/а»). */
  wrote: boolean;
  /** The mark counted by the protocol reader (by the scale or the «Отметка» column). */
  mark: 2 | 3 | 4 | 5 | 'na' | null;
}

export interface TaskProtocol {
  sheet: string;
  procedure: string | null;
  /** The calendar year the work was written (spring), as the protocol reader gives it. */
  year: number | null;
  tasks: TaskColumn[];
  pupils: TaskPupil[];
  /** Whether the protocol has a teacher column (or a teacher named above the table). */
  hasTeacher: boolean;
  issues: Issue[];
}

const CLASS = ['класс', 'класс/группа', 'класс (группа)', 'литера', 'параллель и литера'];
const TEACHER = /^(фио |ф\.и\.о\.? |ф\. и\. о\. )?(учител|педагог)/;
const SCHOOL = ['оо', 'школа', 'наименование оо', 'образовательная организация', 'организация'];
const MAX_ROW = /^(максимальн|макс\.?\s*балл|максимум|макс$)/;
const SKILL_ROW = /^(проверяем|умени|что проверяется|кэс|элемент содержания|планируем)/;
const SCHOOL_TITLE = /^(мбоу|маоу|мкоу|моу|гбоу|гоу|оо\s*:|школа\s*:)/i;
const SUMMARY_ROW = /^(итого|всего|среднее|средний балл|% выполнения|процент выполнения)/;

function textOf(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** A task label in one spelling: «Задание 3.1», «№ 3,1», «3.1 (2 б.)» → `3.1`; «K1» (latin) → `к1`. */
export function taskKey(label: string): string {
  return normalizeLabel(label)
    .replace(/\(.*\)$/, '')
    .replace(/^(задание|зад\.?|№)\s*/, '')
    .replace(/,/g, '.')
    .replace(/^k/, 'к')
    .replace(/\s+/g, '')
    .trim();
}

/** A class as one spelling: «5 а», «5-А», «5 «А»» → `5А`. */
export function classKey(v: string): string {
  const t = v.replace(/[\s\-–«»"'.]+/g, '').toUpperCase();
  return t;
}

/** A teacher's name compared loosely: case, ё, spaces around the initials. */
export function personKey(v: string): string {
  return normalizeLabel(v).replace(/\.\s+/g, '.').replace(/\s+/g, ' ');
}

function classFromText(t: string): string | null {
  const m = /класс\s*:?\s*(\d{1,2}\s*[-–]?\s*[«"]?[а-яa-z])(?![а-яa-z])/i.exec(t);
  if (m) return classKey(m[1]);
  const s = /^\s*(\d{1,2})\s*[-–]?\s*[«"]?([а-я])[»"]?\s*(класс)?\s*$/i.exec(t);
  return s ? classKey(s[1] + s[2]) : null;
}

/**
 * Reads a protocol's per-task scores with the class, teacher and school of each pupil; null when
 * the sheet is not a protocol with task columns. The marks come from `readProtocol` (the scale).
 */
export function readTaskProtocol(sheet: SheetSnapshot, book: ScaleBook): TaskProtocol | null {
  const view = new SheetView(sheet);
  const columns = locateProtocol(view);
  if (!columns) return null;
  const h = columns.header;
  const ctx = protocolContext(view, h);
  const issues: Issue[] = [];
  const section = ctx.procedure ? `Протокол ${ctx.procedure}` : 'Протокол';
  // the header's other columns: class, teacher, school
  let classCol: number | null = null;
  let teacherCol: number | null = null;
  let schoolCol: number | null = null;
  for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 200); c++) {
    const t = normalizeLabel(textOf(view.get(h, c)));
    if (t === '') continue;
    if (classCol === null && CLASS.includes(t)) classCol = c;
    else if (teacherCol === null && TEACHER.test(t)) teacherCol = c;
    else if (schoolCol === null && SCHOOL.includes(t)) schoolCol = c;
  }
  // the title: «Класс: 5А», «Учитель: Иванова И. И.», or the sheet name «5А»
  let titleClass: string | null = null;
  let titleTeacher: string | null = null;
  let titleSchool: string | null = null;
  for (let r = view.firstRow; r < h; r++)
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 30); c++) {
      const t = textOf(view.raw(r, c)).trim();
      if (t === '') continue;
      titleClass ??= classFromText(t);
      const tm = /^(?:учитель|педагог)\s*:?\s*(.+)$/i.exec(t);
      if (tm && titleTeacher === null) titleTeacher = tm[1].trim();
      if (titleSchool === null && SCHOOL_TITLE.test(t)) titleSchool = t.replace(/^(оо|школа)\s*:\s*/i, '').trim();
    }
  titleClass ??= classFromText(view.name);
  const firstTask = columns.tasks.length ? Math.min(...columns.tasks) : view.colCount;
  const labelOf = (r: number): string => {
    for (let c = view.firstCol; c < firstTask; c++) {
      const t = normalizeLabel(textOf(view.get(r, c)));
      if (t !== '') return t;
    }
    return '';
  };
  // the max-points and skill rows: just above or below the header
  let maxRow: number | null = null;
  let skillRow: number | null = null;
  for (let r = Math.max(view.firstRow, h - 3); r <= Math.min(view.rowCount - 1, h + 3); r++) {
    if (r === h) continue;
    const l = labelOf(r);
    if (maxRow === null && MAX_ROW.test(l)) maxRow = r;
    else if (skillRow === null && SKILL_ROW.test(l)) skillRow = r;
  }
  const tasks: TaskColumn[] = columns.tasks.map((c) => {
    const head = textOf(view.get(h, c));
    let max: number | null = null;
    if (maxRow !== null) {
      const v = readNumber(view.get(maxRow, c));
      if (v.kind === 'number' && v.value > 0) max = v.value;
    }
    if (max === null) {
      const hm = /\(\s*(\d+(?:[.,]\d+)?)\s*б/i.exec(head);
      if (hm) max = Number(hm[1].replace(',', '.'));
    }
    const skill = skillRow !== null ? textOf(view.get(skillRow, c)).trim() || null : null;
    return { label: taskKey(head), col: c, max, skill };
  });
  for (const t of tasks)
    if (t.max === null)
      issues.push(
        makeIssue(
          'TASKS-NO-MAX',
          { sheet: sheet.name, cell: a1(h, t.col), section },
          `Для задания ${t.label} не указан максимальный балл: задание не считается.`,
        ),
      );
  // the marks by the protocol reader, on the sheet without the max and skill rows
  const blanked: SheetSnapshot = {
    ...sheet,
    values: sheet.values.map((row, i) => {
      const r = i + (sheet.origin?.row ?? 0);
      return r === maxRow || r === skillRow ? [] : row;
    }),
  };
  const marks = new Map<number, TaskPupil['mark']>();
  const pr = readProtocol(blanked, book);
  if (pr) {
    for (const p of pr.pupils) marks.set(p.row, p.mark);
    issues.push(...pr.issues.filter((i) => i.code !== 'NOT-A-NUMBER'));
  }
  const pupils: TaskPupil[] = [];
  let lastClass: string | null = null;
  let lastTeacher: string | null = null;
  let lastSchool: string | null = titleSchool;
  for (let r = h + 1; r < view.rowCount; r++) {
    if (r === maxRow || r === skillRow) continue;
    const first = normalizeLabel(textOf(view.get(r, columns.pupil ?? view.firstCol)));
    if (SUMMARY_ROW.test(first) || MAX_ROW.test(first)) continue;
    const scores: (number | null)[] = [];
    let any = false;
    for (const t of tasks) {
      const raw = view.get(r, t.col);
      const v = readNumber(raw);
      if (v.kind === 'number') {
        any = true;
        if (v.value < 0 || (t.max !== null && v.value > t.max)) {
          issues.push(
            makeIssue(
              'TASKS-SCORE-OVER-MAX',
              { sheet: sheet.name, cell: a1(r, t.col), section },
              v.value < 0
                ? `Балл ${showValue(raw)} за задание ${t.label} отрицательный: не учтён.`
                : `Балл ${showValue(raw)} за задание ${t.label} больше максимума ${String(t.max).replace('.', ',')}: не учтён.`,
              v.value,
            ),
          );
          scores.push(null);
        } else scores.push(v.value);
      } else if (v.kind === 'text' || v.kind === 'error') {
        issues.push(
          makeIssue(
            'NOT-A-NUMBER',
            { sheet: sheet.name, cell: a1(r, t.col), section },
            `Балл за задание ${showValue(raw)} — не число: не учтён.`,
            textOf(raw),
          ),
        );
        scores.push(null);
      } else scores.push(0);
    }
    const mark = marks.get(r) ?? null;
    if (!any && mark === null && first === '') continue;
    const clsRaw = classCol !== null ? textOf(view.get(r, classCol)).trim() : '';
    const cls: string =
      clsRaw !== '' ? classKey(clsRaw) : ((classCol !== null ? lastClass : null) ?? titleClass ?? '—');
    const teacherRaw = teacherCol !== null ? textOf(view.get(r, teacherCol)).trim() : '';
    const teacher: string | null =
      teacherRaw !== '' ? teacherRaw : teacherCol !== null && cls === lastClass ? lastTeacher : titleTeacher;
    const schoolRaw = schoolCol !== null ? textOf(view.get(r, schoolCol)).trim() : '';
    const school: string | null = schoolRaw !== '' ? schoolRaw : lastSchool;
    lastClass = cls;
    lastTeacher = teacher;
    lastSchool = school;
    pupils.push({ row: r, cls, teacher, school, scores, wrote: any && mark !== 'na', mark });
  }
  return {
    sheet: sheet.name,
    procedure: ctx.procedure,
    year: ctx.year,
    tasks,
    pupils,
    hasTeacher: teacherCol !== null || titleTeacher !== null,
    issues,
  };
}

export interface TaskFigure {
  task: string;
  max: number;
  skill: string | null;
  /** Pupils counted for this task (a score over the maximum is left out). */
  pupils: number;
  points: number;
  /** % done; null when no pupil wrote. */
  done: number | null;
  municipality: number | null;
  region: number | null;
}

export interface ClassTasks {
  procedure: string;
  year: number | null;
  school: string | null;
  cls: string;
  teachers: string[];
  /** Pupils who wrote the work. */
  pupils: number;
  tasks: TaskFigure[];
  sheet: string;
}

export interface Difficulty {
  procedure: string;
  year: number | null;
  school: string | null;
  cls: string;
  teacher: string;
  task: string;
  skill: string | null;
  done: number;
  municipality: number | null;
  region: number | null;
  /** done − region, p. p.; null without the region. */
  difference: number | null;
  reason: string;
}

export interface TasksSettings {
  /** A task is a difficulty when its % done is below this (default 50). */
  below: number;
  /** … or more than this many p. p. below the region (default 15). */
  gap: number;
}

export const DEFAULT_TASKS_SETTINGS: TasksSettings = { below: 50, gap: 15 };

export interface TasksAnalysis {
  classes: ClassTasks[];
  difficulties: Difficulty[];
  settings: TasksSettings;
  /** The ФИС ОКО reports compared with (sheet names). */
  reports: string[];
  issues: Issue[];
}

/** The ФИС ОКО «Выполнение заданий» report for a procedure and year (the report's year is the school year's start). */
function reportFor(reports: FisOkoReport[], procedure: string, year: number | null): FisOkoReport | null {
  const key = procedureKey(procedure);
  return (
    reports.find(
      (r) => procedureKey(r.procedure.name) === key && (year === null || r.year === null || r.year + 1 === year),
    ) ?? null
  );
}

/** A report row's % done by task label. */
function rowValues(rep: FisOkoReport, level: 'region' | 'municipality'): Map<string, number> | null {
  const rows = (rep.tasks ?? []).filter((t) => t.level === level);
  // a municipality only when the report is of one municipality: several would need the school's login
  if (rows.length !== 1) return null;
  const out = new Map<string, number>();
  rep.labels.forEach((l, i) => {
    const v = rows[0].values[i];
    if (v !== null) out.set(taskKey(l.label), v);
  });
  return out;
}

/** The % done per task and class over protocols, the comparison with ФИС ОКО and the register of difficulties. */
export function analyzeTasks(
  protocols: TaskProtocol[],
  reports: FisOkoReport[],
  settings: TasksSettings = DEFAULT_TASKS_SETTINGS,
): TasksAnalysis {
  // the marks' own findings (the scale, the mark column) belong to the marks, not to the tasks
  const issues: Issue[] = protocols
    .filter((p) => p.tasks.length > 0)
    .flatMap((p) => p.issues.filter((i) => !i.code.startsWith('MARKS-')));
  const groups = new Map<string, { p: TaskProtocol; pupils: TaskPupil[] }>();
  for (const p of protocols) {
    if (p.tasks.length === 0) continue;
    for (const pupil of p.pupils) {
      const key = [
        procedureKey(p.procedure ?? p.sheet),
        p.year,
        pupil.school ?? '',
        pupil.cls,
        p.tasks.map((t) => t.label).join(','),
      ].join('|');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { p, pupils: [] }));
      g.pupils.push(pupil);
    }
  }
  const noRegion = new Set<string>();
  const classes: ClassTasks[] = [];
  for (const { p, pupils } of groups.values()) {
    const procedure = p.procedure ?? p.sheet;
    const rep = reportFor(reports, procedure, p.year);
    const region = rep ? rowValues(rep, 'region') : null;
    const muni = rep ? rowValues(rep, 'municipality') : null;
    if (!rep && !noRegion.has(`${procedure}|${p.year}`)) {
      noRegion.add(`${procedure}|${p.year}`);
      issues.push(
        makeIssue(
          'TASKS-NO-REGION',
          { sheet: p.sheet, cell: null, section: `Протокол ${procedure}` },
          `Нет отчёта ФИС ОКО «Выполнение заданий» по «${procedure}»${p.year ? ` ${p.year} г.` : ''}: задания не сравнивались с регионом.`,
        ),
      );
    }
    const wrote = pupils.filter((x) => x.wrote);
    const tasks: TaskFigure[] = [];
    p.tasks.forEach((t, i) => {
      if (t.max === null) return;
      let n = 0;
      let points = 0;
      for (const x of wrote) {
        const s = x.scores[i];
        if (s === null) continue;
        n++;
        points += s;
      }
      tasks.push({
        task: t.label,
        max: t.max,
        skill: t.skill,
        pupils: n,
        points,
        done: n > 0 ? (points / (t.max * n)) * 100 : null,
        municipality: muni?.get(t.label) ?? null,
        region: region?.get(t.label) ?? null,
      });
    });
    const teachers = [...new Set(pupils.map((x) => x.teacher).filter((x): x is string => !!x))];
    classes.push({
      procedure,
      year: p.year,
      school: pupils[0]?.school ?? null,
      cls: pupils[0].cls,
      teachers,
      pupils: wrote.length,
      tasks,
      sheet: p.sheet,
    });
  }
  classes.sort(
    (a, b) =>
      a.procedure.localeCompare(b.procedure, 'ru') ||
      (a.year ?? 0) - (b.year ?? 0) ||
      (a.school ?? '').localeCompare(b.school ?? '', 'ru') ||
      a.cls.localeCompare(b.cls, 'ru', { numeric: true }),
  );
  const difficulties: Difficulty[] = [];
  for (const c of classes)
    for (const t of c.tasks) {
      if (t.done === null) continue;
      const low = t.done < settings.below;
      const difference = t.region !== null ? t.done - t.region : null;
      const behind = difference !== null && -difference > settings.gap;
      if (!low && !behind) continue;
      const reasons: string[] = [];
      if (low) reasons.push(`выполнение ниже ${settings.below} %`);
      if (behind) reasons.push(`ниже региона более чем на ${settings.gap} п. п.`);
      difficulties.push({
        procedure: c.procedure,
        year: c.year,
        school: c.school,
        cls: c.cls,
        teacher: c.teachers.join(', '),
        task: t.task,
        skill: t.skill,
        done: t.done,
        municipality: t.municipality,
        region: t.region,
        difference,
        reason: reasons.join('; '),
      });
    }
  return { classes, difficulties, settings, reports: reports.map((r) => r.sheet), issues };
}

/** Every protocol with task columns and every ФИС ОКО «Выполнение заданий» report of a workbook. */
export function readTaskSources(
  wb: WorkbookSnapshot,
  book: ScaleBook,
): { protocols: TaskProtocol[]; reports: FisOkoReport[] } {
  const protocols: TaskProtocol[] = [];
  const reports: FisOkoReport[] = [];
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden') continue;
    const rep = readFisOko(s);
    if (rep) {
      if (rep.kind === 'tasks') reports.push(rep);
      continue;
    }
    const p = readTaskProtocol(s, book);
    if (p) protocols.push(p);
  }
  return { protocols, reports };
}

export const TASKS_SHEET = 'Реестр затруднений';
/** The first line of the owned sheet: tells the product's sheet from a user's sheet of that name. */
export const TASKS_TITLE = 'Реестр затруднений по заданиям ВПР';

function r1(v: number | null): OutValue {
  return v === null ? null : Math.round(v * 10) / 10;
}

/** The owned sheet «Реестр затруднений»: the register, then % done per task and class. */
export function tasksSheet(a: TasksAnalysis): OwnedSheet {
  return {
    name: TASKS_SHEET,
    position: 'first',
    freezeHeader: true,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: [TASKS_TITLE] },
      {
        kind: 'text',
        style: 'note',
        lines: [
          `В реестре — задания, выполненные классом меньше чем на ${a.settings.below} % или ниже региона более чем на ${a.settings.gap} п. п.` +
            (a.reports.length ? '' : ' Отчёта ФИС ОКО «Выполнение заданий» нет: сравнения с регионом нет.'),
        ],
      },
      {
        kind: 'table',
        name: 'TaskDifficulties',
        heading: 'Реестр затруднений',
        columns: [
          { header: 'Процедура' },
          { header: 'Год', format: 'integer' },
          { header: 'ОО' },
          { header: 'Класс' },
          { header: 'Учитель' },
          { header: 'Задание' },
          { header: 'Проверяемое умение', width: 40 },
          { header: 'Выполнение, %', format: 'decimal1' },
          { header: 'Муниципалитет, %', format: 'decimal1' },
          { header: 'Регион, %', format: 'decimal1' },
          { header: 'Разница с регионом, п. п.', format: 'decimal1' },
          { header: 'Почему в реестре' },
        ],
        rows: a.difficulties.map((d) => [
          d.procedure,
          d.year,
          d.school ?? '',
          d.cls,
          d.teacher,
          d.task,
          d.skill ?? '',
          r1(d.done),
          r1(d.municipality),
          r1(d.region),
          r1(d.difference),
          d.reason,
        ]),
      },
      {
        kind: 'table',
        name: 'TaskDone',
        heading: 'Выполнение заданий по классам',
        columns: [
          { header: 'Процедура' },
          { header: 'Год', format: 'integer' },
          { header: 'ОО' },
          { header: 'Класс' },
          { header: 'Учитель' },
          { header: 'Писали', format: 'integer' },
          { header: 'Задание' },
          { header: 'Макс. балл', format: 'decimal1' },
          { header: 'Сумма баллов', format: 'decimal1' },
          { header: 'Выполнение, %', format: 'decimal1' },
          { header: 'Муниципалитет, %', format: 'decimal1' },
          { header: 'Регион, %', format: 'decimal1' },
        ],
        rows: a.classes.flatMap((c) =>
          c.tasks.map((t): OutValue[] => [
            c.procedure,
            c.year,
            c.school ?? '',
            c.cls,
            c.teachers.join(', '),
            t.pupils,
            t.task,
            t.max,
            t.points,
            r1(t.done),
            r1(t.municipality),
            r1(t.region),
          ]),
        ),
      },
    ],
  };
}
