/**
 * Реестр ШНОР over several school years (issue 15): each school's status per year and its
 * transition, years in the programme, counts per municipality. The statuses are the
 * identification's own (src/engine/results/identify): this module only compares years.
 *
 * Transition of a school in year t (docs/register.md; «резильентная» is our reading, docs/decisions.md):
 * - ШНОР in t, not ШНОР in t−1 (or t is the first year) → «новая»;
 * - ШНОР in t and in t−1 → «продолжает» (поддержка продлена);
 * - ШНОР in t−1, not in t: no low result and nothing in the risk band in t → «переведена в резильентные»;
 *   otherwise → «вышла»; not in the data of t → «нет данных».
 */
import { OutValue, OwnedSheet } from '../edits';
import { REGISTER_SHEET } from '../report';
import { IdentifyResult, SchoolVerdict, Status, identify } from '../results/identify';
import { SheetView, WorkbookSnapshot } from '../snapshot';
import { IdentifySettings } from '../results/settings';
import { formatSchoolYear, parseSchoolYear } from '../years';

export type Transition = 'новая' | 'продолжает' | 'резильентная' | 'вышла' | 'нет данных';

export const TRANSITION_TEXT: Record<Transition, string> = {
  новая: 'новая',
  продолжает: 'продолжает — поддержка продлена',
  резильентная: 'переведена в резильентные',
  вышла: 'вышла',
  'нет данных': 'нет данных за год',
};

export interface RegisterCell {
  year: string;
  /** The identification's status; null when the school is not in that year's data. */
  status: Status | null;
  transition: Transition | null;
  /** Years with status ШНОР up to and including this one. */
  yearsInProgramme: number;
}

export interface RegisterSchool {
  id: string;
  name: string;
  municipality: string | null;
  cells: RegisterCell[];
}

export interface RegisterCounts {
  municipality: string;
  year: string;
  ШНОР: number;
  новая: number;
  продолжает: number;
  вышла: number;
  резильентная: number;
}

export interface Register {
  years: string[];
  schools: RegisterSchool[];
  /** Per municipality and year; the region's total is the row with municipality «Всего». */
  counts: RegisterCounts[];
}

/** One school year's statuses: from an identification, or read back from an earlier register. */
export interface YearStatus {
  year: string;
  schools: {
    id: string;
    name: string;
    municipality: string | null;
    status: Status;
    /** Nothing low and nothing in the risk band in the year (a school leaving the list becomes резильентная). */
    resilient: boolean;
  }[];
}

/** The statuses of one identification. */
export function yearStatus(r: IdentifyResult): YearStatus | null {
  if (!r.year) return null;
  return {
    year: r.year,
    schools: r.schools.map((v: SchoolVerdict) => ({
      id: v.id,
      name: v.name,
      municipality: v.municipality,
      status: v.status,
      resilient: v.lowCountYear === 0 && v.nearThreshold.length === 0,
    })),
  };
}

/**
 * The register from one identification per school year (any order; a year given twice keeps the
 * last) and, optionally, the years of an earlier register, which take precedence: a year already
 * in the register keeps the statuses it was given with its own history.
 */
export function buildRegister(results: IdentifyResult[], history: YearStatus[] = []): Register {
  const byYear = new Map<string, YearStatus>();
  for (const r of results) {
    const y = yearStatus(r);
    if (y) byYear.set(y.year, y);
  }
  for (const h of history) byYear.set(h.year, h);
  const years = [...byYear.keys()].sort();
  const schools = new Map<string, RegisterSchool>();
  const verdicts = years.map((y) => new Map(byYear.get(y)!.schools.map((s) => [s.id, s])));
  years.forEach((y) => {
    for (const v of byYear.get(y)!.schools) {
      const s = schools.get(v.id);
      if (s) {
        s.name = v.name;
        s.municipality = v.municipality ?? s.municipality;
      } else {
        schools.set(v.id, { id: v.id, name: v.name, municipality: v.municipality, cells: [] });
      }
    }
  });
  for (const s of schools.values()) {
    let inProgramme = 0;
    years.forEach((year, i) => {
      const v = verdicts[i].get(s.id);
      const status = v?.status ?? null;
      const prev = i > 0 ? (verdicts[i - 1].get(s.id)?.status ?? null) : null;
      let transition: Transition | null = null;
      if (status === 'ШНОР') {
        inProgramme++;
        transition = prev === 'ШНОР' ? 'продолжает' : 'новая';
      } else if (prev === 'ШНОР') {
        transition = !v ? 'нет данных' : v.resilient ? 'резильентная' : 'вышла';
      }
      s.cells.push({ year, status, transition, yearsInProgramme: inProgramme });
    });
  }
  const list = [...schools.values()].sort(
    (a, b) => (a.municipality ?? '').localeCompare(b.municipality ?? '', 'ru') || a.name.localeCompare(b.name, 'ru'),
  );
  const counts = new Map<string, RegisterCounts>();
  const bump = (municipality: string, year: string, c: RegisterCell): void => {
    const k = municipality + '\u0000' + year;
    let row = counts.get(k);
    if (!row) {
      row = { municipality, year, ШНОР: 0, новая: 0, продолжает: 0, вышла: 0, резильентная: 0 };
      counts.set(k, row);
    }
    if (c.status === 'ШНОР') row.ШНОР++;
    if (c.transition === 'новая') row.новая++;
    if (c.transition === 'продолжает') row.продолжает++;
    if (c.transition === 'вышла' || c.transition === 'нет данных') row.вышла++;
    if (c.transition === 'резильентная') row.резильентная++;
  };
  for (const s of list) {
    for (const c of s.cells) {
      bump(s.municipality ?? '(не указан)', c.year, c);
      bump('Всего', c.year, c);
    }
  }
  const order = [...counts.values()].sort(
    (a, b) =>
      Number(a.municipality === 'Всего') - Number(b.municipality === 'Всего') ||
      a.municipality.localeCompare(b.municipality, 'ru') ||
      a.year.localeCompare(b.year),
  );
  return { years, schools: list, counts: order };
}

/**
 * One identification per school year found in the workbook: the last year (or `settings.year`)
 * and every earlier year that still has results (at most 20 back).
 */
export function identifyByYear(wb: Parameters<typeof identify>[0], settings: IdentifySettings): IdentifyResult[] {
  const last = identify(wb, settings);
  const y = last.year ? parseSchoolYear(last.year) : null;
  if (y === null) return [last];
  const out = [last];
  for (let k = y - 1; k >= y - 20; k--) {
    const r = identify(wb, { ...settings, year: formatSchoolYear(k) });
    if (!r.schools.length || r.schools.every((s) => s.yearMissing)) break;
    out.push(r);
  }
  return out.reverse();
}

export { REGISTER_SHEET };

/** The register as an owned sheet: the school × year table, then the counts per municipality. */
export function registerSheet(reg: Register): OwnedSheet {
  const schoolRows: OutValue[][] = reg.schools.map((s) => [
    s.municipality ?? '',
    s.id,
    s.name,
    ...s.cells.flatMap((c): OutValue[] => [c.status ?? '—', c.transition ? TRANSITION_TEXT[c.transition] : '']),
    s.cells[s.cells.length - 1]?.yearsInProgramme ?? 0,
  ]);
  return {
    name: REGISTER_SHEET,
    position: 'first',
    freezeHeader: true,
    landscape: true,
    blocks: [
      { kind: 'text', style: 'title', lines: [`Реестр ШНОР: ${reg.years.join(', ')}`] },
      {
        kind: 'table',
        name: 'ShnorRegister',
        heading: 'Школы по годам',
        columns: [
          { header: 'Муниципалитет' },
          { header: 'Код ОО' },
          { header: 'Наименование ОО' },
          ...reg.years.flatMap((y) => [{ header: `${y}: статус` }, { header: `${y}: переход` }]),
          { header: 'Лет в программе', format: 'integer' },
        ],
        rows: schoolRows,
      },
      {
        kind: 'table',
        name: 'ShnorRegisterCounts',
        heading: 'По муниципалитетам',
        columns: [{ header: 'Муниципалитет' }, { header: 'Учебный год' }, ...COUNT_COLUMNS],
        rows: reg.counts.map((c) => [c.municipality, c.year, c.ШНОР, c.новая, c.продолжает, c.вышла, c.резильентная]),
      },
      {
        kind: 'table',
        name: 'ShnorRegisterYears',
        heading: 'По региону',
        columns: [{ header: 'Учебный год' }, ...COUNT_COLUMNS],
        rows: reg.counts
          .filter((c) => c.municipality === 'Всего')
          .map((c) => [c.year, c.ШНОР, c.новая, c.продолжает, c.вышла, c.резильентная]),
      },
    ],
    charts: [{ title: 'ШНОР по годам', table: 'ShnorRegisterYears', categories: 0, series: [1, 2, 3, 4, 5] }],
  };
}

/** The counts of a year in the register's sheet: the ШНОР and each transition. */
const COUNT_COLUMNS = ['ШНОР', 'новые', 'поддержка продлена', 'вышли', 'переведены в резильентные'].map((header) => ({
  header,
  format: 'integer' as const,
}));

export function registerJson(reg: Register): unknown {
  return reg;
}

const STATUSES: readonly Status[] = ['ШНОР', 'риск', 'норма'];

/**
 * The years of an earlier register read back from its sheet «Реестр ШНОР» (the table «Школы по
 * годам»): per year, each school's status and whether it was «переведена в резильентные».
 * Empty when the workbook holds no register.
 */
export function readRegisterHistory(wb: WorkbookSnapshot): YearStatus[] {
  const snap = wb.sheets.find((x) => x.name === REGISTER_SHEET);
  if (!snap) return [];
  const view = new SheetView(snap);
  for (let r = 0; r < Math.min(view.rowCount, 30); r++) {
    const width = Math.min(view.widthOf(r, r), 200);
    const head: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = view.get(r, c);
      head.push(typeof v === 'string' ? v.trim() : '');
    }
    const idCol = head.indexOf('Код ОО');
    const nameCol = head.indexOf('Наименование ОО');
    const munCol = head.indexOf('Муниципалитет');
    const yearCols: { year: string; status: number; transition: number }[] = [];
    head.forEach((h, c) => {
      const m = /^(.+):\s*статус$/.exec(h);
      if (!m) return;
      const y = parseSchoolYear(m[1].trim());
      if (y === null) return;
      const year = formatSchoolYear(y);
      yearCols.push({ year, status: c, transition: head.indexOf(`${m[1].trim()}: переход`) });
    });
    if (idCol < 0 || nameCol < 0 || !yearCols.length) continue;
    const out: YearStatus[] = yearCols.map((y) => ({ year: y.year, schools: [] }));
    let blanks = 0;
    for (let rr = r + 1; rr < view.rowCount; rr++) {
      const id = view.get(rr, idCol);
      if (id === null || id === '') {
        if (++blanks >= 2) break;
        continue;
      }
      blanks = 0;
      const name = view.get(rr, nameCol);
      const mun = munCol >= 0 ? view.get(rr, munCol) : null;
      yearCols.forEach((y, i) => {
        const st = view.get(rr, y.status);
        if (typeof st !== 'string' || !STATUSES.includes(st as Status)) return;
        const tr = y.transition >= 0 ? view.get(rr, y.transition) : null;
        out[i].schools.push({
          id: String(id),
          name: typeof name === 'string' ? name : String(id),
          municipality: typeof mun === 'string' && mun ? mun : null,
          status: st as Status,
          resilient: tr === TRANSITION_TEXT.резильентная,
        });
      });
    }
    return out;
  }
  return [];
}

/**
 * The register of one workbook (the pane) that may hold an earlier register of the product: the
 * years the results hold together with their year before are counted again (a corrected result
 * changes the register); the earlier register gives the other years — those the results no longer
 * hold, and a year of the results whose year before they lack (rule 2 needs Y−1; the register had
 * it). `shnor register`, where last year's register is a file of its own, gives it priority instead
 * (`buildRegister(results, history)`).
 */
export function recountRegister(results: IdentifyResult[], history: YearStatus[]): Register {
  const held = new Set(results.filter((r) => r.schools.length && r.year).map((r) => r.year!));
  const inHistory = new Set(history.map((h) => h.year));
  const before = (y: string): string => {
    const n = parseSchoolYear(y);
    return n === null ? '' : formatSchoolYear(n - 1);
  };
  const counted = new Set([...held].filter((y) => !inHistory.has(y) || held.has(before(y))));
  return buildRegister(
    results,
    history.filter((h) => !counted.has(h.year)),
  );
}

/**
 * A sheet named «Реестр ШНОР» holding the user's own data — not empty and not the product's register
 * table — which the product must never write over: its name; otherwise null.
 */
export function registerSheetClash(wb: WorkbookSnapshot): string | null {
  const own = wb.sheets.find((x) => x.name.toLowerCase() === REGISTER_SHEET.toLowerCase());
  if (!own) return null;
  const empty = own.values.every((row) => (row ?? []).every((v) => v === null || v === ''));
  return empty || readRegisterHistory({ sheets: [own] }).length ? null : own.name;
}
