/**
 * `shnor register FILE... --out REGISTER.xlsx [--json]` (issue 15): the ШНОР register over the school
 * years found in results workbooks (src/engine/register), read together as one workbook; a register
 * written earlier among the inputs gives its years as they were, the results add the later years.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Register,
  REGISTER_SHEET,
  TRANSITION_TEXT,
  YearStatus,
  buildRegister,
  identifyByYear,
  readRegisterHistory,
  registerSheet,
} from '../engine/register';
import { IdentifySettings } from '../engine/results/settings';
import { WorkbookSnapshot } from '../engine/snapshot';
import { createWorkbook } from '../xlsx/patch';
import { readBooks } from './books';
import { mergeSheets } from './report';

export interface RegisterRun {
  register: Register | null;
  files: { file: string; error: string | null }[];
  out: string;
  error: string | null;
}

export function runRegister(files: string[], out: string, settings: IdentifySettings): RegisterRun {
  const run: RegisterRun = { register: null, files: [], out, error: null };
  const books: { file: string; wb: WorkbookSnapshot }[] = [];
  const history: YearStatus[] = [];
  const read = readBooks(files);
  run.files = read.files;
  for (const { file, workbook } of read.books) {
    // An earlier register gives its years as they were; results give the years it does not have.
    const earlier = readRegisterHistory(workbook);
    if (earlier.length) history.push(...earlier);
    else books.push({ file, wb: workbook });
  }
  if (!books.length && !history.length) {
    run.error = 'не прочитано ни одной книги результатов.';
    return run;
  }
  const results = books.length ? identifyByYear(mergeSheets(books), settings) : [];
  const reg = buildRegister(results, history);
  if (!reg.years.length) {
    run.error = 'в книгах не найдено таблицы результатов оценочных процедур с учебными годами.';
    return run;
  }
  run.register = reg;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, createWorkbook([registerSheet(reg)]));
  return run;
}

export function formatRegister(run: RegisterRun): string {
  const lines: string[] = [];
  for (const f of run.files) if (f.error) lines.push(`${f.file}: ${f.error}`);
  if (run.error || !run.register) return [...lines, `Реестр не составлен: ${run.error ?? ''}`].join('\n') + '\n';
  const reg = run.register;
  lines.push(`Реестр ШНОР за ${reg.years.join(', ')}: школ ${reg.schools.length}.`);
  for (const c of reg.counts.filter((x) => x.municipality === 'Всего')) {
    lines.push(
      `  ${c.year}: ШНОР ${c.ШНОР}; ${TRANSITION_TEXT.новая} ${c.новая}; ${TRANSITION_TEXT.продолжает} ${c.продолжает}; ` +
        `${TRANSITION_TEXT.вышла} ${c.вышла}; ${TRANSITION_TEXT.резильентная} ${c.резильентная}.`,
    );
  }
  lines.push(`Записано: ${run.out} (лист «${REGISTER_SHEET}»)`);
  return lines.join('\n') + '\n';
}

export function registerRunJson(run: RegisterRun): unknown {
  return { out: run.error ? null : run.out, error: run.error, files: run.files, ...(run.register ?? {}) };
}
