/**
 * Reading rows from the located columns (DOMAIN.md §4, input; §1.2, reading values): every results
 * table of a workbook, long or wide, tables stacked on a sheet, merged municipalities carried
 * down, total rows skipped and checked. Each result read goes to the record store (the reference
 * path) or to the fast path's tally (fast.ts), which also takes the plain rows in its own loops.
 */
import { CellValue, SheetView, WorkbookSnapshot, a1 } from '../../snapshot';
import { OWNED_SHEETS } from '../../report';
import { formatNumberRu, normalizeLabel } from '../../text';
import { showValue } from '../../values';
import { SchoolYear, parseSchoolYear } from '../../years';
import { isNameLabel } from '../descriptor';
import { MetricGroup, ResultsTable, locateFirstTable, locateTableAt } from '../locate';
import { parseProcedure } from '../procedure';
import { IdentifySettings } from '../settings';
import { EMPTY, NAME_LABEL_RAW_RE, TOTAL_RAW_RE, TOTAL_RE, cellText, readMetric } from './cells';
import { Pattern, Tally, fastAdd, fastRows } from './fast';
import { Context, cachedSchool, procIndex, schoolIndex } from './registry';
import { takeRecords } from './records';
import { riskBandStart } from './rules';
import { IssueSink } from './sink';

/** Columns and caches of the table being read, for the fast reader (offsets into the row arrays). */
export interface QuickCols {
  key: number;
  name: number;
  byId: boolean;
  part: number;
  failed: number;
  failedCol: number;
  mun: number;
  year: number;
  proc: number;
  fixedYear: SchoolYear | null;
  fixedProc: number;
  table: number;
  yearCache: Map<CellValue, SchoolYear | null>;
  procCache: Map<string, number>;
  pattern: Pattern;
}

/** What the row readers remember from row to row. */
export interface RowState {
  lastKey: CellValue | undefined;
  lastSchool: number;
  lastYearRaw: CellValue | undefined;
  lastYear: SchoolYear | null;
  lastProcKey: string | undefined;
  lastProc: number;
  lastMunRaw: CellValue | undefined;
  currentMun: string | null;
  /** Results read by the fast reader in this table. */
  rows: number;
  /** The last row the fast reader took. */
  lastRow: number;
  /** Participants and failing since the last total row, and since the table start. */
  totals: number[];
  starts: number[];
}

/**
 * The common case in a tight loop: rows of a school seen before, whole counts with failing ≤
 * participants, a year and a procedure seen before, the municipality unchanged. Returns the first
 * row it did not take; the general path reads that one (and reports whatever is wrong with it).

/** Reads the data rows of one table (and of the tables stacked below it on the same sheet). */
function readTable(ctx: Context, view: SheetView, first: ResultsTable, sheetIdx: number): void {
  const { sink, recs } = ctx;
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
  const yearCache = new Map<CellValue, SchoolYear | null>();
  const procCache = new Map<string, number>();
  // Totals to check: row, and per group the sums since the last total / since the start.
  let sinceTotal: number[][] = [];
  // Clean rows of a single-group table go through the fast reader; st is shared with this path.
  let quick = false;
  const qc: QuickCols = {
    key: 0,
    name: 0,
    byId: false,
    part: 0,
    failed: 0,
    failedCol: 0,
    mun: -1,
    year: -1,
    proc: -1,
    fixedYear: null,
    fixedProc: -1,
    table: 0,
    yearCache,
    procCache,
    pattern: new Pattern(),
  };
  const st: RowState = {
    lastKey: undefined,
    lastSchool: -1,
    lastYearRaw: undefined,
    lastYear: null,
    lastProcKey: undefined,
    lastProc: -1,
    lastMunRaw: undefined,
    currentMun: null,
    rows: 0,
    lastRow: -1,
    totals: [0, 0],
    starts: [0, 0],
  };
  let rowsRead = 0;
  let tableNo = 0;
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
    st.currentMun = null;
    st.lastMunRaw = undefined;
    procCache.clear();
    qc.pattern.reset();
    groupYear = groups.map((g) => g.year ?? tableYear);
    groupProc = groups.map((g) =>
      hasProcCols
        ? -1
        : procIndex(
            ctx,
            parseProcedure({ group: g.context, sheet: t.context }),
            sheet,
            a1(t.headerBottom, g.cols.failed ?? g.cols.failedShare!),
          ),
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
    const g0 = groups[0];
    quick =
      groups.length === 1 &&
      g0.cols.participants !== undefined &&
      g0.cols.failed !== undefined &&
      g0.cols.failedShare === undefined &&
      g0.cols.band61 === undefined &&
      g0.cols.band81 === undefined &&
      subjCol < 0 &&
      gradeCol < 0;
    if (ctx.tables.length > 0) ctx.tables[ctx.tables.length - 1].rows += rowsRead + st.rows;
    rowsRead = 0;
    st.rows = 0;
    tableNo = ctx.tableInfo.length;
    qc.key = (idCol >= 0 ? idCol : nameCol) - c0;
    qc.byId = idCol >= 0;
    qc.name = nameCol - c0;
    qc.part = (g0.cols.participants ?? 0) - c0;
    qc.failed = (g0.cols.failed ?? 0) - c0;
    qc.failedCol = g0.cols.failed ?? 0;
    qc.mun = munCol >= 0 ? munCol - c0 : -1;
    qc.year = yearCol >= 0 ? yearCol - c0 : -1;
    qc.proc = procCol >= 0 ? procCol - c0 : -1;
    qc.fixedYear = groupYear[0] ?? null;
    qc.fixedProc = groupProc[0] ?? -1;
    qc.table = tableNo;
    st.totals = sinceTotal[0];
    st.starts = sinceStart[0];
    st.lastKey = undefined;
    ctx.tableInfo.push({ sheet: sheetIdx, nameCol: t.cols.name! });
    ctx.tables.push({
      sheet,
      layout: t.layout,
      header: a1(t.headerTop, view.firstCol) + ':' + a1(t.headerBottom, view.widthOf(t.headerTop, t.headerBottom) - 1),
      rows: 0,
    });
  };
  setup(first);
  const nameKnown = new Map<string, boolean>();

  let r = t0;
  const rowEnd = view.rowCount;
  // The current row: below the last merged area a plain array read, above it through the view.
  let line: (CellValue | undefined)[] | undefined;
  let fast = false;
  const get = (c: number): CellValue => {
    if (fast) {
      const v = line![c - c0];
      return v === undefined ? null : v;
    }
    return view.get(r, c);
  };
  while (r < rowEnd) {
    if (quick && ctx.tally && r > view.mergeMaxRow) {
      r = fastRows(ctx, values, r0, r, rowEnd, qc, st);
      if (st.lastRow > lastDataRow) lastDataRow = st.lastRow;
      if (r >= rowEnd) break;
    }
    if (ctx.tally?.aborted) return;
    fast = r > view.mergeMaxRow;
    line = fast ? values[r - r0] : undefined;
    if (fast && !line) {
      r++;
      continue;
    }
    const nameV = get(nameCol);
    let name: string | null = typeof nameV === 'string' ? nameV : typeof nameV === 'number' ? String(nameV) : null;
    const idV = idCol >= 0 ? get(idCol) : null;
    let sIdx = cachedSchool(ctx, idV, name);
    if (sIdx < 0 && name !== null) {
      let known = nameKnown.get(name);
      if (known === undefined) {
        const t = name.trim();
        if (t === '') {
          known = false;
          name = null;
        } else if (TOTAL_RAW_RE.test(t) && TOTAL_RE.test(normalizeLabel(t))) {
          known = false;
        } else if (t.length <= 80 && NAME_LABEL_RAW_RE.test(t) && isNameLabel(normalizeLabel(t))) {
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
    if (sIdx < 0 && (name === null || name.trim() === '')) {
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
        sink.add(
          'RESULTS-NO-SCHOOL',
          sheet,
          a1(r, nameCol),
          `Строка ${r + 1}: есть результаты, но не указано наименование ОО; строка не учтена.`,
        );
      }
      if (munCol >= 0) {
        const mv = cellText(get(munCol));
        if (mv !== null) st.currentMun = mv;
      }
      r++;
      continue;
    }
    // Municipality: the cell (merged cells read their top-left value), else carried down.
    if (munCol >= 0) {
      const mv = get(munCol);
      if (mv !== st.lastMunRaw) {
        st.lastMunRaw = mv;
        const mt = typeof mv === 'string' ? mv.trim() : null;
        if (mt) st.currentMun = mt;
      }
    } else {
      // Without a municipality column, a row with a name and no results is a group title.
      let any = false;
      for (const g of groups) {
        for (const c of [g.cols.participants, g.cols.failed, g.cols.failedShare]) {
          if (c !== undefined && get(c) !== null) any = true;
        }
      }
      if (!any && sIdx < 0 && name !== null && (idV === null || idV === '')) {
        st.currentMun = name.trim();
        r++;
        continue;
      }
    }
    lastDataRow = r;
    if (sIdx < 0) sIdx = schoolIndex(ctx, idV, name ?? '', st.currentMun);
    else if (st.currentMun !== null && ctx.schools[sIdx].municipality === null)
      ctx.schools[sIdx].municipality = st.currentMun;
    // The tight loops go on from this row's school: a row with the same key is of the same school.
    const keyV = idCol >= 0 ? idV : nameV;
    if ((typeof keyV === 'string' && keyV.trim() !== '') || typeof keyV === 'number') {
      st.lastKey = keyV;
      st.lastSchool = sIdx;
    }

    // The row's year (a year column, else the group's or the table's).
    let rowYear: SchoolYear | null = null;
    if (yearCol >= 0) {
      const yv = get(yearCol);
      let y: SchoolYear | null | undefined = yv === st.lastYearRaw ? st.lastYear : yearCache.get(yv);
      if (y === undefined) {
        y = parseSchoolYear(yv);
        if (typeof yv !== 'object' || yv === null) yearCache.set(yv, y);
      }
      if (y === null && yv !== null && yv !== '') {
        sink.add(
          'RESULTS-BAD-YEAR',
          sheet,
          a1(r, yearCol),
          `В ячейке ${a1(r, yearCol)} учебный год ${showValue(yv)} не распознан; запишите его как 2022-2023.`,
          yv,
        );
      }
      if (typeof yv !== 'object' || yv === null) {
        st.lastYearRaw = yv;
        st.lastYear = y;
      }
      rowYear = y;
    }

    let rowProc = -1;
    if (hasProcCols) {
      const pv = procCol >= 0 ? get(procCol) : null;
      const sv = subjCol >= 0 ? get(subjCol) : null;
      const gv = gradeCol >= 0 ? get(gradeCol) : null;
      const key =
        sv === null && gv === null && typeof pv === 'string'
          ? pv
          : `${cellText(pv) ?? ''}\u0001${cellText(sv) ?? ''}\u0001${cellText(gv) ?? ''}`;
      let pi = key === st.lastProcKey ? st.lastProc : procCache.get(key);
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
      st.lastProcKey = key;
      st.lastProc = pi;
      rowProc = pi;
    }

    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const year = yearCol >= 0 ? rowYear : groupYear[gi];
      const pi = hasProcCols ? rowProc : groupProc[gi];
      const pc = g.cols.participants;
      const fc = g.cols.failed;
      const sc = g.cols.failedShare;
      const pv = pc !== undefined ? readMetric(get(pc), null, 'count', sink, sheet, r, pc, 'участников') : EMPTY;
      const fv = fc !== undefined ? readMetric(get(fc), null, 'count', sink, sheet, r, fc, 'не справились') : EMPTY;
      const sv =
        sc !== undefined
          ? readMetric(get(sc), view.format(r, sc), 'share', sink, sheet, r, sc, 'доля не справившихся')
          : EMPTY;
      const pOk = pv >= 0;
      const fOk = fv >= 0;
      const sOk = sv >= 0;
      if (!pOk && !fOk && !sOk) {
        continue; // nothing written for this procedure, or already reported
      }
      if (pOk && fOk) {
        sinceTotal[gi][0] += pv;
        sinceStart[gi][0] += pv;
        sinceTotal[gi][1] += fv;
        sinceStart[gi][1] += fv;
      }
      if (year === null || pi < 0) continue;
      const part = pOk ? pv : NaN;
      const failed = fOk ? fv : NaN;
      let share = sOk ? sv : NaN;
      if (pOk && part === 0) {
        sink.add(
          'RESULTS-ZERO-PARTICIPANTS',
          sheet,
          a1(r, pc!),
          `Строка ${r + 1}: ноль участников — результат пропущен.`,
          0,
        );
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
        if (!sOk && pv === EMPTY) {
          const cell = pc !== undefined ? a1(r, pc) : a1(r, fc!);
          sink.add(
            'MISSING-VALUE',
            sheet,
            cell,
            `Строка ${r + 1}: указано число не справившихся, но нет числа участников; результат не учтён.`,
          );
        }
        if (!sOk) continue;
      } else if (pOk && !fOk && !sOk) {
        if (fv === EMPTY && (sc === undefined || sv === EMPTY)) {
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
      const hasBands = !Number.isNaN(b61) || !Number.isNaN(b81);
      const col = useCounts ? fc! : sc!;
      const f = useCounts ? failed : NaN;
      const sh = useCounts ? NaN : share;
      const ri = ctx.tally
        ? fastAdd(ctx, ctx.tally, sIdx, year, pi, tableNo, r, col, part, f, sh, hasBands)
        : recs.add(sIdx, year, pi, tableNo, r, col, part, f, sh);
      if (ri >= 0 && hasBands) recs.bands.set(ri, [b61, b81]);
      rowsRead++;
    }
    r++;
  }
  ctx.tables[ctx.tables.length - 1].rows += rowsRead + st.rows;

  function readBand(g: MetricGroup, role: 'band61' | 'band81', part: number): number {
    const c = g.cols[role];
    if (c === undefined) return NaN;
    const what = role === 'band61' ? '61–80 баллов' : '81–100 баллов';
    const isShare = g.bandIsShare || Number.isNaN(part);
    const v = readMetric(view.get(r, c), view.format(r, c), isShare ? 'share' : 'count', sink, sheet, r, c, what);
    if (v < 0) return NaN;
    return isShare ? v : (v * 100) / part;
  }

  function checkTotal(row: number, get: (c: number) => CellValue): void {
    // In a long layout a total row sums one year and procedure of a group; only wide tables are checked.
    if (hasProcCols || yearCol >= 0) return;
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
            `Строка ${row + 1} («итого»): ${showValue(v)}, а сумма по школам выше — ${sinceTotal[gi][k]}${sinceStart[gi][k] !== sinceTotal[gi][k] ? ` (с начала таблицы — ${sinceStart[gi][k]})` : ''}. Строка не участвует в расчёте.`,
            v,
          );
        }
      }
      sinceTotal[gi][0] = 0;
      sinceTotal[gi][1] = 0;
    });
  }
}

/**
 * Reads every results table of the workbook. With `fast`, on the fast path (see fast.ts: its
 * tally may give up, `ctx.tally.aborted`); without, on the reference path, storing every result.
 */
export function read(wb: WorkbookSnapshot, settings: IdentifySettings, fast: boolean): Context {
  const sink = new IssueSink();
  const rows = wb.sheets.reduce((n, sh) => n + sh.values.length, 0);
  const ctx: Context = {
    settings,
    sink,
    recs: takeRecords(fast ? Math.min(rows, 65536) : rows),
    schools: [],
    schoolByName: new Map(),
    schoolByRawId: new Map(),
    pendingSchools: [],
    pendingRaw: [],
    schoolByRawName: new Map(),
    procs: [],
    procByName: new Map(),
    procRank: [],
    sheetNames: [],
    sheetSources: [],
    tables: [],
    tableInfo: [],
    bandsSeen: false,
    tally: fast ? new Tally(settings.threshold, riskBandStart(settings)) : null,
  };
  const sheets = settings.sheet ? wb.sheets.filter((s) => s.name === settings.sheet) : wb.sheets;
  if (settings.sheet && sheets.length === 0) {
    sink.add(
      'MISSING-ROW',
      settings.sheet,
      null,
      `Лист «${settings.sheet}» не найден. Листы книги: ${wb.sheets.map((s) => `«${s.name}»`).join(', ')}.`,
    );
  }
  for (const snap of sheets) {
    if (snap.visibility === 'veryHidden') continue;
    // The product's own sheets (a previous run's verdicts) are not input, unless asked for by name.
    if (!settings.sheet && OWNED_SHEETS.includes(snap.name)) continue;
    const view = new SheetView(snap);
    const table = locateFirstTable(view);
    if (!table) continue;
    ctx.sheetNames.push(snap.name);
    ctx.sheetSources.push(snap.source ?? null);
    readTable(ctx, view, table, ctx.sheetNames.length - 1);
    if (ctx.tally?.aborted) break;
  }
  return ctx;
}
