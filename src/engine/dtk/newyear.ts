/**
 * «Новый учебный год» for the ДТК (issue 15): the window of school years Y−2, Y−1, Y becomes
 * Y−1, Y, Y+1, as edits an adapter applies to a copy.
 *
 * - Every field's value moves with its year, whatever it is (text, number, boolean, Excel error value): the cell of year y receives the value the cell of
 *   year y+1 held; the cell of the newest year is emptied (its format and data validation stay,
 *   so the column is ready to be filled). Cells of the «Описание» column stay as they are.
 * - Every school-year label of the year headers (header rows, the first column of the table of
 *   2.1) is shifted by one year in the user's own spelling: «2020/21» → «2021/22», 2023 → 2024.
 * - The product's own writes are undone: its highlights are cleared, and a conclusion cell still
 *   holding the text the product wrote (the state sheet) is emptied; the user's own text stays.
 * - «Дата заполнения» is emptied.
 *
 * Formula cells are never overwritten (the adapter skips them): a formula of a year column keeps
 * computing from its own column.
 */
import { Edit } from '../edits';
import { CellValue, SheetView, WorkbookSnapshot, a1, isCellError, parseA1 } from '../snapshot';
import { stateFromSnapshot } from '../state';
import { formatSchoolYear, parseSchoolYear } from '../years';
import { DTK, DtkDescriptor } from './descriptor';
import { DtkLocation, locateDtk } from './locate';

export interface NewYearPlan {
  /** False when the workbook is not a ДТК or holds fewer than two school years. */
  ok: boolean;
  /** Russian, for the user, when not ok. */
  message: string | null;
  /** The school years before and after, oldest first. */
  from: string[];
  to: string[];
  edits: Edit[];
  /** Values moved to the previous year's cell. */
  moved: number;
  /** Cells of the new year emptied. */
  emptied: number;
  /** Year labels renamed. */
  renamed: number;
  /** The product's conclusions removed. */
  conclusionsCleared: number;
  /** «Дата заполнения» was emptied. */
  dateCleared: boolean;
}

/** Adds `by` years to every school year or calendar year written in a text, keeping its spelling. */
export function shiftYearText(text: string, by: number): string {
  return text.replace(
    /((?:19|20)\d\d)(\s*[-\u2010-\u2015/\\]\s*)((?:19|20)\d\d|\d\d)(?!\d)|((?:19|20)\d\d)(?!\d)/g,
    (m, a: string | undefined, sep: string | undefined, b: string | undefined, single: string | undefined) => {
      if (single !== undefined) return String(Number(single) + by);
      const x = Number(a) + by;
      const y = b!.length === 2 ? String((Number(b) + by + 100) % 100).padStart(2, '0') : String(Number(b) + by);
      return `${x}${sep}${y}`;
    },
  );
}

const isEmpty = (v: CellValue | undefined): boolean => v === null || v === undefined || v === '';

const sameValue = (a: CellValue, b: CellValue): boolean =>
  isCellError(a) || isCellError(b) ? isCellError(a) && isCellError(b) && a.error === b.error : a === b;

/** The edits that roll the ДТК on to the next school year (see the module comment). */
export function newYearEdits(wb: WorkbookSnapshot, d: DtkDescriptor = DTK, loc?: DtkLocation): NewYearPlan {
  const location = loc ?? locateDtk(wb, d);
  const plan: NewYearPlan = {
    ok: false,
    message: null,
    from: [],
    to: [],
    edits: [],
    moved: 0,
    emptied: 0,
    renamed: 0,
    conclusionsCleared: 0,
    dateCleared: false,
  };
  if (!location.isDtk) {
    plan.message = 'книга не похожа на ДТК школы: не найдены подписи её строк.';
    return plan;
  }
  const years = new Set<number>();
  for (const y of location.years) {
    const n = parseSchoolYear(y);
    if (n !== null) years.add(n);
  }
  for (const f of Object.values(location.fields)) {
    for (const k of Object.keys(f.cells)) {
      const n = k === 'D' ? null : parseSchoolYear(k);
      if (n !== null) years.add(n);
    }
  }
  const sorted = [...years].sort((a, b) => a - b);
  if (sorted.length < 2) {
    plan.message = 'в ДТК не найдены столбцы учебных лет (нужны заголовки вида «2022-2023»).';
    return plan;
  }
  plan.ok = true;
  plan.from = sorted.map(formatSchoolYear);
  plan.to = sorted.map((y) => formatSchoolYear(y + 1));

  const views = new Map<string, SheetView>();
  const viewOf = (name: string): SheetView | null => {
    let v = views.get(name);
    if (!v) {
      const s = wb.sheets.find((x) => x.name === name);
      if (!s) return null;
      v = new SheetView(s);
      views.set(name, v);
    }
    return v;
  };
  const valueAt = (sheet: string, cell: string): CellValue => {
    const v = viewOf(sheet);
    const p = parseA1(cell);
    return v && p ? v.get(p.row, p.col) : null;
  };

  const edits: Edit[] = [{ kind: 'clearHighlights' }];
  // Any value of the user's moves as it is: text, a number, a boolean (TRUE/FALSE stays a boolean)
  // and an Excel error value (it stays an error, so the check still points at it in its new place).
  const set = (sheet: string, cell: string, value: CellValue): void => {
    if (value !== null) edits.push({ kind: 'setValue', sheet, cell, value, purpose: 'user' });
  };
  const clear = (sheet: string, cell: string): void => {
    edits.push({ kind: 'clearValue', sheet, cell });
  };

  // Values: the cell of year y takes the value of year y+1; the newest year's cells are emptied.
  // Each row of cells once (the two parts of a pair written in one cell share theirs); a row the
  // card gives as level sub-items (а) НОО, б) ООО…, read as their sum) moves each sub-item's row too.
  const valueCells = new Set<string>();
  const rolled = new Set<string>();
  const rollRow = (sheet: string, cells: Record<string, string>): void => {
    for (const [k, cell] of Object.entries(cells)) {
      if (k === 'D') continue;
      const key = sheet + '\u0000' + cell;
      valueCells.add(key);
      const y = parseSchoolYear(k);
      if (y === null || rolled.has(key)) continue;
      rolled.add(key);
      const next = cells[formatSchoolYear(y + 1)];
      const current = valueAt(sheet, cell);
      if (next !== undefined) {
        const v = valueAt(sheet, next);
        if (isEmpty(v)) {
          if (!isEmpty(current)) clear(sheet, cell);
        } else {
          if (!sameValue(v, current)) set(sheet, cell, v);
          plan.moved++;
        }
      } else if (!isEmpty(current)) {
        clear(sheet, cell);
        plan.emptied++;
      }
    }
  };
  for (const f of Object.values(location.fields)) {
    rollRow(f.sheet, f.cells);
    for (const cells of f.levelCells ?? []) rollRow(f.sheet, cells);
  }

  // Year labels: cells holding one of the window's years, in a row or a column with another such cell.
  const sheets = new Set(Object.values(location.fields).map((f) => f.sheet));
  for (const name of sheets) {
    const view = viewOf(name);
    if (!view) continue;
    const hits: { row: number; col: number; v: string | number }[] = [];
    const snap = view.snapshot;
    const r0 = snap.origin?.row ?? 0;
    const c0 = snap.origin?.col ?? 0;
    snap.values.forEach((row, ri) => {
      if (!row) return;
      row.forEach((v, ci) => {
        if (typeof v !== 'string' && typeof v !== 'number') return;
        const y = parseSchoolYear(v);
        if (y === null || !years.has(y)) return;
        const r = r0 + ri;
        const c = c0 + ci;
        if (valueCells.has(name + '\u0000' + a1(r, c))) return;
        hits.push({ row: r, col: c, v });
      });
    });
    const perRow = new Map<number, number>();
    const perCol = new Map<number, number>();
    for (const h of hits) {
      perRow.set(h.row, (perRow.get(h.row) ?? 0) + 1);
      perCol.set(h.col, (perCol.get(h.col) ?? 0) + 1);
    }
    for (const h of hits) {
      if ((perRow.get(h.row) ?? 0) < 2 && (perCol.get(h.col) ?? 0) < 2) continue;
      const value = typeof h.v === 'number' ? h.v + 1 : shiftYearText(h.v, 1);
      set(name, a1(h.row, h.col), value);
      plan.renamed++;
    }
  }

  // The product's conclusions still as it wrote them.
  const state = stateFromSnapshot(wb);
  const seen = new Set<string>();
  for (const w of [...(state?.written ?? [])].reverse()) {
    const key = w.sheet + '\u0000' + w.cell;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = valueAt(w.sheet, w.cell);
    if (typeof v === 'string' && v === w.text) {
      clear(w.sheet, w.cell);
      plan.conclusionsCleared++;
    }
  }

  // «Дата заполнения».
  const date = location.header.date;
  if (date && !isEmpty(valueAt(date.sheet, date.cell))) {
    clear(date.sheet, date.cell);
    plan.dateCleared = true;
  }
  plan.edits = edits;
  return plan;
}
