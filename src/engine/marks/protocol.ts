/**
 * A ВПР protocol (DOMAIN.md §7): a row per pupil with task scores and/or a total (первичный балл)
 * and maybe a mark. The mark is derived from the total by the cut scores of that year's procedure
 * (scales.ts); the marks are then counted and the indicators of formulas.ts computed.
 */
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetSnapshot, SheetView, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { readNumber, showValue } from '../values';
import { parseSchoolYear } from '../years';
import { parseProcedure } from '../results/procedure';
import {
  MarkCounts,
  MarksResult,
  MarksSettings,
  DEFAULT_MARKS_SETTINGS,
  computeMarks,
  emptyCounts,
  readMark,
} from './formulas';
import { CutScores, ScaleBook, markFor, scaleMax } from './scales';

const TOTAL = [
  'сумма баллов',
  'сумма',
  'итого',
  'итого баллов',
  'всего баллов',
  'итоговый балл',
  'первичный балл',
  'общий балл',
  'балл',
  'баллы',
];
const MARK = ['отметка', 'оценка', 'отметка за работу', 'оценка за работу', 'отметка по пятибалльной шкале'];
const PUPIL = [
  'фио',
  'ф.и.о',
  'ученик',
  'обучающийся',
  'фамилия, имя',
  'фамилия имя',
  'код',
  'код участника',
  'участник',
];
const TASK = /^(?:задание\s*|зад\.?\s*|№\s*)?(\d{1,2}(?:\.\d{1,2})?|к\d{1,2})(?:\s*\(\s*\d+\s*б?\.?\s*\))?$/;
const SUMMARY_ROW = /^(итого|всего|среднее|средний балл|максимум|макс)/;

export interface ProtocolColumns {
  header: number;
  pupil: number | null;
  tasks: number[];
  total: number | null;
  mark: number | null;
}

function textOf(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v);
}

/** Finds the protocol's header row in the first 30 rows: a total column, or a pupil column with task or mark columns. */
export function locateProtocol(view: SheetView): ProtocolColumns | null {
  const last = Math.min(view.rowCount, view.firstRow + 30);
  for (let r = view.firstRow; r < last; r++) {
    const cols: ProtocolColumns = { header: r, pupil: null, tasks: [], total: null, mark: null };
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 200); c++) {
      if (view.isCovered(r, c)) continue;
      const t = normalizeLabel(textOf(view.get(r, c)));
      if (t === '') continue;
      if (cols.total === null && TOTAL.includes(t)) cols.total = c;
      else if (cols.mark === null && MARK.includes(t)) cols.mark = c;
      else if (cols.pupil === null && PUPIL.includes(t)) cols.pupil = c;
      else if (TASK.test(t)) cols.tasks.push(c);
    }
    // task numbers alone could be a row of marks: they need a pupil column beside them
    if (cols.total !== null || (cols.pupil !== null && (cols.tasks.length >= 2 || cols.mark !== null))) return cols;
  }
  return null;
}

/** The procedure and year named above the header (`ВПР по математике, 5 класс`, `2024 год`) or in the sheet name. */
export function protocolContext(view: SheetView, header: number): { procedure: string | null; year: number | null } {
  let procedure: string | null = null;
  let year: number | null = null;
  const texts: string[] = [];
  for (let r = view.firstRow; r < header; r++)
    for (let c = view.firstCol; c < Math.min(view.colCount, view.firstCol + 30); c++) {
      const v = view.raw(r, c);
      if (typeof v === 'string' && v.trim() !== '') texts.push(v.slice(0, 300));
      else if (typeof v === 'number' && Number.isInteger(v) && v >= 2000 && v <= 2100) texts.push(String(v));
    }
  texts.push(view.name);
  for (const t of texts) {
    if (procedure === null) {
      const p = parseProcedure({ procedure: t });
      if (p.type !== null && p.subject !== null) procedure = p.name;
    }
    if (year === null) {
      const y = parseSchoolYear(t, true);
      if (y !== null) year = y + 1;
    }
  }
  return { procedure, year };
}

export interface PupilMark {
  /** Sheet row, 0-based. */
  row: number;
  total: number | null;
  /** The mark counted for this pupil; 'na' — not assessed; null — not counted. */
  mark: 2 | 3 | 4 | 5 | 'na' | null;
}

export interface ProtocolResult {
  sheet: string;
  procedure: string | null;
  year: number | null;
  /** The scale the marks were derived by; null when there was none (marks then come from the mark column). */
  scale: CutScores | null;
  columns: ProtocolColumns;
  pupils: PupilMark[];
  counts: MarkCounts;
  result: MarksResult;
  issues: Issue[];
}

export interface ProtocolOptions {
  /** Overrides what the sheet says above the header. */
  procedure?: string | null;
  year?: number | null;
  settings?: MarksSettings;
}

/** Reads a protocol sheet (or a range snapshot of one); null when no protocol header is found. */
export function readProtocol(
  sheet: SheetSnapshot,
  book: ScaleBook,
  options: ProtocolOptions = {},
): ProtocolResult | null {
  const view = new SheetView(sheet);
  const columns = locateProtocol(view);
  if (!columns) return null;
  const ctx = protocolContext(view, columns.header);
  const procedure = options.procedure ?? ctx.procedure;
  const year = options.year ?? ctx.year;
  const issues: Issue[] = [];
  const section = procedure ? `Протокол ${procedure}` : 'Протокол';
  const at = (row: number, col: number): { sheet: string; cell: string; section: string } => ({
    sheet: sheet.name,
    cell: a1(row, col),
    section,
  });
  const scale = procedure !== null && year !== null ? book.find(procedure, year) : null;
  const usable = scale !== null && scale.scale.length > 0 ? scale : null;
  const hasTotals = columns.total !== null || columns.tasks.length > 0;
  if (hasTotals && usable === null) {
    const what =
      procedure === null || year === null
        ? 'Не удалось узнать процедуру и год протокола (напишите над таблицей, например, «ВПР математика 5 класс, 2024»)'
        : scale !== null
          ? `Шкала перевода «${procedure}» ${year} г. содержит ошибки`
          : `Нет шкалы перевода для «${procedure}» ${year} г.`;
    issues.push(
      makeIssue(
        'MARKS-NO-SCALE',
        { sheet: sheet.name, cell: a1(columns.header, columns.total ?? columns.tasks[0]), section },
        `${what}: отметки по баллам не выставлены${columns.mark !== null ? ', взяты отметки из столбца «Отметка»' : ''}.`,
      ),
    );
  }
  const max = usable ? scaleMax(usable) : null;
  const pupils: PupilMark[] = [];
  const counts = emptyCounts();
  for (let r = columns.header + 1; r < view.rowCount; r++) {
    const first = normalizeLabel(textOf(view.get(r, columns.pupil ?? view.firstCol)));
    if (SUMMARY_ROW.test(first)) continue;
    // task scores: empty is 0 points, but a row with no score at all and no total is not a pupil
    let taskSum = 0;
    let taskCount = 0;
    let taskBad = false;
    for (const c of columns.tasks) {
      const v = readNumber(view.get(r, c));
      if (v.kind === 'number') {
        taskSum += v.value;
        taskCount++;
      } else if (v.kind === 'text' || v.kind === 'error') {
        const vv = view.get(r, c);
        issues.push(makeIssue('NOT-A-NUMBER', at(r, c), `Балл за задание ${showValue(vv)} — не число.`, textOf(vv)));
        taskBad = true;
      }
    }
    let total: number | null = null;
    let totalCell: number | null = null;
    if (columns.total !== null) {
      const raw = view.get(r, columns.total);
      const v = readNumber(raw);
      if (v.kind === 'number') {
        total = v.value;
        totalCell = columns.total;
      } else if (v.kind === 'text' || v.kind === 'error') {
        const m = readMark(raw);
        if (m.kind !== 'na')
          issues.push(
            makeIssue(
              v.kind === 'error' ? 'CELL-ERROR' : 'NOT-A-NUMBER',
              at(r, columns.total),
              `Сумма баллов ${showValue(raw)} — не число: ученик не учтён.`,
              textOf(raw),
            ),
          );
      }
    }
    if (total !== null && taskCount > 0 && !taskBad && Math.abs(total - taskSum) > 1e-9)
      issues.push(
        makeIssue(
          'MARKS-TOTAL-MISMATCH',
          at(r, columns.total!),
          `Сумма баллов ${String(total).replace('.', ',')} не равна сумме баллов за задания (${String(taskSum).replace('.', ',')}). Взята сумма ${String(total).replace('.', ',')}.`,
          total,
        ),
      );
    if (total === null && columns.total === null && taskCount > 0 && !taskBad) {
      total = taskSum;
      totalCell = columns.tasks[0];
    }
    const markRaw = columns.mark !== null ? view.get(r, columns.mark) : null;
    const given = readMark(markRaw);
    if (given.kind === 'bad' && columns.mark !== null)
      issues.push(
        makeIssue(
          'MARKS-BAD-MARK',
          at(r, columns.mark),
          `Отметка ${given.shown} — не 2, 3, 4, 5 и не «н/а»: не учтена.`,
          textOf(markRaw),
        ),
      );
    let mark: PupilMark['mark'] = null;
    if (total !== null && usable && max !== null) {
      if (total < 0 || total > max) {
        issues.push(
          makeIssue(
            'MARKS-OVER-MAX',
            at(r, totalCell!),
            total < 0
              ? `Балл ${String(total).replace('.', ',')} отрицательный: ученик не учтён.`
              : `Балл ${String(total).replace('.', ',')} больше максимума ${max} по шкале «${usable.procedure}» ${usable.year} г.: ученик не учтён.`,
            total,
          ),
        );
      } else {
        mark = markFor(usable, total);
        if (mark === null)
          issues.push(
            makeIssue(
              'MARKS-OVER-MAX',
              at(r, totalCell!),
              `Балл ${String(total).replace('.', ',')} не попадает ни в один диапазон шкалы: ученик не учтён.`,
              total,
            ),
          );
        else if (given.kind === 'mark' && given.mark !== mark)
          issues.push(
            makeIssue(
              'MARKS-MARK-MISMATCH',
              at(r, columns.mark!),
              `В протоколе отметка «${given.mark}», а по шкале за ${String(total).replace('.', ',')} балл(ов) — «${mark}». Взята «${mark}».`,
              given.mark,
            ),
          );
      }
    } else if (given.kind === 'mark') mark = given.mark;
    else if (given.kind === 'na') mark = 'na';
    else if (total === null && given.kind === 'empty') continue;
    if (mark === 'na') counts.na++;
    else if (mark !== null) counts[`n${mark}`]++;
    pupils.push({ row: r, total, mark });
  }
  if (usable?.example && pupils.some((p) => typeof p.mark === 'number'))
    issues.push(
      makeIssue(
        'MARKS-EXAMPLE-SCALE',
        { sheet: sheet.name, cell: null, section },
        `Отметки выставлены по встроенной шкале «${usable.procedure}» ${usable.year} г. (${usable.source ?? 'пример'}). Сверьте её с рекомендациями ФИОКО или заведите лист «Шкала перевода».`,
      ),
    );
  return {
    sheet: sheet.name,
    procedure,
    year,
    scale: usable,
    columns,
    pupils,
    counts,
    result: computeMarks(counts, options.settings ?? DEFAULT_MARKS_SETTINGS),
    issues,
  };
}
