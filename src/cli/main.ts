#!/usr/bin/env node
/**
 * `shnor` — the command line (PRODUCT.md, command line contract).
 * Exit status: 0 every file read; 1 a file could not be read or had errors; 2 wrong usage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Help, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { resultsTemplate } from '../engine/results/output';
import { formatDateRu } from '../engine/text';
import { dtkTemplate } from '../engine/dtk/template';
import { cardTemplate } from '../engine/card/template';
import { roadmapTemplate } from '../engine/roadmap/template';
import { DTK, yearsEnding } from '../engine/dtk/descriptor';
import { formatSchoolYear, parseSchoolYear } from '../engine/years';
import { IdentifySettingsInput, SettingsError, parseIdentifySettings } from '../engine/results/settings';
import { FileJob, FileOutcome } from './jobs';
import { runJobs } from './pool';
import { formatCheck, formatIdentify, checkJson, identifyJson } from './format';
import { createWorkbook } from '../xlsx/patch';
import { consolidateJson, expandInputs, formatConsolidate, loadRoster, runConsolidate } from './consolidate';
import { formatReport, reportRunJson, runReport } from './report';
import { formatNewYear, newYearJson, runNewYear } from './newyear';
import { cardFillJson, formatCardFill, runCardFill } from './cardfill';
import { formatRegister, registerRunJson, runRegister } from './register';
import { formatMarks, marksRunJson, runMarks } from './marks';

import { addAnalysesCommands } from './analyses';

class UsageError extends Error {}

function num(name: string) {
  return (v: string): number => {
    const n = Number(v.replace(',', '.'));
    if (!Number.isFinite(n)) throw new UsageError(`Параметр ${name}: нужно число, а указано «${v}».`);
    return n;
  };
}

function seconds(v: string): number {
  const n = num('--timeout')(v);
  if (n <= 0) throw new UsageError('Параметр --timeout: нужно число секунд больше 0.');
  return n;
}

function settingsFrom(o: Record<string, unknown>): IdentifySettingsInput {
  const s: Record<string, unknown> = {};
  if (o.threshold !== undefined) s.threshold = o.threshold;
  if (o.riskBand !== undefined) s.riskBand = o.riskBand;
  if (o.minParticipants !== undefined) s.minParticipants = o.minParticipants;
  if (o.rule2 !== undefined) s.rule2 = o.rule2;
  if (o.procedures !== undefined)
    s.procedures = String(o.procedures)
      .split(/[;,]/)
      .map((x) => x.trim())
      .filter(Boolean);
  if (o.excludeOther) s.includeOther = false;
  if (o.year !== undefined) s.year = o.year;
  if (o.sheet !== undefined) s.sheet = o.sheet;
  try {
    parseIdentifySettings(s);
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(e.message);
    throw e;
  }
  return s as IdentifySettingsInput;
}

function progress(total: number): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY || total < 2) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'Проверка файлов {bar} {value}/{total}',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return (done: number) => {
    bar.update(done);
    if (done >= total) bar.stop();
  };
}

function exitCode(outcomes: FileOutcome[]): number {
  return outcomes.some((o) => o.error !== null || o.issues.some((i) => i.severity === 'error')) ? 1 : 0;
}

function write(s: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(s, () => resolve()));
}

async function cmdCheck(files: string[], o: Record<string, unknown>): Promise<number> {
  const settings = settingsFrom(o);
  const out = (o.out as string | undefined) ?? null;
  if (out && fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new UsageError(`--out «${out}» — это файл, а для check нужна папка, куда записать копии с пометками.`);
  }
  if (out) {
    // Copies keep their names: two inputs with one name would overwrite each other's copy.
    const seen = new Map<string, string>();
    for (const f of files) {
      const name = path.basename(f).toLowerCase();
      const other = seen.get(name);
      if (other !== undefined) {
        throw new UsageError(
          `«${other}» и «${f}» называются одинаково, а копии пишутся в одну папку --out под теми же именами. Проверьте их отдельными вызовами с разными папками.`,
        );
      }
      seen.set(name, f);
    }
  }
  const date = formatDateRu(new Date());
  const jobs: FileJob[] = files.map((file) => ({ command: 'check', file, out, settings, date }));
  const tick = progress(jobs.length);
  const outcomes = await runJobs(jobs, { timeoutMs: (o.timeout as number) * 1000, onDone: tick });
  await write(o.json ? JSON.stringify(checkJson(outcomes), null, 2) + '\n' : formatCheck(outcomes));
  return exitCode(outcomes);
}

async function cmdIdentify(files: string[], o: Record<string, unknown>): Promise<number> {
  const settings = settingsFrom(o);
  const out = (o.out as string | undefined) ?? null;
  const seen = new Set<string>();
  for (const f of files) {
    const key = path.resolve(f);
    if (seen.has(key)) throw new UsageError(`файл «${f}» указан дважды.`);
    seen.add(key);
  }
  if (out && files.length > 1 && !/\.xlsx$/i.test(out))
    throw new UsageError(
      `--out «${out}»: для нескольких файлов итог записывается в новую книгу .xlsx, например --out итог.xlsx.`,
    );
  // All the files are read and identified together, in one worker: the time limit is per file.
  const [outcome] = await runJobs(
    [{ command: 'identify', file: files.join(', '), files, out, settings, date: formatDateRu(new Date()) }],
    { timeoutMs: (o.timeout as number) * 1000 * files.length },
  );
  const fallback = parseIdentifySettings(settings);
  await write(o.json ? JSON.stringify(identifyJson(outcome, fallback), null, 2) + '\n' : formatIdentify(outcome));
  return exitCode([outcome]);
}

/**
 * The file a command writes: with the right extension, and never one of its inputs (the inputs are
 * not changed). `what` is what is written there, e.g. «реестр».
 */
function outputFile(option: string, out: string, what: string, example: string, inputs: string[]): string {
  const ext = path.extname(example);
  if (path.extname(out).toLowerCase() !== ext)
    throw new UsageError(`${option} «${out}»: ${what} записывается в файл ${ext}, например ${option} ${example}.`);
  if (inputs.some((f) => path.resolve(f) === path.resolve(out)))
    throw new UsageError(
      `${option} «${out}» совпадает с входным файлом; исходные файлы не изменяются — выберите другое имя.`,
    );
  return out;
}

async function cmdConsolidate(args: string[], o: Record<string, unknown>): Promise<number> {
  const settings = settingsFrom(o);
  const out = outputFile('--out', o.out as string, 'сводка', 'сводка.xlsx', []);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory())
    throw new UsageError(`--out «${out}» — это папка, а для consolidate нужно имя файла сводки .xlsx.`);
  const files = expandInputs(args);
  if (!files.length) throw new UsageError('Не найдено ни одного файла .xlsx: укажите файлы или папки с ними.');
  outputFile('--out', out, 'сводка', 'сводка.xlsx', files);
  let roster = null;
  if (o.roster !== undefined) {
    const r = loadRoster(o.roster as string);
    if (typeof r === 'string') throw new UsageError(r);
    roster = r;
  }
  const date = formatDateRu(new Date());
  const tick = progress(files.length);
  const run = await runConsolidate(
    files,
    out,
    settings,
    date,
    {
      timeoutMs: (o.timeout as number) * 1000,
      onDone: tick,
    },
    roster,
  );
  await write(
    o.json ? JSON.stringify(consolidateJson(run.result, out), null, 2) + '\n' : formatConsolidate(run.result, out),
  );
  return run.code;
}

/** The school years of the ДТК template: `--years`, or the three ending with the current one (from September). */
function templateYears(given: string | undefined): string[] {
  if (given === undefined) {
    const now = new Date();
    return yearsEnding(now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1);
  }
  const parts = given
    .split(/[,;]/)
    .map((x) => x.trim())
    .filter(Boolean);
  const starts = parts.map((p) => {
    const y = /^\d{4}$/.test(p) ? null : parseSchoolYear(p);
    if (y === null) throw new UsageError(`Параметр --years: «${p}» — не учебный год; пишите так: 2022-2023.`);
    return y;
  });
  if (starts.length !== DTK.years)
    throw new UsageError(
      `Параметр --years: нужно ${DTK.years} учебных года через запятую, например 2020-2021,2021-2022,2022-2023.`,
    );
  if (starts.some((y, i) => i > 0 && y <= starts[i - 1]))
    throw new UsageError('Параметр --years: учебные годы должны идти по возрастанию и не повторяться.');
  return starts.map(formatSchoolYear);
}

/** The calendar year of the card template: `--year`, or the current one. */
function templateYear(given: string | undefined): number {
  if (given === undefined) return new Date().getFullYear();
  const y = given.trim();
  if (!/^\d{4}$/.test(y) || Number(y) < 2000 || Number(y) > 2100)
    throw new UsageError(`Параметр --year: «${given}» — не год; пишите так: 2023.`);
  return Number(y);
}

async function cmdTemplate(kind: string, o: Record<string, unknown>): Promise<number> {
  const out = o.out as string;
  if (!['results', 'dtk', 'card', 'roadmap'].includes(kind))
    throw new UsageError(`Неизвестный шаблон «${kind}». Доступны: dtk, card, results, roadmap.`);
  if (o.years !== undefined && kind !== 'dtk') throw new UsageError('Параметр --years есть только у шаблона dtk.');
  if (o.year !== undefined && kind !== 'card') throw new UsageError('Параметр --year есть только у шаблона card.');
  const sheets =
    kind === 'dtk'
      ? dtkTemplate(templateYears(o.years as string | undefined))
      : kind === 'card'
        ? cardTemplate(templateYear(o.year as string | undefined))
        : kind === 'roadmap'
          ? roadmapTemplate()
          : resultsTemplate();
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, createWorkbook(sheets));
  await write(o.json ? JSON.stringify({ template: kind, file: out }) + '\n' : `Шаблон записан: ${out}\n`);
  return 0;
}

const COMMANDER_RU: Record<string, (m: string) => string> = {
  'commander.unknownOption': (m) => `неизвестный параметр ${m.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.unknownCommand': (m) => `неизвестная команда ${m.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.missingArgument': (m) => `не хватает аргумента ${m.match(/'([^']+)'/)?.[1] ?? ''}`,
  'commander.optionMissingArgument': (m) => `у параметра ${m.match(/'([^']+)'/)?.[1] ?? ''} не указано значение`,
  'commander.missingMandatoryOptionValue': (m) => `обязательный параметр ${m.match(/'([^']+)'/)?.[1] ?? ''} не указан`,
  'commander.excessArguments': () => 'лишние аргументы',
  'commander.invalidArgument': (m) => m.replace(/^error:\s*/, ''),
};

/** Commander's help in Russian: section titles, defaults and choices. */
const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Вызов:',
  'Arguments:': 'Аргументы:',
  'Options:': 'Параметры:',
  'Commands:': 'Команды:',
  'Global Options:': 'Общие параметры:',
};

function optionHelp(o: Option): string {
  const extra: string[] = [];
  if (o.argChoices) extra.push(`варианты: ${o.argChoices.join(', ')}`);
  if (o.defaultValue !== undefined && !o.negate)
    extra.push(`по умолчанию ${o.defaultValueDescription ?? JSON.stringify(o.defaultValue)}`);
  return extra.length ? `${o.description} (${extra.join('; ')})` : o.description;
}

/** The identification's rules beyond the threshold, the same for every command that identifies. */
function withIdentifyRules(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--risk-band <пп>', 'ширина зоны риска ниже порога, п. п. (по умолчанию 5)').argParser(
        num('--risk-band'),
      ),
    )
    .addOption(
      new Option('--min-participants <n>', 'минимум участников, чтобы результат учитывался (по умолчанию 0)').argParser(
        num('--min-participants'),
      ),
    )
    .addOption(
      new Option('--rule2 <вариант>', 'правило 2: any — любая процедура в каждом году, same — одна и та же').choices([
        'any',
        'same',
      ]),
    )
    .option('--procedures <список>', 'учитывать только эти процедуры (через точку с запятой)')
    .option('--exclude-other', 'не учитывать процедуры вне региональной программы');
}

function program(): Command {
  const p = new Command('shnor')
    .description(
      'Проверка и расчёт форм мониторинга ШНОР: ДТК, информационная карта, дорожная карта, результаты (идентификация ШНОР).',
    )
    .helpOption('-h, --help', 'показать справку')
    .helpCommand('help [команда]', 'справка по команде')
    .configureHelp({
      styleTitle: (t) => HELP_TITLES[t] ?? t,
      optionDescription: optionHelp,
      commandUsage(this: Help, cmd: Command) {
        return Help.prototype.commandUsage
          .call(this, cmd)
          .replace('[options]', '[параметры]')
          .replace('[command]', '[команда]');
      },
    })
    .showSuggestionAfterError(false)
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
    .exitOverride();

  const timeout = new Option('--timeout <секунд>', 'предел времени на один файл').default(30).argParser(seconds);
  const threshold = new Option('--threshold <процент>', 'порог низкого результата, % (по умолчанию 30)').argParser(
    num('--threshold'),
  );

  p.command('check')
    .description('определить вид каждой книги, проверить её и (с --out) записать копию с пометками')
    .argument('<файлы...>', 'книги .xlsx')
    .option('--out <папка>', 'папка для копий с пометками (исходные файлы не изменяются)')
    .option('--json', 'вывести результат в JSON')
    .addOption(threshold)
    .addOption(timeout)
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      process.exitCode = await cmdCheck(files, o);
    });

  withIdentifyRules(
    p
      .command('identify')
      .description(
        'идентифицировать ШНОР по результатам оценочных процедур: таблицы результатов и отчёты ФИС ОКО «Статистика по отметкам», одна или несколько книг',
      )
      .argument('<файлы...>', 'книги .xlsx с результатами (все вместе — одна идентификация)')
      .option('--sheet <лист>', 'только этот лист')
      .option('--year <год>', 'учебный год Y, например 2022-2023 (по умолчанию последний в данных)')
      .addOption(threshold),
  )
    .option(
      '--out <файл>',
      'записать копию книги с листом «Идентификация ШНОР» и подсветкой (для нескольких книг — новую книгу с итогом)',
    )
    .option('--json', 'вывести результат в JSON')
    .addOption(new Option('--timeout <секунд>', 'предел времени на файл').default(30).argParser(seconds))
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      process.exitCode = await cmdIdentify(files, o);
    });

  p.command('consolidate')
    .description('свести ДТК школ, информационные карты и результаты в одну книгу-сводку по региону')
    .argument('<файлы...>', 'книги .xlsx или папки с ними')
    .requiredOption('--out <файл>', 'куда записать сводку .xlsx')
    .option(
      '--roster <файл>',
      'перечень школ, которые должны сдать ДТК (книга со столбцом «Наименование ОО» или реестр ШНОР): кто не сдал, доля сдавших',
    )
    .option('--json', 'вывести результат в JSON')
    .addOption(threshold)
    .addOption(new Option('--timeout <секунд>', 'предел времени на один файл').default(30).argParser(seconds))
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      process.exitCode = await cmdConsolidate(files, o);
    });

  withIdentifyRules(
    p
      .command('report')
      .description('составить аналитическую справку (.docx) с адресными рекомендациями по книгам результатов')
      .argument('<файлы...>', 'книги .xlsx: результаты; можно добавить ДТК, дорожную карту, «Справочник мер»')
      .requiredOption('--out <файл>', 'куда записать справку .docx')
      .option('--year <год>', 'учебный год Y, например 2022-2023 (по умолчанию последний в данных)')
      .option('--municipality <название>', 'справка по одному муниципалитету (средние по региону — по всем данным)')
      .option('--body <текст>', 'орган (организация) в шапке справки')
      .option('--author <текст>', 'исполнитель в шапке справки')
      .option('--date <дата>', 'дата в шапке справки (по умолчанию — поле для заполнения)')
      .option('--sheet-out <файл>', 'также записать копию первой книги результатов с листом «Справка»')
      .option(
        '--flag-share <процент>',
        'объективность: признак необъективности — понизили отметку больше этой доли участников, % (по умолчанию 50)',
      )
      .addOption(threshold),
  )
    .option('--json', 'вывести цифры справки в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = outputFile('--out', o.out as string, 'справка', 'справка.docx', files);
      const given = o.sheetOut as string | undefined;
      const sheetOut = given
        ? outputFile('--sheet-out', given, 'копия с листом «Справка»', 'справка.xlsx', files)
        : null;
      const settings = parseIdentifySettings(settingsFrom(o));
      let flagShare: number | undefined;
      if (o.flagShare !== undefined) {
        const v = String(o.flagShare);
        flagShare = Number(v.replace(',', '.').replace(/%$/, ''));
        if (!Number.isFinite(flagShare) || flagShare < 0 || flagShare > 100)
          throw new UsageError(`Параметр --flag-share: нужно число от 0 до 100, а указано «${v}».`);
      }
      const run = await runReport(files, settings, {
        flagShare,
        out,
        municipality: (o.municipality as string | undefined) ?? null,
        date: formatDateRu(new Date()),
        headerDate: o.date as string | undefined,
        body: o.body as string | undefined,
        author: o.author as string | undefined,
        sheetOut,
      });
      await write(o.json ? JSON.stringify(reportRunJson(run), null, 2) + '\n' : formatReport(run));
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });

  p.command('new-year')
    .description(
      'перевести ДТК школы на новый учебный год: значения двух последних лет сдвигаются на год назад, столбец нового года пуст',
    )
    .argument('<файл>', 'ДТК школы .xlsx')
    .requiredOption('--out <файл>', 'куда записать копию .xlsx (исходный файл не изменяется)')
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (file: string, o: Record<string, unknown>) => {
      const out = outputFile('--out', o.out as string, 'копия', 'ДТК-2024.xlsx', [file]);
      const run = runNewYear(file, out);
      await write(o.json ? JSON.stringify(newYearJson(run), null, 2) + '\n' : formatNewYear(run));
      process.exitCode = run.error ? 1 : 0;
    });

  p.command('card-fill')
    .description('заполнить раздел 2 информационной карты из дорожной карты: исполнение мероприятий на отчётную дату')
    .argument('<файл>', 'информационная карта МОУО .xlsx')
    .requiredOption('--roadmap <файл>', 'дорожная карта .xlsx со столбцом исполнения')
    .requiredOption('--out <файл>', 'куда записать копию карты .xlsx (исходные файлы не изменяются)')
    .option('--date <ДД.ММ>', 'отчётная дата (по умолчанию — первая дата, столбец которой ещё пуст)')
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (file: string, o: Record<string, unknown>) => {
      const roadmap = o.roadmap as string;
      const out = outputFile('--out', o.out as string, 'копия', 'карта-2024.xlsx', [file, roadmap]);
      const date = typeof o.date === 'string' ? o.date.trim() : null;
      if (date !== null && !/^\d\d\.\d\d$/.test(date))
        throw new UsageError(`--date «${date}»: укажите отчётную дату как ДД.ММ, например --date 15.09.`);
      const run = runCardFill(file, roadmap, out, date);
      await write(o.json ? JSON.stringify(cardFillJson(run), null, 2) + '\n' : formatCardFill(run));
      process.exitCode = run.error ? 1 : 0;
    });

  withIdentifyRules(
    p
      .command('register')
      .description(
        'составить реестр ШНОР по годам: статус школы в каждом году и переход, годы в программе, по муниципалитетам',
      )
      .argument('<файлы...>', 'книги .xlsx с результатами нескольких лет (все вместе)')
      .requiredOption('--out <файл>', 'куда записать реестр .xlsx')
      .addOption(threshold),
  )
    .option('--json', 'вывести реестр в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = outputFile('--out', o.out as string, 'реестр', 'реестр.xlsx', files);
      const run = runRegister(files, out, parseIdentifySettings(settingsFrom(o)));
      await write(o.json ? JSON.stringify(registerRunJson(run), null, 2) + '\n' : formatRegister(run));
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });

  p.command('marks')
    .description(
      'посчитать отметки за период по выгрузкам электронного журнала: успеваемость, качество, СОУ, средний балл по классам, предметам и уровням, изменение к прошлому периоду, списки неуспевающих и учеников с одной «3» или «4»',
    )
    .argument('<файлы...>', 'выгрузки журнала .xlsx (периоды или классы могут быть в разных файлах)')
    .requiredOption('--out <файл>', 'куда записать книгу .xlsx с листами итогов, списков и диаграмм по классам')
    .option('--include-na', 'учитывать «н/а» в числе учащихся (n) и в СОУ')
    .option('--json', 'вывести итоги и списки в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (files: string[], o: Record<string, unknown>) => {
      const out = o.out as string;
      if (!/\.xlsx$/i.test(out))
        throw new UsageError(`--out «${out}»: итоги записываются в файл .xlsx, например --out отметки.xlsx.`);
      if (files.some((f) => path.resolve(f) === path.resolve(out)))
        throw new UsageError(`--out «${out}» совпадает с входным файлом; исходные файлы не изменяются.`);
      const run = runMarks(files, out, { includeNotAssessed: o.includeNa === true });
      await write(o.json ? JSON.stringify(marksRunJson(run), null, 2) + '\n' : formatMarks(run));
      process.exitCode = run.error || run.files.some((f) => f.error) ? 1 : 0;
    });

  p.command('template')
    .description('записать шаблон формы: dtk, card, results или roadmap')
    .argument('<вид>', 'dtk | card | results | roadmap')
    .requiredOption('--out <файл>', 'куда записать шаблон .xlsx')
    .option('--years <годы>', 'dtk: три учебных года через запятую (по умолчанию три года, заканчивая текущим)')
    .option('--year <год>', 'card: год отчётных дат 31.03, 15.09, 31.12 (по умолчанию текущий)')
    .option('--json', 'вывести результат в JSON')
    .helpOption('-h, --help', 'показать справку')
    .action(async (kind: string, o: Record<string, unknown>) => {
      process.exitCode = await cmdTemplate(kind, o);
    });

  // issue 16: tasks, teachers, objectivity (src/cli/analyses.ts)
  addAnalysesCommands(p, { usage: (m) => new UsageError(m), write });
  return p;
}

async function main(argv: string[]): Promise<void> {
  const p = program();
  if (argv.length <= 2) {
    process.stdout.write(p.helpInformation());
    process.exitCode = 2;
    return;
  }
  try {
    await p.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') {
        process.exitCode = 0;
        return;
      }
      const ru = COMMANDER_RU[e.code]?.(e.message) ?? e.message.replace(/^error:\s*/, '');
      process.stderr.write(`shnor: ${ru}. Справка: shnor --help\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`shnor: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`shnor: внутренняя ошибка: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv);
