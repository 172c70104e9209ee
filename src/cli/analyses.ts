/**
 * The deputy's analyses on the command line (issue 16):
 *   `shnor tasks FILE... --out FILE [--json] [--gap N]` — % done per ВПР task and class, «Реестр затруднений»;
 *   `shnor teachers FILE... --out FILE [--json] [--threshold P]` — the «2» share per teacher and year;
 *   `shnor objectivity FILE... --out FILE [--json] [--flag-share P]` — confirmed / lowered / raised marks.
 * All the files of a call are read together as one workbook; the result is a new workbook with one owned sheet.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { Issue, SEVERITY_RU } from '../engine/issues';
import { OwnedSheet } from '../engine/edits';
import { WorkbookSnapshot } from '../engine/snapshot';
import { DEFAULT_TASKS_SETTINGS, TASKS_SHEET, TasksAnalysis } from '../engine/marks/tasks';
import { TEACHERS_SHEET, TeachersAnalysis } from '../engine/marks/teachers';
import { OBJECTIVITY_SHEET, ObjectivityAnalysis, objectivityFigures } from '../engine/marks/objectivity';
import { AnalysisResult, objectivityOfWorkbook, tasksOfWorkbook, teachersOfWorkbook } from '../engine/marks/analyses';
import { formatNumberRu } from '../engine/text';
import { createWorkbook } from '../xlsx/patch';
import { readBooks } from './books';

export interface AnalysesHooks {
  /** Makes the error main.ts reports as wrong usage (exit 2). */
  usage(message: string): Error;
  write(s: string): Promise<void>;
}

interface Loaded {
  workbook: WorkbookSnapshot;
  files: { file: string; error: string | null }[];
}

function load(files: string[]): Loaded {
  const read = readBooks(files);
  const sheets = read.books.flatMap((b) => b.workbook.sheets.map((sh) => ({ ...sh, source: b.file })));
  return { workbook: { sheets }, files: read.files };
}

function writeBook(out: string, sheet: OwnedSheet): void {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, createWorkbook([sheet]));
}

function issueLines(issues: Issue[]): string[] {
  return issues.map(
    (i) =>
      `  ${SEVERITY_RU[i.severity]} ${i.code}: ${i.sheet ? `«${i.sheet}»` : ''}${i.cell ? ` ${i.cell}` : ''} — ${i.message}`,
  );
}

interface Run<T> {
  out: string;
  files: Loaded['files'];
  error: string | null;
  analysis: T | null;
}

function run<T>(files: string[], out: string, analyse: (wb: WorkbookSnapshot) => AnalysisResult<T>): Run<T> {
  const { workbook, files: read } = load(files);
  const r = analyse(workbook);
  if (!r.ok) return { out, files: read, error: `в книгах ${r.missing}.`, analysis: null };
  writeBook(out, r.sheet);
  return { out, files: read, error: null, analysis: r.analysis };
}

export function runTasks(files: string[], out: string, gap: number): Run<TasksAnalysis> {
  return run(files, out, (wb) => tasksOfWorkbook(wb, { gap }));
}

export function runTeachers(files: string[], out: string, threshold: number | null): Run<TeachersAnalysis> {
  return run(files, out, (wb) => teachersOfWorkbook(wb, { threshold }));
}

export function runObjectivity(files: string[], out: string, flagShare: number): Run<ObjectivityAnalysis> {
  return run(files, out, (wb) => objectivityOfWorkbook(wb, { flagShare }));
}

function pct(v: number | null): string {
  return v === null ? 'нет данных' : `${formatNumberRu(v)} %`;
}

function head<T>(run: Run<T>, what: string): string[] | null {
  const lines: string[] = [];
  for (const f of run.files) if (f.error) lines.push(`${f.file}: ${f.error}`);
  if (run.error || !run.analysis) {
    lines.push(`${what} не составлен: ${run.error ?? ''}`);
    return lines;
  }
  return null;
}

export function formatTasks(run: Run<TasksAnalysis>): string {
  const failed = head(run, 'Реестр затруднений');
  if (failed) return failed.join('\n') + '\n';
  const a = run.analysis!;
  const lines = run.files.filter((f) => f.error).map((f) => `${f.file}: ${f.error}`);
  lines.push(
    `Классов: ${a.classes.length}; заданий в реестре затруднений: ${a.difficulties.length} (ниже ${a.settings.below} % или ниже региона более чем на ${a.settings.gap} п. п.).`,
  );
  for (const d of a.difficulties)
    lines.push(
      `  ${d.procedure} ${d.year ?? ''} ${d.cls}${d.teacher ? ` (${d.teacher})` : ''}: задание ${d.task} — ${pct(d.done)}` +
        (d.region !== null ? `, регион ${pct(d.region)}` : ''),
    );
  lines.push(...issueLines(a.issues));
  lines.push(`Записано: ${run.out} (лист «${TASKS_SHEET}»)`);
  return lines.join('\n') + '\n';
}

export function formatTeachers(run: Run<TeachersAnalysis>): string {
  const failed = head(run, 'Список учителей');
  if (failed) return failed.join('\n') + '\n';
  const a = run.analysis!;
  const lines = run.files.filter((f) => f.error).map((f) => `${f.file}: ${f.error}`);
  const low = a.teachers.filter((t) => t.stablyLow);
  lines.push(`Учителей: ${a.teachers.length}; со стабильно низкими результатами: ${low.length}.`);
  for (const t of low)
    lines.push(
      `  ${t.teacher}${t.school ? ` (${t.school})` : ''}: ${t.years.map((y) => `${y.year} — ${pct(y.share)}`).join('; ')}`,
    );
  lines.push(...issueLines(a.issues));
  lines.push(`Записано: ${run.out} (лист «${TEACHERS_SHEET}»)`);
  return lines.join('\n') + '\n';
}

export function formatObjectivity(run: Run<ObjectivityAnalysis>): string {
  const failed = head(run, 'Анализ объективности');
  if (failed) return failed.join('\n') + '\n';
  const a = run.analysis!;
  const lines = run.files.filter((f) => f.error).map((f) => `${f.file}: ${f.error}`);
  const flagged = a.rows.filter((r) => r.flagged);
  lines.push(
    `Школ × предметов: ${a.rows.length}; с признаком необъективности (понизили больше ${formatNumberRu(a.settings.flagShare)} %): ${flagged.length}.`,
  );
  for (const r of flagged) lines.push(`  ${r.school}, ${r.subject}: понизили ${pct(r.loweredShare)}`);
  lines.push(...issueLines(a.issues));
  lines.push(`Записано: ${run.out} (лист «${OBJECTIVITY_SHEET}»)`);
  return lines.join('\n') + '\n';
}

function json<T>(run: Run<T>, body: (a: T) => unknown): string {
  return (
    JSON.stringify(
      {
        out: run.error ? null : run.out,
        error: run.error,
        files: run.files,
        ...(run.analysis ? (body(run.analysis) as object) : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

function share(name: string, hooks: AnalysesHooks, max: number) {
  return (v: string): number => {
    const n = Number(v.replace(',', '.').replace(/%$/, ''));
    if (!Number.isFinite(n) || n < 0 || n > max)
      throw hooks.usage(`Параметр ${name}: нужно число от 0 до ${max}, а указано «${v}».`);
    return n;
  };
}

function checkOut(out: string, files: string[], hooks: AnalysesHooks): void {
  if (!/\.xlsx$/i.test(out))
    throw hooks.usage(`--out «${out}»: итог записывается в файл .xlsx, например --out итог.xlsx.`);
  if (files.some((f) => path.resolve(f) === path.resolve(out)))
    throw hooks.usage(`--out «${out}» совпадает с входным файлом; исходные файлы не изменяются.`);
}

/** Adds the commands `tasks`, `teachers`, `objectivity` to the program. */
export function addAnalysesCommands(p: Command, hooks: AnalysesHooks): void {
  p.command('tasks')
    .description(
      'выполнение заданий ВПР по классам из протоколов, сравнение с регионом по отчёту ФИС ОКО «Выполнение заданий», реестр затруднений',
    )
    .argument('<файлы...>', 'книги .xlsx: протоколы ВПР с баллами за задания и, если есть, отчёт ФИС ОКО')
    .requiredOption('--out <файл>', 'куда записать книгу с листом «Реестр затруднений» .xlsx')
    .addOption(
      new Option('--gap <пп>', 'в реестр — задания ниже региона больше чем на столько п. п.')
        .default(DEFAULT_TASKS_SETTINGS.gap)
        .argParser(share('--gap', hooks, 100)),
    )
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = o.out as string;
      checkOut(out, files, hooks);
      const run = runTasks(files, out, o.gap as number);
      await hooks.write(
        o.json
          ? json(run, (a) => ({
              settings: a.settings,
              classes: a.classes,
              difficulties: a.difficulties,
              issues: a.issues,
            }))
          : formatTasks(run),
      );
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });

  p.command('teachers')
    .description('доля «2» по учителям за годы и список учителей со стабильно низкими результатами')
    .argument('<файлы...>', 'книги .xlsx: протоколы ВПР со столбцом «Учитель» или таблицы результатов по учителям')
    .requiredOption('--out <файл>', 'куда записать книгу с листом «Учителя» .xlsx')
    .addOption(
      new Option(
        '--threshold <процент>',
        'низкий результат — доля «2» выше этой (по умолчанию — выше доли «2» по всем данным за тот же год)',
      ).argParser(share('--threshold', hooks, 100)),
    )
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = o.out as string;
      checkOut(out, files, hooks);
      const run = runTeachers(files, out, (o.threshold as number | undefined) ?? null);
      await hooks.write(
        o.json
          ? json(run, (a) => ({ settings: a.settings, baselines: a.baselines, teachers: a.teachers, issues: a.issues }))
          : formatTeachers(run),
      );
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });

  p.command('objectivity')
    .description(
      'объективность отметок: доли подтвердивших, понизивших и повысивших годовую отметку по школам и предметам',
    )
    .argument('<файлы...>', 'книги .xlsx: отметки по ученикам (за работу и годовая) или количества по школам')
    .requiredOption('--out <файл>', 'куда записать книгу с листом «Объективность» .xlsx')
    .addOption(
      new Option('--flag-share <процент>', 'признак необъективности — понизили больше этой доли, %')
        .default(50)
        .argParser(share('--flag-share', hooks, 100)),
    )
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = o.out as string;
      checkOut(out, files, hooks);
      const run = runObjectivity(files, out, o.flagShare as number);
      await hooks.write(
        o.json
          ? json(run, (a) => ({
              settings: a.settings,
              rows: a.rows,
              figures: objectivityFigures(a),
              issues: a.issues,
            }))
          : formatObjectivity(run),
      );
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });
}
