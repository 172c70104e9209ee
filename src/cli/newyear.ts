/**
 * `shnor new-year FILE --out FILE [--json]` (issue 15): a copy of a school's ДТК rolled on to the
 * next school year (src/engine/dtk/newyear.ts); the input file is never changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NewYearPlan, newYearEdits } from '../engine/dtk/newyear';
import { SkippedCell, applyEditsWithReport } from '../xlsx/patch';
import { readWorkbook } from '../xlsx/read';

export interface NewYearRun {
  file: string;
  out: string;
  plan: NewYearPlan | null;
  skipped: SkippedCell[];
  /** Russian, for the user; null when the copy was written. */
  error: string | null;
}

export function runNewYear(file: string, out: string): NewYearRun {
  const run: NewYearRun = { file, out, plan: null, skipped: [], error: null };
  let bytes: Uint8Array;
  try {
    if (fs.statSync(file).isDirectory()) {
      run.error = 'это папка, а не файл.';
      return run;
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    run.error = code === 'ENOENT' ? 'файл не найден. Проверьте имя и путь.' : 'файл не удалось открыть.';
    return run;
  }
  const read = readWorkbook(bytes);
  if (!read.ok) {
    run.error = read.message;
    return run;
  }
  const plan = newYearEdits(read.workbook);
  run.plan = plan;
  if (!plan.ok) {
    run.error = plan.message;
    return run;
  }
  const report = applyEditsWithReport(bytes, plan.edits);
  run.skipped = report.skipped;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, report.bytes);
  return run;
}

export function formatNewYear(run: NewYearRun): string {
  if (run.error || !run.plan) return `${run.file}: ${run.error ?? 'не удалось.'}\n`;
  const p = run.plan;
  const lines = [
    `${run.file}: ДТК переведена на новый учебный год.`,
    `  Годы: ${p.from.join(', ')} → ${p.to.join(', ')}.`,
    `  Перенесено значений на год раньше: ${p.moved}; очищено ячеек нового года ${p.to[p.to.length - 1]}: ${p.emptied}.`,
    `  Переименовано заголовков лет: ${p.renamed}; удалено выводов программы: ${p.conclusionsCleared}; подсветка снята.`,
  ];
  if (p.dateCleared) lines.push('  «Дата заполнения» очищена.');
  for (const s of run.skipped) lines.push(`  Не изменено: ${s.message}`);
  lines.push(`  Копия записана: ${run.out}`);
  return lines.join('\n') + '\n';
}

export function newYearJson(run: NewYearRun): unknown {
  const p = run.plan;
  return {
    file: run.file,
    out: run.error ? null : run.out,
    error: run.error,
    from: p?.from ?? [],
    to: p?.to ?? [],
    moved: p?.moved ?? 0,
    emptied: p?.emptied ?? 0,
    renamed: p?.renamed ?? 0,
    conclusionsCleared: p?.conclusionsCleared ?? 0,
    dateCleared: p?.dateCleared ?? false,
    skipped: run.skipped.map((s) => ({ sheet: s.sheet, cell: s.cell, message: s.message })),
  };
}
