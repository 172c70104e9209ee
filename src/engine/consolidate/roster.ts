/**
 * The roster of expected schools for the regional summary (issue 15): which schools sent nothing
 * and the share of schools that filled the ДТК, per municipality. A roster is any sheet with a
 * column of school names («Наименование ОО», «Школа», «ОО» …) and, optionally, a municipality column,
 * the list ending at two empty rows. The ШНОР register (`shnor register`) is one: with its «…: статус»
 * columns, the schools that are ШНОР in its last year are the expected ones.
 */
import { SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { normalizeLabel } from '../text';
import { ConsolidateResult, normalizeName } from './consolidate';

export interface RosterSchool {
  name: string;
  municipality: string | null;
}

export interface RosterRead {
  schools: RosterSchool[];
  /** Where the list was found (`Лист!A3`); null when no list was found. */
  at: string | null;
}

export interface RosterMunicipality {
  municipality: string;
  expected: number;
  filled: number;
  /** filled ÷ expected × 100; null with no school expected. */
  share: number | null;
}

export interface RosterSummary {
  expected: number;
  filled: number;
  share: number | null;
  /** Roster schools without a ДТК in the summary's main period, in roster order. */
  missing: RosterSchool[];
  /** Schools with a ДТК of the main period that the roster does not name. */
  unexpected: RosterSchool[];
  municipalities: RosterMunicipality[];
}

const NAME_HEADERS = new Set(
  [
    'Наименование ОО',
    'Школа',
    'ОО',
    'Образовательная организация',
    'Общеобразовательная организация',
    'Наименование образовательной организации',
    'Наименование общеобразовательной организации',
  ].map((s) => normalizeLabel(s)),
);
const MUNICIPALITY_HEADERS = new Set(
  ['Муниципалитет', 'Муниципальное образование', 'МО', 'Район', 'Муниципальный район', 'Городской округ', 'АТЕ'].map(
    (s) => normalizeLabel(s),
  ),
);

/** Reads the first sheet holding a school-name header; rows below it up to the end of the sheet. */
export function readRoster(wb: WorkbookSnapshot): RosterRead {
  for (const snap of wb.sheets) {
    if (snap.visibility === 'veryHidden') continue;
    const view = new SheetView(snap);
    const rows = Math.min(view.rowCount, 100_000);
    for (let r = 0; r < Math.min(rows, 50); r++) {
      let nameCol = -1;
      let munCol = -1;
      const width = Math.min(view.widthOf(r, r), 60);
      for (let c = 0; c < width; c++) {
        const v = view.get(r, c);
        if (typeof v !== 'string') continue;
        const n = normalizeLabel(v);
        if (nameCol < 0 && NAME_HEADERS.has(n)) nameCol = c;
        else if (munCol < 0 && MUNICIPALITY_HEADERS.has(n)) munCol = c;
      }
      if (nameCol < 0) continue;
      // The ШНОР register: only the schools that are ШНОР in its last year are expected.
      let statusCol = -1;
      for (let c = 0; c < width; c++) {
        const v = view.get(r, c);
        if (typeof v === 'string' && /:\s*статус$/i.test(v.trim())) statusCol = c;
      }
      const schools: RosterSchool[] = [];
      const seen = new Set<string>();
      let blanks = 0;
      for (let rr = r + 1; rr < rows; rr++) {
        const v = view.get(rr, nameCol);
        if (typeof v !== 'string' || !v.trim()) {
          // Two empty rows in a row end the list (another table may follow).
          if (++blanks >= 2) break;
          continue;
        }
        blanks = 0;
        if (statusCol >= 0 && view.get(rr, statusCol) !== 'ШНОР') continue;
        const m = munCol >= 0 ? view.get(rr, munCol) : null;
        const school = { name: v.trim(), municipality: typeof m === 'string' && m.trim() ? m.trim() : null };
        const k = keyOf(school);
        if (seen.has(k)) continue;
        seen.add(k);
        schools.push(school);
      }
      return { schools, at: `${snap.name}!${a1(r, nameCol)}` };
    }
  }
  return { schools: [], at: null };
}

const keyOf = (s: RosterSchool): string => normalizeName(s.name) + '|' + normalizeName(s.municipality);

/** Compares the roster with the schools whose ДТК is in the summary's main period. */
export function rosterSummary(result: ConsolidateResult, roster: readonly RosterSchool[]): RosterSummary {
  const sent = result.schools.filter((s) => s.period === result.period);
  const byName = new Map<string, { municipality: string; used: boolean }[]>();
  for (const s of sent) {
    const k = normalizeName(s.school);
    const list = byName.get(k) ?? [];
    list.push({ municipality: normalizeName(s.municipality), used: false });
    byName.set(k, list);
  }
  const missing: RosterSchool[] = [];
  const perMun = new Map<string, RosterMunicipality>();
  for (const r of roster) {
    const m = normalizeName(r.municipality);
    const list = byName.get(normalizeName(r.name)) ?? [];
    // Same name and municipality; a side without a municipality matches any.
    const hit = list.find((x) => !x.used && (!m || !x.municipality || x.municipality === m));
    if (hit) hit.used = true;
    else missing.push(r);
    const label = r.municipality ?? '(не указан)';
    const row = perMun.get(m) ?? { municipality: label, expected: 0, filled: 0, share: null };
    row.expected++;
    if (hit) row.filled++;
    perMun.set(m, row);
  }
  for (const row of perMun.values()) row.share = row.expected ? (row.filled / row.expected) * 100 : null;
  const unexpected: RosterSchool[] = [];
  for (const s of sent) {
    const list = byName.get(normalizeName(s.school)) ?? [];
    const i = list.findIndex((x) => !x.used && x.municipality === normalizeName(s.municipality));
    if (i >= 0) {
      list[i].used = true;
      unexpected.push({ name: s.school, municipality: s.municipality });
    }
  }
  const filled = roster.length - missing.length;
  return {
    expected: roster.length,
    filled,
    share: roster.length ? (filled / roster.length) * 100 : null,
    missing,
    unexpected,
    municipalities: [...perMun.values()].sort((a, b) => a.municipality.localeCompare(b.municipality, 'ru')),
  };
}
