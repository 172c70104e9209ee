/**
 * `shnor marks FILE... --out FILE.xlsx [--include-na] [--json]` (issue 16): period marks from class
 * journal exports (src/engine/marks/journal.ts), all files read as one journal (periods or classes in
 * separate files); the owned sheets «Отметки по журналу», «Списки по журналу», «Классы по журналу» go
 * into a new workbook. The input files are never changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MarksSettings } from '../engine/marks/formulas';
import {
  JournalAnalysis,
  JournalJson,
  analyzeJournalRead,
  journalJson,
  readJournalBooks,
} from '../engine/marks/journal';
import { journalSheets } from '../engine/marks/journal-sheets';
import { formatNumberRu } from '../engine/text';
import { JOURNAL_SHEETS } from '../engine/report';
import { createWorkbook } from '../xlsx/patch';
import { readBooks } from './books';

export interface MarksRun {
  analysis: JournalAnalysis | null;
  files: { file: string; error: string | null }[];
  out: string;
  written: boolean;
  error: string | null;
}

export function runMarks(files: string[], out: string, settings: MarksSettings): MarksRun {
  const run: MarksRun = { analysis: null, files: [], out, written: false, error: null };
  const read = readBooks(files);
  run.files = read.files;
  const books = read.books.map((b) => ({ file: path.basename(b.file), workbook: b.workbook }));
  if (!books.length) {
    run.error = 'не прочитано ни одной книги.';
    return run;
  }
  const a = analyzeJournalRead(readJournalBooks(books), settings);
  run.analysis = a;
  if (!a.periods.length) {
    run.error =
      'в книгах не найдено отметок из журнала: нужна таблица «ФИО | предмет | предмет…» с отметками за период или таблица «Ученик | Класс | Предмет | Период | Отметка».';
    return run;
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, createWorkbook(journalSheets(a)));
  run.written = true;
  return run;
}

const pct = (v: number | null): string => (v === null ? 'нет данных' : `${formatNumberRu(v, 1)} %`);

export function formatMarks(run: MarksRun): string {
  const lines: string[] = [];
  for (const f of run.files) if (f.error) lines.push(`${f.file}: ${f.error}`);
  const a = run.analysis;
  if (run.error || !a) return [...lines, `Отметки не посчитаны: ${run.error ?? ''}`].join('\n') + '\n';
  for (const p of a.periods) {
    const school = a.figures.find((f) => f.period === p.label && f.scope === 'school');
    const classes = a.figures.filter((f) => f.period === p.label && f.scope === 'class').length;
    const count = (list: { period: string }[]): number => list.filter((x) => x.period === p.label).length;
    if (!school) continue;
    const ch = school.change;
    const change =
      ch && ch.quality !== null
        ? `; качество к периоду «${p.previous}»: ${ch.quality > 0 ? '+' : ''}${formatNumberRu(ch.quality, 1)} п. п.`
        : '';
    lines.push(
      `${p.label}: классов ${classes}; успеваемость ${pct(school.result.passRate)}, качество ${pct(school.result.quality)}, ` +
        `СОУ ${pct(school.result.sou)}${change}.`,
    );
    lines.push(
      `  неуспевающих ${count(a.failing)}; с одной «3» — ${count(a.oneThree)}; с одной «4» — ${count(a.oneFour)}; ` +
        `выбыло ${school.left ?? 0}, прибыло ${school.arrived ?? 0}.`,
    );
  }
  for (const i of a.issues.filter((x) => x.severity !== 'info').slice(0, 20))
    lines.push(`${i.sheet ? `${i.sheet}${i.cell ? `!${i.cell}` : ''}: ` : ''}${i.message} [${i.code}]`);
  if (a.issues.length > 20)
    lines.push(`… и ещё замечаний: ${a.issues.length - 20} (все — на листе «${JOURNAL_SHEETS[0]}»).`);
  if (run.written) lines.push(`Записано: ${run.out} (листы ${JOURNAL_SHEETS.map((s) => `«${s}»`).join(', ')})`);
  return lines.join('\n') + '\n';
}

export function marksRunJson(run: MarksRun): JournalJson | { files: MarksRun['files']; error: string; written: null } {
  if (!run.analysis) return { files: run.files, error: run.error ?? '', written: null };
  return {
    ...journalJson(run.analysis, run.files, run.written ? run.out : null),
    ...(run.error ? { error: run.error } : {}),
  };
}
