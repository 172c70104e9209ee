/**
 * Validation of a located and read ДТК (DOMAIN.md §1.2–1.3, §2): requiredness per year (with the
 * exceptions of a level the school lacks and of retake shares), ranges, integer counts,
 * `PERCENT-AS-FRACTION`, the consistency limits of the descriptor (`atMost`), the derived share of
 * 1.1, the sums of the 2.1 table, the enrolment jump, the text that must go with a share (3.2(c))
 * or a count (3.4), low results and targets. Every finding points at its cell and keeps the field,
 * year and value it is about, so the conclusions can be drafted from the same facts.
 */
import { Issue, IssueCode, makeIssue } from '../issues';
import { formatNumberRu, formatPercentRu, roundTo } from '../text';
import { DTK, DtkDescriptor, DtkRow, DtkSection, DtkTableColumn, dtkRows, perDescriptor } from './descriptor';
import { DtkLocation } from './locate';
import { DtkCellValue, DtkData } from './read';

/** A finding with the facts it is about. */
export interface DtkFinding {
  issue: Issue;
  /** Field id (a row, part, item or table column). */
  field?: string;
  /** School year or `D`. */
  year?: string;
  value?: number;
  /** The bound it was compared with (threshold, target, limit). */
  bound?: number;
}

/** A derived value the check computed, and whether its cell is empty (to be filled in). */
export interface DtkDerivedValue {
  field: string;
  year: string;
  sheet: string;
  cell: string;
  value: number;
  empty: boolean;
}

export interface DtkValidation {
  findings: DtkFinding[];
  derived: DtkDerivedValue[];
  /** A number usable in calculations: read, in range, not a suspected fraction; derived where empty. */
  num: (field: string, year: string) => number | null;
  /** The value with its cell (as read). */
  at: (field: string, year: string) => DtkCellValue | undefined;
  /** The school has the СОО level in this year. */
  hasSoo: (year: string) => boolean;
}

/** The enrolment group whose change between years is checked (`DTK-JUMP`). */
export const ENROLMENT_GROUP = '1.1.enrolment';
/** A change of enrolment by more than this share from one year to the next is `DTK-JUMP`. */
export const JUMP_SHARE = 0.3;
/** A derived share that differs from the computed one by more than this is `DTK-DERIVED-MISMATCH`. */
export const DERIVED_TOLERANCE = 0.1;

const EPS = 1e-9;

interface FieldInfo {
  id: string;
  section: DtkSection;
  kind: 'Y' | 'D';
  type: DtkRow['type'] | DtkTableColumn['type'];
  row?: DtkRow;
  column?: DtkTableColumn;
  required: boolean;
  name: string;
}

/** The shortest of a label and its synonyms, without numbering and a trailing «, %». */
function shortName(x: { label: string; synonyms: string[] }): string {
  const all = [x.label, ...x.synonyms].map(clean);
  return all.reduce((a, b) => (b.length < a.length ? b : a));
}

function clean(s: string): string {
  return s
    .replace(/^[а-яa-z]\)\s*/i, '')
    .replace(/,\s*%$/, '')
    .trim();
}

/** Field id → a readable name for messages: «ВПР, математика — 5 класс», «Успеваемость — Математика — качественная». */
export function fieldNames(d: DtkDescriptor = DTK): Map<string, string> {
  return new Map(fieldNamesOf(d));
}

/** `fieldNames`, computed once per descriptor; shared, so read only. */
export const fieldNamesOf: (d: DtkDescriptor) => ReadonlyMap<string, string> = perDescriptor(computeFieldNames);

function computeFieldNames(d: DtkDescriptor): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (rows: DtkRow[], prefix: string): void => {
    for (const r of rows) {
      const hasChildren = !!(r.items || r.parts);
      const own = hasChildren ? shortName(r) : clean(r.label);
      const name = prefix ? `${prefix} — ${own}` : own;
      names.set(r.id, name);
      walk([...(r.items ?? []), ...(r.parts ?? [])], name);
    }
  };
  for (const c of d.criteria)
    for (const s of c.sections) {
      walk(s.rows, '');
      for (const col of s.table?.columns ?? []) names.set(col.id, `Образование родителей — ${col.label}`);
    }
  return names;
}

/** The fields of a descriptor, once per descriptor (read only). */
const fields: (d: DtkDescriptor) => readonly FieldInfo[] = perDescriptor(computeFields);

const fieldsById: (d: DtkDescriptor) => ReadonlyMap<string, FieldInfo> = perDescriptor(
  (d) => new Map(fields(d).map((f) => [f.id, f])),
);

function computeFields(d: DtkDescriptor): FieldInfo[] {
  const names = fieldNamesOf(d);
  const out: FieldInfo[] = [];
  for (const { row, section } of dtkRows(d)) {
    if (row.items || row.parts) continue;
    out.push({
      id: row.id,
      section,
      kind: row.kind,
      type: row.type,
      row,
      required: row.required,
      name: names.get(row.id)!,
    });
  }
  for (const c of d.criteria)
    for (const s of c.sections)
      for (const col of s.table?.columns ?? [])
        out.push({
          id: col.id,
          section: s,
          kind: 'Y',
          type: col.type,
          column: col,
          required: col.required,
          name: names.get(col.id)!,
        });
  return out;
}

/** «2022-2023 учебный год» / «2022-2023 учебном году»; `D` has no year. */
export function yearNom(y: string): string {
  return `${y} учебный год`;
}
export function yearIn(y: string): string {
  return `в ${y} учебном году`;
}

/** A value the Russian way: shares `34,0 %`, counts `12`. */
export function showNumber(v: number, type: string): string {
  if (type === 'yn') return v ? '«да»' : '«нет»';
  if (type === 'n' || type === 'n+t') return Number.isInteger(v) ? formatNumberRu(v, 0) : formatNumberRu(v, 2);
  return formatPercentRu(v);
}

/** The number of names listed: by `;` or line breaks, or by «…» quotes when there is one piece. */
export function countNames(text: string | undefined): number {
  if (!text) return 0;
  const pieces = text
    .split(/[;\n\r]+/)
    .map((p) => p.replace(/^[\s\d.)-]+(?=\D)/, '').trim())
    .filter((p) => p !== '');
  if (pieces.length === 1) {
    const quoted = text.match(/«[^»]+»|"[^"]+"/g);
    if (quoted && quoted.length > 1) return quoted.length;
  }
  return pieces.length;
}

export function validateDtk(
  data: DtkData,
  loc: DtkLocation,
  opts: { threshold: number },
  d: DtkDescriptor = DTK,
): DtkValidation {
  const findings: DtkFinding[] = [];
  const derived: DtkDerivedValue[] = [];
  const list = fields(d);
  const byId = fieldsById(d);
  /** Cells the reader already reported (a text or an Excel error): not reported again. */
  const readerCells = new Set(data.issues.map((i) => `${i.sheet}!${i.cell}`));
  /** field|year pairs excluded from calculations. */
  const bad = new Set<string>();
  const k = (f: string, y: string): string => `${f}|${y}`;
  const at = (f: string, y: string): DtkCellValue | undefined => data.values[f]?.[y];
  const computed = new Map<string, number>();
  const raw = (f: string, y: string): number | null => {
    const v = at(f, y);
    return v && v.kind === 'number' && (bad.size === 0 || !bad.has(k(f, y))) ? v.value : null;
  };
  const num = (f: string, y: string): number | null => {
    const v = at(f, y);
    if (v && v.kind === 'yesno') return v.value ? 1 : 0;
    const r = raw(f, y);
    if (r !== null) return r;
    if (v && v.kind === 'empty') return computed.get(k(f, y)) ?? null;
    return null;
  };
  const sooRows = list.filter((f) => f.row?.level === 'СОО' && f.id !== `${ENROLMENT_GROUP}.soo`).map((f) => f.id);
  const hasSoo = (y: string): boolean => {
    const id = `${ENROLMENT_GROUP}.soo`;
    if (!loc.fields[id]) {
      // The form has no СОО enrolment row (seed 003 lists «а) НОО», «б) ООО» only): the school has
      // the level in a year when a row of that level holds a number for it.
      return sooRows.some((f) => at(f, y)?.kind === 'number');
    }
    const v = raw(id, y);
    return v !== null && v > 0;
  };

  const add = (
    code: IssueCode,
    f: FieldInfo | null,
    where: { sheet: string | null; cell: string | null; section: string },
    message: string,
    facts: { year?: string; value?: number; bound?: number } = {},
    value?: string | number | null,
  ): void => {
    const issue = makeIssue(code, where, message, value === undefined ? (facts.value ?? null) : value);
    // Object.assign, not a spread: spreads of objects of many shapes take V8's slow path.
    findings.push(Object.assign(f ? { issue, field: f.id } : { issue }, facts));
  };
  const whereOf = (f: FieldInfo, y: string): { sheet: string; cell: string; section: string } => {
    const v = at(f.id, y)!;
    return { sheet: v.sheet, cell: v.cell, section: f.section.id };
  };
  /** «Отсев — из основной школы», 2022-2023 учебный год */
  const subject = (f: FieldInfo, y: string): string => (y === 'D' ? `«${f.name}»` : `«${f.name}», ${yearNom(y)}`);

  // --- Header: required fields found but empty.
  for (const h of d.header) {
    const l = loc.header[h.id];
    if (h.required && l && l.value === null)
      add(
        'MISSING-VALUE',
        null,
        { sheet: l.sheet, cell: l.cell, section: 'header' },
        `Шапка карты: не заполнено «${h.label}» (ячейка ${l.cell}). Впишите ${h.help ? h.help.charAt(0).toLowerCase() + h.help.slice(1).replace(/\.$/, '') : 'значение'}.`,
      );
  }

  // --- Per value: requiredness, ranges, text that goes with a number.
  const missingCells = new Set<string>();
  for (const f of list) {
    const values = data.values[f.id];
    if (!values) continue;
    for (const [y, v] of Object.entries(values)) {
      const cellKey = `${v.sheet}!${v.cell}`;
      if (readerCells.size > 0 && readerCells.has(cellKey)) {
        bad.add(k(f.id, y));
        continue;
      }
      if (v.kind === 'empty') {
        const needed = f.required && (f.row?.level !== 'СОО' || (y !== 'D' && hasSoo(y)));
        if (needed && !missingCells.has(cellKey) && !f.row?.derived) {
          missingCells.add(cellKey);
          add(
            'MISSING-VALUE',
            f,
            whereOf(f, y),
            `${subject(f, y)}: ячейка ${v.cell} пуста. Заполните её; если показатель не применим, поставьте «-».`,
            { year: y },
          );
        }
        continue;
      }
      if (v.kind !== 'number') continue;
      const x = v.value;
      const isCount = f.type === 'n' || f.type === 'n+t';
      const isShare = f.type === '%' || f.type === '%+t';
      if (isCount && (x < 0 || !Number.isInteger(x))) {
        bad.add(k(f.id, y));
        add(
          'OUT-OF-RANGE',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatNumberRu(x, Number.isInteger(x) ? 0 : 2)} — количество должно быть целым неотрицательным числом (ячейка ${v.cell}).`,
          { year: y, value: x },
        );
        continue;
      }
      if (isShare && (x < 0 || (x > 100 + EPS && !f.row?.derived))) {
        bad.add(k(f.id, y));
        add(
          'OUT-OF-RANGE',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatPercentRu(x)} — доля должна быть от 0 до 100 % (ячейка ${v.cell}).`,
          { year: y, value: x },
        );
        continue;
      }
      const t = f.row?.text;
      if (t?.requiredWhen === 'positive' && x > 0 && !v.explanation) {
        add(
          'MISSING-VALUE',
          f,
          whereOf(f, y),
          `${subject(f, y)}: доля ${formatPercentRu(x)} больше 0, но не указано: ${t.what}. Допишите в ту же ячейку после числа, например «${formatNumberRu(x, 0)} % (ГАУ ДПО …)».`,
          { year: y, value: x },
        );
      }
      if (t?.countsNames) {
        const n = countNames(v.explanation);
        if (n !== x)
          add(
            'DTK-COUNT-MISMATCH',
            f,
            whereOf(f, y),
            `${subject(f, y)}: указано ${formatNumberRu(x, 0)}, а перечислено ${n} (${t.what}). Перечислите наименования через «;» после числа, например «2: «Программа А»; «Программа Б»».`,
            { year: y, value: x, bound: n },
          );
      }
    }
  }

  // --- PERCENT-AS-FRACTION (DOMAIN §1.2): a share 0 < v < 1 among years that are all ≥ 1.
  for (const f of list) {
    if (f.kind !== 'Y' || f.type !== '%') continue;
    const values = data.values[f.id];
    if (!values) continue;
    const years = Object.keys(values);
    for (const y of years) {
      const v = values[y];
      if (v.kind !== 'number' || v.fromPercentFormat || (bad.size > 0 && bad.has(k(f.id, y)))) continue;
      if (!(v.value > 0 && v.value < 1)) continue;
      const others = years.filter((o) => o !== y).map((o) => raw(f.id, o));
      if (others.length === 0 || others.some((o) => o === null)) continue;
      const nums = others as number[];
      const min = Math.min(...nums);
      const max = Math.max(...nums);
      const scaled = v.value * 100;
      if (min >= 1 && scaled >= min / 2 && scaled <= max * 2) {
        bad.add(k(f.id, y));
        add(
          'PERCENT-AS-FRACTION',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatNumberRu(v.value, 2)} похоже на долю в виде дроби, а в другие годы — от ${formatPercentRu(min)} до ${formatPercentRu(max)}. Если имелось в виду ${formatPercentRu(scaled)}, введите ${formatNumberRu(scaled, 1)}.`,
          { year: y, value: v.value },
        );
      }
    }
  }

  // --- Derived shares: computed from their counts; a differing user value is a mismatch.
  for (const f of list) {
    const dv = f.row?.derived;
    if (!dv) continue;
    for (const [y, v] of Object.entries(data.values[f.id] ?? {})) {
      const n = raw(dv.numerator, y);
      const den = raw(dv.denominator, y);
      if (n === null || den === null || den <= 0) continue;
      const value = roundTo((n / den) * dv.scale, dv.decimals);
      if (v.kind === 'empty') {
        computed.set(k(f.id, y), value);
        derived.push({ field: f.id, year: y, sheet: v.sheet, cell: v.cell, value, empty: true });
        continue;
      }
      derived.push({ field: f.id, year: y, sheet: v.sheet, cell: v.cell, value, empty: false });
      const user = raw(f.id, y);
      if (user !== null && Math.abs(user - value) > DERIVED_TOLERANCE + EPS) {
        bad.add(k(f.id, y));
        add(
          'DTK-DERIVED-MISMATCH',
          f,
          whereOf(f, y),
          `${subject(f, y)}: указано ${formatPercentRu(user)}, а по количествам выходит ${formatPercentRu(value)} (${formatNumberRu(n, 0)} ÷ ${formatNumberRu(den, 0)} × 100). Исправьте долю или количества; пустую ячейку проверка заполнит сама.`,
          { year: y, value: user, bound: value },
        );
      } else if (user !== null && user > 100 + EPS && value <= 100) {
        add(
          'OUT-OF-RANGE',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatPercentRu(user)} — доля должна быть от 0 до 100 %.`,
          { year: y, value: user },
        );
      }
    }
  }

  // --- Consistency: a part is at most its whole (descriptor `atMost`).
  for (const f of list) {
    for (const lim of f.row?.atMost ?? []) {
      const other = byId.get(lim.of);
      if (!other) continue;
      for (const y of Object.keys(data.values[f.id] ?? {})) {
        const a = raw(f.id, y);
        const b = raw(lim.of, y);
        if (a === null || b === null || a <= b + EPS) continue;
        const when = y === 'D' ? '' : ` ${yearIn(y)}`;
        const severe = lim.severity === 'error';
        add(
          severe ? 'DTK-INCONSISTENT' : 'DTK-IMPLAUSIBLE',
          f,
          whereOf(f, y),
          severe
            ? `«${f.name}»${when}: ${showNumber(a, f.type)} больше, чем «${other.name}» (${showNumber(b, other.type)}), а часть не может быть больше целого. Проверьте обе ячейки (${at(f.id, y)!.cell} и ${at(lim.of, y)!.cell}).`
            : `«${f.name}»${when}: ${showNumber(a, f.type)} больше, чем «${other.name}» (${showNumber(b, other.type)}). Так бывает, если пришли ученики из других школ; проверьте значение.`,
          { year: y, value: a, bound: b },
        );
      }
    }
  }

  // --- 2.1: the shares of parents' education of one year.
  for (const c of d.criteria)
    for (const s of c.sections) {
      const t = s.table;
      if (!t) continue;
      const shareCols = t.columns.filter((col) => col.type === '%');
      const years = new Set(shareCols.flatMap((col) => Object.keys(data.values[col.id] ?? {})));
      for (const y of [...years].sort()) {
        const cells = shareCols.map((col) => at(col.id, y)).filter((v): v is DtkCellValue => !!v);
        const nums = shareCols.map((col) => raw(col.id, y));
        // A share that was read but is unusable (out of range, a fraction) was reported already.
        if (cells.length === 0 || shareCols.some((col) => at(col.id, y)?.kind === 'number' && raw(col.id, y) === null))
          continue;
        const present = nums.filter((n): n is number => n !== null);
        if (present.length === 0) continue;
        const sum = roundTo(
          present.reduce((a, b) => a + b, 0),
          2,
        );
        const first = cells[0];
        const last = cells[cells.length - 1];
        const range = rangeOf(first.cell, last.cell);
        const where = { sheet: first.sheet, cell: range, section: s.id };
        const parts = shareCols.map(
          (col, i) => `${col.label.toLowerCase()} ${nums[i] === null ? '—' : formatPercentRu(nums[i]!)}`,
        );
        if (sum > t.sumMax + EPS)
          add(
            'DTK-SUM-OVER-100',
            null,
            where,
            `Раздел ${s.id}, ${yearNom(y)}: доли родителей по образованию в сумме ${formatPercentRu(sum)} (${parts.join(', ')}) — больше 100 %. Исправьте доли.`,
            { year: y, value: sum, bound: t.sumMax },
          );
        else if (present.length === shareCols.length && sum < t.sumWarnBelow - EPS)
          add(
            'DTK-SUM-UNDER-90',
            null,
            where,
            `Раздел ${s.id}, ${yearNom(y)}: доли родителей по образованию в сумме ${formatPercentRu(sum)} (${parts.join(', ')}) — меньше ${formatPercentRu(t.sumWarnBelow, 0)}; похоже, данные неполные. Дополните их или поясните в примечании.`,
            { year: y, value: sum, bound: t.sumWarnBelow },
          );
      }
    }

  // --- Enrolment: a change by more than 30 % from one year to the next.
  for (const f of list) {
    if (!f.id.startsWith(ENROLMENT_GROUP + '.')) continue;
    const years = Object.keys(data.values[f.id] ?? {})
      .filter((y) => y !== 'D')
      .sort();
    for (let i = 1; i < years.length; i++) {
      const a = raw(f.id, years[i - 1]);
      const b = raw(f.id, years[i]);
      if (a === null || b === null || a <= 0) continue;
      const change = (b - a) / a;
      if (Math.abs(change) > JUMP_SHARE + EPS)
        add(
          'DTK-JUMP',
          f,
          whereOf(f, years[i]),
          `«${f.name}»: ${formatNumberRu(a, 0)} ${yearIn(years[i - 1])} и ${formatNumberRu(b, 0)} ${yearIn(years[i])} — изменение на ${formatPercentRu(Math.abs(change) * 100)}, больше ${formatPercentRu(JUMP_SHARE * 100, 0)}. Проверьте, нет ли опечатки.`,
          { year: years[i], value: b, bound: a },
        );
    }
  }

  // --- Low results (ВПР, main ГИА attempt) and targets.
  for (const f of list) {
    const r = f.row;
    if (!r || (!r.lowResult && !r.target)) continue;
    for (const y of Object.keys(data.values[f.id] ?? {})) {
      const x = raw(f.id, y);
      if (x === null) continue;
      if (r.lowResult && x >= opts.threshold - EPS)
        add(
          'LOW-RESULT',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatPercentRu(x)} — не ниже порога низких результатов ${formatPercentRu(opts.threshold)}.`,
          { year: y, value: x, bound: opts.threshold },
        );
      const tg = r.target;
      if (tg && x < tg.value - EPS)
        add(
          'BELOW-TARGET',
          f,
          whereOf(f, y),
          `${subject(f, y)}: ${formatPercentRu(x)} — ниже целевого значения ${tg.op === '=' ? '' : 'не менее '}${formatPercentRu(tg.value, 0)}.`,
          { year: y, value: x, bound: tg.value },
        );
    }
  }

  return { findings, derived, num, at, hasSoo };
}

/** `B20:D20` for two cells of one row, else the first cell. */
function rangeOf(first: string, last: string): string {
  if (first === last) return first;
  const r1 = /\d+$/.exec(first)?.[0];
  const r2 = /\d+$/.exec(last)?.[0];
  return r1 !== undefined && r1 === r2 ? `${first}:${last}` : first;
}
