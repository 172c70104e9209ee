/**
 * ФИС ОКО reports as an input of the identification (DOMAIN.md §4; assumptions in docs/decisions.md,
 * 2026-12-05, «ФИС ОКО»).
 *
 * «Статистика по отметкам»: a title block («Всероссийские проверочные работы 2023 (5 класс)»,
 * «Дата: 18.04.2023», «Предмет: Математика», «Статистика по отметкам», «Максимальный первичный
 * балл: 15»), a header «Группы участников | Кол-во ОО | Кол-во участников | Распределение групп
 * баллов в %» with the marks «2», «3», «4», «5» in the row below the merged cell (for ОГЭ/ЕГЭ the
 * first one may read «не преодолели минимальный порог»), then rows: «Вся выборка», the region,
 * each municipality and under it its schools «(sch740101) МБОУ «СОШ № 1»», each with the number
 * of participants and the shares (%) of each mark.
 *
 * The hierarchy rows are not schools: they are kept as the comparison means (the whole sample,
 * the region, each municipality), and a school takes the municipality it stands under. The
 * school's code is its login. The failing share is the share of «2» as the report gives it, and
 * the identification compares that share with the threshold exactly; the failing count shown is
 * participants × share, rounded.
 *
 * «Выполнение заданий» (the same hierarchy, the per-task percentages of completion) is recognised
 * and kept for task-level analysis later; it is not an input of the identification.
 */
import { CellValue, Merge, SheetSnapshot, SheetView } from '../snapshot';
import { normalizeLabel } from '../text';
import { readNumber } from '../values';
import { SchoolYear, parseSchoolYear } from '../years';
import { Procedure, buildProcedure, parseProcedure } from './procedure';

export type FisOkoKind = 'marks' | 'tasks';

export interface FisOkoSchool {
  row: number;
  /** The login, `sch740101`. */
  code: string;
  name: string;
  municipality: string | null;
  participants: number | null;
  /** The share (%) of «2» (below the minimum), as the report gives it. */
  failedShare: number | null;
  /** participants × failedShare ÷ 100, rounded: for display only. */
  failed: number | null;
  /** Shares (%) by mark label («2», «3», …), in the report's order. */
  shares: (number | null)[];
}

export interface FisOkoMean {
  row: number;
  level: 'all' | 'region' | 'municipality';
  name: string;
  /** «Кол-во ОО». */
  schools: number | null;
  participants: number | null;
  failedShare: number | null;
  shares: (number | null)[];
}

export interface FisOkoTaskRow {
  row: number;
  level: 'all' | 'region' | 'municipality' | 'school';
  code: string | null;
  name: string;
  municipality: string | null;
  participants: number | null;
  /** Percent of completion by task, in the order of `FisOkoReport.labels`. */
  values: (number | null)[];
}

export interface FisOkoReport {
  kind: FisOkoKind;
  sheet: string;
  procedure: Procedure;
  /** The school year (its starting calendar year), from the date or the title. */
  year: SchoolYear | null;
  /** «Дата: 18.04.2023» as written. */
  date: string | null;
  maxScore: number | null;
  title: string[];
  headerRow: number;
  /** The row of the mark (task) labels under the merged header cell. */
  labelRow: number;
  groupCol: number;
  participantsCol: number;
  schoolsCol: number | null;
  /** The «2» (or «не преодолели минимальный порог») column; null in «Выполнение заданий». */
  failedCol: number | null;
  /** Mark labels («2», «3», «4», «5») or task numbers, with their columns. */
  labels: { label: string; col: number }[];
  schools: FisOkoSchool[];
  means: FisOkoMean[];
  /** «Выполнение заданий» only. */
  tasks?: FisOkoTaskRow[];
}

const SCAN_ROWS = 40;
const SCAN_COLS = 30;
const LOGIN = /^\s*\(\s*(sch\d+)\s*\)\s*(.*)$/is;

function str(v: CellValue | undefined): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  return null;
}

function num(view: SheetView, r: number, c: number | null): number | null {
  if (c === null) return null;
  const rv = readNumber(view.raw(r, c), view.format(r, c));
  return rv.kind === 'number' ? rv.value : null;
}

/** The report's kind from its title lines, or null when the sheet is not a ФИС ОКО report. */
function kindOf(lines: string[]): FisOkoKind | null {
  for (const l of lines) {
    const n = normalizeLabel(l);
    if (n === 'статистика по отметкам' || n.startsWith('статистика по отметкам')) return 'marks';
    if (n === 'выполнение заданий' || n.startsWith('выполнение заданий')) return 'tasks';
  }
  return null;
}

const TITLE_TYPES: [RegExp, string][] = [
  [/всероссийск[а-я]* проверочн[а-я]* работ|(^|[^а-я])впр([^а-я]|$)/, 'ВПР'],
  [/основн[а-я]* государственн[а-я]* экзамен|(^|[^а-я])огэ([^а-я]|$)|гиа-?9/, 'ОГЭ'],
  [/един[а-я]* государственн[а-я]* экзамен|(^|[^а-я])егэ([^а-я]|$)|гиа-?11/, 'ЕГЭ'],
];

/** The school year of a report: by its date (September on starts a school year), else by the title's calendar year. */
function yearOf(date: string | null, title: string[]): SchoolYear | null {
  if (date !== null) {
    const m = /(\d{1,2})[./](\d{1,2})[./](\d{4})/.exec(date);
    if (m) {
      const month = Number(m[2]);
      const y = Number(m[3]);
      return month >= 9 ? y : y - 1;
    }
  }
  for (const l of title) {
    const pair = parseSchoolYear(l, true);
    if (pair !== null && /\d{4}\s*[-/–]\s*\d{2,4}/.test(l)) return pair;
    const m = /(?:^|[^\d])((?:19|20)\d\d)(?!\d)/.exec(l);
    if (m && TITLE_TYPES.some(([re]) => re.test(normalizeLabel(l)))) return Number(m[1]) - 1;
  }
  return null;
}

function procedureOf(title: string[]): Procedure {
  let type: string | null = null;
  let subject: string | null = null;
  let grade: string | null = null;
  let typeLine = '';
  for (const l of title) {
    const n = normalizeLabel(l);
    if (type === null) {
      for (const [re, t] of TITLE_TYPES)
        if (re.test(n)) {
          type = t;
          typeLine = l;
          break;
        }
    }
    const sm = /^предмет\s*:\s*(.+)$/i.exec(l.trim());
    if (sm && subject === null) subject = sm[1].trim();
    const gm = /(?:^|[^\d])(\d{1,2})\s*(?:-?й\s*)?класс/i.exec(l);
    if (gm && grade === null && TITLE_TYPES.some(([re]) => re.test(n))) grade = gm[1];
  }
  const parsed = parseProcedure({ procedure: `${type ?? ''} ${subject ?? ''}`, subject, grade, group: typeLine });
  return buildProcedure(type ?? parsed.type, parsed.subject, parsed.grade);
}

/** Finds the header: a cell «Группы участников» with «Кол-во участников» in the same row. */
function findHeader(view: SheetView): { row: number; group: number; part: number; schools: number | null } | null {
  const rows = Math.min(view.rowCount, view.firstRow + SCAN_ROWS);
  for (let r = view.firstRow; r < rows; r++) {
    let group = -1;
    let part = -1;
    let schools: number | null = null;
    for (let c = view.firstCol; c < view.firstCol + SCAN_COLS; c++) {
      const t = str(view.raw(r, c));
      if (t === null) continue;
      const n = normalizeLabel(t);
      if (n === 'группы участников' || n === 'группа участников') group = c;
      else if (/^(кол-во|количество|число) участников/.test(n)) part = c;
      else if (/^(кол-во|количество|число) оо/.test(n)) schools = c;
    }
    if (group >= 0 && part >= 0) return { row: r, group, part, schools };
  }
  return null;
}

/** The header and the title block above it, when the sheet is a ФИС ОКО report. */
function headOf(
  view: SheetView,
): { h: NonNullable<ReturnType<typeof findHeader>>; title: string[]; kind: FisOkoKind } | null {
  const h = findHeader(view);
  if (!h) return null;
  const title: string[] = [];
  for (let r = view.firstRow; r < h.row; r++) {
    for (let c = view.firstCol; c < view.firstCol + SCAN_COLS; c++) {
      const t = str(view.raw(r, c));
      if (t !== null && typeof view.raw(r, c) === 'string') title.push(t);
    }
  }
  const kind = kindOf(title);
  return kind === null ? null : { h, title, kind };
}

/**
 * The kind of ФИС ОКО report a sheet holds, from its header and title alone (the first 40 rows),
 * without reading its rows; null when it is not one. For telling a workbook's kind.
 */
export function fisOkoKindOf(sheet: SheetSnapshot): FisOkoKind | null {
  return headOf(new SheetView(sheet))?.kind ?? null;
}

/** Reads a ФИС ОКО report on a sheet; null when the sheet is not one. */
export function readFisOko(sheet: SheetSnapshot): FisOkoReport | null {
  const view = new SheetView(sheet);
  const head = headOf(view);
  if (!head) return null;
  const { h, title, kind } = head;
  let date: string | null = null;
  let maxScore: number | null = null;
  for (const l of title) {
    const dm = /^дата\s*:?\s*(.+)$/i.exec(l);
    if (dm && date === null) date = dm[1].trim();
    const mm = /максимальный (первичный )?балл\s*:?\s*(\d+)/i.exec(l);
    if (mm && maxScore === null) maxScore = Number(mm[2]);
  }
  // The labels: the row below the header under the merged cell (or the header row itself, right of the participants).
  const labelRow = h.row + 1;
  const labels: { label: string; col: number }[] = [];
  const width = view.widthOf(h.row, labelRow);
  for (let c = h.part + 1; c < width; c++) {
    const t = str(view.raw(labelRow, c)) ?? (view.isCovered(h.row, c) ? null : str(view.raw(h.row, c)));
    if (t !== null) labels.push({ label: t, col: c });
  }
  let failedCol: number | null = null;
  if (kind === 'marks') {
    const f = labels.find((l) => {
      const n = normalizeLabel(l.label);
      return n === '2' || n.includes('не преодол') || n === 'не справились';
    });
    failedCol = f ? f.col : null;
  }
  const dataStart = labelRow + 1;
  const schools: FisOkoSchool[] = [];
  const means: FisOkoMean[] = [];
  const tasks: FisOkoTaskRow[] = [];
  let municipality: string | null = null;
  let hierarchy = 0;
  for (let r = dataStart; r < view.rowCount; r++) {
    const raw = str(view.raw(r, h.group));
    if (raw === null) continue;
    const participants = num(view, r, h.part);
    const shares = labels.map((l) => num(view, r, l.col));
    const login = LOGIN.exec(raw);
    if (login) {
      const code = login[1].toLowerCase();
      const name = login[2].trim() || code;
      if (kind === 'tasks') {
        tasks.push({ row: r, level: 'school', code, name, municipality, participants, values: shares });
        continue;
      }
      const failedShare = num(view, r, failedCol);
      schools.push({
        row: r,
        code,
        name,
        municipality,
        participants,
        failedShare,
        failed: participants !== null && failedShare !== null ? Math.round((participants * failedShare) / 100) : null,
        shares,
      });
      continue;
    }
    // A hierarchy row: the whole sample, then the region, then each municipality.
    const n = normalizeLabel(raw);
    let level: FisOkoMean['level'];
    if (n === 'вся выборка' || n.startsWith('вся выборка')) level = 'all';
    else if (hierarchy <= 1 && schools.length === 0 && tasks.every((t) => t.level !== 'school')) level = 'region';
    else level = 'municipality';
    hierarchy++;
    if (level === 'municipality') municipality = raw;
    if (kind === 'tasks') {
      tasks.push({ row: r, level, code: null, name: raw, municipality, participants, values: shares });
      continue;
    }
    means.push({
      row: r,
      level,
      name: raw,
      schools: num(view, r, h.schools),
      participants,
      failedShare: num(view, r, failedCol),
      shares,
    });
  }
  return {
    kind,
    sheet: sheet.name,
    procedure: procedureOf(title),
    year: yearOf(date, title),
    date,
    maxScore,
    title,
    headerRow: h.row,
    labelRow,
    groupCol: h.group,
    participantsCol: h.part,
    schoolsCol: h.schools,
    failedCol,
    labels,
    schools,
    means,
    ...(kind === 'tasks' ? { tasks } : {}),
  };
}

/** Headers of the results form the synthetic sheet uses (read back by the results locator). */
const FORM = {
  name: 'Наименование ОО',
  participants: 'Количество участников',
  share: 'Доля не справившихся, %',
  id: 'Код ОО',
  municipality: 'Муниципалитет',
  year: 'Учебный год',
  procedure: 'Процедура',
};

/**
 * The report as a sheet of the results form that the identification reads: the same sheet name
 * and the same rows and columns for the school name, the participants and the «2» share (so
 * findings and highlights point at the report's own cells), the login, municipality, school year
 * and procedure in columns after the report's; hierarchy rows left empty, so they are never schools.
 */
export function fisOkoAsResults(rep: FisOkoReport, sheet: SheetSnapshot): SheetSnapshot {
  const view = new SheetView(sheet);
  const r0 = view.firstRow;
  const c0 = view.firstCol;
  const width = Math.max(view.widthOf(rep.headerRow, rep.labelRow), rep.failedCol ?? 0, rep.participantsCol) + 1;
  const extra = { id: width, municipality: width + 1, year: width + 2, procedure: width + 3 };
  const values: (CellValue | undefined)[][] = [];
  const formats: (string | null)[][] = [];
  const set = (r: number, c: number, v: CellValue, f: string | null = null): void => {
    const row = (values[r - r0] ??= []);
    while (row.length < c - c0) row.push(null);
    row[c - c0] = v;
    if (f !== null) (formats[r - r0] ??= [])[c - c0] = f;
  };
  const header = rep.labelRow;
  set(header, rep.groupCol, FORM.name);
  set(header, rep.participantsCol, FORM.participants);
  if (rep.failedCol !== null) set(header, rep.failedCol, FORM.share);
  set(header, extra.id, FORM.id);
  set(header, extra.municipality, FORM.municipality);
  set(header, extra.year, FORM.year);
  set(header, extra.procedure, FORM.procedure);
  const year = rep.year === null ? null : `${rep.year}-${rep.year + 1}`;
  for (const s of rep.schools) {
    set(s.row, rep.groupCol, s.name);
    set(s.row, rep.participantsCol, view.raw(s.row, rep.participantsCol), view.format(s.row, rep.participantsCol));
    if (rep.failedCol !== null)
      set(s.row, rep.failedCol, view.raw(s.row, rep.failedCol), view.format(s.row, rep.failedCol));
    set(s.row, extra.id, s.code);
    set(s.row, extra.municipality, s.municipality);
    set(s.row, extra.year, year);
    set(s.row, extra.procedure, rep.procedure.name);
  }
  for (let r = 0; r < values.length; r++) values[r] ??= [];
  const merges: Merge[] = [];
  return {
    name: sheet.name,
    values,
    formats,
    merges,
    ...(sheet.origin ? { origin: sheet.origin } : {}),
    visibility: sheet.visibility,
  };
}
