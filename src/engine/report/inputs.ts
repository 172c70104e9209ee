/**
 * What the справка is made from, sorted out of the workbooks given (the command line's files, the
 * web page's opened files, the open workbook in Excel): results workbooks (their sheets merged into
 * one), ДТК with their «Проблема» findings, the roadmap's factor lists, and the first workbook with
 * a «Справочник мер» sheet. One place for the command line and the pane.
 */
import { checkWorkbook, detect } from '../check';
import { Issue } from '../issues';
import { readFisOko } from '../results/fisoko';
import { mergeSources } from '../results/sources';
import { locateRoadmap, isAbsent } from '../roadmap/locate';
import { IdentifySettings } from '../results/settings';
import { SheetSnapshot, WorkbookSnapshot } from '../snapshot';
import { normalizeLabel } from '../text';
import { ObjectivityAnalysis, ObjectivitySettings } from '../marks/objectivity';
import { objectivityOfWorkbook } from '../marks/analyses';
import { MEASURES_SHEET } from './catalogue';
import { DtkProblems, FactorList } from './recommend';

export interface ReportBook {
  /** The file's name (a sheet name met again in another book gets it in brackets). */
  name: string;
  wb: WorkbookSnapshot;
}

export interface ReportInputs {
  /** The results workbooks, in the order given. */
  results: ReportBook[];
  /**
   * Their sheets as one workbook, as `shnor identify FILE...` merges them (ФИС ОКО «Статистика по
   * отметкам» sheets read as results; with several books each sheet named `файл: лист`).
   */
  merged: WorkbookSnapshot;
  /** What the merge found (a ФИС ОКО report without a year or procedure, a «Выполнение заданий» report). */
  mergeIssues: Issue[];
  dtk: DtkProblems[];
  factors: FactorList[];
  measures: WorkbookSnapshot | null;
  /** The kind of each book, in the order given. */
  kinds: string[];
  /**
   * The objectivity of marks (confirmed / lowered / raised per school × subject) read from every
   * book's sheets, as `shnor objectivity` reads them; null when no book has such a table.
   */
  objectivity: ObjectivityAnalysis | null;
}

/** The sheets of several results workbooks as one: a name met again gets the file's name in brackets. */
export function mergeSheets(books: { name: string; wb: WorkbookSnapshot }[]): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  const names = new Set<string>();
  for (const { name: file, wb } of books) {
    const base = file.replace(/^.*[\\/]/, '');
    for (const s of wb.sheets) {
      let name = s.name;
      if (names.has(name)) name = `${s.name} (${base})`;
      for (let k = 2; names.has(name); k++) name = `${s.name} (${base}, ${k})`;
      names.add(name);
      sheets.push(name === s.name ? s : { ...s, name });
    }
  }
  return { sheets };
}

/** Sorts the books by kind and gathers what each kind adds to the справка. `date`: today, dd.mm.yyyy. */
export function reportInputs(
  books: ReportBook[],
  settings: IdentifySettings,
  date: string,
  objectivity: Partial<ObjectivitySettings> = {},
): ReportInputs {
  const out: ReportInputs = {
    results: [],
    merged: { sheets: [] },
    mergeIssues: [],
    dtk: [],
    factors: [],
    measures: null,
    kinds: [],
    objectivity: null,
  };
  for (const book of books) {
    const wb = book.wb;
    if (!out.measures && wb.sheets.some((s) => normalizeLabel(s.name) === normalizeLabel(MEASURES_SHEET)))
      out.measures = wb;
    let kind = detect(wb).kind;
    // A ФИС ОКО export is a results book too (the identification reads it through mergeSources).
    if (kind === 'unknown' && wb.sheets.some((s) => s.visibility !== 'veryHidden' && readFisOko(s) !== null))
      kind = 'results';
    out.kinds.push(kind);
    if (kind === 'results') out.results.push(book);
    else if (kind === 'roadmap') {
      const loc = locateRoadmap(wb);
      for (const f of loc.factors) {
        if (!f.schools || isAbsent(f.schools)) continue;
        for (const code of f.codes) {
          out.factors.push({
            code,
            parameter: f.parameter ?? loc.catalogue.get(code)?.parameter ?? code,
            schools: f.schools,
          });
        }
      }
    } else if (kind === 'dtk') {
      const rep = checkWorkbook(wb, settings, date);
      const school = rep.indicators.school;
      if (typeof school === 'string' && school.trim()) {
        out.dtk.push({
          school,
          problems: rep.conclusions
            .filter((c) => c.problem && !/^проблем не выявлено/i.test(c.problem.trim()))
            .map((c) => ({ section: c.section, problem: c.problem })),
        });
      }
    }
  }
  // The file names without folders when they differ, as `shnor identify` names the sources.
  const names = out.results.map((b) => b.name.replace(/^.*[\\/]/, ''));
  const unique = new Set(names.map((n) => n.toLowerCase())).size === names.length;
  const merged = mergeSources(out.results.map((b, i) => ({ file: unique ? names[i] : b.name, workbook: b.wb })));
  out.merged = merged.workbook;
  out.mergeIssues = merged.issues;
  // Every book's sheets as they are (no renaming), as `shnor objectivity FILE...` reads them.
  const obj = objectivityOfWorkbook({ sheets: books.flatMap((b) => b.wb.sheets) }, objectivity);
  out.objectivity = obj.ok ? obj.analysis : null;
  return out;
}
