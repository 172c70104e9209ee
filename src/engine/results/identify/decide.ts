/**
 * From the facts read to the answer: the issues about the data as a whole (no data, no year Y,
 * repeats with other numbers), a verdict per school, the summary, the cells to highlight.
 */
import { a1 } from '../../snapshot';
import { formatSchoolYear } from '../../years';
import { Facts } from './facts';
import { countVerdicts, procedureRanks, sortVerdicts } from './order';
import { Context } from './registry';
import { procedureCounts } from './rules';
import { IdentifyResult } from './types';
import { VerdictScratch, allVerdicts, bandEvidence, flaggedBySchool } from './verdict';

/** The procedures that count (by procedure index), for both paths to find their facts with. */
export function countedProcedures(ctx: Context): boolean[] {
  return ctx.procs.map((p) => procedureCounts(ctx.settings, p.proc.name, p.programme));
}

export function decide(ctx: Context, facts: Facts, procCounted: boolean[]): IdentifyResult {
  const { recs, settings, sink } = ctx;
  const { Y, total } = facts;
  if (total === 0) {
    sink.add(
      'RESULTS-NO-DATA',
      null,
      null,
      ctx.tables.length === 0
        ? 'Не найдена таблица результатов: нужен столбец с наименованием ОО и столбцы «Количество участников» и «Не справились» (или доля не справившихся).'
        : 'В таблице результатов нет ни одного результата, который можно учесть.',
    );
  } else if (Y !== null && !facts.hasY) {
    sink.add('RESULTS-NO-DATA', null, null, `В данных нет результатов за ${formatSchoolYear(Y)} учебный год.`);
  }
  ctx.procs.forEach((p, i) => (p.results = facts.perProc[i]));
  ctx.procRank = procedureRanks(ctx.procs);
  for (const [i, j] of facts.differing) {
    const s = ctx.schools[recs.school[i]];
    const at = ctx.tableInfo[recs.table[i]];
    const first = ctx.tableInfo[recs.table[j]];
    sink.add(
      'RESULTS-DUPLICATE',
      ctx.sheetNames[at.sheet],
      a1(recs.row[i], at.nameCol),
      `«${s.name}», ${formatSchoolYear(recs.year[i])}, ${ctx.procs[recs.proc[i]].proc.name}: результат указан повторно с другими числами (первая строка — ${ctx.sheetNames[first.sheet]}!${recs.row[j] + 1}); учтена первая строка.`,
      s.name,
    );
  }
  for (const [i, j] of facts.acrossFiles) {
    const s = ctx.schools[recs.school[i]];
    const at = ctx.tableInfo[recs.table[i]];
    const first = ctx.tableInfo[recs.table[j]];
    const where = (sheet: number, row: number): string => {
      const file = ctx.sheetSources[sheet] ?? '';
      const name = ctx.sheetNames[sheet];
      const own = name.startsWith(`${file}: `) ? name.slice(file.length + 2) : name;
      return `«${file}» (лист «${own}», строка ${row + 1})`;
    };
    sink.add(
      'RESULTS-DUPLICATE',
      ctx.sheetNames[at.sheet],
      a1(recs.row[i], at.nameCol),
      `«${s.name}», ${formatSchoolYear(recs.year[i])}, ${ctx.procs[recs.proc[i]].proc.name}: результат есть в двух файлах — ${where(first.sheet, recs.row[j])} и ${where(at.sheet, recs.row[i])}; учтён первый.`,
      s.name,
    );
  }
  // Each step below is a function of its own with one loop: called once per run, a long function
  // with several loops would be compiled loop by loop (on-stack replacement) and fall back to the
  // interpreter between them, run after run.
  const nSchools = ctx.schools.length;
  const nProcs = ctx.procs.length;
  const { fStart, fOrder } = flaggedBySchool(recs, facts, nSchools);
  const bandsBySchool = bandEvidence(ctx, facts.flags);
  const sc: VerdictScratch = {
    lowCells: new Map(),
    sheet: -1,
    list: [],
    stampY: new Int32Array(nProcs).fill(-1),
    stampP: new Int32Array(nProcs).fill(-1),
    keys: new Float64Array(256),
    low: [],
    reasons: new Map(),
  };
  const verdicts = allVerdicts(ctx, fStart, fOrder, facts.flags, facts.years, bandsBySchool, Y, sc);
  const { byStatus, byMunicipality } = countVerdicts(verdicts);
  const sorted = sortVerdicts(verdicts, byStatus);
  return {
    year: Y === null ? null : formatSchoolYear(Y),
    previousYear: Y === null ? null : formatSchoolYear(Y - 1),
    threshold: settings.threshold,
    settings,
    schools: sorted,
    issues: sink.finish(),
    procedures: ctx.procs.map((p, i) => ({
      name: p.proc.name,
      programme: p.programme,
      counted: procCounted[i],
      results: p.results,
    })),
    summary: { schools: sorted.length, byStatus, byMunicipality, results: total, tables: ctx.tables },
    lowCells: [...sc.lowCells.entries()].map(([si, cells]) => ({ sheet: ctx.sheetNames[si], cells })),
    hasBands: ctx.bandsSeen,
  };
}
