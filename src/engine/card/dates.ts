/**
 * The information card's reporting dates, decided by the card's own header (issue 15): the dates
 * written in the column heads («31.03», «на 15.09.2023», an Excel date), else the descriptor's
 * 31.03 / 15.09 / 31.12; the date the card is filled «по состоянию на 15.09.2023» or after
 * «Отчётная дата» makes every reporting date up to it due. A header date that cannot be read
 * («на 31.09.2023», «Отчётная дата: сентябрь») is a warning naming its cell (`CARD-DATE-UNREADABLE`).
 */
import { dayMonthKey, isDateFormat, readDayMonth } from '../grid';
import { Issue, makeIssue } from '../issues';
import { SheetView, WorkbookSnapshot, a1, parseA1 } from '../snapshot';
import { CHECK_SHEET } from '../report';
import { CardDescriptor } from './descriptor';

export interface CardDates {
  /** The reporting dates of the card (`DD.MM`, in the year's order). */
  dates: string[];
  /** True when the column heads gave dates other than the descriptor's. */
  own: boolean;
  /** The date the card is filled as of (`DD.MM`), from «по состоянию на …» / «Отчётная дата»; null when not written. */
  asOf: string | null;
  asOfCell: string | null;
  issues: Issue[];
}

const SCAN_ROWS = 200;
/** A column head holding a date alone: «31.03», «на 31.03.2023», «по состоянию на 15.09.2023 г.». */
const HEAD = /^\s*(?:(?:по\s+состоянию\s+)?на\s+)?(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?\s*(?:г\.?|года?)?\s*$/i;
/** «по состоянию на …», «Отчётная дата: …» in the header above the first section. */
const AS_OF = /(?:по\s+состоянию\s+на|отч[её]тная\s+дата\s*:?)\s*(.*)$/i;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const order = (k: string): number => Number(k.slice(3, 5)) * 100 + Number(k.slice(0, 2));

function properDate(day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS[month - 1];
}

/** The card's dates and its «по состоянию на» date, read from the sheets' header rows. */
export function cardDatesOf(wb: WorkbookSnapshot, d: CardDescriptor): CardDates {
  const res: CardDates = { dates: d.dates, own: false, asOf: null, asOfCell: null, issues: [] };
  const sheets = wb.sheets.filter((s) => s.visibility !== 'veryHidden' && s.name !== CHECK_SHEET);
  let heads: string[] | null = null;
  let headSheet: string | null = null;
  for (const s of sheets) {
    const view = new SheetView(s);
    const last = Math.min(view.rowCount, view.firstRow + SCAN_ROWS);
    for (let r = view.firstRow; r < last; r++) {
      const width = Math.min(view.widthOf(r, r), view.firstCol + 60);
      const found: string[] = [];
      const bad: string[] = [];
      for (let c = view.firstCol; c < width; c++) {
        if (view.isCovered(r, c)) continue;
        const v = view.raw(r, c);
        const f = view.format(r, c);
        if (typeof v === 'number') {
          if (!isDateFormat(f)) continue;
          const dm = readDayMonth(v, f);
          if (dm) found.push(dayMonthKey(dm));
          continue;
        }
        if (typeof v !== 'string' || v.length > 60) continue;
        const m = HEAD.exec(v);
        if (m) {
          const day = Number(m[1]);
          const month = Number(m[2]);
          if (properDate(day, month)) found.push(dayMonthKey({ day, month }));
          else bad.push(a1(r, c));
        }
      }
      const distinct = [...new Set(found)];
      if (distinct.length >= 2 && distinct.length === found.length) {
        if (!heads) {
          heads = distinct;
          headSheet = s.name;
        }
        for (const cell of bad)
          res.issues.push(
            makeIssue(
              'CARD-DATE-UNREADABLE',
              { sheet: s.name, cell, section: null },
              `Дата в заголовке столбца не распознана (такого дня нет): укажите отчётную дату как ДД.ММ или ДД.ММ.ГГГГ, например 15.09.2023.`,
              String(view.raw(parseA1(cell)!.row, parseA1(cell)!.col)),
            ),
          );
      }
    }
    if (heads) break;
  }
  if (heads) {
    const sorted = [...heads].sort((a, b) => order(a) - order(b));
    const same = sorted.length === d.dates.length && sorted.every((x) => d.dates.includes(x));
    if (!same && sorted.length >= 2 && sorted.length <= 4) {
      res.dates = sorted;
      res.own = true;
    }
  }
  // «по состоянию на …» / «Отчётная дата: …» in the top rows of the card's sheet.
  const top = sheets.find((s) => s.name === headSheet) ?? sheets[0];
  if (top) {
    const view = new SheetView(top);
    const last = Math.min(view.rowCount, view.firstRow + 12);
    outer: for (let r = view.firstRow; r < last; r++) {
      const width = Math.min(view.widthOf(r, r), view.firstCol + 30);
      for (let c = view.firstCol; c < width; c++) {
        const v = view.raw(r, c);
        if (typeof v !== 'string' || v.length > 300) continue;
        const m = AS_OF.exec(v);
        if (!m || HEAD.test(v)) continue;
        // The date after the phrase, or in the next cell of the row.
        let text = m[1].trim();
        let cell = a1(r, c);
        let value: unknown = text;
        if (!text) {
          const next = view.raw(r, c + 1);
          cell = a1(r, c + 1);
          value = next;
          const dm = typeof next === 'number' ? readDayMonth(next, view.format(r, c + 1)) : null;
          if (dm) {
            res.asOf = dayMonthKey(dm);
            res.asOfCell = cell;
            break outer;
          }
          text = typeof next === 'string' ? next.trim() : '';
        }
        const dm = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?/.exec(text);
        if (dm && properDate(Number(dm[1]), Number(dm[2]))) {
          res.asOf = dayMonthKey({ day: Number(dm[1]), month: Number(dm[2]) });
          res.asOfCell = cell;
        } else
          res.issues.push(
            makeIssue(
              'CARD-DATE-UNREADABLE',
              { sheet: top.name, cell, section: null },
              `Дата «${String(value ?? '').trim() || 'пусто'}» в заголовке карты не распознана: укажите её как ДД.ММ.ГГГГ, например «по состоянию на 15.09.2023».`,
              typeof value === 'string' || typeof value === 'number' ? value : null,
            ),
          );
        break outer;
      }
    }
  }
  return res;
}

/**
 * The descriptor with the card's own dates: a target set for a date the card does not have (the
 * year-end 31.12) applies to its last date. The same descriptor back when the dates are the defaults.
 */
export function withCardDates(d: CardDescriptor, dates: readonly string[]): CardDescriptor {
  if (dates.length === d.dates.length && dates.every((x, i) => x === d.dates[i])) return d;
  const lastDate = dates[dates.length - 1];
  const fix = <T extends { date: string }>(t: T): T => (dates.includes(t.date) ? t : { ...t, date: lastDate });
  const rows = (rs: CardDescriptor['sections'][number]['rows']): typeof rs =>
    rs.map((r) => ({
      ...r,
      ...(r.target ? { target: fix(r.target) } : {}),
      ...(r.items ? { items: rows(r.items) } : {}),
    }));
  return {
    ...d,
    dates: [...dates],
    sections: d.sections.map((s) => ({
      ...s,
      rows: rows(s.rows),
      ...(s.measures ? { measures: { ...s.measures, target: fix(s.measures.target) } } : {}),
    })),
  };
}
