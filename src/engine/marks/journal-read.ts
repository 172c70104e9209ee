/**
 * Reading period marks from class-journal exports (issue 16, docs/marks.md «Отметки из журнала»).
 *
 * Two layouts, told apart by the header row:
 * - **wide** — a row per pupil, a column per subject with the period's marks; the class and the
 *   period stand in the title above the table («Итоговые отметки за 1 четверть 2026/2027, 5А») or in
 *   the sheet's name; a «Класс» column may carry the class per row; a row «Учитель» under or over the
 *   header may name each subject's teacher. Several such blocks may follow one another on a sheet.
 * - **long** — a row per pupil × subject: Ученик | Класс | Предмет | Период | Отметка | Учитель
 *   (any order, extra columns ignored; Класс and Период may be in the title instead).
 * A table Класс | Предмет | Учитель without pupils names the teachers for the other sheets.
 *
 * Cells: marks 2–5 and «н/а» are read by formulas.ts (`readMark`); «зач», «осв» are credits, not
 * marks; «н/з» (не зачтено) is a failed credit; «выб», «выбыл» in a mark cell marks the pupil as gone.
 */
import { Issue, makeIssue } from '../issues';
import { OWNED_SHEETS } from '../report';
import { CellValue, SheetSnapshot, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { readMark } from './formulas';
import { Period, parsePeriod, periodKey, schoolYearIn } from './period';

/** What a pupil has for a subject in a period. */
export type JournalValue =
  | { kind: 'mark'; mark: 2 | 3 | 4 | 5 }
  | { kind: 'na' }
  /** «зач», «зачтено» — passed a subject without marks. */
  | { kind: 'credit' }
  /** «осв», «освобождён» — exempt. */
  | { kind: 'exempt' }
  /** «н/з», «незач», «не зачтено» — a failed credit (академическая задолженность). */
  | { kind: 'failedCredit' };

/** Movement of a pupil: выбыл (gone during or before the period's end) or прибыл (came during it). */
export type PupilStatus = 'left' | 'arrived' | null;

export interface JournalEntry {
  pupil: string;
  /** «5А» as it is normalised (digits, capital Cyrillic letter); null when no class is found. */
  className: string | null;
  grade: number | null;
  subject: string;
  period: Period | null;
  value: JournalValue;
  teacher: string | null;
  status: PupilStatus;
  sheet: string;
  cell: string;
  source?: string;
}

/** A pupil seen in a period with status but no values (a row of a pupil who left: no marks). */
export interface JournalPupil {
  pupil: string;
  className: string | null;
  grade: number | null;
  period: Period | null;
  status: PupilStatus;
}

export interface TeacherEntry {
  className: string | null;
  subject: string;
  teacher: string;
}

export interface JournalSheetInfo {
  sheet: string;
  source?: string;
  layout: 'wide' | 'long' | 'teachers';
  /** The header row (A1 row number) of each block read. */
  rows: number[];
  classes: string[];
  periods: Period[];
}

export interface JournalRead {
  entries: JournalEntry[];
  pupils: JournalPupil[];
  teachers: TeacherEntry[];
  sheets: JournalSheetInfo[];
  issues: Issue[];
}

const SECTION = 'Журнал';

// ---- cells -------------------------------------------------------------------------------------

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return '';
  return String(v)
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .trim();
}

function cellWord(v: CellValue | undefined): string {
  return text(v)
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'.]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const CREDIT = /^(зач|зачет|зачтено|зачтен[а-я]*|осв|освоб[а-я]*)$/;
const FAILED_CREDIT = /^(н\/з|нз|н\/зач|незач|незачет|не зачтено|не зачет)$/;
const GONE = /^(выб|выбыл[а-я]*|выбыв[а-я]*|выб\/[а-я]*)$/;

/** A journal cell: a value, nothing (empty), gone (the pupil left), or bad (with how it is shown). */
export type JournalCell =
  { kind: 'value'; value: JournalValue } | { kind: 'empty' } | { kind: 'gone' } | { kind: 'bad'; shown: string };

export function readJournalCell(v: CellValue | undefined): JournalCell {
  const w = cellWord(v);
  if (typeof v === 'string' && w !== '') {
    if (FAILED_CREDIT.test(w)) return { kind: 'value', value: { kind: 'failedCredit' } };
    if (CREDIT.test(w)) return { kind: 'value', value: { kind: /^осв/.test(w) ? 'exempt' : 'credit' } };
    if (GONE.test(w)) return { kind: 'gone' };
  }
  const m = readMark(v);
  if (m.kind === 'mark') return { kind: 'value', value: { kind: 'mark', mark: m.mark } };
  if (m.kind === 'na') return { kind: 'value', value: { kind: 'na' } };
  if (m.kind === 'empty') return { kind: 'empty' };
  return { kind: 'bad', shown: m.shown };
}

/** The status a text gives: «выбыл», «выбыла 12.10», «выб.» → left; «прибыл», «прибыла» → arrived. */
export function statusOf(s: string): PupilStatus {
  // whole words only: «Прибылова Анна» is a name, not a status
  const words = s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^а-я]+/);
  if (words.some((w) => /^(выб|выбыл[аи]?|выбыв[а-я]*|отчислен[аы]?|выбытие)$/.test(w))) return 'left';
  if (words.some((w) => /^(приб|прибыл[аи]?|прибыв[а-я]*|зачислен[аы]?)$/.test(w))) return 'arrived';
  return null;
}

/** A pupil's name without a status note: «Иванов Иван (выбыл 12.10)» → «Иванов Иван». */
function cleanName(s: string): string {
  return s
    .replace(/\s*[([]\s*(выб|приб|отчисл|зачисл)[^)\]]*[)\]]/gi, '')
    .replace(/\s*[([]\s*(выб|приб|отчисл|зачисл)[^)\]]*$/i, '')
    .replace(/\s*[-—–,]\s*(выбыл|выбыла|прибыл|прибыла)([^а-я].*)?$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const LATIN_TO_CYR: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/** «5а», «5 «А»», «5-А», «5 А класс» → «5А»; «10 класс» → «10»; null when the text holds no class. */
export function parseClass(s: string, anywhere = false): { className: string; grade: number } | null {
  const t = s.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/ё/g, 'е');
  const letter = '([А-Яа-яA-Za-z])';
  const res = anywhere
    ? [
        new RegExp(
          `класс[а-я]*\\s*[:№]?\\s*(1[01]|[1-9])\\s*[-–—]?\\s*[«"']?${letter}?[»"']?(?![А-Яа-яA-Za-z0-9])`,
          'i',
        ),
        new RegExp(
          `(?:^|[^0-9А-Яа-я/.-])(1[01]|[1-9])\\s*[-–—]?\\s*[«"']?${letter}[»"']?\\s*(?:класс[а-я]*)?(?![А-Яа-яA-Za-z0-9])`,
        ),
        /(?:^|[^0-9])(1[01]|[1-9])\s*(?:-?[хы]?е?\s*)?класс/i,
      ]
    : [new RegExp(`^\\s*(1[01]|[1-9])\\s*[-–—]?\\s*[«"']?${letter}?[»"']?\\s*(?:класс[а-я]*)?\\s*$`, 'i')];
  for (const re of res) {
    const m = re.exec(t);
    if (!m) continue;
    const grade = Number(m[1]);
    let l = (m[2] ?? '').toUpperCase();
    l = LATIN_TO_CYR[l] ?? l;
    if (l && !/^[А-Я]$/.test(l)) continue;
    return { className: `${grade}${l}`, grade };
  }
  return null;
}

// ---- headers -----------------------------------------------------------------------------------

type Role =
  | 'pupil'
  /** «Имя», «Отчество» beside a «Фамилия» column: joined to the pupil's name. */
  | 'firstName'
  | 'patronymic'
  | 'number'
  | 'class'
  | 'subject'
  | 'period'
  | 'mark'
  | 'teacher'
  | 'year'
  | 'status'
  | 'other';

const PUPIL =
  /^(фио|ф и о|фамилия|фамилия имя|фамилия и имя|фамилия имя отчество|ученик|ученики|учащийся|учащиеся|обучающийся|обучающиеся|фио (ученика|учащегося|обучающегося)|список (класса|учащихся|обучающихся)|учащиеся класса)$/;
const TEACHER = /^(учитель|учителя|педагог|преподават|фио (учителя|педагога)|ведущий учитель)/;
const OTHER =
  /(средн|балл|пропуск|пропущ|уроков|дат|рожден|^пол$|^№|номер|^n$|^п\/п|примечан|итог|всего|кол-?во|количество|процент|%|успеваем|качеств|^соу|ранг|место|^код|снилс|телефон|почта|e-?mail|логин|группа|подгрупп|^id$)/;

function roleOf(label: string): Role | null {
  const t = normalizeLabel(label).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t) return null;
  if (/^(№|n|no|п\/п|№ п\/п|номер)$/.test(t)) return 'number';
  if (PUPIL.test(t)) return 'pupil';
  if (t === 'имя') return 'firstName';
  if (t === 'отчество') return 'patronymic';
  if (TEACHER.test(t)) return 'teacher';
  if (/^класс(ы)?$/.test(t) || /^(класс|параллель и буква)$/.test(t)) return 'class';
  if (/^(предмет|учебный предмет|дисциплина|наименование предмета|предметы)$/.test(t)) return 'subject';
  if (
    /^(период|учебный период|отчетный период|четверть|триместр|полугодие|аттестационный период|период аттестации)$/.test(
      t,
    )
  )
    return 'period';
  if (
    /^(отметка|оценка|итоговая отметка|итоговая оценка|отметка за период|результат|четвертная отметка|четвертная оценка)$/.test(
      t,
    )
  )
    return 'mark';
  if (/^(учебный год|год|уч год)$/.test(t)) return 'year';
  if (/^(статус|движение|выбыл ?\/ ?прибыл|прибыл ?\/ ?выбыл|отметка о выбытии|выбытие)$/.test(t)) return 'status';
  if (OTHER.test(t)) return 'other';
  return null;
}

interface Header {
  row: number;
  cols: Map<number, Role>;
  labels: Map<number, string>;
  pupil: number;
}

/** A header row: a cell naming the pupil column, not far left in the table. */
function headerAt(values: (CellValue | undefined)[][], r: number): Header | null {
  const line = values[r] ?? [];
  const cols = new Map<number, Role>();
  const labels = new Map<number, string>();
  let pupil = -1;
  line.forEach((v, c) => {
    const s = text(v);
    if (!s || typeof v !== 'string') return;
    const role = roleOf(s);
    labels.set(c, s);
    if (role) cols.set(c, role);
    if (role === 'pupil' && pupil < 0) pupil = c;
  });
  if (pupil < 0 || labels.size < 3) return null;
  return { row: r, cols, labels, pupil };
}

function colOf(h: Header, role: Role): number {
  for (const [c, r] of h.cols) if (r === role) return c;
  return -1;
}

/** The pupil's cell text, with «Имя» and «Отчество» when they stand in columns of their own. */
function pupilText(h: Header, line: (CellValue | undefined)[]): string {
  if (typeof line[h.pupil] !== 'string') return '';
  const parts = [h.pupil, colOf(h, 'firstName'), colOf(h, 'patronymic')]
    .filter((c) => c >= 0)
    .map((c) => text(line[c]))
    .filter((x) => x !== '');
  return parts.join(' ');
}

// ---- the reader --------------------------------------------------------------------------------

interface Context {
  sheet: SheetSnapshot;
  r0: number;
  c0: number;
  out: JournalRead;
}

function at(ctx: Context, r: number, c: number): string {
  return a1(ctx.r0 + r, ctx.c0 + c);
}

const SUMMARY_ROW =
  /^(итого|всего|средн|успеваем|качеств|соу|кол-?во|количество|процент|учитель|педагог|классный руководитель|подпись|директор|зам)/;

/** The texts over a block: its title rows (up to 8 rows above the header, after the previous block). */
function titleOf(values: (CellValue | undefined)[][], from: number, header: number): string {
  const parts: string[] = [];
  for (let r = Math.max(from, header - 8); r < header; r++)
    for (const v of values[r] ?? []) {
      const s = text(v);
      if (s) parts.push(s);
    }
  return parts.join(' ');
}

function fileLabel(sheet: SheetSnapshot): string {
  return sheet.source ? `«${sheet.name}» (${sheet.source})` : `«${sheet.name}»`;
}

function warn(
  ctx: Context,
  code: 'JOURNAL-NO-PERIOD' | 'JOURNAL-NO-CLASS' | 'MARKS-BAD-MARK',
  cell: string | null,
  message: string,
  value?: string,
): void {
  ctx.out.issues.push(makeIssue(code, { sheet: ctx.sheet.name, cell, section: SECTION }, message, value));
}

interface WideColumn {
  col: number;
  name: string;
  teacher: string | null;
  period: Period | null;
}

/**
 * A header of two rows: subjects over periods («Русский язык» merged over «1 ч | 2 ч | год») or
 * periods over subjects. Gives the columns with their subject and period, or null when the row under
 * the header does not name periods (or subjects under periods).
 */
function twoLevel(
  values: (CellValue | undefined)[][],
  h: Header,
  sub: number,
  width: number,
  yearText: string,
): { col: number; name: string; period: Period }[] | null {
  const top = values[h.row] ?? [];
  const low = values[sub] ?? [];
  const skip = (c: number): boolean => {
    const role = h.cols.get(c);
    return c === h.pupil || role === 'number' || role === 'class' || role === 'status' || role === 'teacher';
  };
  const withYear = (p: Period | null): Period | null => {
    if (!p || p.year !== null) return p;
    const year = schoolYearIn(yearText, p);
    return year === null ? p : { ...p, year };
  };
  const periodIn = (v: CellValue | undefined): Period | null =>
    typeof v === 'string' ? withYear(parsePeriod(v, { yearWord: true })) : null;
  let lowPeriods = 0;
  let topPeriods = 0;
  for (let c = 0; c < width; c++) {
    if (skip(c)) continue;
    if (periodIn(low[c])) lowPeriods++;
    if (periodIn(top[c])) topPeriods++;
  }
  const subjectsOverPeriods = lowPeriods >= 2;
  if (!subjectsOverPeriods && topPeriods < 2) return null;
  const out: { col: number; name: string; period: Period }[] = [];
  let carried = '';
  for (let c = 0; c < width; c++) {
    const under = text(low[c]);
    if (skip(c) || !under) {
      carried = '';
      continue;
    }
    // a merged header keeps its value in the first cell: carry it over the cells it spans
    const over = text(top[c]);
    if (over) carried = over;
    if (!carried) continue;
    const name = subjectsOverPeriods ? carried : under;
    const period = subjectsOverPeriods ? periodIn(low[c]) : (periodIn(top[c]) ?? (over ? null : periodIn(carried)));
    if (!period || roleOf(name) !== null) continue;
    out.push({ col: c, name: name.replace(/\s+/g, ' ').trim(), period });
  }
  return out.length ? out : null;
}

/**
 * A wide block: the header at `h.row`, data down to `end` (exclusive). Subject columns are the
 * columns whose header is not a known other column and whose cells are mostly journal values. With
 * a header of two rows (subjects over periods), each column has its own period.
 */
function readWide(ctx: Context, h: Header, from: number, end: number): void {
  const values = ctx.sheet.values;
  const title = titleOf(values, from, h.row);
  const sheetName = ctx.sheet.name;
  let period = parsePeriod(title) ?? parsePeriod(sheetName);
  if (period && period.year === null) {
    const year = schoolYearIn(`${title} ${sheetName}`, period);
    if (year !== null) period = { ...period, year };
  }
  const titleClass = parseClass(title, true) ?? parseClass(sheetName) ?? parseClass(sheetName, true);
  const classCol = colOf(h, 'class');
  const statusCol = colOf(h, 'status');
  const width = Math.max(0, ...values.slice(h.row, end).map((l) => l?.length ?? 0));
  // a header of two rows: the row under it names the periods
  const two = h.row + 1 < end ? twoLevel(values, h, h.row + 1, width, `${title} ${sheetName}`) : null;
  const first = two ? h.row + 2 : h.row + 1;
  // a row «Учитель» right under or over the header
  let teacherRow = -1;
  for (const r of [first, h.row - 1, first + 1]) {
    if (r < 0 || r >= end) continue;
    const line = values[r] ?? [];
    const lead = [0, 1, 2, h.pupil].map((c) => text(line[c]));
    if (lead.some((s) => s && TEACHER.test(normalizeLabel(s)))) {
      teacherRow = r;
      break;
    }
  }
  const candidates: { col: number; name: string; period: Period | null }[] = two
    ? two
    : [...h.labels.entries()]
        .filter(([c]) => c !== h.pupil && !h.cols.has(c))
        .map(([col, name]) => ({ col, name: name.replace(/\s+/g, ' ').trim(), period }));
  // subject columns: mostly journal values
  const subjects: WideColumn[] = [];
  for (const cand of candidates) {
    let good = 0;
    let other = 0;
    for (let r = first; r < end; r++) {
      if (r === teacherRow) continue;
      const cell = readJournalCell(values[r]?.[cand.col]);
      if (cell.kind === 'value' || cell.kind === 'gone') good++;
      else if (cell.kind === 'bad') other++;
    }
    if (good === 0 || good < 2 * other) continue;
    const teacher = teacherRow >= 0 ? text(values[teacherRow]?.[cand.col]) || null : null;
    subjects.push({ ...cand, teacher });
  }
  if (subjects.length === 0) return;
  subjects.sort((a, b) => a.col - b.col);
  if (subjects.some((x) => !x.period))
    warn(
      ctx,
      'JOURNAL-NO-PERIOD',
      at(ctx, h.row, h.pupil),
      `Над таблицей отметок на листе ${fileLabel(ctx.sheet)} не найден период (например «за 1 четверть 2026/2027»): отметки посчитаны как «период не указан».`,
    );
  if (!titleClass && classCol < 0)
    warn(
      ctx,
      'JOURNAL-NO-CLASS',
      at(ctx, h.row, h.pupil),
      `Над таблицей отметок на листе ${fileLabel(ctx.sheet)} не найден класс (например «5А»), и столбца «Класс» нет: ученики посчитаны как класс «—».`,
    );
  const periods = new Map<string, Period | null>();
  for (const x of subjects) periods.set(x.period ? periodKey(x.period) : '', x.period);
  const classes = new Set<string>();
  let rows = 0;
  for (let r = first; r < end; r++) {
    if (r === teacherRow) continue;
    const line = values[r] ?? [];
    const raw = pupilText(h, line);
    if (!raw) continue;
    if (SUMMARY_ROW.test(normalizeLabel(raw))) continue;
    const pupil = cleanName(raw);
    if (!pupil) continue;
    const rowClass = classCol >= 0 ? parseClass(text(line[classCol])) : null;
    const klass = rowClass ?? titleClass;
    const rowStatus = statusOf(raw) ?? (statusCol >= 0 ? statusOf(text(line[statusCol])) : null);
    // «выб» in the cells of a period: the pupil left in that period
    const goneIn = new Set<string>();
    const found: { s: WideColumn; value: JournalValue }[] = [];
    for (const s of subjects) {
      const cell = readJournalCell(line[s.col]);
      if (cell.kind === 'gone') goneIn.add(s.period ? periodKey(s.period) : '');
      else if (cell.kind === 'value') found.push({ s, value: cell.value });
      else if (cell.kind === 'bad')
        warn(
          ctx,
          'MARKS-BAD-MARK',
          at(ctx, r, s.col),
          `Отметка ${cell.shown} (${pupil}, ${s.name}) — не 2, 3, 4, 5, «н/а», «зач», «осв» или «н/з»: не учтена.`,
          cell.shown,
        );
    }
    rows++;
    if (klass) classes.add(klass.className);
    const base = { pupil, className: klass?.className ?? null, grade: klass?.grade ?? null };
    const statusIn = (p: Period | null): PupilStatus => (goneIn.has(p ? periodKey(p) : '') ? 'left' : rowStatus);
    for (const [k, p] of periods) {
      // several periods in one row: a pupil with nothing in a period was not in the class then
      if (periods.size > 1 && !goneIn.has(k) && !found.some((x) => (x.s.period ? periodKey(x.s.period) : '') === k))
        continue;
      ctx.out.pupils.push({ ...base, period: p, status: statusIn(p) });
    }
    for (const { s, value } of found)
      ctx.out.entries.push({
        ...base,
        period: s.period,
        subject: s.name,
        value,
        teacher: s.teacher,
        status: statusIn(s.period),
        sheet: sheetName,
        cell: at(ctx, r, s.col),
        ...(ctx.sheet.source ? { source: ctx.sheet.source } : {}),
      });
  }
  if (rows > 0)
    ctx.out.sheets.push({
      sheet: sheetName,
      ...(ctx.sheet.source ? { source: ctx.sheet.source } : {}),
      layout: 'wide',
      rows: [ctx.r0 + h.row + 1],
      classes: [...classes],
      periods: [...periods.values()].filter((p): p is Period => p !== null),
    });
}

/** A long table: a row per pupil × subject. */
function readLong(ctx: Context, h: Header, from: number, end: number): void {
  const values = ctx.sheet.values;
  const title = titleOf(values, from, h.row);
  const sheetName = ctx.sheet.name;
  const titlePeriod = parsePeriod(title) ?? parsePeriod(sheetName);
  const titleClass = parseClass(title, true) ?? parseClass(sheetName);
  const col = (role: Role): number => colOf(h, role);
  const [cSubject, cMark, cClass, cPeriod, cTeacher, cYear, cStatus] = (
    ['subject', 'mark', 'class', 'period', 'teacher', 'year', 'status'] as Role[]
  ).map(col);
  const classes = new Set<string>();
  const periods = new Map<string, Period>();
  let noPeriod = false;
  let noClass = false;
  let rows = 0;
  for (let r = h.row + 1; r < end; r++) {
    const line = values[r] ?? [];
    const raw = pupilText(h, line);
    if (!raw || SUMMARY_ROW.test(normalizeLabel(raw))) continue;
    const subject = text(line[cSubject]).replace(/\s+/g, ' ');
    if (!subject) continue;
    const yearText = cYear >= 0 ? text(line[cYear]) : '';
    let period = titlePeriod;
    if (cPeriod >= 0) period = parsePeriod(`${text(line[cPeriod])} ${yearText}`, { yearWord: true }) ?? titlePeriod;
    // the school year from the title or the sheet's name when the row gives none
    if (period && period.year === null) {
      const year = schoolYearIn(`${title} ${sheetName}`, period);
      if (year !== null) period = { ...period, year };
    }
    if (!period) noPeriod = true;
    const klass = (cClass >= 0 ? parseClass(text(line[cClass])) : null) ?? titleClass;
    if (!klass) noClass = true;
    let status = statusOf(raw) ?? (cStatus >= 0 ? statusOf(text(line[cStatus])) : null);
    const cell = readJournalCell(line[cMark]);
    const pupil = cleanName(raw);
    const base = { pupil, className: klass?.className ?? null, grade: klass?.grade ?? null, period };
    if (cell.kind === 'gone') status = 'left';
    if (cell.kind === 'bad') {
      warn(
        ctx,
        'MARKS-BAD-MARK',
        at(ctx, r, cMark),
        `Отметка ${cell.shown} (${pupil}, ${subject}) — не 2, 3, 4, 5, «н/а», «зач», «осв» или «н/з»: не учтена.`,
        cell.shown,
      );
    }
    rows++;
    if (klass) classes.add(klass.className);
    if (period) periods.set(`${period.year}|${period.kind}|${period.n}`, period);
    ctx.out.pupils.push({ ...base, status });
    if (cell.kind !== 'value') continue;
    ctx.out.entries.push({
      ...base,
      subject,
      value: cell.value,
      teacher: cTeacher >= 0 ? text(line[cTeacher]) || null : null,
      status,
      sheet: sheetName,
      cell: at(ctx, r, cMark),
      ...(ctx.sheet.source ? { source: ctx.sheet.source } : {}),
    });
  }
  if (rows === 0) return;
  if (noPeriod)
    warn(
      ctx,
      'JOURNAL-NO-PERIOD',
      at(ctx, h.row, cPeriod >= 0 ? cPeriod : h.pupil),
      `На листе ${fileLabel(ctx.sheet)} не у всех строк указан период (столбец «Период» или заголовок «за 1 четверть 2026/2027»): такие отметки посчитаны как «период не указан».`,
    );
  if (noClass)
    warn(
      ctx,
      'JOURNAL-NO-CLASS',
      at(ctx, h.row, cClass >= 0 ? cClass : h.pupil),
      `На листе ${fileLabel(ctx.sheet)} не у всех строк указан класс (столбец «Класс» или заголовок с классом): такие ученики посчитаны как класс «—».`,
    );
  ctx.out.sheets.push({
    sheet: sheetName,
    ...(ctx.sheet.source ? { source: ctx.sheet.source } : {}),
    layout: 'long',
    rows: [ctx.r0 + h.row + 1],
    classes: [...classes],
    periods: [...periods.values()],
  });
}

/** A table of teachers: Класс | Предмет | Учитель (the class may be absent). */
function readTeachers(ctx: Context, h: Header | null, row: number, end: number): boolean {
  const line = ctx.sheet.values[row] ?? [];
  const roles = new Map<Role, number>();
  line.forEach((v, c) => {
    const role = typeof v === 'string' ? roleOf(v) : null;
    if (role && !roles.has(role)) roles.set(role, c);
  });
  if (h || !roles.has('subject') || !roles.has('teacher') || roles.has('mark')) return false;
  const cs = roles.get('subject')!;
  const ct = roles.get('teacher')!;
  const cc = roles.get('class') ?? -1;
  let n = 0;
  for (let r = row + 1; r < end; r++) {
    const l = ctx.sheet.values[r] ?? [];
    const subject = text(l[cs]).replace(/\s+/g, ' ');
    const teacher = text(l[ct]);
    if (!subject || !teacher) continue;
    const klass = cc >= 0 ? parseClass(text(l[cc])) : null;
    ctx.out.teachers.push({ className: klass?.className ?? null, subject, teacher });
    n++;
  }
  if (n > 0)
    ctx.out.sheets.push({
      sheet: ctx.sheet.name,
      ...(ctx.sheet.source ? { source: ctx.sheet.source } : {}),
      layout: 'teachers',
      rows: [ctx.r0 + row + 1],
      classes: [],
      periods: [],
    });
  return n > 0;
}

/** Reads every journal block of every sheet of the workbook (sheets the product owns are skipped). */
export function readJournal(wb: WorkbookSnapshot): JournalRead {
  const out: JournalRead = { entries: [], pupils: [], teachers: [], sheets: [], issues: [] };
  for (const sheet of wb.sheets) {
    if (OWNED_SHEETS.includes(sheet.name) || sheet.visibility === 'veryHidden') continue;
    const ctx: Context = { sheet, r0: sheet.origin?.row ?? 0, c0: sheet.origin?.col ?? 0, out };
    const values = sheet.values;
    const headers: Header[] = [];
    let teachersAt = -1;
    for (let r = 0; r < values.length; r++) {
      const h = headerAt(values, r);
      if (h) headers.push(h);
      else if (teachersAt < 0 && headers.length === 0 && readTeachers(ctx, null, r, values.length)) teachersAt = r;
    }
    if (teachersAt >= 0) continue;
    let from = 0;
    headers.forEach((h, i) => {
      // rows of the next block's title belong to it: stop this block before them
      const stop = i + 1 < headers.length ? nextTitleStart(values, h.row, headers[i + 1].row) : values.length;
      const long = colOf(h, 'subject') >= 0 && colOf(h, 'mark') >= 0;
      if (long) readLong(ctx, h, from, stop);
      else readWide(ctx, h, from, stop);
      from = stop;
    });
  }
  return out;
}

/**
 * Where the title of the next block starts: going up from its header, past the blank rows right over
 * it, the title is the run of short rows (fewer than 3 filled cells) up to a blank row or a row of data
 * (exports put a blank row between classes; the title may span a few rows: the school, the class).
 */
function nextTitleStart(values: (CellValue | undefined)[][], header: number, next: number): number {
  const filled = (r: number): number => (values[r] ?? []).filter((v) => text(v) !== '').length;
  let r = next - 1;
  while (r > header && filled(r) === 0) r--;
  let start = next;
  for (let k = 0; r > header && k < 8; r--, k++) {
    const n = filled(r);
    if (n === 0 || n >= 3) break;
    start = r;
  }
  return start;
}
