/**
 * `checkDtk`: the whole check of a school's ДТК (DOMAIN.md §1.2–1.3, §2, §2.1, §2.2) — locate,
 * read, validate, dynamics, indicators, conclusions — and the edits that write the results back
 * under the rules of PRODUCT.md: empty derived cells are filled; «Вывод»/«Проблема» cells are
 * filled when empty or still holding exactly the product's own last text (kept in the workbook's
 * state sheet); a user's own text is never overwritten (the draft is returned, and the cell is
 * listed in `kept`); problem cells are highlighted by severity after a `clearHighlights`, so a
 * second run gives the same workbook; the «Проверка» sheet is replaced.
 */
import { measureCatalogue } from '../report/catalogue';
import { Edit, HighlightTone, STATE_SHEET } from '../edits';
import { Issue, makeIssue } from '../issues';
import { CHECK_SHEET, buildCheckSheet } from '../report';
import { SheetView, WorkbookSnapshot, parseA1 } from '../snapshot';
import { stateFromSnapshot, writtenText } from '../state';
import { formatNumberRu } from '../text';
import { DtkConclusion, draftConclusionFor, draftConclusions } from './conclusions';
import { DTK, DtkDescriptor } from './descriptor';
import { DEFAULT_TOLERANCE, DtkTolerance, FieldDynamics, computeDynamics } from './dynamics';
import { DtkIndicators, dtkIndicators } from './indicators';
import { DtkLocation, locateDtk } from './locate';
import { readDtk } from './read';
import { DtkFinding, fieldNamesOf, showNumber, validateDtk, yearIn } from './validate';

export interface DtkCheckOptions {
  /** The low-result threshold, % (DOMAIN §4; 30 by default in the settings). */
  threshold: number;
  /** The date printed on the «Проверка» sheet (the engine reads no clock). */
  date: string;
  /** Dynamics tolerance: 0.5 p.p. for shares and 0 for counts unless given. */
  tolerance?: Partial<DtkTolerance>;
}

/** A conclusion cell the check did not write because it holds the user's own text. */
export interface KeptConclusion {
  section: string;
  kind: 'conclusion' | 'problem' | 'recommendation';
  sheet: string;
  cell: string;
  /** The draft for this cell (a row closing some subsections only has its own). */
  draft: string;
}

export interface DtkCheckResult {
  issues: Issue[];
  indicators: DtkIndicators;
  conclusions: DtkConclusion[];
  edits: Edit[];
  /** Conclusion cells left alone (the user's own text); their drafts are in `conclusions`. */
  kept: KeptConclusion[];
  /** Findings with their facts (field, year, value), in the order of `issues`. */
  findings: DtkFinding[];
  dynamics: FieldDynamics[];
  years: string[];
  /** How each located row of the card was found (issue 11): by its own label, a synonym, or a similar label. */
  located: LocatedField[];
}

/** A located row and how its label was found (`exact` / `alias` / `similar`, with the score). */
export interface LocatedField {
  id: string;
  sheet: string;
  labelCell: string;
  how: 'exact' | 'alias' | 'similar';
  score: number;
}

/** The located rows of a card, in the descriptor's order, with how each was found. */
export function locatedFields(loc: DtkLocation): LocatedField[] {
  const out: LocatedField[] = [];
  for (const f of Object.values(loc.fields))
    if (f.found) out.push({ id: f.id, sheet: f.sheet, labelCell: f.labelCell, how: f.found.how, score: f.found.score });
  return out;
}

const TONE_RANK: Record<HighlightTone, number> = { error: 0, warning: 1, low: 2, info: 3 };

const OWN_SHEETS = new Set([CHECK_SHEET.toLowerCase(), STATE_SHEET.toLowerCase()]);

/** The workbook without the product's own sheets («Проверка», the state sheet): they are not part of the card. */
export function dtkCard(wb: WorkbookSnapshot): WorkbookSnapshot {
  return wb.sheets.some((s) => OWN_SHEETS.has(s.name.toLowerCase()))
    ? { sheets: wb.sheets.filter((s) => !OWN_SHEETS.has(s.name.toLowerCase())) }
    : wb;
}

/**
 * `location`: the card already located (by kind detection) — `locateDtk(dtkCard(wb), d)` of this
 * very snapshot, unchanged since; located here when absent.
 */
export function checkDtk(
  wb: WorkbookSnapshot,
  options: DtkCheckOptions,
  d: DtkDescriptor = DTK,
  location?: DtkLocation,
): DtkCheckResult {
  const tolerance: DtkTolerance = { ...DEFAULT_TOLERANCE, ...(options.tolerance ?? {}) };
  const card = dtkCard(wb);
  const loc = location ?? locateDtk(card, d);
  const data = readDtk(card, loc, d);
  const v = validateDtk(data, loc, { threshold: options.threshold }, d);
  const years = loc.years.slice(-d.years);

  const findings: DtkFinding[] = [
    ...loc.issues.map((issue) => ({ issue })),
    ...data.issues.map((issue) => ({ issue })),
    ...v.findings,
  ];

  // --- Dynamics: NEGATIVE-DYNAMICS at the current-year cell.
  const dynamics = computeDynamics(years, v.num, tolerance, d);
  const names = fieldNamesOf(d);
  for (const x of dynamics) {
    const last = x.last;
    if (!last || last.direction !== 'отрицательная') continue;
    const cell = v.at(x.id, last.to);
    if (!cell) continue;
    const a = x.values[last.from]!;
    const b = x.values[last.to]!;
    const per = last.perHundred
      ? ` (на 100 обучающихся уровня: ${formatNumberRu(last.before, 2)} и ${formatNumberRu(last.after, 2)})`
      : '';
    findings.push({
      issue: makeIssue(
        'NEGATIVE-DYNAMICS',
        { sheet: cell.sheet, cell: cell.cell, section: x.section.id },
        `«${names.get(x.id)}»: ${showNumber(a, x.row.type)} ${yearIn(last.from)} и ${showNumber(b, x.row.type)} ${yearIn(last.to)}${per} — динамика отрицательная.`,
        b,
      ),
      field: x.id,
      year: last.to,
      value: b,
      bound: a,
    });
  }

  const issues = findings.map((f) => f.issue);
  // A field with a blocking error (an inconsistency too) does not count in the summary.
  const blocked = new Set(
    findings.filter((f) => f.issue.severity === 'error' && f.field).map((f) => `${f.field}|${f.year}`),
  );
  const usable = (field: string, year: string): number | null =>
    blocked.has(`${field}|${year}`) ? null : v.num(field, year);
  const indicators = dtkIndicators(data.header, years, usable, options.threshold, tolerance, d);
  const facts = {
    years,
    threshold: options.threshold,
    num: v.num,
    dynamics,
    findings,
    measures: measureCatalogue(wb).measures,
  };
  const conclusions = draftConclusions(facts, d);

  // --- Edits.
  const edits: Edit[] = [{ kind: 'clearHighlights' }];
  for (const x of v.derived)
    if (x.empty) edits.push({ kind: 'setValue', sheet: x.sheet, cell: x.cell, value: x.value, purpose: 'derived' });

  const state = stateFromSnapshot(wb);
  const views = new Map<string, SheetView>();
  const viewOf = (name: string): SheetView | undefined => {
    let v = views.get(name);
    if (!v) {
      const s = card.sheets.find((x) => x.name === name);
      if (s) views.set(name, (v = new SheetView(s)));
    }
    return v;
  };
  const kept: KeptConclusion[] = [];
  // Every «Вывод» / «Проблема» row: the criterion's draft, or the draft of the subsections it closes.
  for (const l of loc.conclusionRows) {
    const c = d.criteria.find((x) => x.id === l.criterion)!;
    const kind = l.kind;
    const row = kind === 'conclusion' ? c.conclusion : kind === 'problem' ? c.problem : c.recommendation;
    const whole = l.sections.length === 0 || c.sections.every((x) => l.sections.includes(x.id));
    const draft = whole ? conclusions.find((x) => x.section === c.id)! : draftConclusionFor(c, l.sections, facts, d);
    const inline = l.cell === l.labelCell;
    const text = kind === 'conclusion' ? draft.conclusion : kind === 'problem' ? draft.problem : draft.recommendation;
    const current = cellText(viewOf(l.sheet), l.cell);
    const wanted = inline ? `${current?.split(':')[0] ?? row.label}: ${text}` : text;
    if (current === wanted) continue;
    const mine = writtenText(state, l.sheet, l.cell);
    if (current === null || current.trim() === '' || (mine !== null && mine === current))
      edits.push({ kind: 'setValue', sheet: l.sheet, cell: l.cell, value: wanted, purpose: 'conclusion' });
    else kept.push({ section: c.id, kind, sheet: l.sheet, cell: l.cell, draft: text });
  }

  // Highlights: one tone per cell, the most severe; LOW-RESULT has its own tone.
  const tones = new Map<string, { sheet: string; cell: string; tone: HighlightTone }>();
  for (const i of issues) {
    if (!i.sheet || !i.cell) continue;
    const tone: HighlightTone = i.code === 'LOW-RESULT' ? 'low' : i.severity;
    const key = `${i.sheet}\u0000${i.cell}`;
    const had = tones.get(key);
    if (!had || TONE_RANK[tone] < TONE_RANK[had.tone]) tones.set(key, { sheet: i.sheet, cell: i.cell, tone });
  }
  const groups = new Map<string, { sheet: string; tone: HighlightTone; cells: string[] }>();
  for (const t of tones.values()) {
    const key = `${t.sheet}\u0000${t.tone}`;
    const g = groups.get(key) ?? { sheet: t.sheet, tone: t.tone, cells: [] };
    g.cells.push(t.cell);
    groups.set(key, g);
  }
  for (const g of groups.values()) edits.push({ kind: 'highlight', sheet: g.sheet, cells: g.cells, tone: g.tone });
  edits.push({ kind: 'replaceSheet', sheet: buildCheckSheet('dtk', issues, options.date) });

  return { issues, indicators, conclusions, edits, kept, findings, dynamics, years, located: locatedFields(loc) };
}

/** The text of a cell (the top-left of its merge), or null when it is empty or not text-like. */
function cellText(view: SheetView | undefined, ref: string): string | null {
  if (!view) return null;
  const p = parseA1(ref);
  if (!p) return null;
  const a = view.anchor(p.row, p.col);
  const v = view.get(a.row, a.col);
  if (v === null || typeof v === 'object') return null;
  return String(v);
}
