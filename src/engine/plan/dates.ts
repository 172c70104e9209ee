/**
 * Reading a plan's deadline («Сроки», «Дата реализации») and the plan's own period (issue 15).
 *
 * A deadline is read into the months it names, as `year * 12 + (month - 1)`, and whether it
 * names a recurring term or a schedule kept elsewhere. What is read:
 * - full dates: «30.06.2023», «к 30.06.2023; к 15.12.2023», «30.06.23», «31.03»;
 * - a day and a month: «До 31 марта», «к 05 июня 2023 г.»;
 * - months with or without a year, lists and spans: «сентябрь 2023», «январь, март, июнь,
 *   ноябрь», «апрель – декабрь 2023 г.», «Январь-май 2023 года»; a year after a span belongs to
 *   every month of it;
 * - quarters and half-years: «I квартал 2024», «2 полугодие»;
 * - a school year: «2023-2024 уч. год», «2022/23 уч.г.» (September to August);
 * - a year alone: «2023 г.» (January to December);
 * - the descriptor's recurring phrases anywhere in the text: «ежеквартально», «В течение
 *   учебного года По плану РМО», «1 раз в год», «по графику ЦОКО».
 * A month without a year takes the plan's period: in a school year September–December are its
 * first year, January–August its second; in a calendar year that year; with no period the month
 * stays without a year (it is readable, but not compared with the period).
 *
 * Pure: no clock, no locale.
 */
import { PLAN, PlanDescriptor } from './descriptor';

/** A span of months, both ends included, each `year * 12 + (month - 1)`. */
export interface MonthSpan {
  from: number;
  to: number;
}

export interface PlanDate {
  /** Something in the text is a date, a month, a period or a recurring term. */
  readable: boolean;
  /** The text names a recurring term or a schedule («ежеквартально», «по графику»). */
  recurring: boolean;
  /**
   * The months named, with their years known (from the text or the plan's period); empty when
   * none. `explicit`: every year of the span is written in the text (only those are compared
   * with the plan's period — a month the period gave a year to is inside it by construction).
   */
  spans: (MonthSpan & { explicit: boolean })[];
  /** Months named whose year is unknown (no year in the text and no period of the plan). */
  yearless: number;
  /** The last day named with a known date, for «срок наступил» (null when none). */
  last: { year: number; month: number; day: number | null } | null;
}

const MONTH_STEMS: readonly [RegExp, number][] = [
  [/^январ/, 1],
  [/^феврал/, 2],
  [/^март/, 3],
  [/^апрел/, 4],
  [/^ма[йяею]$/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^август/, 8],
  [/^сентябр/, 9],
  [/^октябр/, 10],
  [/^ноябр/, 11],
  [/^декабр/, 12],
];

/** The month a word names (1–12), or null. */
export function monthOfWord(word: string): number | null {
  for (const [re, n] of MONTH_STEMS) if (re.test(word)) return n;
  return null;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Text prepared for reading: lower case, `ё`→`е`, dashes as «-», quotes and brackets as spaces. */
function prepare(text: string): string {
  // Not normalizeLabel: its joining of OCR hyphenation would make «апрель- декабрь» one word.
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[«»"“”'()[\]]/g, ' ')
    .replace(/[\s\u00a0\u2007\u202f]+/g, ' ')
    .trim();
}

const month = (year: number, m: number): number => year * 12 + m - 1;

/** The year a yearless month falls in, given the plan's period. */
function yearFor(m: number, period: MonthSpan | null): number | null {
  if (!period) return null;
  const y1 = Math.floor(period.from / 12);
  const y2 = Math.floor(period.to / 12);
  if (y1 === y2) return y1;
  // A school year (or a span of years): the month's first occurrence inside the period.
  for (let y = y1; y <= y2; y++) {
    const k = month(y, m);
    if (k >= period.from && k <= period.to) return y;
  }
  return y1;
}

interface Point {
  m: number;
  year: number | null;
  day: number | null;
  /** Joined to the previous point by «-» (a span). */
  spanFromPrev: boolean;
}

/**
 * Reads a deadline. `period` is the plan's own period (from its title), used for the years of
 * months written without one.
 */
export function readPlanDate(text: string, period: MonthSpan | null = null, d: PlanDescriptor = PLAN): PlanDate {
  const s = prepare(text);
  const out: PlanDate = { readable: false, recurring: false, spans: [], yearless: 0, last: null };
  if (s === '' || /^[-_.–—\s]+$/.test(s)) return out;
  out.recurring = d.datePhrases.some((p) => {
    const x = prepare(p);
    const i = s.indexOf(x);
    return i >= 0 && (i === 0 || /[\s\d,;.]/.test(s[i - 1])) && !/[а-я]/.test(s[i + x.length] ?? '');
  });

  const spans: (MonthSpan & { explicit: boolean })[] = [];
  let lastKey = -1;
  const noteLast = (year: number, m: number, day: number | null): void => {
    const key = month(year, m) * 32 + (day ?? 31);
    if (key > lastKey) {
      lastKey = key;
      out.last = { year, month: m, day };
    }
  };

  // School years first («2022-2023 учебном году», «2022/23 уч.г.»), then removed from the text.
  let rest = s.replace(
    /(?<!\d)(20\d\d)\s*[-/]\s*(20\d\d|\d\d)(?!\d)\s*(?:гг?\.?\s*)?(?=\s*уч)/g,
    (_m, a: string, b: string) => {
      const y1 = Number(a);
      const y2 = b.length === 2 ? Math.floor(y1 / 100) * 100 + Number(b) : Number(b);
      if (y2 === y1 + 1) {
        spans.push({ from: month(y1, 9), to: month(y2, 8), explicit: true });
        noteLast(y2, 8, 31);
        out.readable = true;
      }
      return ' ';
    },
  );

  // Quarters and half-years, with the year after them or the period's.
  rest = rest.replace(
    /(?<![а-я\d])(i{1,3}|iv|[1-4])\s*-?(?:й|го|ое|ий)?\s*(квартал|полугоди)[а-я]*\s*(?:(20\d\d)\s*(?:г\.?|года?)?)?/g,
    (_m, n: string, what: string, y?: string) => {
      const k = ROMAN[n] ?? Number(n);
      const len = what === 'квартал' ? 3 : 6;
      if (k < 1 || (what !== 'квартал' && k > 2)) return ' ';
      const first = (k - 1) * len + 1;
      const year = y ? Number(y) : yearFor(first, period);
      if (year === null) out.yearless++;
      else {
        spans.push({ from: month(year, first), to: month(year, first + len - 1), explicit: y !== undefined });
        noteLast(year, first + len - 1, null);
      }
      out.readable = true;
      return ' ';
    },
  );

  // Full dates «30.06.2023», «30.06.23», «31.03».
  const points: Point[] = [];
  const tokens: string[] = [];
  for (const raw of rest.split(/([,;]|\s+и\s+|\s-\s|-|\s)/)) {
    if (raw === undefined) continue;
    const t = raw.trim();
    if (t === '') continue;
    tokens.push(t);
  }
  let pendingSpan = false;
  let group: Point[] = [];
  const flush = (): void => {
    points.push(...group);
    group = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/\.$/, '');
    if (t === ',' || t === ';' || t === 'и') {
      flush();
      pendingSpan = false;
      continue;
    }
    if (t === '-') {
      pendingSpan = true;
      continue;
    }
    const full = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?$/.exec(t);
    if (full) {
      const day = Number(full[1]);
      const m = Number(full[2]);
      if (m >= 1 && m <= 12 && day >= 1 && day <= 31) {
        const y = full[3] ? (full[3].length === 2 ? 2000 + Number(full[3]) : Number(full[3])) : null;
        group.push({ m, year: y, day, spanFromPrev: pendingSpan });
      }
      pendingSpan = false;
      continue;
    }
    const mo = monthOfWord(t);
    if (mo !== null) {
      const prevDay = /^\d{1,2}$/.test(tokens[i - 1] ?? '') ? Number(tokens[i - 1]) : null;
      const day = prevDay !== null && prevDay >= 1 && prevDay <= 31 ? prevDay : null;
      group.push({ m: mo, year: null, day, spanFromPrev: pendingSpan && group.length > 0 });
      pendingSpan = false;
      continue;
    }
    const year = /^(20\d\d)(?:г|года?)?$/.exec(t);
    if (year) {
      const y = Number(year[1]);
      const open = group.filter((p) => p.year === null);
      if (open.length > 0) for (const p of open) p.year = y;
      else if (group.length === 0 && !/^\d{1,2}$/.test(tokens[i - 1] ?? '')) {
        // A year alone: the whole calendar year.
        spans.push({ from: month(y, 1), to: month(y, 12), explicit: true });
        noteLast(y, 12, 31);
        out.readable = true;
      }
      pendingSpan = false;
      continue;
    }
  }
  flush();

  // Points into spans: «апрель – декабрь» is one span, «январь, март» two.
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out.readable = true;
    const y = p.year ?? yearFor(p.m, period);
    if (y === null) {
      out.yearless++;
      continue;
    }
    const k = month(y, p.m);
    const prev = i > 0 && p.spanFromPrev ? spans[spans.length - 1] : null;
    if (prev && k >= prev.from) {
      prev.to = k;
      prev.explicit = prev.explicit && p.year !== null;
    } else if (prev && p.year === null && k + 12 >= prev.from) {
      // «ноябрь – февраль»: the span runs into the next year.
      prev.to = k + 12;
      prev.explicit = false;
    } else spans.push({ from: k, to: k, explicit: p.year !== null });
    const end = prev ? prev.to : k;
    noteLast(Math.floor(end / 12), (end % 12) + 1, p.day);
  }
  out.spans = spans;
  if (out.recurring) out.readable = true;
  return out;
}

/**
 * The plan's period from a line of its title: «на 2023 год», «на 2023 г.», «в 2022-2023 учебном
 * году», «на 2023-2024 учебный год», «на 2023-2025 годы», «в 2023 году». Null when the line
 * names none (a date of the order, «от 24.03.2023 г.», is not a period).
 */
export function readPlanPeriod(text: string): MonthSpan | null {
  const s = prepare(text);
  const school = /(?:^|\s)(?:на|в|во)\s+(20\d\d)\s*[-/]\s*(20\d\d|\d\d)\s*(?:гг?\.?\s*)?уч/.exec(s);
  if (school) {
    const y1 = Number(school[1]);
    const y2 = school[2].length === 2 ? Math.floor(y1 / 100) * 100 + Number(school[2]) : Number(school[2]);
    if (y2 === y1 + 1) return { from: month(y1, 9), to: month(y2, 8) };
  }
  const years = /(?:^|\s)(?:на|в)\s+(20\d\d)\s*-\s*(20\d\d)\s*(?:гг|годы|годах|года)/.exec(s);
  if (years && Number(years[2]) > Number(years[1]))
    return { from: month(Number(years[1]), 1), to: month(Number(years[2]), 12) };
  const one = /(?:^|\s)(?:на|в)\s+(20\d\d)\s*(?:г\b|г\.|год)/.exec(s);
  if (one) return { from: month(Number(one[1]), 1), to: month(Number(one[1]), 12) };
  return null;
}

const MONTHS_RU = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

/** «сентябрь 2022 – август 2023», «2023 год», «март 2023». */
export function formatSpan(span: MonthSpan): string {
  const f = (k: number): string => `${MONTHS_RU[k % 12]} ${Math.floor(k / 12)}`;
  if (span.from % 12 === 0 && span.to % 12 === 11 && span.to - span.from === 11)
    return `${Math.floor(span.from / 12)} год`;
  if (span.from === span.to) return f(span.from);
  return `${f(span.from)} – ${f(span.to)}`;
}
