/**
 * The locator of the информационная карта МОУО (DOMAIN.md §1.1, §3): finds the card's fields by
 * their label text in a sheet users have edited — a title block above, rows moved, labels re-typed,
 * the number `(1)` in its own column or before the label, date columns in any order and spelled
 * `31.03`, `на 31.03.2023` or as Excel dates, the measures table of section 2 found by its header
 * (the dates under a merged «Исполнение, %» or in the header row itself), the optional sheet of the
 * municipality's schools found by its header row. A required label not found is `MISSING-ROW`.
 */
import { Issue, makeIssue } from '../issues';
import { SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { clipText, normalizeLabel } from '../text';
import {
  anchorValue,
  bareLabel,
  cellText,
  dayMonthKey,
  isNumberingOnly,
  labelSet,
  matchNorm,
  matchText,
  readDayMonth,
  readHeader,
  rowWidth,
} from '../grid';
import { CHECK_SHEET } from '../report';
import { CARD, CardDescriptor, CardRow, CardSection } from './descriptor';
import { cardDatesOf, withCardDates } from './dates';
import { AMBIGUITY_MARGIN, SIMILAR_THRESHOLD, formatScore, scoreLabel } from '../match';

/** A located row: the label cell and the cell of each reporting date (`31.03` → `C12`). */
export interface CardFieldLocation {
  id: string;
  row: number;
  labelCell: string;
  cells: Record<string, string>;
  /** How the label was found: the form's label, one of its synonyms, or a similar label (with the score). */
  found?: { how: 'exact' | 'alias' | 'similar'; score: number };
}

export interface CardMeasureLocation {
  /** The number written in the № column, or the position in the list. */
  no: string;
  row: number;
  /** The measure's text; null when the row has executions but no measure. */
  measure: string | null;
  measureCell: string;
  cells: Record<string, string>;
}

export interface CardSchoolsLocation {
  sheet: string;
  /** Per school row: the name and the cell of each column (row id → A1). */
  rows: { name: string; nameCell: string; cells: Record<string, string> }[];
  /** Row ids of section 3 whose column was found. */
  columns: string[];
}

export interface CardLocation {
  sheet: string | null;
  /** Groups read from one row standing for the whole group (`1.schools`): the items are not looked for. */
  combined: string[];
  /** The reporting dates found (`31.03` …), in the descriptor's order. */
  dates: string[];
  /** The card's reporting dates as its header decides (src/engine/card/dates.ts); the descriptor's by default. */
  reportingDates: string[];
  /** The date the card is filled as of («по состоянию на 15.09.2023»), `DD.MM`; null when not written. */
  asOf: string | null;
  year: number | null;
  /** Where the year came from. */
  yearSource: 'header' | 'dates' | 'title' | null;
  header: Record<string, { labelCell: string; cell: string; value: string | null }>;
  fields: Record<string, CardFieldLocation>;
  measures: CardMeasureLocation[];
  /** The measures table's header cell (for findings about the table as a whole). */
  measuresHeaderCell: string | null;
  /** Date → the execution column's header cell. */
  measuresDateCells: Record<string, string>;
  overall: CardFieldLocation | null;
  schools: CardSchoolsLocation | null;
  issues: Issue[];
  /** Share of the card's labels found (headings, rows, header fields, date columns), 0–1. */
  coverage: number;
  isCard: boolean;
  /**
   * Every «Вывод:» / «Проблема:» row of the card sheet, in sheet order, with the sections it closes
   * (those whose heading stands after the previous row of its kind; the last row takes the rest).
   */
  conclusionRows: CardConclusionRow[];
}

export interface CardConclusionRow {
  /** `both`: «Вывод: Проблема:» in one cell, both written there. */
  kind: 'conclusion' | 'problem' | 'both';
  labelCell: string;
  /** The cell the text goes to: right of the label, or the label's own cell when text follows its colon. */
  cell: string;
  sections: string[];
}

/** Below this share of labels found (or with no reporting-date header) the workbook is not a card. */
export const CARD_MIN_COVERAGE = 0.3;
const MAX_ROWS = 3000;

interface Line {
  row: number;
  col: number;
  text: string;
  norm: string;
  bare: string;
}

interface DateRow {
  row: number;
  cols: Record<string, number>;
  years: number[];
}

interface Scan {
  view: SheetView;
  lines: Line[];
  dateRows: DateRow[];
}

/**
 * A label normalised for the card: as `normalizeLabel`, without a year the order writes into a
 * label («… в 2023 г. (ОО, мероприятие, формат)»), so a card of any year matches.
 */
export function cardLabelNorm(text: string): string {
  return normalizeLabel(text)
    .replace(/\s+в\s+(?:19|20)\d\d\s*(?:г\.?|году)(?=[\s,(]|$)/g, '')
    .trim();
}

/** «Вывод:», «Проблема:», «Выводы», «Проблемы:»: the rows after a section, never a measure. */
const CONCLUSION = /^(?:выводы?|проблем[аы]?)(?:$|[\s:.,;])/;

function scan(view: SheetView, d: CardDescriptor): Scan {
  const lines: Line[] = [];
  const dateRows: DateRow[] = [];
  const last = Math.min(view.rowCount, view.firstRow + MAX_ROWS);
  for (let r = view.firstRow; r < last; r++) {
    const width = rowWidth(view, r);
    let label: Line | null = null;
    const cols: Record<string, number> = {};
    const years: number[] = [];
    for (let c = view.firstCol; c < width; c++) {
      if (view.isCovered(r, c)) continue;
      const v = view.raw(r, c);
      // Labels and dates are short; a huge text (a pasted document) is neither and costly to normalise.
      if (typeof v === 'string' && v.length > 1000) continue;
      const dm = readDayMonth(v, view.format(r, c));
      if (dm) {
        const key = dayMonthKey(dm);
        if (d.dates.includes(key) && cols[key] === undefined) {
          cols[key] = c;
          if (dm.year !== null) years.push(dm.year);
          continue;
        }
      }
      if (typeof v !== 'string' || label) continue;
      const norm = cardLabelNorm(v);
      if (norm === '' || isNumberingOnly(norm)) continue;
      label = { row: r, col: c, text: v, norm, bare: bareLabel(norm) };
    }
    if (Object.keys(cols).length >= 2) dateRows.push({ row: r, cols, years });
    if (label) lines.push(label);
  }
  return { view, lines, dateRows };
}

type Labeled = { label: string; synonyms: readonly string[] };

const titled = (x: { title: string; synonyms: string[] }): Labeled => ({ label: x.title, synonyms: x.synonyms });

function lineScore(l: Line, x: Labeled): number {
  return matchNorm(l.norm, l.bare, labelSet(x));
}

/** A line made of a text (part of a cell, or another cell of the row). */
function asLine(l: Line, text: string): Line {
  const norm = cardLabelNorm(text);
  return { ...l, text, norm, bare: bareLabel(norm) };
}

/** The first line of `range` matching x: an exact match anywhere first, then a prefix match. */
function find(range: Line[], x: { label: string; synonyms: readonly string[] }, taken: Set<number>): Line | null {
  let prefix: Line | null = null;
  for (const l of range) {
    if (taken.has(l.row)) continue;
    const s = lineScore(l, x);
    if (s === 2) return l;
    if (s === 1 && !prefix) prefix = l;
  }
  return prefix;
}

/** A short item token (НОО/ООО/СОО) standing as a word at the end of a longer label. */
function endsWithToken(l: Line, item: CardRow): boolean {
  const tokens = [item.label, ...item.synonyms].map((s) => bareLabel(normalizeLabel(s))).filter((s) => s.length <= 4);
  return tokens.some((t) => new RegExp(`(^|[\\s(,])${t}\\)?$`).test(l.norm));
}

export function locateCard(wb: WorkbookSnapshot, d0: CardDescriptor = CARD, quick = false): CardLocation {
  const cd = cardDatesOf(wb, d0);
  const d = withCardDates(d0, cd.dates);
  const visible = wb.sheets.filter((s) => s.visibility !== 'veryHidden' && s.name !== CHECK_SHEET);
  // The card sheet: the sheet with reporting-date columns and the most labels of the card.
  const allLabels: Labeled[] = [
    titled(d),
    ...d.header,
    ...d.sections.map(titled),
    ...d.sections.flatMap((s) => s.rows),
    ...(d.sections.find((s) => s.measures)?.measures ? [d.sections.find((s) => s.measures)!.measures!.overall] : []),
  ];
  let best: { scan: Scan; score: number } | null = null;
  const scans = visible.map((s) => scan(new SheetView(s), d));
  // Without reporting-date columns a workbook is not a card: `looksLikeCard` stops here.
  if (quick && scans.every((sc) => sc.dateRows.length === 0)) return emptyLocation();
  for (const sc of scans) {
    let score = sc.dateRows.length > 0 ? 1 : 0;
    for (const x of allLabels) if (sc.lines.some((l) => lineScore(l, x) > 0)) score++;
    if (!best || score > best.score) best = { scan: sc, score };
  }
  const empty: CardLocation = emptyLocation();
  if (!best) return empty;
  const loc = locateIn(wb, d, best.scan);
  loc.reportingDates = d.dates;
  loc.asOf = cd.asOf;
  if (loc.isCard) loc.issues.push(...cd.issues);
  return loc;
}

function emptyLocation(): CardLocation {
  return {
    sheet: null,
    combined: [],
    dates: [],
    reportingDates: [],
    asOf: null,
    year: null,
    yearSource: null,
    header: {},
    fields: {},
    measures: [],
    measuresHeaderCell: null,
    measuresDateCells: {},
    overall: null,
    schools: null,
    issues: [],
    coverage: 0,
    isCard: false,
    conclusionRows: [],
  };
}

function locateIn(wb: WorkbookSnapshot, d: CardDescriptor, best: Scan): CardLocation {
  const { view, lines, dateRows } = best;
  const sheet = view.name;
  const issues: Issue[] = [];
  const taken = new Set<number>();
  let found = 0;
  let total = 0;
  const count = (ok: boolean): void => {
    total++;
    if (ok) found++;
  };
  /**
   * A label not found: an error when the indicators need the row, else a warning (the card can
   * live without it). The message names the label looked for and the nearest label of the sheet.
   */
  const missing = (
    section: string | null,
    cell: string | null,
    what: string,
    x?: Labeled,
    ifMissing: 'error' | 'warning' = 'error',
    range: Line[] = lines,
  ): void => {
    // The nearest label is looked for at the end, and only on a card (a costly search, useless elsewhere).
    const free = x ? range.filter((l) => !taken.has(l.row)) : [];
    const at = issues.length;
    issues.push(makeIssue('MISSING-ROW', { sheet, cell, section }, what));
    hints.push(() => {
      issues[at] = missingIssue(section, cell, what, x ? nearestLine(free, x) : null, ifMissing);
    });
  };
  const hints: (() => void)[] = [];
  const missingIssue = (
    section: string | null,
    cell: string | null,
    what: string,
    near: Line | null,
    ifMissing: 'error' | 'warning',
  ): Issue => {
    const hint = near
      ? ` Ближе всего по смыслу строка ${a1(near.row, near.col)} «${clipText(near.text, 70)}» — если это она, исправьте подпись.`
      : '';
    const tail =
      ifMissing === 'warning'
        ? ' Карта проверена без неё; если строка нужна, добавьте её по шаблону (shnor template card).'
        : ' Добавьте её или восстановите подпись по шаблону (shnor template card).';
    const issue = makeIssue(
      'MISSING-ROW',
      { sheet, cell, section },
      `Не найдена строка «${what}» информационной карты.${hint}${tail}`,
    );
    return ifMissing === 'warning' ? { ...issue, severity: 'warning' } : issue;
  };

  // --- Header fields: the value is the first non-empty cell to the right (or after a colon).
  const header: CardLocation['header'] = {};
  /** A header label in other words («Название муниципального района:»): the most similar line above the first section. */
  const similarHeader = (f: Labeled): { l: Line; score: number } | null => {
    if (dateRows.length === 0) return null;
    const first = d.sections.map((x) => labelSet({ label: x.title, synonyms: x.synonyms }));
    let best: { l: Line; score: number } | null = null;
    for (const l of lines.slice(0, 15)) {
      if (first.some((set) => matchText(l.text, set) > 0)) break;
      if (taken.has(l.row) || l.text.length > 120) continue;
      const score = scoreLabel(f, { text: l.text.split(':')[0] }).score;
      if (score >= SIMILAR_THRESHOLD && (!best || score > best.score)) best = { l, score };
    }
    return best;
  };
  for (const f of d.header) {
    let similar: number | null = null;
    let l =
      find(lines, f, taken) ??
      lines.find(
        (x) =>
          !taken.has(x.row) &&
          x.text.includes(':') &&
          lineScore(asLine(x, x.text.slice(0, x.text.indexOf(':'))), f) === 2,
      ) ??
      null;
    if (!l) {
      const hit = similarHeader(f);
      if (hit) {
        l = hit.l;
        similar = hit.score;
      }
    }
    count(l !== null);
    if (!l) {
      const t = f.id === 'municipality' ? municipalityFromTitle(lines, d) : null;
      if (t) {
        header[f.id] = { labelCell: a1(t.line.row, t.line.col), cell: a1(t.line.row, t.line.col), value: t.name };
        continue;
      }
      if (f.required && f.id !== 'year') missing(null, null, f.label, f, f.ifMissing ?? 'error');
      continue;
    }
    taken.add(l.row);
    let cell = a1(l.row, l.col + 1);
    let value: string | null = null;
    const colon = /:\s*(.+)$/s.exec(l.text);
    if (colon && normalizeLabel(colon[1]) !== '') {
      value = colon[1].trim();
      cell = a1(l.row, l.col);
    } else {
      const w = rowWidth(view, l.row);
      for (let c = l.col + 1; c < w; c++) {
        const t = cellText(anchorValue(view, l.row, c));
        if (t) {
          value = t;
          cell = a1(l.row, c);
          break;
        }
        if (!view.isCovered(l.row, c) && c === l.col + 1) cell = a1(l.row, c);
      }
      const m = view.mergeAt(l.row, l.col);
      if (!value && m) cell = a1(l.row, m.c2 + 1);
    }
    header[f.id] = { labelCell: a1(l.row, l.col), cell, value };
    if (similar !== null) {
      const at = a1(l.row, l.col);
      issues.push(
        makeIssue(
          'LABEL-SIMILAR',
          { sheet, cell: at, section: null },
          `Строка ${at} «${clipText(l.text.split(':')[0], 70)}» принята за поле «${f.label}» шапки информационной карты: подписи похожи (сходство ${formatScore(similar)}). Если это не оно, исправьте подпись по шаблону (shnor template card).`,
        ),
      );
    }
    if (f.required && f.id !== 'year' && !value)
      issues.push(
        makeIssue('MISSING-VALUE', { sheet, cell, section: null }, `Не заполнено «${f.label}» (ячейка ${cell}).`),
      );
  }

  // --- Section headings split the sheet into ranges.
  const headings = d.sections.map((s) => {
    const l = find(lines, titled(s), taken);
    if (l) taken.add(l.row);
    count(l !== null);
    return l;
  });
  const rangeOf = (i: number): Line[] => {
    const h = headings[i];
    if (!h) return lines;
    const next = headings
      .filter((x, k) => x && k !== i && x.row > h.row)
      .map((x) => x!.row)
      .sort((a, b) => a - b)[0];
    return lines.filter((l) => l.row > h.row && (next === undefined || l.row < next));
  };

  const dateRowAbove = (row: number): DateRow | null => {
    let hit: DateRow | null = null;
    for (const dr of dateRows) if (dr.row < row) hit = dr;
    return hit ?? dateRows[0] ?? null;
  };
  const cellsOf = (row: number): Record<string, string> => {
    const dr = dateRowAbove(row);
    const cells: Record<string, string> = {};
    if (!dr) return cells;
    for (const [date, col] of Object.entries(dr.cols)) {
      const a = view.anchor(row, col);
      cells[date] = a1(a.row, a.col);
    }
    return cells;
  };

  // --- Rows of sections 1 and 3 (and the items of a group under their parent).
  const fields: Record<string, CardFieldLocation> = {};
  const place = (r: CardRow, l: Line): void => {
    taken.add(l.row);
    fields[r.id] = { id: r.id, row: l.row, labelCell: a1(l.row, l.col), cells: cellsOf(l.row) };
  };
  const combined: string[] = [];
  d.sections.forEach((s: CardSection, i) => {
    const range = rangeOf(i);
    const placed: { r: CardRow; l: Line }[] = [];
    const headingCell = headings[i] ? a1(headings[i]!.row, headings[i]!.col) : null;
    const notFound: CardRow[] = [];
    // A line that is exactly the label of one row is not taken by another row's prefix match
    // («Распространение успешных практик …» of (5) is not (4) when (4) is worded otherwise).
    const owner = new Map<number, string>();
    for (const r of s.rows) {
      const set = labelSet(r);
      for (const l of range) if (!owner.has(l.row) && matchNorm(l.norm, l.bare, set) === 2) owner.set(l.row, r.id);
    }
    const ownRange = (r: CardRow): Line[] => range.filter((l) => (owner.get(l.row) ?? r.id) === r.id);
    for (const r of s.rows) {
      // A group written as one row (the order's «… программы НОО, ООО, СОО»): the row holds the whole group.
      const one = r.items ? findCombined(range, r, taken) : null;
      if (one) {
        count(true);
        place(r, one);
        combined.push(r.id);
        continue;
      }
      const l = find(ownRange(r), r, taken);
      count(l !== null);
      if (!l) {
        notFound.push(r);
        continue;
      }
      place(r, l);
      fields[r.id].found = { how: exactHow(l, r), score: 1 };
      placed.push({ r, l });
    }
    // Rows not found by their labels: the most similar lines left (issue 11), each line to the row it is most like.
    // Only on a sheet that already looks like a card (the date columns and part of its labels found).
    const likely = dateRows.length > 0 && found >= total * (CARD_MIN_COVERAGE / 2);
    const similar = likely ? assignSimilar(notFound, range, taken) : new Map<string, SimilarHit>();
    for (const r of notFound) {
      const hit = similar.get(r.id);
      if (!hit) {
        if (r.required !== 'no' || r.type === 'list') missing(s.id, headingCell, r.label, r, r.ifMissing, range);
        continue;
      }
      place(r, hit.line);
      fields[r.id].found = { how: 'similar', score: hit.score };
      placed.push({ r, l: hit.line });
      const cell = a1(hit.line.row, hit.line.col);
      issues.push(
        makeIssue(
          'LABEL-SIMILAR',
          { sheet, cell, section: s.id },
          `Строка ${cell} «${clipText(hit.line.text, 70)}» принята за строку «${r.label}» информационной карты: подписи похожи (сходство ${formatScore(hit.score)}). Если это не она, исправьте подпись по шаблону (shnor template card).`,
        ),
      );
      if (hit.rival) {
        const other = a1(hit.rival.row, hit.rival.col);
        issues.push(
          makeIssue(
            'LABEL-AMBIGUOUS',
            { sheet, cell, section: s.id },
            `На строку «${r.label}» информационной карты одинаково похожи две строки: ${cell} «${clipText(hit.line.text, 70)}» и ${other} «${clipText(hit.rival.text, 70)}». Прочитана ${cell}; исправьте подпись нужной строки по шаблону (shnor template card).`,
          ),
        );
      }
    }
    placed.sort((a, b) => a.l.row - b.l.row);
    for (const { r, l } of placed) {
      if (!r.items) continue;
      const nextRow = placed
        .map((p) => p.l.row)
        .filter((x) => x > l.row)
        .sort((a, b) => a - b)[0];
      const sub = range.filter((x) => x.row >= l.row && (nextRow === undefined || x.row < nextRow));
      for (const it of r.items) {
        let hit = find(
          sub.filter((x) => x.row > l.row),
          it,
          taken,
        );
        if (!hit) hit = sub.find((x) => (!taken.has(x.row) || x.row === l.row) && endsWithToken(x, it)) ?? null;
        count(hit !== null);
        if (!hit) {
          missing(s.id, a1(l.row, l.col), `${r.label}: ${it.label}`, undefined, it.ifMissing);
          continue;
        }
        fields[it.id] = { id: it.id, row: hit.row, labelCell: a1(hit.row, hit.col), cells: cellsOf(hit.row) };
        if (hit.row !== l.row) taken.add(hit.row);
      }
    }
  });

  // --- The measures table of section 2.
  const mi = d.sections.findIndex((s) => s.measures);
  const ms = d.sections[mi];
  const m = ms.measures!;
  const measures: CardMeasureLocation[] = [];
  let measuresHeaderCell: string | null = null;
  const measuresDateCells: Record<string, string> = {};
  let overall: CardFieldLocation | null = null;
  const range = rangeOf(mi);
  const cols = m.columns.filter((c) => c.id !== 'execution');
  let headerRow = -1;
  let measureCol = -1;
  let noCol = -1;
  for (const l of range) {
    const h = readHeader(view, l.row, cols);
    if (h.cols.measure === undefined) continue;
    headerRow = l.row;
    measureCol = h.cols.measure;
    noCol = h.cols.no ?? -1;
    break;
  }
  count(headerRow >= 0);
  if (headerRow < 0) {
    const mc = m.columns.find((c) => c.id === 'measure')!;
    missing(
      ms.id,
      headings[mi] ? a1(headings[mi]!.row, headings[mi]!.col) : null,
      `${ms.title}: таблица «${mc.header}»`,
      { label: mc.header, synonyms: mc.synonyms },
      'error',
      range,
    );
  } else {
    taken.add(headerRow);
    measuresHeaderCell = a1(headerRow, measureCol);
    // The dates in the header row or just under it; else the card's date header above (one for the whole card).
    const dr = dateRows.find((x) => x.row >= headerRow && x.row <= headerRow + 2) ?? dateRowAbove(headerRow);
    if (!dr) {
      missing(ms.id, measuresHeaderCell, `${ms.title}: столбцы отчётных дат (${d.dates.join(', ')})`);
    } else {
      for (const [date, col] of Object.entries(dr.cols)) measuresDateCells[date] = a1(dr.row, col);
      const start = Math.max(dr.row, headerRow);
      // Rows the table cannot reach: the next section, any label of another row.
      const stops = new Set<number>();
      headings.forEach((h, k) => {
        if (h && k !== mi && h.row > start) stops.add(h.row);
      });
      for (const f of Object.values(fields)) if (f.row > start) stops.add(f.row);
      for (const x of dateRows) if (x.row > start) stops.add(x.row);
      const end = Math.min(view.rowCount, ...[...stops]);
      let blank = 0;
      for (let r = start + 1; r < end; r++) {
        const text = cellText(anchorValue(view, r, measureCol));
        const label = lines.find((l) => l.row === r);
        // «Вывод:» / «Проблема:» close the section: the table ends there.
        if (label && CONCLUSION.test(label.bare)) break;
        if (label && (lineScore(label, m.overall) > 0 || (text && lineScore(asLine(label, text), m.overall) > 0))) {
          overall = { id: m.overall.id, row: r, labelCell: a1(label.row, label.col), cells: {} };
          for (const [date, col] of Object.entries(dr.cols)) overall.cells[date] = a1(r, col);
          taken.add(r);
          break;
        }
        const cells: Record<string, string> = {};
        let any = false;
        for (const [date, col] of Object.entries(dr.cols)) {
          cells[date] = a1(r, col);
          const v = anchorValue(view, r, col);
          if (v !== null && !(typeof v === 'string' && v.trim() === '')) any = true;
        }
        if (!text && !any) {
          if (++blank >= 20) break;
          continue;
        }
        blank = 0;
        const noText = noCol >= 0 ? cellText(anchorValue(view, r, noCol)) : null;
        measures.push({
          no: noText ?? String(measures.length + 1),
          row: r,
          measure: text,
          measureCell: a1(r, measureCol),
          cells,
        });
        taken.add(r);
      }
    }
  }

  // --- Reporting dates and the year.
  const allDates = new Set<string>();
  const dateYears: number[] = [];
  for (const dr of dateRows) {
    for (const k of Object.keys(dr.cols)) allDates.add(k);
    dateYears.push(...dr.years);
  }
  const dates = d.dates.filter((x) => allDates.has(x));
  for (const x of d.dates) count(allDates.has(x));
  let year: number | null = null;
  let yearSource: CardLocation['yearSource'] = null;
  const hy = header.year?.value ? /(?:^|\D)((?:19|20)\d\d)(?!\d)/.exec(header.year.value) : null;
  if (hy) {
    year = Number(hy[1]);
    yearSource = 'header';
  } else if (dateYears.length) {
    year = dateYears[0];
    yearSource = 'dates';
  } else {
    for (const l of lines.slice(0, 12)) {
      const t = /(?:за|на)\s+((?:19|20)\d\d)\s*(?:г\.?|год)/i.exec(l.text);
      if (t) {
        year = Number(t[1]);
        yearSource = 'title';
        break;
      }
    }
  }
  if (year === null) {
    const y = header.year;
    if (y)
      issues.push(
        makeIssue(
          'MISSING-VALUE',
          { sheet, cell: y.cell, section: null },
          'Не указан год информационной карты: впишите год отчётных дат (например, 2023) или полные даты в заголовках столбцов (31.03.2023).',
        ),
      );
    else
      issues.push(
        makeIssue(
          'MISSING-ROW',
          { sheet, cell: null, section: null },
          'Не найден год информационной карты: добавьте строку «Год» или запишите полные даты в заголовках столбцов (31.03.2023, 15.09.2023, 31.12.2023).',
        ),
      );
  }
  if (dateRows.length === 0)
    issues.push(
      makeIssue(
        'MISSING-ROW',
        { sheet, cell: null, section: null },
        `Не найдены столбцы отчётных дат (${d.dates.join(', ')}): добавьте строку заголовка с датами над показателями.`,
      ),
    );
  else
    for (const x of d.dates)
      if (!allDates.has(x))
        issues.push(
          makeIssue(
            'MISSING-ROW',
            { sheet, cell: a1(dateRows[0].row, Math.max(...Object.values(dateRows[0].cols)) + 1), section: null },
            `Не найден столбец отчётной даты ${x}: добавьте его в заголовок рядом с другими датами.`,
          ),
        );

  const coverage = total ? found / total : 0;
  const isCard = dateRows.length > 0 && coverage >= CARD_MIN_COVERAGE;
  if (isCard) for (const h of hints) h();
  return {
    sheet,
    combined,
    dates,
    reportingDates: d.dates,
    asOf: null,
    year,
    yearSource,
    header,
    fields,
    measures,
    measuresHeaderCell,
    measuresDateCells,
    overall,
    schools: isCard ? locateSchools(wb, d, sheet) : null,
    issues: isCard ? issues : [],
    coverage,
    isCard,
    conclusionRows: isCard ? conclusionRowsOf(view, lines, d, headings) : [],
  };
}

/** The «Вывод:» / «Проблема:» rows and the sections each closes. */
function conclusionRowsOf(
  view: SheetView,
  lines: Line[],
  d: CardDescriptor,
  headings: (Line | null)[],
): CardConclusionRow[] {
  const rows: (CardConclusionRow & { row: number })[] = [];
  for (const l of lines) {
    if (!CONCLUSION.test(l.bare) || (l.bare.length > 20 && !l.text.includes(':'))) continue;
    const colon = /:\s*(.+)$/s.exec(l.text);
    const inline = colon !== null && normalizeLabel(colon[1]) !== '';
    const both = /^выводы?\s*:\s*проблем[аы]?\s*:?\s*$/i.test(l.text.trim());
    const m = view.mergeAt(l.row, l.col);
    rows.push({
      kind: both ? 'both' : /^вывод/.test(l.bare) ? 'conclusion' : 'problem',
      row: l.row,
      labelCell: a1(l.row, l.col),
      cell: inline ? a1(l.row, l.col) : a1(l.row, (m ? m.c2 : l.col) + 1),
      sections: [],
    });
  }
  for (const kind of ['conclusion', 'problem'] as const) {
    const mine = rows.filter((r) => r.kind === kind || (r.kind === 'both' && kind === 'conclusion'));
    if (mine.length === 0) continue;
    d.sections.forEach((sec, i) => {
      const h = headings[i];
      const at = (h && mine.find((r) => r.row > h.row)) || mine[mine.length - 1];
      at.sections.push(sec.id);
    });
  }
  return rows.map(({ row: _row, ...r }) => r);
}

/** The sheet listing the municipality's schools with yes/no for (1)–(3), found by its header row. */
function locateSchools(wb: WorkbookSnapshot, d: CardDescriptor, cardSheet: string): CardSchoolsLocation | null {
  const sc = d.schools;
  const columns = [
    { id: 'school', header: sc.schoolHeader, synonyms: sc.schoolSynonyms },
    { id: 'no', header: d.noHeader, synonyms: ['№ п/п', 'N'] },
    ...sc.columns.map((c) => ({ id: c.row, header: c.header, synonyms: c.synonyms })),
  ];
  for (const s of wb.sheets) {
    if (s.visibility === 'veryHidden' || s.name === cardSheet || s.name === CHECK_SHEET) continue;
    const view = new SheetView(s);
    const last = Math.min(view.rowCount, view.firstRow + 30);
    for (let r = view.firstRow; r < last; r++) {
      const h = readHeader(view, r, columns);
      const found = sc.columns.filter((c) => h.cols[c.row] !== undefined).map((c) => c.row);
      if (h.cols.school === undefined || found.length === 0) continue;
      const rows: CardSchoolsLocation['rows'] = [];
      for (let y = h.lastRow + 1; y < Math.min(view.rowCount, h.lastRow + 5000); y++) {
        const name = cellText(anchorValue(view, y, h.cols.school));
        if (!name) continue;
        const cells: Record<string, string> = {};
        for (const id of found) cells[id] = a1(y, h.cols[id]);
        rows.push({ name, nameCell: a1(y, h.cols.school), cells });
      }
      return { sheet: s.name, rows, columns: found };
    }
  }
  return null;
}

/** True when the workbook holds an information card (reporting-date columns and enough of its labels). */
export function looksLikeCard(wb: WorkbookSnapshot): boolean {
  return locateCard(wb, CARD, true).isCard;
}

/** A group's combined row: a combined label exactly, or the group's label with every item's token in it. */
function findCombined(range: Line[], r: CardRow, taken: Set<number>): Line | null {
  if (!r.items) return null;
  const exact = r.combined?.length ? find(range, { label: r.combined[0], synonyms: r.combined.slice(1) }, taken) : null;
  const candidate = ((): Line | null => {
    if (exact && lineScore(exact, { label: r.combined![0], synonyms: r.combined!.slice(1) }) === 2) return exact;
    for (const l of range) {
      if (taken.has(l.row) || lineScore(l, r) === 0) continue;
      if (r.items!.every((it) => itemTokens(it).some((t) => new RegExp(`(^|[\\s(,])${t}([\\s),;]|$)`).test(l.norm))))
        return l;
    }
    return null;
  })();
  if (!candidate) return null;
  // The order's row followed by its items on their own rows is the group's heading, not a combined row.
  const below = range.filter((x) => x.row > candidate.row).slice(0, r.items.length);
  if (below.some((x) => r.items!.some((it) => lineScore(x, it) === 2))) return null;
  return candidate;
}

/** The short tokens of an item (НОО, ООО, СОО), normalised. */
function itemTokens(item: CardRow): string[] {
  return [item.label, ...item.synonyms].map((s) => bareLabel(normalizeLabel(s))).filter((s) => s.length <= 4);
}

/**
 * The municipality written only in the card's title, the way seed 003 does: «… В КАСТОРЕНСКОМ
 * МУНИЦИПАЛЬНОМ РАЙОНЕ» → «Касторенский муниципальный район»; «в муниципальном образовании
 * Белореченский район» → «Белореченский район». Looked for above the first section.
 */
export function municipalityFromTitle(
  lines: readonly { row: number; col: number; text: string }[],
  d: CardDescriptor,
): { line: { row: number; col: number; text: string }; name: string } | null {
  const first = d.sections.map((s) => labelSet({ label: s.title, synonyms: s.synonyms }));
  for (const l of lines.slice(0, 12)) {
    if (first.some((set) => matchText(l.text, set) > 0)) break;
    const t = l.text.replace(/\s+/g, ' ');
    const mo =
      /(?:^|\s)в\s+муниципальном\s+образовании\s+([А-ЯЁа-яё-]+(?:\s+(?:муниципальный\s+)?(?:район|округ|городской\s+округ))?)/i.exec(
        t,
      );
    if (mo) return { line: l, name: capitalize(mo[1]) };
    const m =
      /(?:^|\s)в\s+([А-ЯЁа-яё-]{3,}(?:\s+[А-ЯЁа-яё-]{3,}){0,2}?)\s+((?:муниципальн|городск)[а-яё]*\s+(?:район|округ)[а-яё]*|район[а-яё]*|округ[а-яё]*)(?=$|[\s,.;)])/i.exec(
        t,
      );
    if (!m || /^(?:муниципальн|городск)/i.test(m[1])) continue;
    return { line: l, name: capitalize(`${m[1]} ${m[2]}`.split(' ').map(nominative).join(' ')) };
  }
  return null;
}

/** One word of a place name from the prepositional case to the nominative: «Касторенском» → «касторенский». */
function nominative(word: string): string {
  const w = word.toLowerCase();
  if (w === 'районе') return 'район';
  if (w === 'округе') return 'округ';
  if (w === 'городском') return 'городской';
  if (/[кц]ом$/.test(w)) return w.replace(/ом$/, 'ий');
  if (/ном$/.test(w)) return w.replace(/ом$/, 'ый');
  if (/ом$/.test(w)) return w.replace(/ом$/, 'ый');
  return w;
}

function capitalize(s: string): string {
  const t = s.trim().toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The lowest similarity for a line to be named in the message of a missing row. */
const HINT_MIN = 0.35;

/** The line most like x (by the label matcher), for the message of a missing row; null below `HINT_MIN`. */
function nearestLine(range: Line[], x: Labeled): Line | null {
  let best: { l: Line; score: number } | null = null;
  for (const l of range) {
    if (l.text.length > 300) continue;
    const score = scoreLabel(x, { text: l.text }).score;
    if (score >= HINT_MIN && (!best || score > best.score)) best = { l, score };
  }
  return best?.l ?? null;
}

/** How an exactly found line was found: the form's own label, or one of its synonyms. */
function exactHow(l: Line, r: CardRow): 'exact' | 'alias' {
  const own = labelSet({ label: r.label, synonyms: NONE });
  return own.includes(l.norm) || own.includes(l.bare) ? 'exact' : 'alias';
}

const NONE: readonly string[] = [];

interface SimilarHit {
  line: Line;
  score: number;
  /** Another line scoring within the margin: the choice is ambiguous. */
  rival: Line | null;
}

/**
 * The similar lines of rows not found by their labels: every (row, line) pair at or above the
 * threshold, the best pairs first, each row and each line used once (so a line goes to the row it
 * is most like). A row whose next best free line scores within the margin has a rival.
 */
function assignSimilar(rows: CardRow[], range: Line[], taken: Set<number>): Map<string, SimilarHit> {
  const out = new Map<string, SimilarHit>();
  if (rows.length === 0) return out;
  const free = range.filter((l) => !taken.has(l.row) && l.text.length <= 300 && !CONCLUSION.test(l.bare));
  const pairs: { r: CardRow; l: Line; score: number }[] = [];
  for (const r of rows)
    for (const l of free) {
      const score = scoreLabel(r, { text: l.text }).score;
      if (score >= SIMILAR_THRESHOLD) pairs.push({ r, l, score });
    }
  pairs.sort((a, b) => b.score - a.score || a.l.row - b.l.row);
  const usedLines = new Set<number>();
  for (const p of pairs) {
    if (out.has(p.r.id) || usedLines.has(p.l.row)) continue;
    out.set(p.r.id, { line: p.l, score: p.score, rival: null });
    usedLines.add(p.l.row);
  }
  for (const [id, hit] of out) {
    const rival = pairs.find(
      (p) =>
        p.r.id === id && p.l.row !== hit.line.row && !usedLines.has(p.l.row) && hit.score - p.score < AMBIGUITY_MARGIN,
    );
    if (rival) hit.rival = rival.l;
  }
  for (const l of usedLines) taken.add(l);
  return out;
}
