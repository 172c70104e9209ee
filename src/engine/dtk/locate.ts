/**
 * The ДТК locator (DOMAIN.md §1.1, §2): finds every field of the descriptor by its label text, not
 * by its address, in a card that users have edited — rows inserted, deleted or reordered, labels
 * re-typed, a title block above, the criteria on one sheet or one sheet each, year columns in any
 * order, sub-items under their parent, pairs in one cell or in two rows, the transposed table of 2.1.
 *
 * How: every row's label cell (its first text cell that is not a bare number such as `1.1.2`) is
 * normalised; section headings split each sheet into section ranges; a section's rows are matched
 * inside its range (exact label or synonym first, then a long label followed by extra words), their
 * sub-items inside the range up to the next matched sibling. Value columns come from the nearest
 * header row above: school years (any spelling) for `Y` rows, «Описание» for `D` rows.
 */
import { Issue } from '../issues';
import { SheetView, WorkbookSnapshot, a1, parseA1 } from '../snapshot';
import { clipText, normalizeLabel } from '../text';
import { formatSchoolYear, parseSchoolYear } from '../years';
import {
  DTK,
  DtkConclusionRow,
  DtkDescriptor,
  DtkHeaderField,
  DtkRow,
  DtkSection,
  dtkRows,
  perDescriptor,
} from './descriptor';
import { AMBIGUITY_MARGIN, SIMILAR_THRESHOLD, formatScore, labelStems, scoreLabel } from '../match';
import { KEY_INDICATORS } from './conclusions';
import { indicatorInputs } from './indicators';

/**
 * The fields whose row missing is an error (`MISSING-ROW`): those the indicators read and the key
 * indicators of the conclusions, with what a derived one among them is computed from. Any other row
 * of the form missing is a warning (`DTK-OPTIONAL-ROW`): the report is whole without it.
 */
const neededFields = perDescriptor((d): Set<string> => {
  const ids = new Set([...indicatorInputs(d), ...Object.values(KEY_INDICATORS).flatMap((l) => l.map(([id]) => id))]);
  for (const { row } of dtkRows(d))
    if (row.derived && ids.has(row.id)) for (const x of [row.derived.numerator, row.derived.denominator]) ids.add(x);
  return ids;
});

/** Where one field was found. `cells` maps a school year (`2022-2023`) or `D` to an A1 address. */
export interface DtkFieldLocation {
  id: string;
  sheet: string;
  /** 0-based sheet row of the label. */
  row: number;
  labelCell: string;
  cells: Record<string, string>;
  /** A `p%` row (or its part) whose two values are written in one cell, `98/45`. */
  pairInCell?: boolean;
  /**
   * A count the template has as one row, written as level sub-items under it with no total on its
   * own row: school year → the sub-items' cells, read as their sum.
   */
  sumOf?: Record<string, string[]>;
  /**
   * Level sub-items written under a single row of the template (а) НОО, б) ООО, в) СОО): each
   * sub-item's row, school year → cell. Read as the row's value when it has no total of its own
   * (`sumOf`); moved with the years by the new school year either way.
   */
  levelCells?: Record<string, string>[];
  /**
   * How the label was found: the form's own label (`exact`), one of its synonyms (`alias`: the
   * order's wording, a re-typing), or a similar label (`similar`, with the score).
   */
  found?: { how: 'exact' | 'alias' | 'similar'; score: number };
}

export interface DtkHeaderLocation {
  id: DtkHeaderField['id'];
  sheet: string;
  labelCell: string;
  /** The cell holding the value (or where it belongs). */
  cell: string;
  /** The value as text; null when empty. */
  value: string | null;
}

export interface DtkConclusionLocation {
  id: string;
  criterion: string;
  kind: 'conclusion' | 'problem' | 'recommendation';
  sheet: string;
  labelCell: string;
  cell: string;
  /**
   * The subsections this row closes: those whose heading stands between the previous row of its
   * kind in the criterion and this one (all of the criterion's when it has one such row).
   */
  sections: string[];
}

export interface DtkLocation {
  /** Field id → location (rows, items, parts and the columns of the 2.1 table). */
  fields: Record<string, DtkFieldLocation>;
  header: Record<string, DtkHeaderLocation>;
  /** The first «Вывод» / «Проблема» row of each criterion, by the conclusion row's id. */
  conclusions: Record<string, DtkConclusionLocation>;
  /** Every «Вывод» / «Проблема» row, in sheet order (the order's form has one after each subsection). */
  conclusionRows: DtkConclusionLocation[];
  /** The school years found in the header rows, oldest first. */
  years: string[];
  issues: Issue[];
  /** Share of the descriptor's main labels (headings, rows, header fields) found, 0–1. */
  coverage: number;
  /** False when too few labels were found for this to be a ДТК (coverage below 20 %). */
  isDtk: boolean;
}

/** Below this share of labels found the workbook is not a ДТК. */
export const DTK_MIN_COVERAGE = 0.2;
const MAX_ROWS = 5000;
const MAX_COLS = 60;
/** A normalised label at least this long may be followed by extra words in the cell. */
const PREFIX_MIN = 14;
/**
 * Only the start of a long text is normalised: no label is this long, and a sheet of megabyte-long
 * cells (seen in the corpus) must not cost a normalisation of every byte.
 */
const MAX_TEXT = 1000;
const clip = (v: string): string => (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v);

interface Line {
  sheet: number;
  row: number;
  col: number;
  /** Normalised label; numbering (`1.1.`, `а)`) kept. */
  norm: string;
  /** Normalised label with leading numbering removed. */
  bare: string;
  raw: string;
  /** Normalised text before a colon («Вывод: …»), computed when first needed. */
  head?: string;
}

interface SheetInfo {
  view: SheetView;
  lines: Line[];
  /** Rows holding at least two school years: row → (column → school year). */
  yearRows: { row: number; cols: { col: number; year: string }[] }[];
  /** Rows with an «Описание» header: row → column. */
  descRows: { row: number; col: number }[];
}

/** Leading numbering: `1.`, `1.1`, `1.1.2.`, `1)`, `(1)`, `а)`, `(а)`, `IV.` — a bare number (`5 класс`) is part of the label. */
const NUMBERING = /^(?:(?:\d+\.)+\d*\)?|\d+\)|\(\d+\)|\(?[а-яa-z]\)|[ivx]+\.)\s*/;

function bare(norm: string): string {
  if (norm.length > 300) return stripNumbering(norm);
  let hit = bareMemo.get(norm);
  if (hit === undefined) {
    if (bareMemo.size >= 20000) bareMemo.clear();
    hit = stripNumbering(norm);
    bareMemo.set(norm, hit);
  }
  return hit;
}

/** `bare` of labels already seen (a pure function of the text; bounded). */
const bareMemo = new Map<string, string>();

function stripNumbering(norm: string): string {
  return norm
    .replace(NUMBERING, '')
    .replace(/^[\s\-–.]+/, '')
    .trim();
}

const isNumberingOnly = (norm: string): boolean =>
  /^(?:\d+[.)]?)*$|^\(?[а-яa-z]\)?$|^\(\d+\)$/.test(norm) && norm.length < 8;

const labelCache = new Map<string, string[]>();
/** By object first: descriptor rows are the same objects on every call, and building the text key is not free. */
const labelObjectCache = new WeakMap<object, string[]>();

/** The normalised label and synonyms, with and without their numbering (cached: they are compared often). */
function labelsOf(x: { label: string; synonyms: string[] }): string[] {
  const byObject = labelObjectCache.get(x);
  if (byObject) return byObject;
  const key = [x.label, ...x.synonyms].join('\u0001');
  let hit = labelCache.get(key);
  if (!hit) {
    hit = computeLabels(x);
    labelCache.set(key, hit);
  }
  labelObjectCache.set(x, hit);
  return hit;
}

function computeLabels(x: { label: string; synonyms: string[] }): string[] {
  const out = new Set<string>();
  for (const l of [x.label, ...x.synonyms]) {
    const n = normalizeLabel(l);
    out.add(n);
    out.add(bare(n));
  }
  out.delete('');
  return [...out];
}

/** Two consecutive lines read as one label (a parent row and the text under it), memoised per pair. */
const joinedMemo = new WeakMap<Line, { next: Line; line: Line }>();
function joined(a: Line, b: Line): Line {
  const hit = joinedMemo.get(a);
  if (hit && hit.next === b) return hit.line;
  const norm = normalizeLabel(clip(a.raw) + ' — ' + clip(b.raw));
  const line: Line = { ...a, norm, bare: bare(norm) };
  joinedMemo.set(a, { next: b, line });
  return line;
}

/** 2 = exact, 1 = the cell starts with a long label (extra words after it), 0 = no match. */
function matchScore(line: Line, labels: string[]): number {
  for (const l of labels) if (line.norm === l || line.bare === l) return 2;
  for (const l of labels) {
    if (l.length < PREFIX_MIN) continue;
    if (startsWithWord(line.norm, l) || startsWithWord(line.bare, l)) return 1;
  }
  return 0;
}

/**
 * The titles of a descriptor's criteria and sections for lookup: exact labels → their owners, and
 * the long labels (which may be followed by extra words) by their first `PREFIX_MIN` characters.
 */
interface TitleIndex {
  exact: Map<string, object[]>;
  long: Map<string, { label: string; owner: object }[]>;
}

const titleIndex = perDescriptor((d): TitleIndex => {
  const exact = new Map<string, object[]>();
  const long = new Map<string, { label: string; owner: object }[]>();
  const add = (owner: object, x: { label: string; synonyms: string[] }): void => {
    for (const l of labelsOf(x)) {
      const e = exact.get(l) ?? [];
      if (!e.includes(owner)) exact.set(l, [...e, owner]);
      if (l.length >= PREFIX_MIN) {
        const key = l.slice(0, PREFIX_MIN);
        long.set(key, [...(long.get(key) ?? []), { label: l, owner }]);
      }
    }
  };
  for (const c of d.criteria) {
    add(c, { label: c.title, synonyms: c.synonyms });
    for (const sec of c.sections) add(sec, { label: sec.title, synonyms: sec.synonyms });
  }
  return { exact, long };
});

/** The criteria and sections whose title the line carries (as `matchScore(line, labels) > 0` would tell); null for none. */
function titleHits(index: TitleIndex, line: Line): Set<object> | null {
  let hits: Set<object> | null = null;
  for (const t of [line.norm, line.bare]) {
    for (const owner of index.exact.get(t) ?? []) (hits ??= new Set()).add(owner);
    if (t.length <= PREFIX_MIN) continue;
    for (const x of index.long.get(t.slice(0, PREFIX_MIN)) ?? [])
      if (startsWithWord(t, x.label)) (hits ??= new Set()).add(x.owner);
  }
  return hits;
}

/** What may follow a long label in its cell: a space or punctuation («… обучающихся, %»). */
const AFTER_LABEL = new Set([' ', '\t', '\n', '\r', ',', ';', ':', '.', '(', '—', '–', '-']);

/** `t` is the label `l` followed by extra words (not merely a longer word). */
function startsWithWord(t: string, l: string): boolean {
  return t.length > l.length && AFTER_LABEL.has(t[l.length]) && t.startsWith(l);
}

interface SimilarHit {
  score: number;
  /** Another free line scoring within the margin: the choice is ambiguous. */
  rival: Line | null;
}

interface Sibling {
  row: DtkRow;
  line: Line;
  /** Found by a similar label, not by the form's own or a synonym. */
  similar?: SimilarHit;
  /** Found by one of the row's synonyms, not by its own label. */
  alias?: boolean;
}

/** Whether a line (or two joined lines) was matched by a synonym of the row rather than by its own label. */
function byAlias(line: Line, r: { label: string; synonyms: string[] }): boolean {
  return matchScore(line, labelsOf({ label: r.label, synonyms: [] })) === 0;
}

/** A sub-item naming a level of education: «а) НОО», «ООО», «среднее общее образование». */
const LEVEL_ITEM = /^(?:ноо|ооо|соо|начальное общее|основное общее|среднее общее)(?:$|[\s,.:;)—–-])/;

/** Longest text compared by similarity (a label is shorter; a paragraph of notes is not one). */
const SIMILAR_MAX_TEXT = 300;
/** Lines that are never a row of the form: conclusions, header words. */
const NOT_A_ROW = /^(?:вывод|проблем|показател|критери|наименование показателя|учебный год|описание)/;

/** The numbers in a text («9 класса», «до 35 лет»): a label and a line naming different numbers are different rows. */
function numbersOf(s: string): string {
  return (s.match(/\d+/g) ?? []).join(' ');
}

/** The spec of a row for the matcher (its label and synonyms), with at least two meaningful words. */
function similarSpec(r: DtkRow): boolean {
  return [r.label, ...r.synonyms].some((l) => labelStems(l).length >= 2);
}

/**
 * The similar lines of rows not found by their labels: every (row, free line) pair at or above the
 * threshold, the best pairs first, each row and each line used once (a line goes to the row it is
 * most like). A row whose next best free line scores within the margin has a rival. The lines
 * taken are claimed.
 */
function assignSimilar(rows: DtkRow[], range: Line[], claimed: Set<Line>): Sibling[] {
  const want = rows.filter(similarSpec);
  if (want.length === 0) return [];
  const free = range.filter(
    (l) =>
      !claimed.has(l) && l.raw.length <= SIMILAR_MAX_TEXT && !NOT_A_ROW.test(l.bare) && labelStems(l.raw).length >= 2,
  );
  const pairs: { r: DtkRow; l: Line; score: number }[] = [];
  for (const r of want) {
    const nums = numbersOf(normalizeLabel(r.label));
    for (const l of free) {
      const n = numbersOf(l.bare);
      if (nums !== '' && n !== '' && n !== nums) continue;
      const score = scoreLabel(r, { text: l.raw }).score;
      if (score >= SIMILAR_THRESHOLD) pairs.push({ r, l, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.l.sheet - b.l.sheet || a.l.row - b.l.row);
  const out: Sibling[] = [];
  const used = new Set<Line>();
  for (const p of pairs) {
    if (used.has(p.l) || out.some((o) => o.row === p.r)) continue;
    out.push({ row: p.r, line: p.l, similar: { score: p.score, rival: null } });
    used.add(p.l);
  }
  for (const o of out) {
    const rival = pairs.find(
      (p) => p.r === o.row && p.l !== o.line && !used.has(p.l) && o.similar!.score - p.score < AMBIGUITY_MARGIN,
    );
    if (rival) o.similar!.rival = rival.l;
    claimed.add(o.line);
  }
  return out;
}

/** The lowest similarity for a line to be named in the message of a missing row. */
const HINT_MIN = 0.35;

/** The free line most like the label (by the matcher), for the message of a missing row; null below `HINT_MIN`. */
function nearestLine(range: Line[], spec: { label: string; synonyms: string[] }, claimed: Set<Line>): Line | null {
  let best: { l: Line; score: number } | null = null;
  for (const l of range) {
    if (claimed.has(l) || l.raw.length > SIMILAR_MAX_TEXT || NOT_A_ROW.test(l.bare)) continue;
    const score = scoreLabel(spec, { text: l.raw }).score;
    if (score >= HINT_MIN && (!best || score > best.score)) best = { l, score };
  }
  return best?.l ?? null;
}

/** Words that stand in the label column of a header row. */
const HEADER_WORDS = new Set(
  [
    'Показатель',
    'Показатели',
    'Наименование показателя',
    'Критерий',
    'Критерии',
    'Учебный год',
    'Год',
    'Наименование',
  ].map((w) => normalizeLabel(w)),
);

function scanSheet(view: SheetView, index: number): SheetInfo {
  const lines: Line[] = [];
  const yearRows: SheetInfo['yearRows'] = [];
  const descRows: SheetInfo['descRows'] = [];
  const last = Math.min(view.rowCount, view.firstRow + MAX_ROWS);
  for (let r = view.firstRow; r < last; r++) {
    const width = rowWidth(view, r);
    let label: Line | null = null;
    const years: { col: number; year: string }[] = [];
    // Calendar years written as numbers (2021, 2022, 2023) make a header row only next to a header
    // word or nothing: in a data row they are counts (a school of 2 000 pupils).
    const numericYears: { col: number; year: string }[] = [];
    for (let c = view.firstCol; c < width; c++) {
      if (view.isCovered(r, c)) continue;
      const v = view.raw(r, c);
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const y = parseSchoolYear(typeof v === 'string' ? clip(v) : v);
      if (y !== null) (typeof v === 'string' ? years : numericYears).push({ col: c, year: formatSchoolYear(y) });
      if (typeof v !== 'string') continue;
      const norm = normalizeLabel(clip(v));
      if (norm === '') continue;
      if (norm === 'описание' || norm.startsWith('описание ')) descRows.push({ row: r, col: c });
      if (label === null && !isNumberingOnly(norm) && y === null) {
        label = { sheet: index, row: r, col: c, norm, bare: bare(norm), raw: v };
      }
    }
    if (label) lines.push(label);
    if (!label || HEADER_WORDS.has(label.bare)) years.push(...numericYears);
    years.sort((a, b) => a.col - b.col);
    if (years.length >= 2) yearRows.push({ row: r, cols: years });
  }
  return { view, lines, yearRows, descRows };
}

interface Heading {
  sheet: number;
  row: number;
  section?: DtkSection;
  criterion: string;
}

export function locateDtk(wb: WorkbookSnapshot, d: DtkDescriptor = DTK): DtkLocation {
  // Empty sheets are skipped before a view is built (a view of 50 000 merged areas is slow to build).
  const sheets = wb.sheets
    .filter((s) => s.visibility !== 'veryHidden' && s.values.some((r) => r && r.length > 0))
    .map((s, i) => scanSheet(new SheetView(s), i));
  const fields: Record<string, DtkFieldLocation> = {};
  const inputs = neededFields(d);
  /** The indicators or the conclusions read the row or one of its items or parts. */
  const neededRow = (r: DtkRow): boolean =>
    inputs.has(r.id) || [...(r.items ?? []), ...(r.parts ?? [])].some((x) => neededRow(x));
  const header: Record<string, DtkHeaderLocation> = {};
  const conclusions: Record<string, DtkConclusionLocation> = {};
  const issues: Issue[] = [];
  /** Lines already taken by a heading, a field or a conclusion (the lines of `sheets`, by identity). */
  const claimed = new Set<Line>();
  let mainFound = 0;
  let mainTotal = 0;

  // --- Headings: criteria and sections.
  const headings: Heading[] = [];
  const sectionFound = new Map<string, Heading>();
  const titles = titleIndex(d);
  for (const s of sheets) {
    for (const l of s.lines) {
      // The criteria and sections whose title this line carries (`matchScore > 0`), by lookup.
      const hits = titleHits(titles, l);
      if (!hits) continue;
      for (const c of d.criteria) {
        if (hits.has(c)) {
          headings.push({ sheet: l.sheet, row: l.row, criterion: c.id });
          claimed.add(l);
        }
        for (const sec of c.sections) {
          if (sectionFound.has(sec.id)) continue;
          if (hits.has(sec)) {
            const h = { sheet: l.sheet, row: l.row, section: sec, criterion: c.id };
            headings.push(h);
            sectionFound.set(sec.id, h);
            claimed.add(l);
          }
        }
      }
    }
  }
  headings.sort((a, b) => a.sheet - b.sheet || a.row - b.row);

  /** The lines of a range of a sheet, [from, to). */
  const linesIn = (sheet: number, from: number, to: number): Line[] =>
    sheets[sheet].lines.filter((l) => l.row >= from && l.row < to);

  const sectionRange = (h: Heading): Line[] => {
    const next = headings.find((o) => o.sheet === h.sheet && o.row > h.row);
    return linesIn(h.sheet, h.row + 1, next ? next.row : Number.MAX_SAFE_INTEGER);
  };

  const yearCells = (sheet: number, row: number): Record<string, string> => {
    const s = sheets[sheet];
    let best: SheetInfo['yearRows'][number] | undefined;
    for (const y of s.yearRows) if (y.row < row) best = y;
    const out: Record<string, string> = {};
    if (best) for (const c of best.cols) out[c.year] = a1(row, c.col);
    return out;
  };

  const descCell = (line: Line): Record<string, string> => {
    const s = sheets[line.sheet];
    let best: SheetInfo['descRows'][number] | undefined;
    for (const h of s.descRows) if (h.row < line.row && h.col > line.col) best = h;
    if (best) return { D: a1(line.row, best.col) };
    return { D: a1(line.row, rightOf(s.view, line.row, line.col)) };
  };

  /**
   * Labels are matched by similarity only on a workbook already like a ДТК (a third of the
   * sections found by their headings): a results table of 60 000 rows is not searched row by row.
   */
  const likely = sectionFound.size * 3 >= d.criteria.reduce((n, c) => n + c.sections.length, 0);

  const reportSimilar = (r: DtkRow, line: Line, hit: SimilarHit, sec: DtkSection): void => {
    const sheet = sheets[line.sheet].view.name;
    const cell = a1(line.row, line.col);
    issues.push({
      severity: 'info',
      code: 'LABEL-SIMILAR',
      sheet,
      cell,
      section: sec.id,
      message: `Строка ${cell} «${clipText(line.raw, 70)}» принята за строку «${r.label}» ДТК (раздел ${sec.id}): подписи похожи (сходство ${formatScore(hit.score)}). Если это не она, исправьте подпись по шаблону (shnor template dtk).`,
    });
    if (hit.rival) {
      const other = a1(hit.rival.row, hit.rival.col);
      issues.push({
        severity: 'warning',
        code: 'LABEL-AMBIGUOUS',
        sheet,
        cell,
        section: sec.id,
        message: `На строку «${r.label}» ДТК (раздел ${sec.id}) одинаково похожи две строки: ${cell} «${clipText(line.raw, 70)}» и ${other} «${clipText(hit.rival.raw, 70)}». Прочитана ${cell}; исправьте подпись нужной строки по шаблону (shnor template dtk).`,
      });
    }
  };

  const place = (r: DtkRow, line: Line, pairInCell = false): DtkFieldLocation => {
    const s = sheets[line.sheet];
    const loc: DtkFieldLocation = {
      id: r.id,
      sheet: s.view.name,
      row: line.row,
      labelCell: a1(line.row, line.col),
      cells: r.kind === 'Y' ? yearCells(line.sheet, line.row) : descCell(line),
      ...(pairInCell ? { pairInCell: true } : {}),
    };
    fields[r.id] = loc;
    claimed.add(line);
    return loc;
  };

  /** True when some line of the range (unclaimed) carries one of these rows' labels. */
  const hasAny = (rows: DtkRow[], range: Line[]): boolean =>
    rows.some((r) => range.some((l) => !claimed.has(l) && matchScore(l, labelsOf(r)) > 0));

  /**
   * Matches sibling rows inside a range of lines; returns them with their lines, in sheet order.
   * With `similar`, rows not found by their labels take the most similar free lines (issue 11).
   */
  const matchSiblings = (rows: DtkRow[], range: Line[], similar = false): Sibling[] => {
    const found: Sibling[] = [];
    for (const pass of [2, 1]) {
      for (const r of rows) {
        if (found.some((f) => f.row === r)) continue;
        const labels = labelsOf(r);
        const hit = range.find((l) => !claimed.has(l) && matchScore(l, labels) === pass);
        if (hit) {
          found.push({ row: r, line: hit, alias: byAlias(hit, r) });
          claimed.add(hit);
        }
      }
    }
    // A parent row whose label is split over two rows: the subject («Русский язык») and the
    // criterion text below it («Доля обучающихся …, получивших неудовлетворительный результат:»).
    for (const r of rows) {
      if (!r.items || found.some((f) => f.row === r)) continue;
      const labels = labelsOf(r);
      for (let i = 0; i + 1 < range.length; i++) {
        const [a, b] = [range[i], range[i + 1]];
        if (claimed.has(a) || claimed.has(b) || a.sheet !== b.sheet) continue;
        if (matchScore(joined(a, b), labels) !== 2) continue;
        found.push({ row: r, line: a, alias: byAlias(joined(a, b), r) });
        claimed.add(a);
        claimed.add(b);
        break;
      }
    }
    if (similar && likely) {
      const rest = rows.filter((r) => !found.some((f) => f.row === r));
      for (const hit of assignSimilar(rest, range, claimed)) found.push(hit);
    }
    return found.sort((a, b) => a.line.sheet - b.line.sheet || a.line.row - b.line.row);
  };

  /**
   * A row not found. An error when the indicators need it (`needed`); otherwise the form can live
   * without it: a warning, `DTK-OPTIONAL-ROW`.
   */
  const missing = (
    r: { label: string },
    sec: DtkSection | null,
    what = 'строка',
    needed = true,
    total: DtkRow | null = null,
  ): void => {
    const where = sec ? `Раздел ${sec.title.split(' — ')[0]}` : 'Шапка карты';
    const h = sec ? sectionFound.get(sec.id) : undefined;
    const place = {
      // Where the row belongs: the section's heading, when there is one.
      sheet: h ? sheets[h.sheet].view.name : null,
      cell: h ? a1(h.row, sheets[h.sheet].lines.find((l) => l.row === h.row)?.col ?? 0) : null,
      section: sec ? sec.id : 'header',
    };
    if (total) {
      issues.push({
        severity: 'warning',
        code: 'DTK-OPTIONAL-ROW',
        ...place,
        message: `${where}: подпункт «${r.label}» не найден — в строке «${total.label}» дан только итог. Карта проверена без подпунктов; показатели по ним не рассчитаны. Чтобы они были, добавьте подпункты под строкой.`,
      });
      return;
    }
    const at = issues.length;
    if (!needed) {
      issues.push({
        severity: 'warning',
        code: 'DTK-OPTIONAL-ROW',
        ...place,
        message: `${where}: не найдена ${what} «${r.label}». Показатели карты рассчитаны без неё; если ${what} в карте есть, приведите её текст к шаблону.`,
      });
    } else {
      issues.push({
        severity: 'error',
        code: 'MISSING-ROW',
        ...place,
        message: `${where}: не найдена ${what} «${r.label}». Добавьте ${what === 'строка' ? 'строку' : what} с этим текстом в раздел или восстановите текст по шаблону.`,
      });
    }
    // The nearest label is named once the workbook is known to be a ДТК (on other files it is not worth the time).
    if ('synonyms' in r && Array.isArray(r.synonyms)) {
      const spec = { label: r.label, synonyms: r.synonyms as string[] };
      hints.push(() => {
        const near = nearestLine(h ? sectionRange(h) : sheets.flatMap((x) => x.lines), spec, claimed);
        if (near)
          issues[at] = {
            ...issues[at],
            message: `${issues[at].message} Ближе всего по смыслу строка ${a1(near.row, near.col)} «${clipText(near.raw, 70)}»${sheets.length > 1 ? ` (лист «${sheets[near.sheet].view.name}»)` : ''} — если это она, исправьте подпись.`,
          };
      });
    }
  };
  const hints: (() => void)[] = [];

  /** True when the line's own value cells (school years) hold a number: a total written on a parent row. */
  const holdsNumbers = (line: Line): boolean => {
    const view = sheets[line.sheet].view;
    return Object.values(yearCells(line.sheet, line.row)).some((ref) => {
      const p = parseA1(ref);
      return p !== null && typeof view.get(p.row, p.col) === 'number';
    });
  };

  const locateRows = (
    rows: DtkRow[],
    range: Line[],
    sec: DtkSection,
    top: boolean,
    total: DtkRow | null = null,
  ): void => {
    // Items written without their parent row, each under a long label of its own (seed 003:
    // «Математика. Общая/Качественная успеваемость»): taken first, so that the parent's label cannot
    // claim one of their lines as its own by its first words.
    const early: { row: DtkRow; line: Line; parent: DtkRow; alias: boolean }[] = [];
    for (const r of rows) {
      for (const x of r.items ?? []) {
        const labels = labelsOf(x).filter((l) => l.length >= PREFIX_MIN);
        const hit = labels.length ? range.find((l) => !claimed.has(l) && matchScore(l, labels) === 2) : undefined;
        if (!hit) continue;
        early.push({ row: x, line: hit, parent: r, alias: byAlias(hit, x) });
        claimed.add(hit);
      }
    }
    const found = matchSiblings(rows, range, true);
    // A parent not found whose items are: the items stand alone in the section.
    const standalone = early.filter((e) => !found.some((f) => f.row === e.parent));
    for (const e of early) if (!standalone.includes(e)) claimed.delete(e.line);
    if (top) mainFound += found.length + new Set(standalone.map((e) => e.parent)).size;
    const all: Sibling[] = [...found, ...standalone].sort(
      (a, b) => a.line.sheet - b.line.sheet || a.line.row - b.line.row,
    );
    all.forEach((f, i) => {
      const loc = place(f.row, f.line);
      loc.found = { how: f.similar ? 'similar' : f.alias ? 'alias' : 'exact', score: f.similar?.score ?? 1 };
      if (f.similar) reportSimilar(f.row, f.line, f.similar, sec);
      const end = i + 1 < all.length ? all[i + 1].line : null;
      const sub = range.filter(
        (l) => l.sheet === f.line.sheet && l.row > f.line.row && (!end || end.sheet !== l.sheet || l.row < end.row),
      );
      const items = f.row.items;
      if (items && items.length === 2 && items.every((x) => x.type === 'yn') && !hasAny(items, sub)) {
        // Two yes/no items written in the group's own cells: `да/нет`.
        loc.pairInCell = true;
        for (const p of items) fields[p.id] = { ...loc, id: p.id };
      } else if (items) {
        // Items taken early under this (found) parent are searched again, in its own range.
        // A parent with numbers on its own row and none of its items below it: one total row.
        const onlyTotal = !hasAny(items, sub) && f.row.kind === 'Y' && holdsNumbers(f.line);
        locateRows(items, sub, sec, false, onlyTotal ? f.row : null);
      }
      if (f.row.parts) {
        const parts = matchSiblings(f.row.parts, sub);
        if (parts.length === 0) {
          // A pair written in one cell (`98/45`): both parts read the row's own cells.
          loc.pairInCell = true;
          for (const p of f.row.parts) fields[p.id] = { ...loc, id: p.id };
        } else {
          for (const p of parts) place(p.row, p.line);
          // A flat layout: the main share on the row's own line, the retake on a line below it.
          const first = f.row.parts[0];
          if (!fields[first.id]) fields[first.id] = { ...loc, id: first.id };
          for (const p of f.row.parts) if (!fields[p.id] && p.required) missing(p, sec, 'строка', neededRow(p));
        }
      }
      if (!items && !f.row.parts && f.row.kind === 'Y') {
        // The template's single row with level sub-items under it (а) НОО, б) ООО, в) СОО): they
        // are the row's own; a count with no total on its row is their sum.
        const levels = sub.filter((l) => !claimed.has(l) && LEVEL_ITEM.test(l.bare));
        if (levels.length >= 2) {
          for (const l of levels) claimed.add(l);
          loc.levelCells = levels.map((l) => yearCells(l.sheet, l.row));
          if (f.row.type === 'n' && !holdsNumbers(f.line)) {
            const sumOf: Record<string, string[]> = {};
            for (const cells of loc.levelCells)
              for (const [y, ref] of Object.entries(cells)) (sumOf[y] ??= []).push(ref);
            loc.sumOf = sumOf;
          }
        }
      }
    });
    for (const r of rows) {
      if (fields[r.id]) continue;
      const alone = standalone.filter((e) => e.parent === r);
      if (alone.length && r.items) {
        // The other items of a parent written only through its items: searched in the section.
        const rest = r.items.filter((x) => !fields[x.id]);
        if (rest.length) locateRows(rest, range, sec, false);
        continue;
      }
      if (r.required || r.items?.some((x) => x.required)) missing(r, sec, 'строка', neededRow(r), total);
    }
  };

  // --- Sections: rows inside their range; a section without a heading searches every unclaimed line.
  const allSections = d.criteria.flatMap((c) => c.sections);
  mainTotal += allSections.length + allSections.reduce((n, s) => n + s.rows.length + (s.table ? 1 : 0), 0);
  mainFound += sectionFound.size;
  const pending: DtkSection[] = [];
  for (const sec of allSections) {
    const h = sectionFound.get(sec.id);
    if (!h) {
      pending.push(sec);
      continue;
    }
    const range = sectionRange(h);
    if (sec.table && locateTable(sec, h.sheet, range)) mainFound++;
    locateRows(sec.rows, range, sec, true);
  }
  for (const sec of pending) {
    const range = sheets.flatMap((s) => s.lines.filter((l) => !claimed.has(l)));
    if (sec.table) {
      const ok = sheets.some((s, i) => locateTable(sec, i, s.lines));
      if (ok) mainFound++;
    }
    locateRows(sec.rows, range, sec, true);
  }

  // --- The transposed table of 2.1: a header row naming the columns, then one row per school year.
  function locateTable(sec: DtkSection, sheet: number, range: Line[]): boolean {
    const t = sec.table!;
    const s = sheets[sheet];
    const view = s.view;
    const rows = [...new Set(range.map((l) => l.row))];
    const yearLabels = labelsOf({ label: t.yearHeader, synonyms: ['Год', 'Учебный год'] });
    const colLabels = t.columns.map((col) => labelsOf(col));
    const anyLabel = new Set(colLabels.flat());
    for (const r of rows) {
      const width = rowWidth(view, r);
      const cols: Record<string, number> = {};
      const colAlias: Record<string, boolean> = {};
      let yearCol = -1;
      for (let c = view.firstCol; c < width; c++) {
        if (view.isCovered(r, c)) continue;
        const v = view.raw(r, c);
        if (typeof v !== 'string') continue;
        const n = normalizeLabel(clip(v));
        const line: Line = { sheet, row: r, col: c, norm: n, bare: bare(n), raw: v };
        if (matchScore(line, yearLabels) === 2) yearCol = c;
        if (!anyLabel.has(line.norm) && !anyLabel.has(line.bare)) continue;
        t.columns.forEach((col, i) => {
          if (cols[col.id] === undefined && matchScore(line, colLabels[i]) === 2) {
            cols[col.id] = c;
            colAlias[col.id] = byAlias(line, col);
          }
        });
      }
      if (Object.keys(cols).length < 2) continue;
      if (yearCol < 0) {
        // «Учебный год» in a cell spanning the two header rows, or a blank column before the
        // table's: the column left of the table's that holds the years in the row below.
        const leftmost = Math.min(...Object.values(cols));
        yearCol = leftmost - 1;
        for (let c = leftmost - 1; c >= view.firstCol; c--)
          if (parseSchoolYear(view.get(r + 1, c) ?? null) !== null) {
            yearCol = c;
            break;
          }
      }
      const cells: Record<string, Record<string, string>> = {};
      const rowOf: Record<string, number> = {};
      for (let y = r + 1; y < Math.min(view.rowCount, r + 1 + 10); y++) {
        const sy = parseSchoolYear(view.get(y, yearCol) ?? null);
        if (sy === null) {
          if (Object.keys(rowOf).length) break;
          continue;
        }
        const year = formatSchoolYear(sy);
        for (const col of t.columns) {
          if (cols[col.id] === undefined) continue;
          (cells[col.id] ??= {})[year] = a1(y, cols[col.id]);
        }
        rowOf[year] = y;
        const line = s.lines.find((l) => l.row === y);
        if (line) claimed.add(line);
      }
      for (const col of t.columns) {
        if (cols[col.id] === undefined) {
          if (col.required) missing(col, sec, 'графа таблицы');
          continue;
        }
        fields[col.id] = {
          id: col.id,
          sheet: view.name,
          row: r,
          labelCell: a1(r, cols[col.id]),
          cells: cells[col.id] ?? {},
          found: { how: colAlias[col.id] ? 'alias' : 'exact', score: 1 },
        };
      }
      const caption = range.find((l) => l.row < r && matchScore(l, labelsOf(t)) > 0);
      if (caption) claimed.add(caption);
      return true;
    }
    return false;
  }

  for (const sec of allSections) {
    if (sec.table && !fields[sec.table.columns[0].id] && !issues.some((i) => i.message.includes(sec.table!.label)))
      missing(sec.table, sec, 'таблица');
  }

  // --- Conclusions: «Вывод:» / «Проблема:» rows, assigned to the criterion of the heading above.
  const criterionAt = (sheet: number, row: number): string | null => {
    let c: string | null = null;
    for (const h of headings) if (h.sheet === sheet && h.row < row) c = h.criterion;
    return c;
  };
  const conclusionRows: DtkConclusionLocation[] = [];
  /** Where each row stands, for the subsections it closes. */
  const rowAt = new Map<DtkConclusionLocation, { sheet: number; row: number }>();
  for (const s of sheets) {
    for (const l of s.lines) {
      if (claimed.has(l)) continue;
      for (const c of d.criteria) {
        for (const [kind, r] of [
          ['conclusion', c.conclusion],
          ['problem', c.problem],
          ['recommendation', c.recommendation],
        ] as [DtkConclusionLocation['kind'], DtkConclusionRow][]) {
          if (claimed.has(l) || !startsWithLabel(l, r)) continue;
          if (criterionAt(l.sheet, l.row) !== c.id) continue;
          const inline = inlineValue(l.raw);
          const found: DtkConclusionLocation = {
            id: r.id,
            criterion: c.id,
            kind,
            sheet: s.view.name,
            labelCell: a1(l.row, l.col),
            cell: inline !== null ? a1(l.row, l.col) : a1(l.row, conclusionCol(s.view, l.row, l.col)),
            sections: [],
          };
          conclusions[r.id] ??= found;
          conclusionRows.push(found);
          rowAt.set(found, { sheet: l.sheet, row: l.row });
          claimed.add(l);
        }
      }
    }
  }
  // The subsections each row closes: the headings after the previous row of its kind, up to it;
  // the last row of a kind also takes a subsection after it or without a heading.
  for (const c of d.criteria) {
    for (const kind of ['conclusion', 'problem', 'recommendation'] as const) {
      const mine = conclusionRows.filter((x) => x.criterion === c.id && x.kind === kind);
      if (mine.length === 0) continue;
      if (mine.length === 1) {
        mine[0].sections = c.sections.map((x) => x.id);
        continue;
      }
      const before = (h: Heading, at: { sheet: number; row: number }): boolean =>
        h.sheet < at.sheet || (h.sheet === at.sheet && h.row < at.row);
      const taken = new Set<string>();
      for (const x of mine) {
        const at = rowAt.get(x)!;
        for (const sec of c.sections) {
          const h = sectionFound.get(sec.id);
          if (h && !taken.has(sec.id) && before(h, at)) {
            x.sections.push(sec.id);
            taken.add(sec.id);
          }
        }
      }
      for (const sec of c.sections) if (!taken.has(sec.id)) mine[mine.length - 1].sections.push(sec.id);
    }
  }
  for (const c of d.criteria) {
    const sec = c.sections[c.sections.length - 1];
    for (const r of [c.conclusion, c.problem]) {
      // The form can live without them (the drafts are in the report): a warning.
      if (!conclusions[r.id]) missing({ label: `${r.label} (${c.title})` }, sec, 'строка', false);
    }
  }

  // --- The header block: label, then the value to its right (or after a colon in the same cell).
  const firstHeading = headings[0];
  for (const f of d.header) {
    mainTotal++;
    const labels = labelsOf(f);
    let hit: Line | undefined;
    for (const pass of [2, 1, 0]) {
      for (const s of sheets) {
        hit = s.lines.find(
          (l) =>
            !claimed.has(l) &&
            (!firstHeading || l.sheet !== firstHeading.sheet || l.row < firstHeading.row) &&
            (pass === 0 ? startsWithLabel(l, f) && inlineValue(l.raw) !== null : matchScore(l, labels) === pass),
        );
        if (hit) break;
      }
      if (hit) break;
    }
    let similar: number | null = null;
    if (!hit && likely) {
      // A label in other words («Полное название школы:»): the most similar line above the first heading.
      let best: { l: Line; score: number } | null = null;
      for (const s of sheets)
        for (const l of s.lines) {
          if (claimed.has(l) || l.raw.length > SIMILAR_MAX_TEXT) continue;
          if (firstHeading && l.sheet === firstHeading.sheet && l.row >= firstHeading.row) continue;
          const head = clip(l.raw).split(':')[0];
          const score = scoreLabel(f, { text: head }).score;
          if (score >= SIMILAR_THRESHOLD && (!best || score > best.score)) best = { l, score };
        }
      if (best) {
        hit = best.l;
        similar = best.score;
      }
    }
    if (!hit) {
      if (f.required) missing(f, null);
      continue;
    }
    mainFound++;
    claimed.add(hit);
    const view = sheets[hit.sheet].view;
    const inline = inlineValue(hit.raw);
    let cell = { row: hit.row, col: rightOf(view, hit.row, hit.col) };
    let value: string | null = null;
    if (inline !== null && !labels.includes(hit.norm) && startsWithLabel(hit, f)) {
      cell = { row: hit.row, col: hit.col };
      value = inline;
    } else {
      const width = Math.min(view.widthOf(hit.row, hit.row), view.firstCol + MAX_COLS);
      for (let c = cell.col; c < width; c++) {
        const v = view.get(hit.row, c);
        if (v !== null && v !== '') {
          cell = view.anchor(hit.row, c);
          value = typeof v === 'object' ? v.error : String(v).trim();
          break;
        }
      }
    }
    if (similar !== null && inline !== null && !labels.includes(hit.norm)) {
      cell = { row: hit.row, col: hit.col };
      value = inline;
    }
    header[f.id] = { id: f.id, sheet: view.name, labelCell: a1(hit.row, hit.col), cell: a1(cell.row, cell.col), value };
    if (similar !== null) {
      const at = a1(hit.row, hit.col);
      issues.push({
        severity: 'info',
        code: 'LABEL-SIMILAR',
        sheet: view.name,
        cell: at,
        section: 'header',
        message: `Строка ${at} «${clipText(hit.raw.split(':')[0], 70)}» принята за поле «${f.label}» шапки ДТК: подписи похожи (сходство ${formatScore(similar)}). Если это не оно, исправьте подпись по шаблону (shnor template dtk).`,
      });
    }
  }

  // --- Years: those of the header rows, oldest first.
  const years = [...new Set(sheets.flatMap((s) => s.yearRows.flatMap((y) => y.cols.map((c) => c.year))))].sort();
  // A `Y` row with no school-year header row above it on its sheet: one issue per section and sheet.
  for (const sec of allSections) {
    const bad = new Map<string, DtkFieldLocation>();
    const walk = (rows: DtkRow[]): void => {
      for (const r of rows) {
        const f = fields[r.id];
        if (f && r.kind === 'Y' && Object.keys(f.cells).length === 0 && !bad.has(f.sheet)) bad.set(f.sheet, f);
        if (r.items) walk(r.items);
        if (r.parts) walk(r.parts);
      }
    };
    walk(sec.rows);
    for (const f of bad.values())
      issues.push({
        severity: 'error',
        code: 'MISSING-ROW',
        sheet: f.sheet,
        cell: f.labelCell,
        section: sec.id,
        message: `Раздел ${sec.title.split(' — ')[0]}: над строкой «${labelOfId(d, f.id)}» не найдена строка заголовков с учебными годами (например, 2020-2021, 2021-2022, 2022-2023). Добавьте её над показателями раздела.`,
      });
  }

  const coverage = mainTotal ? mainFound / mainTotal : 0;
  const isDtk = coverage >= DTK_MIN_COVERAGE;
  if (isDtk) for (const hint of hints) hint();
  return { fields, header, conclusions, conclusionRows, years, issues: isDtk ? issues : [], coverage, isDtk };
}

/** True when the workbook has enough of the ДТК's labels to be one (kind detection). */
export function looksLikeDtk(wb: WorkbookSnapshot): boolean {
  return locateDtk(wb).isDtk;
}

/**
 * The cell a conclusion is written to: the first merged area or filled cell right of the label
 * within a few columns (a blank column may stand between them), else the cell next to the label.
 */
function conclusionCol(view: SheetView, row: number, col: number): number {
  const next = rightOf(view, row, col);
  for (let c = next; c < next + 3; c++) {
    const m = view.mergeAt(row, c);
    if ((m && m.c1 === c && m.r1 === row) || (view.get(row, c) ?? '') !== '') return c;
  }
  return next;
}

/** The first column right of a (possibly merged) cell. */
function rightOf(view: SheetView, row: number, col: number): number {
  const m = view.mergeAt(row, col);
  return (m ? m.c2 : col) + 1;
}

/** The text after `Label:` in the same cell, or null. */
function inlineValue(raw: string): string | null {
  const i = raw.indexOf(':');
  if (i < 0) return null;
  const rest = raw.slice(i + 1).trim();
  return rest === '' ? null : rest;
}

/** The cell's text before a colon (or the whole text) is the label or a synonym. */
function startsWithLabel(l: Line, r: { label: string; synonyms: string[] }): boolean {
  const head = (l.head ??= normalizeLabel(clip(l.raw).split(':')[0]));
  const labels = labelsOf(r);
  return labels.includes(head) || labels.includes(bare(head)) || matchScore(l, labels) === 2;
}

function labelOfId(d: DtkDescriptor, id: string): string {
  const walk = (rows: DtkRow[]): DtkRow | undefined => {
    for (const r of rows) {
      if (r.id === id) return r;
      const hit = walk([...(r.items ?? []), ...(r.parts ?? [])]);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const c of d.criteria)
    for (const sec of c.sections) {
      const hit = walk(sec.rows);
      if (hit) return hit.label;
    }
  return id;
}

/**
 * One past the last column of a row that holds a value of its own, capped. Cells covered by a merge
 * hold none (their value is the top-left's), so the merges need not be scanned — which matters on
 * sheets with tens of thousands of merged areas.
 */
function rowWidth(view: SheetView, row: number): number {
  const line = view.snapshot.values[row - view.firstRow];
  return Math.min(view.firstCol + (line?.length ?? 0), view.firstCol + MAX_COLS);
}
