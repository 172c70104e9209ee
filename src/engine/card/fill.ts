/**
 * «Заполнить раздел 2 карты из дорожной карты» (issue 15, DOMAIN.md §5): the roadmap's execution of
 * each measure feeds the information card's section 2 at one reporting date, as edits an adapter
 * applies to a copy (CLI) or to the open workbook (pane).
 *
 * - A card measure is matched to the roadmap measure of the same text (normalised compare).
 * - Its execution cell at the date is written only when empty (PRODUCT.md write-back rules); a
 *   value the user wrote that differs from the roadmap is kept and reported (`CARD-FILL-KEPT`).
 * - A roadmap measure the card does not list is written with its execution into an empty row of the
 *   card's measures table (above «Исполнение плана в целом»), or reported when no empty row is left
 *   (`CARD-FILL-UNMATCHED`).
 * - The date: the one asked for, else the first reporting date whose column is still empty.
 */
import { Edit } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CellValue, SheetView, WorkbookSnapshot, a1, parseA1 } from '../snapshot';
import { clipText, normalizeLabel } from '../text';
import { readNumber } from '../values';
import { readExecution } from '../roadmap/check';
import { locateRoadmap } from '../roadmap/locate';
import { CARD, CardDescriptor } from './descriptor';
import { locateCard } from './locate';

export interface CardFillOptions {
  /** `DD.MM`, one of the card's reporting dates; by default the first date whose column is empty. */
  date?: string | null;
}

export interface CardFillResult {
  ok: boolean;
  /** Russian, for the user, when not ok. */
  message: string | null;
  sheet: string | null;
  date: string | null;
  edits: Edit[];
  /** Execution cells written (the card's own measures). */
  filled: number;
  /** Measures of the roadmap added to empty rows of the card. */
  added: number;
  /** Cells already holding the roadmap's value. */
  same: number;
  /** Card measures with no roadmap measure of the same text. */
  notInRoadmap: string[];
  /** Roadmap measures with no execution value (nothing to write). */
  noExecution: string[];
  issues: Issue[];
}

const isEmpty = (v: CellValue | undefined): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const key = (s: string): string => normalizeLabel(s).replace(/[.;]+$/, '');

export function fillCardFromRoadmap(
  card: WorkbookSnapshot,
  roadmap: WorkbookSnapshot,
  opts: CardFillOptions = {},
  d: CardDescriptor = CARD,
): CardFillResult {
  const res: CardFillResult = {
    ok: false,
    message: null,
    sheet: null,
    date: null,
    edits: [],
    filled: 0,
    added: 0,
    same: 0,
    notInRoadmap: [],
    noExecution: [],
    issues: [],
  };
  const loc = locateCard(card, d);
  if (!loc.isCard || !loc.sheet) {
    res.message = 'В книге не найдена информационная карта МОУО.';
    return res;
  }
  if (!loc.measuresHeaderCell || Object.keys(loc.measuresDateCells).length === 0) {
    res.message = 'В карте не найдена таблица мероприятий раздела 2 со столбцами отчётных дат.';
    return res;
  }
  const rm = locateRoadmap(roadmap);
  if (!rm.isRoadmap || !rm.measuresTable) {
    res.message = 'В книге дорожной карты не найдена таблица мероприятий.';
    return res;
  }
  if (rm.measuresTable.cols.execution === undefined) {
    res.message = 'В дорожной карте нет столбца исполнения («Исполнение, %» или «Статус»): заполнить раздел 2 нечем.';
    return res;
  }
  const sheet = loc.sheet;
  res.sheet = sheet;
  const view = new SheetView(card.sheets.find((s) => s.name === sheet)!);
  const dates = Object.keys(loc.measuresDateCells);
  const colOf = (date: string): number => parseA1(loc.measuresDateCells[date])!.col;
  let date: string;
  if (opts.date) {
    if (!dates.includes(opts.date)) {
      res.message = `В карте нет столбца отчётной даты ${opts.date}: есть ${dates.join(', ')}.`;
      return res;
    }
    date = opts.date;
  } else {
    const ordered = d.dates.filter((x) => dates.includes(x));
    date =
      ordered.find((x) => loc.measures.every((m) => isEmpty(view.get(m.row, colOf(x))))) ?? ordered[ordered.length - 1];
  }
  res.date = date;
  const col = colOf(date);

  // The roadmap's executions by measure text.
  const rmView = new SheetView(roadmap.sheets.find((s) => s.name === rm.measuresTable!.sheet)!);
  const byText = new Map<string, { text: string; value: number | null }>();
  for (const m of rm.measures) {
    const text = m.text.measure;
    if (!text) continue;
    const p = m.cells.execution ? parseA1(m.cells.execution) : null;
    const value = p ? readExecution(rmView.get(p.row, p.col), rmView.format(p.row, p.col)) : null;
    const k = key(text);
    if (!byText.has(k)) byText.set(k, { text, value });
  }

  const used = new Set<string>();
  for (const m of loc.measures) {
    if (!m.measure) continue;
    const k = key(m.measure);
    const hit = byText.get(k);
    if (!hit) {
      res.notInRoadmap.push(m.measure);
      continue;
    }
    used.add(k);
    if (hit.value === null) {
      res.noExecution.push(hit.text);
      continue;
    }
    const cell = a1(m.row, col);
    const cur = view.get(m.row, col);
    if (isEmpty(cur)) {
      res.edits.push({ kind: 'setValue', sheet, cell, value: hit.value, purpose: 'derived' });
      res.filled++;
      continue;
    }
    const r = readNumber(cur, view.format(m.row, col));
    if (r.kind === 'number' && Math.abs(r.value - hit.value) < 1e-9) {
      res.same++;
      continue;
    }
    res.issues.push(
      makeIssue(
        'CARD-FILL-KEPT',
        { sheet, cell, section: '2' },
        `«${clipText(m.measure)}» на ${date}: в карте ${showCell(cur)}, в дорожной карте ${hit.value} %. Значение карты не изменено — проверьте, какое верно.`,
        hit.value,
      ),
    );
  }

  // Roadmap measures the card does not list: into the empty rows of the table.
  const measureCol = parseA1(loc.measuresHeaderCell)!.col;
  const headerRow = Math.max(...Object.values(loc.measuresDateCells).map((c) => parseA1(c)!.row));
  const listed = new Set(loc.measures.map((m) => m.row));
  const free: number[] = [];
  if (loc.overall) {
    for (let r = Math.max(headerRow, parseA1(loc.measuresHeaderCell)!.row) + 1; r < loc.overall.row; r++) {
      if (listed.has(r) || view.mergeAt(r, measureCol)) continue;
      if (!isEmpty(view.get(r, measureCol))) continue;
      if (dates.some((x) => !isEmpty(view.get(r, colOf(x))))) continue;
      free.push(r);
    }
  }
  for (const [k, hit] of byText) {
    if (used.has(k)) continue;
    const r = free.shift();
    if (r === undefined) {
      res.issues.push(
        makeIssue(
          'CARD-FILL-UNMATCHED',
          { sheet, cell: loc.measuresHeaderCell, section: '2' },
          `Мероприятия «${clipText(hit.text)}» дорожной карты нет в разделе 2 карты, а свободных строк в таблице не осталось: добавьте строку и запустите заполнение снова.`,
        ),
      );
      continue;
    }
    res.edits.push({ kind: 'setValue', sheet, cell: a1(r, measureCol), value: hit.text, purpose: 'derived' });
    if (hit.value !== null)
      res.edits.push({ kind: 'setValue', sheet, cell: a1(r, col), value: hit.value, purpose: 'derived' });
    else res.noExecution.push(hit.text);
    res.added++;
  }
  res.ok = true;
  return res;
}

function showCell(v: CellValue): string {
  if (typeof v === 'number') return `${v} %`;
  return `«${String(v)}»`;
}
