/**
 * The locator of the дорожная карта (DOMAIN.md §1.1, §5, seed 001): finds the table of risk
 * factors and the table of measures by their header rows (one row, or a merged «Фактор негативного
 * влияния (риска)» over «наименование фактора | параметры | код параметра»), in any column order,
 * with a title block above; carries a factor's name down over its parameters (merged or left
 * empty); joins a measure's text continued on the next row (a page break in a typed order); reads
 * codes written `2.1.`, `2.1`, `2.1., 2.2.`, `2.1.,2.2.`; takes the catalogue of factors from a sheet
 * of the workbook when there is one, else the default catalogue of the descriptor.
 */
import { Issue, makeIssue } from '../issues';
import { SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { clipText, normalizeLabel } from '../text';
import {
  HeaderColumn,
  anchorValue,
  cellText,
  endsTable,
  isHeaderAgain,
  labelSet,
  matchText,
  readHeader,
  rowWidth,
} from '../grid';
import { CHECK_SHEET } from '../report';
import { AMBIGUITY_MARGIN, SIMILAR_THRESHOLD, formatScore, scoreLabel } from '../match';
import { ROADMAP, RoadmapDescriptor, catalogueCodes } from './descriptor';

export interface RoadmapFactorRow {
  row: number;
  factor: string | null;
  parameter: string | null;
  /** The codes written in the code cell (normalised `2.1`); empty when none. */
  codes: string[];
  codeText: string | null;
  schools: string | null;
  /** Column id → A1 cell. */
  cells: Record<string, string>;
}

export interface RoadmapMeasureRow {
  row: number;
  no: string;
  /** Column id → the cell's text (null when empty); `date` and `execution` keep the raw cell in `cells`. */
  text: Record<string, string | null>;
  codes: string[];
  cells: Record<string, string>;
}

export interface RoadmapTableLocation {
  sheet: string;
  headerRow: number;
  /** Column id → column index. */
  cols: Record<string, number>;
  headerCell: string;
  /** The first row of the header (the same as `headerRow` for a one-row header). */
  headerFirstRow: number;
  /** Columns found only by a similar header (issue 11): id → the score. */
  similar: Record<string, number>;
}

export interface RoadmapLocation {
  factorsTable: RoadmapTableLocation | null;
  measuresTable: RoadmapTableLocation | null;
  factors: RoadmapFactorRow[];
  measures: RoadmapMeasureRow[];
  /** Code → factor and parameter names of the catalogue in force. */
  catalogue: Map<string, { factor: string; parameter: string }>;
  /** The sheet the catalogue came from; null for the default catalogue. */
  catalogueSheet: string | null;
  issues: Issue[];
  isRoadmap: boolean;
}

const MAX_ROWS = 3000;

/** The codes in a code cell: `2.1., 2.2.` → [2.1, 2.2]; a number 2.1 → [2.1]. */
export function parseCodes(v: unknown): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [String(v)] : [];
  if (typeof v !== 'string') return [];
  const out: string[] = [];
  for (const m of v.matchAll(/(\d+)\s*\.\s*(\d+)/g)) {
    const code = `${Number(m[1])}.${Number(m[2])}`;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

function columns(t: { columns: { id: string; header: string; synonyms: string[] }[] }): HeaderColumn[] {
  return t.columns.map((c) => ({ id: c.id, header: c.header, synonyms: c.synonyms }));
}

function isFactorHeader(cols: Record<string, number>): boolean {
  return (
    cols.code !== undefined &&
    cols.schools !== undefined &&
    (cols.factor !== undefined || cols.parameter !== undefined) &&
    cols.measure === undefined
  );
}

function isMeasureHeader(cols: Record<string, number>): boolean {
  const extra = ['form', 'date', 'responsible'].filter((k) => cols[k] !== undefined).length;
  return cols.measure !== undefined && cols.code !== undefined && extra >= 1;
}

/**
 * A header candidate: at least two text cells, one of them (or, for a two-row header, one in the
 * row below) naming the code column — both tables have one — so most rows are passed over cheaply.
 */
function headerCandidate(view: SheetView, r: number): boolean {
  let n = 0;
  let code = false;
  const w = rowWidth(view, r);
  for (let c = view.firstCol; c < w; c++) {
    const v = anchorValue(view, r, c);
    if (typeof v !== 'string') continue;
    n++;
    if (!code && v.length < 200 && /код/i.test(v)) code = true;
  }
  if (n < 2) return false;
  if (code) return true;
  const w2 = rowWidth(view, r + 1);
  for (let c = view.firstCol; c < w2; c++) {
    const v = anchorValue(view, r + 1, c);
    if (typeof v === 'string' && v.length < 200 && /код/i.test(v)) return true;
  }
  return false;
}

export function locateRoadmap(wb: WorkbookSnapshot, d: RoadmapDescriptor = ROADMAP): RoadmapLocation {
  const fcols = columns(d.factors);
  const mcols = columns(d.measures);
  // Both tables' columns; a shared id (№, код параметра) answers to the headers of either table.
  const both: HeaderColumn[] = [...fcols, ...mcols.filter((c) => !fcols.some((f) => f.id === c.id))].map((c) => {
    const other = [...fcols, ...mcols].filter((x) => x.id === c.id && x !== c);
    return { ...c, synonyms: [...c.synonyms, ...other.flatMap((x) => [x.header, ...x.synonyms])] };
  });
  const titles = [
    labelSet({ label: d.factors.title, synonyms: d.factors.synonyms }),
    labelSet({ label: d.measures.title, synonyms: d.measures.synonyms }),
  ];
  let factorsTable: RoadmapTableLocation | null = null;
  let measuresTable: RoadmapTableLocation | null = null;
  let factorsEnd = -1;
  const views: SheetView[] = [];
  for (const s of wb.sheets) {
    // The product's own «Проверка» sheet holds a coverage table that looks like the factor table.
    if (s.visibility === 'veryHidden' || s.name === CHECK_SHEET) continue;
    const view = new SheetView(s);
    views.push(view);
    const last = Math.min(view.rowCount, view.firstRow + MAX_ROWS);
    for (let r = view.firstRow; r < last; r++) {
      if (factorsTable && measuresTable) break;
      if (!headerCandidate(view, r)) continue;
      const h = readHeader(view, r, both);
      if (!factorsTable && isFactorHeader(h.cols)) {
        const cols: Record<string, number> = {};
        for (const c of fcols) if (h.cols[c.id] !== undefined) cols[c.id] = h.cols[c.id];
        factorsTable = {
          sheet: s.name,
          headerRow: h.lastRow,
          cols,
          headerCell: a1(r, h.cols.code),
          headerFirstRow: r,
          similar: {},
        };
        factorsEnd = -1;
        r = h.lastRow;
        continue;
      }
      if (!measuresTable && isMeasureHeader(h.cols)) {
        const cols: Record<string, number> = {};
        for (const c of mcols) if (h.cols[c.id] !== undefined) cols[c.id] = h.cols[c.id];
        measuresTable = {
          sheet: s.name,
          headerRow: h.lastRow,
          cols,
          headerCell: a1(r, h.cols.measure),
          headerFirstRow: r,
          similar: {},
        };
        if (factorsTable && factorsTable.sheet === s.name && factorsEnd < 0) factorsEnd = r;
        r = h.lastRow;
      }
    }
  }
  const issues: Issue[] = [];
  const isRoadmap = factorsTable !== null || measuresTable !== null;
  const viewOf = (name: string): SheetView => views.find((v) => v.name === name)!;
  // Required columns not found by their headers: the most similar header cell left (issue 11).
  for (const [t, tcols, sec] of [
    [factorsTable, d.factors.columns, 'I'],
    [measuresTable, d.measures.columns, 'II'],
  ] as const)
    if (t) similarColumns(viewOf(t.sheet), t, tcols, sec, issues);

  // --- The factor table.
  const factors: RoadmapFactorRow[] = [];
  if (factorsTable) {
    const t = factorsTable;
    const view = viewOf(t.sheet);
    const end = factorsEnd >= 0 ? factorsEnd : Math.min(view.rowCount, t.headerRow + 1 + MAX_ROWS);
    let factor: string | null = null;
    let blank = 0;
    for (let r = t.headerRow + 1; r < end; r++) {
      if (endsTable(view, r, titles)) break;
      if (isHeaderAgain(view, r, t.cols, fcols)) continue;
      const text = (id: string): string | null => (t.cols[id] === undefined ? null : cellText(view.get(r, t.cols[id])));
      const f = text('factor');
      const codeText = text('code');
      const parameter = text('parameter');
      const schools = text('schools');
      if (!codeText && !parameter && !schools) {
        if (f && !view.isCovered(r, t.cols.factor ?? -1)) factor = f;
        if (++blank >= 10) break;
        continue;
      }
      blank = 0;
      if (f) factor = f;
      const cells: Record<string, string> = {};
      for (const [id, c] of Object.entries(t.cols)) {
        const a = view.anchor(r, c);
        cells[id] = a1(a.row, a.col);
      }
      const raw = t.cols.code === undefined ? null : view.get(r, t.cols.code);
      factors.push({ row: r, factor, parameter, codes: parseCodes(raw), codeText, schools, cells });
    }
  } else if (isRoadmap)
    issues.push(
      makeIssue(
        'MISSING-ROW',
        { sheet: measuresTable!.sheet, cell: null, section: 'I' },
        `Не найдена таблица факторов риска «${d.factors.title}» (заголовки «${d.factors.columns
          .filter((c) => c.required)
          .map((c) => c.header)
          .join('», «')}»). Без неё нельзя проверить, что каждый проявившийся фактор охвачен мероприятиями.`,
      ),
    );

  // --- The measures table.
  const measures: RoadmapMeasureRow[] = [];
  if (measuresTable) {
    const t = measuresTable;
    const view = viewOf(t.sheet);
    let blank = 0;
    const end = Math.min(view.rowCount, t.headerRow + 1 + MAX_ROWS);
    for (let r = t.headerRow + 1; r < end; r++) {
      if (endsTable(view, r, titles)) break;
      if (isHeaderAgain(view, r, t.cols, mcols)) continue;
      // Values through merges (one «Ответственные» merged over several measures belongs to each);
      // whether the row has anything of its own is judged on its own cells.
      const text: Record<string, string | null> = {};
      const cells: Record<string, string> = {};
      const own: string[] = [];
      for (const [id, c] of Object.entries(t.cols)) {
        text[id] = cellText(view.get(r, c));
        const a = view.anchor(r, c);
        cells[id] = a1(a.row, a.col);
        if (id !== 'no' && cellText(anchorValue(view, r, c)) !== null) own.push(id);
      }
      const content = own;
      if (content.length === 0) {
        if (++blank >= 10) break;
        continue;
      }
      // After a blank row, a row with no measure, form or code is what follows the table (a signature
      // «Ведущий специалист … О.В. Крюкова», a note), not a measure.
      if (blank > 0 && measures.length > 0 && !['measure', 'form', 'code'].some((id) => own.includes(id))) break;
      blank = 0;
      const prev = measures[measures.length - 1];
      // A measure's text continued on the next row (no number, nothing else filled).
      if (
        prev &&
        !anchorValue(view, r, t.cols.no ?? -1) &&
        content.length === 1 &&
        content[0] === 'measure' &&
        prev.row === r - 1
      ) {
        prev.text.measure = `${prev.text.measure ?? ''} ${cellText(anchorValue(view, r, t.cols.measure))}`.trim();
        continue;
      }
      measures.push({
        row: r,
        no: text.no ?? String(measures.length + 1),
        text,
        codes: t.cols.code === undefined ? [] : parseCodes(view.get(r, t.cols.code)),
        cells,
      });
    }
  } else if (isRoadmap)
    issues.push(
      makeIssue(
        'MISSING-ROW',
        { sheet: factorsTable!.sheet, cell: null, section: 'II' },
        `Не найдена таблица мероприятий «${d.measures.title}» (заголовки «${d.measures.columns
          .filter((c) => c.required)
          .map((c) => c.header)
          .join('», «')}»).`,
      ),
    );
  for (const [t, sec, cols] of [
    [factorsTable, 'I', d.factors.columns],
    [measuresTable, 'II', d.measures.columns],
  ] as const) {
    if (!t) continue;
    for (const c of cols)
      if (c.required && t.cols[c.id] === undefined) {
        const spec = { label: c.header, synonyms: c.synonyms };
        const near = headerCells(viewOf(t.sheet), t)
          .map((h) => ({ ...h, score: scoreLabel(spec, { text: h.text }).score }))
          .filter((h) => h.score >= HINT_MIN)
          .sort((a, b) => b.score - a.score)[0];
        const hint = near
          ? ` Ближе всего по смыслу заголовок ${a1(near.row, near.col)} «${clipText(near.text, 70)}» — если это он, исправьте заголовок.`
          : '';
        issues.push(
          makeIssue(
            'MISSING-ROW',
            { sheet: t.sheet, cell: t.headerCell, section: sec },
            `В таблице ${sec === 'I' ? 'факторов риска' : 'мероприятий'} не найден столбец «${c.header}».${hint} Добавьте его или восстановите заголовок по шаблону (shnor template roadmap).`,
          ),
        );
      }
  }

  const { catalogue, sheet: catalogueSheet } = locateCatalogue(wb, d, [factorsTable?.sheet, measuresTable?.sheet]);
  return {
    factorsTable,
    measuresTable,
    factors,
    measures,
    catalogue,
    catalogueSheet,
    issues: isRoadmap ? issues : [],
    isRoadmap,
  };
}

/** The lowest similarity for a header cell to be named in the message of a missing column. */
const HINT_MIN = 0.35;

/** The text cells of a table's header rows that no column was read from. */
function headerCells(view: SheetView, t: RoadmapTableLocation): { row: number; col: number; text: string }[] {
  const used = new Set(Object.values(t.cols));
  const out: { row: number; col: number; text: string }[] = [];
  for (let r = t.headerFirstRow; r <= t.headerRow; r++) {
    const w = rowWidth(view, r);
    for (let c = view.firstCol; c < w; c++) {
      if (used.has(c) || view.isCovered(r, c)) continue;
      const v = view.get(r, c);
      if (typeof v !== 'string' || v.length > 300) continue;
      const text = cellText(v);
      if (text) out.push({ row: r, col: c, text });
    }
  }
  return out;
}

/**
 * Columns the table needs, not found by their headers, taken from the header cell most like them
 * (each cell to the column it is most like): `LABEL-SIMILAR` (info) names both headers and the
 * cell; two cells within the margin are `LABEL-AMBIGUOUS` (warning) naming both.
 */
function similarColumns(
  view: SheetView,
  t: RoadmapTableLocation,
  columns: readonly { id: string; header: string; synonyms: string[]; required: boolean }[],
  sec: 'I' | 'II',
  issues: Issue[],
): void {
  const wanted = columns.filter((c) => c.required && t.cols[c.id] === undefined);
  if (wanted.length === 0) return;
  const cells = headerCells(view, t);
  const pairs: { c: (typeof wanted)[number]; h: (typeof cells)[number]; score: number }[] = [];
  for (const c of wanted) {
    const spec = { label: c.header, synonyms: c.synonyms };
    for (const h of cells) {
      const score = scoreLabel(spec, { text: h.text }).score;
      if (score >= SIMILAR_THRESHOLD) pairs.push({ c, h, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.h.col - b.h.col);
  const usedCols = new Set<number>();
  const table = sec === 'I' ? 'факторов риска' : 'мероприятий';
  const taken: typeof pairs = [];
  for (const p of pairs) {
    if (t.cols[p.c.id] !== undefined || usedCols.has(p.h.col)) continue;
    t.cols[p.c.id] = p.h.col;
    t.similar[p.c.id] = p.score;
    usedCols.add(p.h.col);
    taken.push(p);
  }
  for (const p of taken) {
    const cell = a1(p.h.row, p.h.col);
    issues.push(
      makeIssue(
        'LABEL-SIMILAR',
        { sheet: t.sheet, cell, section: sec },
        `Столбец ${cell} «${clipText(p.h.text, 70)}» таблицы ${table} принят за столбец «${p.c.header}»: заголовки похожи (сходство ${formatScore(p.score)}). Если это не он, исправьте заголовок по шаблону (shnor template roadmap).`,
      ),
    );
    const rival = pairs.find(
      (q) => q.c === p.c && q.h.col !== p.h.col && !usedCols.has(q.h.col) && p.score - q.score < AMBIGUITY_MARGIN,
    );
    if (rival) {
      const other = a1(rival.h.row, rival.h.col);
      issues.push(
        makeIssue(
          'LABEL-AMBIGUOUS',
          { sheet: t.sheet, cell, section: sec },
          `На столбец «${p.c.header}» таблицы ${table} одинаково похожи два заголовка: ${cell} «${clipText(p.h.text, 70)}» и ${other} «${clipText(rival.h.text, 70)}». Прочитан ${cell}; исправьте заголовок нужного столбца по шаблону (shnor template roadmap).`,
        ),
      );
    }
  }
}

/** The catalogue of factors: a sheet with «Код параметра | Фактор | Параметр» (and no list of schools), else the default. */
function locateCatalogue(
  wb: WorkbookSnapshot,
  d: RoadmapDescriptor,
  skip: (string | undefined)[],
): { catalogue: Map<string, { factor: string; parameter: string }>; sheet: string | null } {
  const cs = d.catalogueSheet;
  const cols: HeaderColumn[] = [
    { id: 'code', header: cs.code, synonyms: ['Код', 'Код фактора'] },
    {
      id: 'factor',
      header: cs.factor,
      synonyms: ['Фактор риска', 'Наименование фактора', 'Фактор негативного влияния (риска)'],
    },
    { id: 'parameter', header: cs.parameter, synonyms: ['Параметры', 'Наименование параметра'] },
    { id: 'schools', header: 'Перечень ОО', synonyms: ['Перечень ШНОР', 'Перечень школ'] },
    { id: 'measure', header: 'Мероприятие', synonyms: ['Мероприятия'] },
  ];
  const sheetNames = labelSet({ label: cs.name, synonyms: cs.synonyms });
  const order = [...wb.sheets].sort(
    (a, b) => Number(matchText(b.name, sheetNames) > 0) - Number(matchText(a.name, sheetNames) > 0),
  );
  for (const s of order) {
    if (s.visibility === 'veryHidden' || s.name === CHECK_SHEET || skip.includes(s.name)) continue;
    const view = new SheetView(s);
    const last = Math.min(view.rowCount, view.firstRow + 20);
    for (let r = view.firstRow; r < last; r++) {
      const h = readHeader(view, r, cols);
      const c = h.cols;
      if (c.code === undefined || c.parameter === undefined || c.schools !== undefined || c.measure !== undefined)
        continue;
      const out = new Map<string, { factor: string; parameter: string }>();
      let factor = '';
      for (let y = h.lastRow + 1; y < Math.min(view.rowCount, h.lastRow + 2000); y++) {
        const codes = parseCodes(view.get(y, c.code));
        const f = c.factor === undefined ? null : cellText(view.get(y, c.factor));
        if (f) factor = f;
        if (codes.length !== 1) continue;
        out.set(codes[0], { factor, parameter: cellText(view.get(y, c.parameter)) ?? '' });
      }
      if (out.size > 0) return { catalogue: out, sheet: s.name };
    }
  }
  return {
    catalogue: new Map(catalogueCodes(d.catalogue).map((x) => [x.code, { factor: x.factor, parameter: x.parameter }])),
    sheet: null,
  };
}

/** True when the workbook holds a roadmap (the factor table or the measures table, by their headers). */
export function looksLikeRoadmap(wb: WorkbookSnapshot): boolean {
  return locateRoadmap(wb).isRoadmap;
}

/** A school list that says the factor is absent: «отсутствует», «Отсутствует данная категория ОО», «нет», «-». */
export function isAbsent(schools: string | null, d: RoadmapDescriptor = ROADMAP): boolean {
  if (schools === null) return false;
  const n = normalizeLabel(schools);
  if (/^[-–—]+$/.test(n) || n === '') return true;
  return d.absent.some((a) => {
    const x = normalizeLabel(a);
    return n === x || n.startsWith(x + ' ');
  });
}
