/**
 * The check of the информационная карта МОУО (DOMAIN.md §3): reads the located card, validates it
 * (ranges, required rows, execution not decreasing, the practices listed against their number, the
 * shares against the sheet of schools), computes the indicators (plan execution at each date, the
 * dynamics of the additional indicators, the prevention efficiency verdicts of seed 003), drafts the
 * conclusions and returns the edits (highlights, the overall execution when empty, «Проверка»).
 *
 * Which dates are checked: the first reporting date always; a later one once anything of
 * sections 2–3 is filled at it (a card is filled date by date through the year).
 */
import { Edit, TableBlock } from '../edits';
import { highlightEdits } from '../grid';
import { Issue, makeIssue } from '../issues';
import { buildCheckSheet } from '../report';
import { CellValue, SheetView, WorkbookSnapshot, parseA1 } from '../snapshot';
import { clipText, formatNumberRu, formatPercentRu, plural, roundTo } from '../text';
import { ReadValue, readNumber, readYesNo, showValue } from '../values';
import { stateFromSnapshot, writtenText } from '../state';
import type { KeptConclusion } from '../dtk/check';
import { CARD, CardDescriptor, CardRow, cardRows } from './descriptor';
import { CardLocation, locateCard } from './locate';
import { withCardDates } from './dates';

/** `DD.MM` in the year's order. */
const dayOrder = (k: string): number => Number(k.slice(3, 5)) * 100 + Number(k.slice(0, 2));

export interface CardCheckOptions {
  /** The date of the check, shown on «Проверка» (the engine reads no clock). */
  date: string;
}

export interface CardCheckResult {
  location: CardLocation;
  issues: Issue[];
  indicators: Record<string, number | string | null>;
  conclusions: { section: string; conclusion: string; problem: string }[];
  edits: Edit[];
  /** «Вывод» / «Проблема» cells holding the user's own text, left alone (with the draft for each). */
  kept: KeptConclusion[];
}

export type Dynamics = 'положительная' | 'отрицательная' | 'стабильная';

/** Tolerance of «стабильная» dynamics: percentage points for shares, 0 for counts (DOMAIN §2.1). */
const TOLERANCE = { percent: 0.5, count: 0 };
/** A share typed by hand may be rounded to a whole percent: a difference up to this is not a mismatch. */
const SHARE_TOLERANCE = 0.5;

/** Splits the list of practices (5): one per line or separated by `;`; commas join the parts of one practice. */
export function splitPractices(text: string): string[] {
  return text
    .split(/\r?\n|;/)
    .map((s) => s.replace(/^\s*(?:\d+[.)]|[-–—•*])\s*/, '').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export function dynamicsOf(first: number, last: number, tolerance: number): Dynamics {
  if (last - first > tolerance) return 'положительная';
  if (first - last > tolerance) return 'отрицательная';
  return 'стабильная';
}

export function checkCard(wb: WorkbookSnapshot, opts: CardCheckOptions, d0: CardDescriptor = CARD): CardCheckResult {
  const loc = locateCard(wb, d0);
  // The card's own reporting dates (its header decides; 31.03 / 15.09 / 31.12 by default).
  const d = loc.reportingDates.length ? withCardDates(d0, loc.reportingDates) : d0;
  const issues: Issue[] = [...loc.issues];
  const sheet = loc.sheet ?? '';
  const view = new SheetView(wb.sheets.find((s) => s.name === loc.sheet) ?? { name: sheet, values: [], merges: [] });
  const views = new Map(wb.sheets.map((s) => [s.name, new SheetView(s)]));
  const raw = (cell: string, v: SheetView = view): { v: CellValue; f: string | null } => {
    const p = parseA1(cell);
    if (!p) return { v: null, f: null };
    const a = v.anchor(p.row, p.col);
    return { v: v.get(a.row, a.col), f: v.format(a.row, a.col) };
  };
  const year = loc.year;
  const dateName = (x: string): string => (year ? `${x}.${year}` : x);
  const add = (
    code: Parameters<typeof makeIssue>[0],
    cell: string | null,
    section: string | null,
    message: string,
    value?: string | number | null,
    onSheet = sheet,
  ): void => {
    issues.push(makeIssue(code, { sheet: onSheet, cell, section }, message, value));
  };

  /** Reads a number cell, reporting what reading finds; returns the number or null. */
  const readNum = (cell: string, section: string, what: string, kind: '%' | 'n', required: boolean): ReadValue => {
    const { v, f } = raw(cell);
    const r = readNumber(v, f, { allowExplanation: kind === 'n' });
    if (r.kind === 'error')
      add('CELL-ERROR', cell, section, `${what}: в ячейке ${cell} ошибка Excel ${r.error}.`, r.error);
    else if (r.kind === 'text')
      add('NOT-A-NUMBER', cell, section, `${what}: в ячейке ${cell} текст ${showValue(v)}, а нужно число.`, r.text);
    else if (r.kind === 'empty' && required)
      add('MISSING-VALUE', cell, section, `${what}: не заполнено (ячейка ${cell}).`);
    else if (r.kind === 'number') {
      if (kind === '%' && (r.value < 0 || r.value > 100))
        add(
          'OUT-OF-RANGE',
          cell,
          section,
          `${what}: ${formatNumberRu(r.value, 1)} — доля должна быть от 0 до 100 %.`,
          r.value,
        );
      else if (kind === 'n' && (r.value < 0 || !Number.isInteger(r.value)))
        add(
          'OUT-OF-RANGE',
          cell,
          section,
          `${what}: ${showValue(r.value)} — количество должно быть целым неотрицательным числом.`,
          r.value,
        );
      else return r;
      return { kind: 'empty' };
    }
    return r;
  };

  // --- Which dates are reported: the first always, a later one when sections 2–3 hold anything at it.
  const filled = (cell: string | undefined): boolean => {
    if (!cell) return false;
    const { v } = raw(cell);
    return v !== null && !(typeof v === 'string' && v.trim() === '');
  };
  const sec3 = d.sections.find((s) => !s.measures && s.rows.some((r) => r.type === '%'))!;
  const reported = loc.dates.filter(
    (x, i) =>
      i === 0 ||
      (loc.asOf !== null && dayOrder(x) <= dayOrder(loc.asOf)) ||
      loc.measures.some((m) => filled(m.cells[x])) ||
      sec3.rows.some((r) => filled(loc.fields[r.id]?.cells[x])),
  );
  const first = loc.dates[0];

  // --- Sections 1 and 3: the rows at each date.
  const values: Record<string, Record<string, number | null>> = {};
  const texts: Record<string, Record<string, string | null>> = {};
  const totals: Record<string, number | null> = {};
  for (const { row, section } of cardRows(d)) {
    const f = loc.fields[row.id];
    if (f && row.type === 'group' && row.items && loc.combined.includes(row.id)) {
      // One row for the whole group: a total, or the items in one cell («НОО – 12, ООО – 10, СОО – 5», «12/10/5»).
      const cell = f.cells[first];
      if (!cell) continue;
      const what = `«${row.label}» на ${dateName(first)}`;
      const { v, f: fmt } = raw(cell);
      const r = readNumber(v, fmt);
      if (r.kind === 'number')
        totals[row.id] = readNum(cell, section.id, what, 'n', true).kind === 'number' ? r.value : null;
      else if (r.kind === 'text') {
        const parts = splitItems(r.text, row.items);
        if (!parts)
          add(
            'NOT-A-NUMBER',
            cell,
            section.id,
            `${what}: в ячейке ${cell} ${showValue(v)} — укажите общее число ОО или число по каждой программе, например «${row.items.map((it, k) => `${itemName(it)} – ${[12, 10, 5][k] ?? 1}`).join(', ')}» или «12/10/5».`,
            r.text,
          );
        else {
          row.items.forEach((it, k) => ((values[it.id] ??= {})[first] = parts[k]));
          totals[row.id] = parts.reduce((a, b) => a + b, 0);
        }
      } else readNum(cell, section.id, what, 'n', reported.includes(first));
      continue;
    }
    if (!f || row.type === 'group') continue;
    const label = `«${labelOf(row)}» на ${'{date}'}`;
    for (const date of loc.dates) {
      const cell = f.cells[date];
      if (!cell) continue;
      const due = reported.includes(date);
      const required = due && (row.required === 'each' || (row.required === 'first' && date === first));
      const what = label.replace('{date}', dateName(date));
      if (row.type === 't' || row.type === 'list') {
        const { v } = raw(cell);
        const r = readNumber(v);
        if (r.kind === 'error')
          add('CELL-ERROR', cell, section.id, `${what}: в ячейке ${cell} ошибка Excel ${r.error}.`, r.error);
        else if (r.kind === 'empty' && required)
          add('MISSING-VALUE', cell, section.id, `${what}: не заполнено (ячейка ${cell}).`);
        (texts[row.id] ??= {})[date] =
          r.kind === 'empty' || r.kind === 'error' ? null : r.kind === 'na' ? '' : String(v).trim();
        continue;
      }
      const r = readNum(cell, section.id, what, row.type === '%' ? '%' : 'n', required);
      (values[row.id] ??= {})[date] = r.kind === 'number' ? r.value : null;
    }
  }

  // --- Section 2: the measures.
  const ms = d.sections.find((s) => s.measures)!;
  const m = ms.measures!;
  const exec: Record<string, Record<string, number | null>> = {};
  if (loc.measuresHeaderCell && loc.measures.length === 0)
    add(
      'MISSING-VALUE',
      loc.measuresHeaderCell,
      ms.id,
      'В разделе 2 не указано ни одного мероприятия плана: перечислите мероприятия и их исполнение на каждую дату.',
    );
  for (const x of loc.measures) {
    const name = x.measure ? `Мероприятие № ${x.no} ${quoted(x.measure)}` : `Мероприятие № ${x.no}`;
    if (!x.measure)
      add(
        'MISSING-VALUE',
        x.measureCell,
        ms.id,
        `Мероприятие № ${x.no}: не указано наименование мероприятия (ячейка ${x.measureCell}).`,
      );
    const per: Record<string, number | null> = {};
    let prev: { date: string; value: number } | null = null;
    for (const date of loc.dates) {
      const cell = x.cells[date];
      if (!cell) continue;
      const r = readNum(cell, ms.id, `${name}: исполнение на ${dateName(date)}`, '%', reported.includes(date));
      per[date] = r.kind === 'number' ? r.value : null;
      if (r.kind !== 'number') continue;
      if (m.nonDecreasing && prev && r.value < prev.value)
        add(
          'CARD-DECREASING',
          cell,
          ms.id,
          `${name}: исполнение на ${dateName(date)} (${formatPercentRu(r.value)}) меньше, чем на ${dateName(prev.date)} (${formatPercentRu(prev.value)}). Исполнение не может уменьшаться.`,
          r.value,
        );
      prev = { date, value: r.value };
    }
    exec[x.no + '@' + x.row] = per;
  }
  const overall: Record<string, number | null> = {};
  const complete: Record<string, number> = {};
  for (const date of loc.dates) {
    const nums = Object.values(exec)
      .map((p) => p[date])
      .filter((v): v is number => typeof v === 'number');
    overall[date] = nums.length ? roundTo(nums.reduce((a, b) => a + b, 0) / nums.length, 1) : null;
    complete[date] = nums.filter((v) => v >= 100).length;
  }
  const edits: Edit[] = [{ kind: 'clearHighlights' }];
  const overallNotes: string[] = [];
  if (loc.overall) {
    for (const date of loc.dates) {
      const cell = loc.overall.cells[date];
      const mean = overall[date];
      if (!cell || mean === null) continue;
      const { v, f } = raw(cell);
      const r = readNumber(v, f);
      if (r.kind === 'empty') edits.push({ kind: 'setValue', sheet, cell, value: mean, purpose: 'derived' });
      else if (r.kind === 'number' && Math.abs(r.value - mean) > SHARE_TOLERANCE)
        overallNotes.push(
          `в строке «${m.overall.label}» на ${dateName(date)} указано ${formatPercentRu(r.value)}, а среднее по мероприятиям — ${formatPercentRu(mean)}`,
        );
    }
  }
  const targetMean = overall[m.target.date];
  const targetDue = reported.includes(m.target.date);
  if (targetDue && targetMean !== null && targetMean !== undefined && targetMean < m.target.value) {
    const cell = loc.overall?.cells[m.target.date] ?? loc.measuresDateCells[m.target.date] ?? null;
    add(
      'BELOW-TARGET',
      cell,
      ms.id,
      `Исполнение плана в целом на ${dateName(m.target.date)} — ${formatPercentRu(targetMean)}, ниже регионального целевого значения ${formatPercentRu(m.target.value, 0)}.`,
      targetMean,
    );
  }

  // --- Section 3: practices listed against their number (4).
  for (const r of cardRows(d).map((x) => x.row)) {
    if (!r.countOf) continue;
    const countRow = cardRows(d).find((x) => x.row.id === r.countOf)!.row;
    for (const date of reported) {
      const n = values[r.countOf]?.[date];
      if (typeof n !== 'number') continue;
      const text = texts[r.id]?.[date] ?? '';
      const listed = text ? splitPractices(text).length : 0;
      if (listed === n) continue;
      const cell = loc.fields[r.id]?.cells[date] ?? loc.fields[r.countOf]?.cells[date] ?? null;
      add(
        'CARD-COUNT-MISMATCH',
        cell,
        sec3.id,
        `${countRow.no ?? ''} ${labelOf(countRow)} на ${dateName(date)}: ${n}, а в перечне ${r.no ?? ''} ${listed === 0 ? 'практик нет' : `${listed} ${plural(listed, 'практика', 'практики', 'практик')}`}. Перечислите каждую практику с новой строки или через «;».`.replace(
          /\s+/g,
          ' ',
        ),
        listed,
      );
    }
  }

  // --- The sheet of schools: shares of «да» against (1)–(3).
  const fromSchools: Record<string, number | null> = {};
  const lastReported = reported[reported.length - 1] ?? first;
  if (loc.schools) {
    const sv = views.get(loc.schools.sheet)!;
    for (const id of loc.schools.columns) {
      const row = cardRows(d).find((x) => x.row.id === id)!.row;
      let yes = 0;
      let answered = 0;
      // A column left wholly empty is not filled in (the sheet is optional): no findings, no comparison.
      if (loc.schools.rows.every((s) => readYesNo(raw(s.cells[id], sv).v).kind === 'empty')) continue;
      for (const s of loc.schools.rows) {
        const cell = s.cells[id];
        const { v } = raw(cell, sv);
        const r = readYesNo(v);
        if (r.kind === 'yesno') {
          answered++;
          if (r.value) yes++;
        } else if (r.kind === 'empty')
          add(
            'MISSING-VALUE',
            cell,
            sec3.id,
            `Лист «${loc.schools.sheet}», «${s.name}»: не указано «да» или «нет» по показателю ${row.no ?? ''}.`,
            null,
            loc.schools.sheet,
          );
        else if (r.kind === 'error')
          add(
            'CELL-ERROR',
            cell,
            sec3.id,
            `Лист «${loc.schools.sheet}», «${s.name}»: ошибка Excel ${r.error}.`,
            r.error,
            loc.schools.sheet,
          );
        else if (r.kind !== 'na')
          add(
            'NOT-A-NUMBER',
            cell,
            sec3.id,
            `Лист «${loc.schools.sheet}», «${s.name}»: ${showValue(v)} — нужно «да» или «нет».`,
            showValue(v),
            loc.schools.sheet,
          );
      }
      const share = answered ? roundTo((yes / answered) * 100, 1) : null;
      fromSchools[id] = share;
      const cardValue = values[id]?.[lastReported];
      const cell = loc.fields[id]?.cells[lastReported];
      if (share !== null && typeof cardValue === 'number' && cell && Math.abs(cardValue - share) > SHARE_TOLERANCE)
        add(
          'CARD-DERIVED-MISMATCH',
          cell,
          sec3.id,
          `Показатель ${row.no ?? ''} на ${dateName(lastReported)}: в карте ${formatPercentRu(cardValue)}, а по листу «${loc.schools.sheet}» — ${formatPercentRu(share)} (${yes} из ${answered} ${plural(answered, 'школы', 'школ', 'школ')} ответили «да»).`.replace(
            /\s+/g,
            ' ',
          ),
          cardValue,
        );
    }
  }

  // --- Indicators.
  const ind: Record<string, number | string | null> = {
    municipality: loc.header.municipality?.value ?? null,
    year: year,
    reportedDates: reported.map(dateName).join(', '),
    lastDate: loc.dates.length ? dateName(lastReported) : null,
    measures: loc.measures.length,
  };
  for (const date of d.dates) {
    ind[`planExecution.${date}`] = overall[date] ?? null;
    ind[`measuresComplete.${date}`] = loc.dates.includes(date) ? (complete[date] ?? 0) : null;
  }
  ind.planExecution = overall[lastReported] ?? null;
  for (const it of loc.fields['1.schools'] ? ['noo', 'ooo', 'soo'] : []) {
    ind[`schools.${it}`] = values[`1.schools.${it}`]?.[first] ?? null;
  }
  if (loc.fields['1.schools']) {
    const items = ['noo', 'ooo', 'soo'].map((it) => values[`1.schools.${it}`]?.[first]);
    ind['schools.total'] =
      totals['1.schools'] ??
      (items.every((x): x is number => typeof x === 'number') ? items.reduce((a, b) => a + b, 0) : null);
  }
  const short = (id: string): string => id.replace(/^\d+\./, '');
  const dyn: Record<string, Dynamics | null> = {};
  for (const r of sec3.rows) {
    if (r.type !== '%' && r.type !== 'n' && r.type !== 'list') continue;
    for (const date of d.dates) {
      if (r.type === 'list') {
        const t = texts[r.id]?.[date];
        ind[`practicesListed.${date}`] = t === undefined || t === null ? null : t ? splitPractices(t).length : 0;
      } else ind[`${short(r.id)}.${date}`] = values[r.id]?.[date] ?? null;
    }
    if (r.type === 'list') continue;
    const series = reported.map((x) => values[r.id]?.[x]).filter((v): v is number => typeof v === 'number');
    dyn[r.id] =
      series.length >= 2
        ? dynamicsOf(series[0], series[series.length - 1], r.type === '%' ? TOLERANCE.percent : TOLERANCE.count)
        : null;
    ind[`${short(r.id)}.dynamics`] = dyn[r.id];
  }
  for (const id of Object.keys(fromSchools)) ind[`${short(id)}.fromSchools`] = fromSchools[id];
  if (loc.schools) ind.schoolsListed = loc.schools.rows.length;
  const yn = (b: boolean | null): string | null => (b === null ? null : b ? 'да' : 'нет');
  const lastExec = overall[lastReported] ?? null;
  const effRows = sec3.rows.filter((r) => r.efficiency);
  const eff: Record<string, boolean | null> = {};
  for (const r of effRows) {
    if (r.efficiency === 'positive') {
      const v = values[r.id]?.[lastReported];
      eff[r.id] = typeof v === 'number' ? v > 0 : null;
    } else if (r.id === effRows[0].id) {
      // (1): positive dynamics and the plan executed to the efficiency value (seed 003).
      eff[r.id] =
        dyn[r.id] === null || lastExec === null ? null : dyn[r.id] === 'положительная' && lastExec >= m.efficiencyValue;
    } else eff[r.id] = dyn[r.id] === null ? null : dyn[r.id] === 'положительная';
    ind[`efficiency.${short(r.id)}`] = yn(eff[r.id]);
  }

  // --- Conclusions.
  const bySection = (s: string): Issue[] => issues.filter((i) => i.section === s);
  const problems = (s: string, extra: string[]): string => {
    const list = [
      ...bySection(s)
        .filter((i) => i.severity === 'error')
        .map((i) => i.message),
      ...extra,
      ...bySection(s)
        .filter((i) => i.severity === 'warning')
        .map((i) => i.message),
    ];
    if (list.length === 0) return 'Проблем не выявлено.';
    const shown = list.slice(0, 6).map((x) => x.replace(/\.$/, ''));
    return capital(shown.join('; ') + (list.length > 6 ? `; и ещё ${list.length - 6}.` : '.'));
  };
  const conclusions: CardCheckResult['conclusions'] = [];
  const t1 = (id: string): string | null => texts[id]?.[first] ?? null;
  const s1: string[] = [];
  if (t1('1.name')) s1.push(`План: «${clipText(t1('1.name')!, 120)}»`);
  if (t1('1.period')) s1.push(`период реализации — ${t1('1.period')}`);
  if (t1('1.approval')) s1.push(`утверждён: ${t1('1.approval')}`);
  const counts = ['noo', 'ooo', 'soo']
    .map((k, i) => [['НОО', 'ООО', 'СОО'][i], values[`1.schools.${k}`]?.[first]] as const)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} — ${v}`);
  if (counts.length) s1.push(`программы реализуют ОО: ${counts.join(', ')}`);
  conclusions.push({
    section: d.sections[0].id,
    conclusion: s1.length ? capital(s1.join('; ')) + '.' : 'Общая характеристика плана не заполнена.',
    problem: problems(d.sections[0].id, []),
  });
  const s2: string[] = [`Мероприятий в плане: ${loc.measures.length}.`];
  const execText = reported
    .filter((x) => overall[x] !== null && overall[x] !== undefined)
    .map((x) => `на ${dateName(x)} — ${formatPercentRu(overall[x]!)}`);
  if (execText.length) s2.push(`Исполнение плана в целом: ${execText.join(', ')}.`);
  const extra2: string[] = [...overallNotes];
  if (targetDue && targetMean !== null && targetMean !== undefined) {
    const ok = targetMean >= m.target.value;
    s2.push(
      `Целевое значение ${formatPercentRu(m.target.value, 0)} на ${dateName(m.target.date)} ${ok ? 'достигнуто' : 'не достигнуто'}.`,
    );
    if (!ok)
      extra2.push(
        `исполнение плана на ${dateName(m.target.date)} (${formatPercentRu(targetMean)}) ниже целевого значения ${formatPercentRu(m.target.value, 0)}`,
      );
  } else if (lastExec !== null) {
    s2.push(`Целевое значение на ${dateName(m.target.date)}: не менее ${formatPercentRu(m.target.value, 0)}.`);
  }
  conclusions.push({ section: ms.id, conclusion: s2.join(' '), problem: problems(ms.id, extra2) });
  const s3: string[] = [];
  const extra3: string[] = [];
  for (const r of sec3.rows) {
    if (r.type !== '%' && r.type !== 'n') continue;
    const series = reported
      .map((x) => [x, values[r.id]?.[x]] as const)
      .filter((p): p is readonly [string, number] => typeof p[1] === 'number');
    if (!series.length) continue;
    const fmt = (v: number): string => (r.type === '%' ? formatPercentRu(v) : String(v));
    const parts = series.map(([x, v]) => `на ${dateName(x)} — ${fmt(v)}`).join(', ');
    const dy = dyn[r.id] ? `, динамика ${dyn[r.id]}` : '';
    s3.push(
      `${r.no ?? ''} ${labelOf(r)
        .replace(/, %$/, '')
        .replace(/ \(n\)$/, '')}: ${parts}${dy}.`.trim(),
    );
    if (dyn[r.id] === 'отрицательная')
      extra3.push(`${r.no ?? ''} отрицательная динамика показателя «${clipText(labelOf(r), 70)}»`.trim());
  }
  const effNames: Record<string, string> = {};
  for (const r of effRows) effNames[r.id] = r.no ?? r.id;
  const effDone = effRows.filter((r) => eff[r.id] === true).map((r) => effNames[r.id]);
  const effNot = effRows.filter((r) => eff[r.id] === false).map((r) => effNames[r.id]);
  if (effDone.length || effNot.length) {
    s3.push(
      `Критерии эффективности профилактики (мониторинг): ${effDone.length ? `выполнены по ${effDone.join(', ')}` : ''}${effDone.length && effNot.length ? '; ' : ''}${effNot.length ? `не выполнены по ${effNot.join(', ')}` : ''}.`,
    );
    if (effNot.length) extra3.push(`не выполнены критерии эффективности профилактики по ${effNot.join(', ')}`);
  }
  conclusions.push({
    section: sec3.id,
    conclusion: s3.length ? s3.join(' ') : 'Дополнительные показатели не заполнены.',
    problem: problems(sec3.id, extra3),
  });

  // --- «Вывод:» / «Проблема:» rows of the card: each gets the drafts of the sections it closes.
  // Written when empty or still holding the product's own text; the user's own text is kept.
  const state = stateFromSnapshot(wb);
  const kept: KeptConclusion[] = [];
  for (const r of loc.conclusionRows) {
    const drafts = conclusions.filter((c) => r.sections.includes(c.section));
    if (drafts.length === 0) continue;
    const said = drafts.map((c) => c.conclusion).join(' ');
    const real = drafts.map((c) => c.problem).filter((p) => p !== 'Проблем не выявлено.');
    const problem = real.length ? real.join(' ') : 'Проблем не выявлено.';
    const text = r.kind === 'conclusion' ? said : r.kind === 'problem' ? problem : `${said} Проблема: ${problem}`;
    const inline = r.cell === r.labelCell;
    const current = raw(r.cell).v;
    const now = current === null || typeof current === 'object' ? null : String(current);
    const wanted = inline ? `${now?.split(':')[0] ?? (r.kind === 'problem' ? 'Проблема' : 'Вывод')}: ${text}` : text;
    if (now === wanted) continue;
    const mine = writtenText(state, sheet, r.cell);
    // «Вывод: Проблема:» as typed from the order is the form's own text, not the user's.
    const blank = r.kind === 'both' && /^выводы?\s*:\s*проблем[аы]?\s*:?\s*$/i.test((now ?? '').trim());
    if (now === null || now.trim() === '' || blank || (mine !== null && mine === now))
      edits.push({ kind: 'setValue', sheet, cell: r.cell, value: wanted, purpose: 'conclusion' });
    else
      kept.push({
        section: r.sections[0],
        kind: r.kind === 'problem' ? 'problem' : 'conclusion',
        sheet,
        cell: r.cell,
        draft: text,
      });
  }

  // --- Edits.
  edits.push(...highlightEdits(issues));
  const check = buildCheckSheet('card', issues, opts.date);
  const summary: TableBlock = {
    kind: 'table',
    name: 'shnor_card_summary',
    heading: 'Показатели информационной карты',
    columns: [
      { header: 'Отчётная дата', width: 14 },
      { header: 'Исполнение плана, %', format: 'decimal1', width: 14 },
      { header: 'Мероприятий исполнено на 100 %', format: 'integer', width: 16 },
      ...sec3.rows.map((r) => ({
        header: `${r.no ?? ''} ${r.type === 'list' ? 'перечислено практик' : clipText(labelOf(r), 40)}`.trim(),
        format: r.type === '%' ? ('decimal1' as const) : ('integer' as const),
        width: 16,
      })),
    ],
    rows: d.dates.map((x) => [
      dateName(x),
      overall[x] ?? null,
      loc.dates.includes(x) ? (complete[x] ?? 0) : null,
      ...sec3.rows.map((r) =>
        r.type === 'list'
          ? ((ind[`practicesListed.${x}`] as number | null) ?? null)
          : ((values[r.id]?.[x] as number | null | undefined) ?? null),
      ),
    ]),
  };
  check.blocks.push(summary);
  check.blocks.push({
    kind: 'pairs',
    heading: 'Эффективность профилактики (мониторинг)',
    rows: effRows.map((r) => [`${r.no ?? ''} ${clipText(labelOf(r), 60)}`.trim(), yn(eff[r.id]) ?? 'нет данных']),
  });
  edits.push({ kind: 'replaceSheet', sheet: check });
  return { location: loc, issues, indicators: ind, conclusions, edits, kept };
}

/** The row's label for messages: without « (n)»; an item with its parent («Количество ОО…: а) НОО»). */
function labelOf(r: CardRow): string {
  const parent = cardRows().find((x) => x.row.items?.includes(r));
  const own = r.label.replace(/\s*\(n\)$/, '');
  return parent ? `${parent.row.label}: ${own}` : own;
}

/** «text», without doubling the quotes of a title already in «…». */
function quoted(s: string): string {
  const t = clipText(s);
  if (!t.startsWith('«')) return `«${t}»`;
  return t.endsWith('»') ? t : `${t}»`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An item's short name: «а) НОО» → «НОО». */
function itemName(it: CardRow): string {
  return it.label.replace(/^[а-я]\)\s*/, '');
}

/**
 * The items of a group written in one cell: «НОО – 12, ООО – 10, СОО – 5» (by name, in any order)
 * or «12/10/5», «12; 10; 5» (in the descriptor's order). Null when it is neither.
 */
export function splitItems(text: string, items: readonly CardRow[]): number[] | null {
  const t = text.replace(/[\u00a0\s]+/g, ' ').trim();
  const named = items.map((it) => {
    const names = [itemName(it), ...it.synonyms].filter((x) => x.length <= 4);
    for (const n of names) {
      const m = new RegExp(`(?:^|[^А-ЯЁа-яё])${n}\\s*[–—:=-]?\\s*(\\d+)`, 'i').exec(t);
      if (m) return Number(m[1]);
    }
    return null;
  });
  if (named.every((x) => x !== null)) return named as number[];
  const bare = /^(\d+)\s*[/;,]\s*(\d+)\s*[/;,]\s*(\d+)$/.exec(t);
  if (bare && items.length === 3) return [Number(bare[1]), Number(bare[2]), Number(bare[3])];
  return null;
}
