/**
 * `shnor card-fill CARD.xlsx --roadmap ROADMAP.xlsx --out OUT.xlsx [--date DD.MM] [--json]`
 * (issue 15): a copy of the information card whose section 2 is filled from the roadmap's execution
 * of its measures (src/engine/card/fill.ts); the input files are never changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CardFillResult, fillCardFromRoadmap } from '../engine/card/fill';
import { WorkbookSnapshot } from '../engine/snapshot';
import { SkippedCell, applyEditsWithReport } from '../xlsx/patch';
import { readWorkbook } from '../xlsx/read';

export interface CardFillRun {
  file: string;
  roadmap: string;
  out: string;
  result: CardFillResult | null;
  skipped: SkippedCell[];
  /** Russian, for the user; null when the copy was written. */
  error: string | null;
}

function open(file: string): { bytes: Uint8Array; wb: WorkbookSnapshot } | string {
  let bytes: Uint8Array;
  try {
    if (fs.statSync(file).isDirectory()) return 'это папка, а не файл.';
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'файл не найден. Проверьте имя и путь.' : 'файл не удалось открыть.';
  }
  const read = readWorkbook(bytes);
  if (!read.ok) return read.message;
  return { bytes, wb: read.workbook };
}

export function runCardFill(file: string, roadmap: string, out: string, date: string | null): CardFillRun {
  const run: CardFillRun = { file, roadmap, out, result: null, skipped: [], error: null };
  const card = open(file);
  if (typeof card === 'string') {
    run.error = card;
    return run;
  }
  const rm = open(roadmap);
  if (typeof rm === 'string') {
    run.error = `дорожная карта ${roadmap}: ${rm}`;
    return run;
  }
  const result = fillCardFromRoadmap(card.wb, rm.wb, { date });
  run.result = result;
  if (!result.ok) {
    run.error = result.message;
    return run;
  }
  const report = applyEditsWithReport(card.bytes, result.edits);
  run.skipped = report.skipped;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, report.bytes);
  return run;
}

export function formatCardFill(run: CardFillRun): string {
  const r = run.result;
  if (run.error || !r) return `${run.file}: ${run.error ?? 'не удалось.'}\n`;
  const lines = [
    `${run.file}: раздел 2 заполнен из дорожной карты ${run.roadmap} на ${r.date}.`,
    `  Вписано исполнение: ${r.filled}; добавлено мероприятий: ${r.added}; уже совпадало: ${r.same}.`,
  ];
  for (const i of r.issues) lines.push(`  ${i.cell ? `${i.sheet}!${i.cell}: ` : ''}${i.message}`);
  if (r.notInRoadmap.length)
    lines.push(`  Нет в дорожной карте (не изменены): ${r.notInRoadmap.map((x) => `«${x}»`).join(', ')}.`);
  if (r.noExecution.length)
    lines.push(`  В дорожной карте не отмечено исполнение: ${r.noExecution.map((x) => `«${x}»`).join(', ')}.`);
  for (const s of run.skipped) lines.push(`  Не изменено: ${s.message}`);
  lines.push(`  Копия записана: ${run.out}`);
  return lines.join('\n') + '\n';
}

export function cardFillJson(run: CardFillRun): unknown {
  const r = run.result;
  return {
    file: run.file,
    roadmap: run.roadmap,
    out: run.error ? null : run.out,
    error: run.error,
    date: r?.date ?? null,
    filled: r?.filled ?? 0,
    added: r?.added ?? 0,
    same: r?.same ?? 0,
    notInRoadmap: r?.notInRoadmap ?? [],
    noExecution: r?.noExecution ?? [],
    issues: r?.issues ?? [],
    skipped: run.skipped.map((s) => ({ sheet: s.sheet, cell: s.cell, message: s.message })),
  };
}
