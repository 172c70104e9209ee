/**
 * Identification of schools with low educational results (DOMAIN.md §4).
 *
 * Reads every results table of a workbook (long or wide), checks it, and decides for each school:
 * ШНОР (rule 1: two or more low results in Y; rule 2: a low result in each of Y and Y−1),
 * риск (a low result in Y or Y−1, or a share within the risk band below the threshold in Y), or
 * норма. Shares are compared exactly (failing × 100 ≥ threshold × participants), never rounded first.
 */
import { CellValue, SheetView, WorkbookSnapshot, a1, isCellError } from '../snapshot';
import { Issue, IssueCode, makeIssue } from '../issues';
import { formatNumberRu, normalizeLabel, roundTo } from '../text';
import { readNumber, showValue } from '../values';
import { SchoolYear, formatSchoolYear, parseSchoolYear } from '../years';
import { PROGRAMME_PROCEDURES } from './descriptor';
import { MetricGroup, ResultsTable, isNameHeader, locateFirstTable, locateTableAt } from './locate';
import { Procedure, parseProcedure } from './procedure';
import { IdentifySettings } from './settings';

export type Status = 'ШНОР' | 'риск' | 'норма';

export interface ResultEvidence {
  year: string;
  procedure: string;
  participants: number | null;
  failed: number | null;
  /** Failing share in percent, rounded to 0.1 for display (the comparison used the exact value). */
  share: number;
  smallSample: boolean;
  sheet: string;
  cell: string;
}

export interface BandEvidence {
  year: string;
  procedure: string;
  belowMin: number | null;
  from61to80: number | null;
  from81to100: number | null;
}

export interface SchoolVerdict {
  id: string;
  name: string;
  municipality: string | null;
  status: Status;
  rule1: boolean;
  rule2: boolean;
  /** Low results that count, in Y and Y−1. */
  low: ResultEvidence[];
  lowCountYear: number;
  lowCountPreviousYear: number;
  /** Results in Y at or above the risk band but below the threshold. */
  nearThreshold: ResultEvidence[];
  /** Low results left out by the settings (too few participants, procedure not counted). */
  excluded: ResultEvidence[];
  yearMissing: boolean;
  previousYearMissing: boolean;
  bands: BandEvidence[];
  /** Russian: why this status. */
  reason: string;
}

export interface ProcedureInfo {
  name: string;
  programme: boolean;
  counted: boolean;
  results: number;
}

export interface IdentifyResult {
  year: string | null;
  previousYear: string | null;
  threshold: number;
  settings: IdentifySettings;
  schools: SchoolVerdict[];
  issues: Issue[];
  procedures: ProcedureInfo[];
  summary: {
    schools: number;
    byStatus: Record<Status, number>;
    byMunicipality: { municipality: string; schools: number; ШНОР: number; риск: number; норма: number }[];
    results: number;
    tables: { sheet: string; layout: 'long' | 'wide'; header: string; rows: number }[];
  };
  /** Cells to highlight in the input: every low result, by sheet. */
  lowCells: { sheet: string; cells: string[] }[];
  hasBands: boolean;
}

const SECTION = 'Результаты';
const MAX_ISSUES_PER_CODE = 500;
const TOTAL_RE = /^(итого|всего|итог)([^а-я]|$)/;

/** Columnar store of the results read, for speed on a million rows. */
class Records {
  school: number[] = [];
  year: number[] = [];
  proc: number[] = [];
  part: number[] = [];
  failed: number[] = [];
  share: number[] = [];
  band61: number[] = [];
  band81: number[] = [];
  sheet: number[] = [];
  row: number[] = [];
  col: number[] = [];
  nameCol: number[] = [];
  get length(): number {
    return this.school.length;
  }
}

interface School {
  id: string;
  name: string;
  municipality: string | null;
  recs: number[];
}

class IssueSink {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  add(code: IssueCode, sheet: string | null, cell: string | null, message: string, value?: CellValue): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n > MAX_ISSUES_PER_CODE) return;
    const v = value === undefined ? undefined : value === null ? null : isCellError(value) ? value.error : typeof value === 'boolean' ? String(value) : value;
    this.issues.push(makeIssue(code, { sheet, cell, section: SECTION }, message, v));
  }
  finish(): Issue[] {
    for (const [code, n] of this.counts) {
      if (n > MAX_ISSUES_PER_CODE) {
        const first = this.issues.find((i) => i.code === code)!;
        this.issues.push(
          makeIssue(code as IssueCode, { sheet: first.sheet, section: SECTION }, `И ещё ${n - MAX_ISSUES_PER_CODE} таких же замечаний (показаны первые ${MAX_ISSUES_PER_CODE}).`),
        );
      }
    }
    return this.issues;
  }
}

type NumRead = { ok: true; value: number } | { ok: false; empty: boolean };

/** Reads a count or share cell; reports what cannot be read. */
function readMetric(
  v: CellValue,
  format: string | null,
  kind: 'count' | 'share',
  sink: IssueSink,
  sheet: string,
  r: number,
  c: number,
  what: string,
): NumRead {
  if (typeof v === 'number' && kind === 'count' && Number.isInteger(v) && v >= 0) return { ok: true, value: v };
  const rv = readNumber(v, kind === 'share' ? format : null);
  switch (rv.kind) {
    case 'empty':
    case 'na':
      return { ok: false, empty: true };
    case 'error':
      sink.add('CELL-ERROR', sheet, a1(r, c), `В ячейке ${a1(r, c)} (${what}) ошибка Excel ${rv.error}: значение не учтено.`, v);
      return { ok: false, empty: false };
    case 'text':
      sink.add('NOT-A-NUMBER', sheet, a1(r, c), `В ячейке ${a1(r, c)} (${what}) текст ${showValue(v)} вместо числа.`, v);
      return { ok: false, empty: false };
    case 'number': {
      const x = rv.value;
      if (kind === 'count' && (x < 0 || !Number.isInteger(x))) {
        sink.add('OUT-OF-RANGE', sheet, a1(r, c), `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: количество должно быть целым неотрицательным числом.`, v);
        return { ok: false, empty: false };
      }
      if (kind === 'share' && (x < 0 || x > 100)) {
        sink.add('OUT-OF-RANGE', sheet, a1(r, c), `В ячейке ${a1(r, c)} (${what}) ${showValue(v)}: доля должна быть от 0 до 100 %.`, v);
        return { ok: false, empty: false };
      }
      return { ok: true, value: x };
    }
  }
}

interface Context {
  settings: IdentifySettings;
  sink: IssueSink;
  recs: Records;
  schools: School[];
  schoolByKey: Map<string, number>;
  procs: { proc: Procedure; programme: boolean; results: number; reported: boolean }[];
  procByName: Map<string, number>;
  sheetNames: string[];
  tables: IdentifyResult['summary']['tables'];
  bandsSeen: boolean;
}

function procIndex(ctx: Context, p: Procedure, sheet: string, cell: string): number {
  let i = ctx.procByName.get(p.name);
  if (i === undefined) {
    i = ctx.procs.length;
    const programme = (PROGRAMME_PROCEDURES as readonly string[]).includes(p.name);
    ctx.procs.push({ proc: p, programme, results: 0, reported: false });
    ctx.procByName.set(p.name, i);
    if (!programme) {
      const counted = isCounted(ctx.settings, p.name, false);
      ctx.sink.add(
        'RESULTS-OTHER-PROCEDURE',
        sheet,
        cell,
        `Процедура «${p.name}» не входит в региональную программу; по настройкам она ${counted ? 'учитывается' : 'не учитывается'} при идентификации.`,
        p.name,
      );
    }
  }
  return i;
}

function isCounted(s: IdentifySettings, name: string, programme: boolean): boolean {
  if (s.procedures) return s.procedures.some((p) => normalizeLabel(p) === normalizeLabel(name));
  return programme || s.includeOther;
}

function schoolIndex(ctx: Context, idRaw: CellValue, nameRaw: string, municipality: string | null): number {
  const idText = idRaw === null || idRaw === undefined ? '' : typeof idRaw === 'string' ? idRaw.trim() : isCellError(idRaw) ? '' : String(idRaw);
  const key = idText !== '' ? 'id:' + idText : 'name:' + normalizeLabel(nameRaw);
  let i = ctx.schoolByKey.get(key);
  if (i === undefined) {
    i = ctx.schools.length;
    ctx.schools.push({
      id: idText !== '' ? idText : normalizeLabel(nameRaw),
      name: nameRaw.replace(/\s+/g, ' ').trim(),
      municipality,
      recs: [],
    });
    ctx.schoolByKey.set(key, i);
  } else if (ctx.schools[i].municipality === null && municipality !== null) {
    ctx.schools[i].municipality = municipality;
  }
  return i;
}

function cellText(v: CellValue): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  return null;
}

/** Reads the data rows of one table (and of the tables stacked below it on the same sheet). */
function readTable(ctx: Context, view: SheetView, first: ResultsTable, sheetIdx: number): void {
  const { sink, recs, settings } = ctx;
  const values = view.snapshot.values;
  const r0 = view.firstRow;
  const c0 = view.firstCol;
  const sheet = view.name;
  let table = first;
  let t0 = first.dataStart;
  let lastDataRow = first.headerBottom;

  // Per-table state, rebuilt when a stacked table starts.
  let nameCol = 0;
  let idCol = -1;
  let munCol = -1;
  let yearCol = -1;
  let procCol = -1;
  let subjCol = -1;
  let gradeCol = -1;
  let numCol = -1;
  let groups: MetricGroup[] = [];
  let groupProc: number[] = [];
  let groupYear: (SchoolYear | null)[] = [];
  let tableYear: SchoolYear | null = null;
  let hasProcCols = false;
  let currentMun: string | null = null;
  const yearCache = new Map<CellValue, SchoolYear | null>();
  const procCache = new Map<string, number>();
  // Totals to check: row, and per group the sums since the last total / since the start.
  let sinceTotal: number[][] = [];
  let sinceStart: number[][] = [];

  const setup = (t: ResultsTable): void => {
    table = t;
    nameCol = t.cols.name!;
    idCol = t.cols.id ?? -1;
    munCol = t.cols.municipality ?? -1;
    yearCol = t.cols.year ?? -1;
    procCol = t.cols.procedure ?? -1;
    subjCol = t.cols.subject ?? -1;
    gradeCol = t.cols.grade ?? -1;
    numCol = t.cols.number ?? -1;
    groups = t.groups;
    hasProcCols = procCol >= 0 || subjCol >= 0 || gradeCol >= 0;
    tableYear = parseSchoolYear(t.context, true);
    currentMun = null;
    procCache.clear();
    groupYear = groups.map((g) => g.year ?? tableYear);
    groupProc = groups.map((g) =>
      hasProcCols ? -1 : procIndex(ctx, parseProcedure({ group: g.context, sheet: t.context }), sheet, a1(t.headerBottom, g.cols.failed ?? g.cols.failedShare!)),
    );
    if (!hasProcCols) {
      groups.forEach((g, gi) => {
        const p = ctx.procs[groupProc[gi]].proc;
        if (p.type === null && p.subject === null) {
          sink.add(
            'RESULTS-NO-PROCEDURE',
            sheet,
            a1(t.headerBottom, g.cols.failed ?? g.cols.failedShare!),
            `Лист «${sheet}»: не удалось понять, к какой процедуре относятся столбцы «${g.context || 'результаты'}». Укажите процедуру и предмет в заголовке или добавьте столбцы «Процедура» и «Предмет».`,
          );
        }
      });
    }
    if (yearCol < 0 && groupYear.some((y) => y === null)) {
      sink.add(
        'RESULTS-NO-YEAR',
        sheet,
        a1(t.headerTop, nameCol),
        `Лист «${sheet}»: не найден учебный год таблицы. Добавьте столбец «Учебный год» или укажите год в названии листа или в заголовке.`,
      );
    }
    sinceTotal = groups.map(() => [0, 0]);
    sinceStart = groups.map(() => [0, 0]);
    ctx.tables.push({ sheet, layout: t.layout, header: a1(t.headerTop, view.firstCol) + ':' + a1(t.headerBottom, view.colCount - 1), rows: 0 });
  };
  setup(first);
  const nameKnown = new Map<string, boolean>();

  let r = t0;
  const rowEnd = view.rowCount;
  while (r < rowEnd) {
    const fast = r > view.mergeMaxRow;
    const line = fast ? values[r - r0] : undefined;
    if (fast && !line) {
      r++;
      continue;
    }
    const get = (c: number): CellValue => {
      if (fast) {
        const v = line![c - c0];
        return v === undefined ? null : v;
      }
      return view.get(r, c);
    };
    const nameV = get(nameCol);
    let name: string | null = typeof nameV === 'string' ? nameV : typeof nameV === 'number' ? String(nameV) : null;
    if (name !== null) {
      let known = nameKnown.get(name);
      if (known === undefined) {
        const t = name.trim();
        if (t === '') {
          known = false;
          name = null;
        } else if (TOTAL_RE.test(normalizeLabel(t))) {
          known = false;
        } else if (isNameHeader(t)) {
          const next = locateTableAt(view, r, nameCol, lastDataRow + 1);
          if (next) {
            setup(next);
            r = next.dataStart;
            continue;
          }
          known = true;
        } else {
          known = true;
        }
        if (name !== null) nameKnown.set(name, known);
      }
      if (known === false && name !== null) {
        // A total row: check it against the schools above, then skip it.
        checkTotal(r, get);
        r++;
        continue;
      }
    }
    if (name === null || name.trim() === '') {
      // No school name: a total written in another column, a group title, or a result without a school.
      const other = [numCol, munCol, view.firstCol].filter((c) => c >= 0).map((c) => cellText(get(c)));
      if (other.some((t) => t !== null && TOTAL_RE.test(normalizeLabel(t)))) {
        checkTotal(r, get);
        r++;
        continue;
      }
      let hasMetric = false;
      for (const g of groups) {
        const fv = get(g.cols.failed ?? g.cols.failedShare!);
        if (fv !== null && fv !== '') hasMetric = true;
      }
      if (hasMetric) {
        sink.add('RESULTS-NO-SCHOOL', sheet, a1(r, nameCol), `Строка ${r + 1}: есть результаты, но не указано наименование ОО; строка не учтена.`);
      }
      if (munCol >= 0) {
        const mv = cellText(get(munCol));
        if (mv !== null) currentMun = mv;
      }
      r++;
      continue;
    }
    // Municipality: the cell (merged cells read their top-left value), else carried down.
    if (munCol >= 0) {
      const mv = get(munCol);
      const mt = typeof mv === 'string' ? mv.trim() : null;
      if (mt) currentMun = mt;
    } else {
      // Without a municipality column, a row with a name and no results is a group title.
      let any = false;
      for (const g of groups) {
        for (const c of [g.cols.participants, g.cols.failed, g.cols.failedShare]) {
          if (c !== undefined && get(c) !== null) any = true;
        }
      }
      if (!any) {
        currentMun = name.trim();
        r++;
        continue;
      }
    }
    lastDataRow = r;
    const sIdx = schoolIndex(ctx, idCol >= 0 ? get(idCol) : null, name, currentMun);

    // The row's year (a year column, else the group's or the table's).
    let rowYear: SchoolYear | null = null;
    if (yearCol >= 0) {
      const yv = get(yearCol);
      let y = yearCache.get(yv);
      if (y === undefined) {
        y = parseSchoolYear(yv);
        if (y === null && yv !== null && yv !== '') {
          sink.add('RESULTS-BAD-YEAR', sheet, a1(r, yearCol), `В ячейке ${a1(r, yearCol)} учебный год ${showValue(yv)} не распознан; запишите его как 2022-2023.`, yv);
        }
        if (typeof yv !== 'object' || yv === null) yearCache.set(yv, y);
      }
      rowYear = y;
    }

    let rowProc = -1;
    if (hasProcCols) {
      const pv = procCol >= 0 ? get(procCol) : null;
      const sv = subjCol >= 0 ? get(subjCol) : null;
      const gv = gradeCol >= 0 ? get(gradeCol) : null;
      const key = `${cellText(pv) ?? ''}\u0001${cellText(sv) ?? ''}\u0001${cellText(gv) ?? ''}`;
      let pi = procCache.get(key);
      if (pi === undefined) {
        const p = parseProcedure({
          procedure: cellText(pv),
          subject: cellText(sv),
          grade: cellText(gv),
          group: groups.length === 1 ? groups[0].context : null,
          sheet: table.context,
        });
        if (p.type === null && p.subject === null) {
          pi = -1;
          sink.add(
            'RESULTS-NO-PROCEDURE',
            sheet,
            a1(r, procCol >= 0 ? procCol : subjCol >= 0 ? subjCol : gradeCol),
            `Строка ${r + 1}: не указана оценочная процедура или предмет; строка не учтена.`,
          );
        } else {
          pi = procIndex(ctx, p, sheet, a1(r, procCol >= 0 ? procCol : subjCol >= 0 ? subjCol : gradeCol));
        }
        procCache.set(key, pi);
      }
      rowProc = pi;
    }

    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const year = yearCol >= 0 ? rowYear : groupYear[gi];
      const pi = hasProcCols ? rowProc : groupProc[gi];
      const pc = g.cols.participants;
      const fc = g.cols.failed;
      const sc = g.cols.failedShare;
      const pRead = pc !== undefined ? readMetric(get(pc), null, 'count', sink, sheet, r, pc, 'участников') : null;
      const fRead = fc !== undefined ? readMetric(get(fc), null, 'count', sink, sheet, r, fc, 'не справились') : null;
      const sRead =
        sc !== undefined ? readMetric(get(sc), view.format(r, sc), 'share', sink, sheet, r, sc, 'доля не справившихся') : null;
      const pOk = pRead !== null && pRead.ok;
      const fOk = fRead !== null && fRead.ok;
      const sOk = sRead !== null && sRead.ok;
      if (!pOk && !fOk && !sOk) {
        continue; // nothing written for this procedure, or already reported
      }
      if (pOk) {
        sinceTotal[gi][0] += (pRead as { value: number }).value;
        sinceStart[gi][0] += (pRead as { value: number }).value;
      }
      if (fOk) {
        sinceTotal[gi][1] += (fRead as { value: number }).value;
        sinceStart[gi][1] += (fRead as { value: number }).value;
      }
      if (year === null || pi < 0) continue;
      const part = pOk ? (pRead as { value: number }).value : NaN;
      const failed = fOk ? (fRead as { value: number }).value : NaN;
      let share = sOk ? (sRead as { value: number }).value : NaN;
      if (pOk && part === 0) {
        sink.add('RESULTS-ZERO-PARTICIPANTS', sheet, a1(r, pc!), `Строка ${r + 1}: ноль участников — результат пропущен.`, 0);
        continue;
      }
      if (fOk && pOk) {
        if (failed > part) {
          sink.add(
            'RESULTS-INCONSISTENT',
            sheet,
            a1(r, fc!),
            `Строка ${r + 1}: не справились ${failed}, а участников всего ${part}; результат не учтён.`,
            failed,
          );
          continue;
        }
        if (sOk && Math.abs((failed * 100) / part - share) > 0.15) {
          sink.add(
            'RESULTS-SHARE-MISMATCH',
            sheet,
            a1(r, sc!),
            `Строка ${r + 1}: доля ${formatNumberRu(share)} % не равна ${failed} из ${part} (${formatNumberRu((failed * 100) / part)} %); взято количество.`,
            share,
          );
        }
        share = NaN;
      } else if (fOk && !pOk) {
        if (!sOk && (pRead === null || (pRead.ok === false && pRead.empty))) {
          const cell = pc !== undefined ? a1(r, pc) : a1(r, fc!);
          sink.add('MISSING-VALUE', sheet, cell, `Строка ${r + 1}: указано число не справившихся, но нет числа участников; результат не учтён.`);
        }
        if (!sOk) continue;
      } else if (pOk && !fOk && !sOk) {
        if (fRead !== null && fRead.ok === false && fRead.empty) {
          sink.add(
            'MISSING-VALUE',
            sheet,
            a1(r, fc ?? sc!),
            `Строка ${r + 1}: указано число участников, но не заполнено число не справившихся; результат не учтён. Если не справившихся нет, поставьте 0.`,
          );
        }
        continue;
      }
      const useCounts = fOk && pOk;
      let b61 = NaN;
      let b81 = NaN;
      if (g.cols.band61 !== undefined || g.cols.band81 !== undefined) {
        ctx.bandsSeen = true;
        b61 = readBand(g, 'band61', part);
        b81 = readBand(g, 'band81', part);
      }
      recs.school.push(sIdx);
      recs.year.push(year);
      recs.proc.push(pi);
      recs.part.push(part);
      recs.failed.push(useCounts ? failed : NaN);
      recs.share.push(useCounts ? NaN : share);
      recs.band61.push(b61);
      recs.band81.push(b81);
      recs.sheet.push(sheetIdx);
      recs.row.push(r);
      recs.col.push(useCounts ? fc! : sc!);
      recs.nameCol.push(nameCol);
      ctx.schools[sIdx].recs.push(recs.length - 1);
      ctx.procs[pi].results++;
      ctx.tables[ctx.tables.length - 1].rows++;
    }
    r++;
  }

  function readBand(g: MetricGroup, role: 'band61' | 'band81', part: number): number {
    const c = g.cols[role];
    if (c === undefined) return NaN;
    const what = role === 'band61' ? '61–80 баллов' : '81–100 баллов';
    const isShare = g.bandIsShare || Number.isNaN(part);
    const rd = readMetric(view.get(r, c), view.format(r, c), isShare ? 'share' : 'count', sink, sheet, r, c, what);
    if (!rd.ok) return NaN;
    return isShare ? rd.value : (rd.value * 100) / part;
  }

  function checkTotal(row: number, get: (c: number) => CellValue): void {
    groups.forEach((g, gi) => {
      const checks: [number | undefined, number][] = [
        [g.cols.participants, 0],
        [g.cols.failed, 1],
      ];
      for (const [c, k] of checks) {
        if (c === undefined) continue;
        const v = get(c);
        if (typeof v !== 'number') continue;
        if (v !== sinceTotal[gi][k] && v !== sinceStart[gi][k]) {
          sink.add(
            'RESULTS-TOTAL-MISMATCH',
            sheet,
            a1(row, c),
            `Строка ${row + 1} («итого»): ${showValue(v)}, а сумма по школам выше — ${sinceTotal[gi][k]}. Строка не участвует в расчёте.`,
            v,
          );
        }
      }
      sinceTotal[gi] = [0, 0];
    });
  }
}

/** Identifies ШНОР in a workbook. Never throws on bad data: problems come back as issues. */
export function identify(wb: WorkbookSnapshot, settings: IdentifySettings): IdentifyResult {
  const sink = new IssueSink();
  const ctx: Context = {
    settings,
    sink,
    recs: new Records(),
    schools: [],
    schoolByKey: new Map(),
    procs: [],
    procByName: new Map(),
    sheetNames: [],
    tables: [],
    bandsSeen: false,
  };
  const sheets = settings.sheet ? wb.sheets.filter((s) => s.name === settings.sheet) : wb.sheets;
  if (settings.sheet && sheets.length === 0) {
    sink.add('MISSING-ROW', settings.sheet, null, `Лист «${settings.sheet}» не найден. Листы книги: ${wb.sheets.map((s) => `«${s.name}»`).join(', ')}.`);
  }
  for (const snap of sheets) {
    if (snap.visibility === 'veryHidden') continue;
    const view = new SheetView(snap);
    const table = locateFirstTable(view);
    if (!table) continue;
    ctx.sheetNames.push(snap.name);
    readTable(ctx, view, table, ctx.sheetNames.length - 1);
  }
  return decide(ctx);
}

function decide(ctx: Context): IdentifyResult {
  const { recs, settings, sink } = ctx;
  const t = settings.threshold;
  const riskFrom = Math.max(0, t - settings.riskBand);

  let Y: SchoolYear | null = null;
  if (settings.year !== null) {
    Y = parseSchoolYear(settings.year);
    if (Y === null) {
      Y = parseSchoolYear(settings.year, true);
    }
  } else {
    for (let i = 0; i < recs.length; i++) if (Y === null || recs.year[i] > Y) Y = recs.year[i];
  }
  if (recs.length === 0) {
    sink.add(
      'RESULTS-NO-DATA',
      null,
      null,
      ctx.tables.length === 0
        ? 'Не найдена таблица результатов: нужен столбец с наименованием ОО и столбцы «Количество участников» и «Не справились» (или доля не справившихся).'
        : 'В таблице результатов нет ни одного результата, который можно учесть.',
    );
  } else if (Y !== null && !recs.year.includes(Y)) {
    sink.add('RESULTS-NO-DATA', null, null, `В данных нет результатов за ${formatSchoolYear(Y)} учебный год.`);
  }
  const P = Y === null ? null : Y - 1;
  const procCounted = ctx.procs.map((p) => isCounted(settings, p.proc.name, p.programme));

  const verdicts: SchoolVerdict[] = [];
  const lowCells = new Map<number, string[]>();
  for (const s of ctx.schools) {
    // One result per (year, procedure): the first; a differing repeat is an error.
    const seen = new Map<number, number>();
    const kept: number[] = [];
    for (const i of s.recs) {
      const key = recs.year[i] * 4096 + recs.proc[i];
      const j = seen.get(key);
      if (j === undefined) {
        seen.set(key, i);
        kept.push(i);
        continue;
      }
      const same =
        sameNum(recs.part[i], recs.part[j]) && sameNum(recs.failed[i], recs.failed[j]) && sameNum(recs.share[i], recs.share[j]);
      if (!same) {
        const sheet = ctx.sheetNames[recs.sheet[i]];
        sink.add(
          'RESULTS-DUPLICATE',
          sheet,
          a1(recs.row[i], recs.nameCol[i]),
          `«${s.name}», ${formatSchoolYear(recs.year[i])}, ${ctx.procs[recs.proc[i]].proc.name}: результат указан повторно с другими числами (первая строка — ${ctx.sheetNames[recs.sheet[j]]}!${recs.row[j] + 1}); учтена первая строка.`,
          s.name,
        );
      }
    }
    const low: ResultEvidence[] = [];
    const near: ResultEvidence[] = [];
    const excluded: ResultEvidence[] = [];
    const bands: BandEvidence[] = [];
    const lowY = new Set<number>();
    const lowP = new Set<number>();
    let hasY = false;
    let hasP = false;
    for (const i of kept) {
      const y = recs.year[i];
      if (!Number.isNaN(recs.band61[i]) || !Number.isNaN(recs.band81[i])) {
        bands.push({
          year: formatSchoolYear(y),
          procedure: ctx.procs[recs.proc[i]].proc.name,
          belowMin: roundTo(shareOf(recs, i)),
          from61to80: Number.isNaN(recs.band61[i]) ? null : roundTo(recs.band61[i]),
          from81to100: Number.isNaN(recs.band81[i]) ? null : roundTo(recs.band81[i]),
        });
      }
      if (y !== Y && y !== P) continue;
      if (y === Y) hasY = true;
      else hasP = true;
      const part = recs.part[i];
      const failed = recs.failed[i];
      const isLow = Number.isNaN(failed) ? recs.share[i] >= t : failed * 100 >= t * part;
      const isNear = !isLow && (Number.isNaN(failed) ? recs.share[i] >= riskFrom : failed * 100 >= riskFrom * part);
      if (!isLow && !(isNear && y === Y)) continue;
      const ev = evidence(ctx, i, settings);
      if (isNear) {
        near.push(ev);
        continue;
      }
      let list = lowCells.get(recs.sheet[i]);
      if (!list) lowCells.set(recs.sheet[i], (list = []));
      list.push(a1(recs.row[i], recs.col[i]));
      const counted = procCounted[recs.proc[i]] && (Number.isNaN(part) || part >= settings.minParticipants);
      if (!counted) {
        excluded.push(ev);
        continue;
      }
      low.push(ev);
      (y === Y ? lowY : lowP).add(recs.proc[i]);
    }
    const rule1 = lowY.size >= 2;
    let rule2: boolean;
    if (settings.rule2 === 'same') {
      rule2 = [...lowY].some((p) => lowP.has(p));
    } else {
      rule2 = lowY.size >= 1 && lowP.size >= 1;
    }
    const status: Status = rule1 || rule2 ? 'ШНОР' : lowY.size + lowP.size > 0 || near.length > 0 ? 'риск' : 'норма';
    low.sort((a, b) => (a.year === b.year ? a.procedure.localeCompare(b.procedure, 'ru') : b.year.localeCompare(a.year)));
    verdicts.push({
      id: s.id,
      name: s.name,
      municipality: s.municipality,
      status,
      rule1,
      rule2,
      low,
      lowCountYear: lowY.size,
      lowCountPreviousYear: lowP.size,
      nearThreshold: near,
      excluded,
      yearMissing: !hasY,
      previousYearMissing: !hasP,
      bands,
      reason: reasonText(status, rule1, rule2, lowY.size, lowP.size, near.length, !hasP, hasY || hasP, Y, settings),
    });
  }
  const order: Record<Status, number> = { ШНОР: 0, риск: 1, норма: 2 };
  verdicts.sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name, 'ru') || a.id.localeCompare(b.id));

  const byStatus: Record<Status, number> = { ШНОР: 0, риск: 0, норма: 0 };
  const byMun = new Map<string, { municipality: string; schools: number; ШНОР: number; риск: number; норма: number }>();
  for (const v of verdicts) {
    byStatus[v.status]++;
    const m = v.municipality ?? '(не указан)';
    let e = byMun.get(m);
    if (!e) byMun.set(m, (e = { municipality: m, schools: 0, ШНОР: 0, риск: 0, норма: 0 }));
    e.schools++;
    e[v.status]++;
  }
  return {
    year: Y === null ? null : formatSchoolYear(Y),
    previousYear: P === null ? null : formatSchoolYear(P),
    threshold: t,
    settings,
    schools: verdicts,
    issues: sink.finish(),
    procedures: ctx.procs.map((p, i) => ({ name: p.proc.name, programme: p.programme, counted: procCounted[i], results: p.results })),
    summary: {
      schools: verdicts.length,
      byStatus,
      byMunicipality: [...byMun.values()].sort((a, b) => a.municipality.localeCompare(b.municipality, 'ru')),
      results: recs.length,
      tables: ctx.tables,
    },
    lowCells: [...lowCells.entries()].map(([si, cells]) => ({ sheet: ctx.sheetNames[si], cells })),
    hasBands: ctx.bandsSeen,
  };
}

function sameNum(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function shareOf(recs: Records, i: number): number {
  return Number.isNaN(recs.failed[i]) ? recs.share[i] : (recs.failed[i] * 100) / recs.part[i];
}

function evidence(ctx: Context, i: number, settings: IdentifySettings): ResultEvidence {
  const { recs } = ctx;
  const part = recs.part[i];
  return {
    year: formatSchoolYear(recs.year[i]),
    procedure: ctx.procs[recs.proc[i]].proc.name,
    participants: Number.isNaN(part) ? null : part,
    failed: Number.isNaN(recs.failed[i]) ? null : recs.failed[i],
    share: roundTo(shareOf(recs, i)),
    smallSample: !Number.isNaN(part) && part < settings.smallSample,
    sheet: ctx.sheetNames[recs.sheet[i]],
    cell: a1(recs.row[i], recs.col[i]),
  };
}

function reasonText(
  status: Status,
  rule1: boolean,
  rule2: boolean,
  nY: number,
  nP: number,
  nNear: number,
  prevMissing: boolean,
  hasAny: boolean,
  Y: SchoolYear | null,
  s: IdentifySettings,
): string {
  const y = Y === null ? 'последнем году' : `${formatSchoolYear(Y)} учебном году`;
  const yp = Y === null ? 'предыдущем году' : `${formatSchoolYear(Y - 1)} учебном году`;
  const parts: string[] = [];
  if (rule1) parts.push(`правило 1: низкие результаты в ${y} по ${nY} процедурам`);
  if (rule2) {
    parts.push(
      s.rule2 === 'same'
        ? `правило 2: низкий результат по одной и той же процедуре в ${yp} и в ${y}`
        : `правило 2: низкие результаты и в ${yp}, и в ${y}`,
    );
  }
  if (status === 'риск') {
    if (nY + nP > 0) parts.push(`низкие результаты: ${nY} в ${y}, ${nP} в ${yp} — недостаточно для ШНОР`);
    if (nNear > 0) parts.push(`в ${y} ${nNear} результат(ов) в зоне риска (от ${formatNumberRu(s.threshold - s.riskBand)} % до порога)`);
  }
  if (status === 'норма') parts.push(hasAny ? 'низких результатов нет' : 'нет учитываемых результатов за эти годы');
  if (prevMissing) parts.push(`нет данных за ${Y === null ? 'предыдущий год' : formatSchoolYear(Y - 1)} — правило 2 проверить нельзя`);
  return parts.join('; ');
}
