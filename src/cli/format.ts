/** Output of the command line: the JSON documents of the contract and the Russian text for people. */
import { Issue, SEVERITY_RU, countBySeverity } from '../engine/issues';
import { KIND_NAMES, sortIssues } from '../engine/report';
import { IdentifySettings } from '../engine/results/settings';
import { formatNumberRu, plural } from '../engine/text';
import { FileOutcome } from './jobs';

function issueJson(i: Issue): Record<string, unknown> {
  const o: Record<string, unknown> = {
    severity: i.severity,
    code: i.code,
    sheet: i.sheet,
    cell: i.cell,
    section: i.section,
    message: i.message,
  };
  if (i.value !== undefined) o.value = i.value;
  return o;
}

export function checkJson(outcomes: FileOutcome[]): unknown {
  return {
    files: outcomes.map((o) => ({
      file: o.file,
      kind: o.kind,
      error: o.error,
      issues: o.issues.map(issueJson),
      indicators: o.indicators,
      conclusions: o.conclusions,
      ...(o.kept ? { kept: o.kept } : {}),
      ...(o.located ? { located: o.located } : {}),
      ...(o.sources ? { sources: o.sources } : {}),
    })),
  };
}

export function identifyJson(o: FileOutcome, fallback: IdentifySettings): unknown {
  const r = o.identification;
  if (!r) {
    return {
      file: o.file,
      error: o.error,
      year: null,
      previousYear: null,
      threshold: fallback.threshold,
      settings: fallback,
      schools: [],
      issues: [],
    };
  }
  return {
    file: o.file,
    ...(o.files ? { files: o.files } : {}),
    ...(o.sources ? { sources: o.sources } : {}),
    error: o.error,
    year: r.year,
    previousYear: r.previousYear,
    threshold: r.threshold,
    settings: r.settings,
    summary: r.summary,
    procedures: r.procedures,
    schools: r.schools,
    issues: r.issues.map(issueJson),
  };
}

const MAX_LINES = 30;

function issueLines(issues: Issue[]): string[] {
  const sorted = sortIssues(issues);
  const lines = sorted.slice(0, MAX_LINES).map((i) => {
    const where = i.cell ? `${i.sheet}!${i.cell}` : (i.sheet ?? '');
    return `   ${SEVERITY_RU[i.severity]} ${i.code}${where ? ' ' + where : ''}: ${i.message}`;
  });
  if (sorted.length > MAX_LINES)
    lines.push(`   … и ещё ${sorted.length - MAX_LINES} (полный список — с --json или в листе «Проверка» с --out)`);
  return lines;
}

function counts(issues: Issue[]): string {
  const n = countBySeverity(issues);
  return `ошибок ${n.error}, предупреждений ${n.warning}, сведений ${n.info}`;
}

/** What each sheet was read as, when a ФИС ОКО report is among them (or, for identify, several files). */
function sourceLines(o: FileOutcome, withFile: boolean): string[] {
  const fis = (o.sources ?? []).filter((x) => x.kind !== 'form');
  if (fis.length === 0 && !(withFile && (o.files?.length ?? 0) > 1)) return [];
  return (o.sources ?? []).map((x) => {
    const what =
      x.kind === 'form'
        ? 'таблица результатов'
        : `отчёт ФИС ОКО «${x.kind === 'fisoko-marks' ? 'Статистика по отметкам' : 'Выполнение заданий'}», ${x.procedure}, ${x.year ?? 'год не указан'}, школ: ${x.schools}${x.kind === 'fisoko-tasks' ? ' (не для идентификации)' : ''}`;
    return `   ${withFile ? `${x.file}, ` : ''}лист «${x.sheet}»: ${what}`;
  });
}

export function formatCheck(outcomes: FileOutcome[]): string {
  const out: string[] = [];
  for (const o of outcomes) {
    if (o.error && o.issues.length === 0) {
      out.push(`✗ ${o.error}`);
      continue;
    }
    out.push(
      `${o.issues.some((i) => i.severity === 'error') || o.error ? '✗' : '✓'} ${o.file} — ${KIND_NAMES[o.kind]}${
        o.indicators.source === 'ФИС ОКО' ? ' (отчёт ФИС ОКО)' : ''
      }; ${counts(o.issues)}`,
    );
    if (o.error) out.push(`   ${o.error}`);
    out.push(...sourceLines(o, false));
    out.push(...issueLines(o.issues));
    if (o.written) out.push(`   копия с пометками: ${o.written}`);
  }
  const bad = outcomes.filter((o) => o.error).length;
  out.push('');
  out.push(
    `Файлов: ${outcomes.length}; прочитано: ${outcomes.length - bad}; не прочитано: ${bad}; с ошибками: ${
      outcomes.filter((o) => o.issues.some((i) => i.severity === 'error')).length
    }.`,
  );
  return out.join('\n') + '\n';
}

export function formatIdentify(o: FileOutcome): string {
  const r = o.identification;
  if (!r) return `✗ ${o.error}\n`;
  const out: string[] = [];
  const s = r.summary;
  out.push(`Идентификация ШНОР: ${o.file}`);
  out.push(...sourceLines(o, true));
  out.push(
    `Учебный год ${r.year ?? '—'} (предыдущий ${r.previousYear ?? '—'}), порог ${formatNumberRu(r.threshold)} %, правило 2: ${
      r.settings.rule2 === 'same' ? 'одна и та же процедура' : 'любая процедура'
    }.`,
  );
  out.push(
    `${s.schools} ${plural(s.schools, 'школа', 'школы', 'школ')}: ШНОР — ${s.byStatus.ШНОР}, в зоне риска — ${s.byStatus.риск}, норма — ${s.byStatus.норма}. Учтено результатов: ${s.results}.`,
  );
  const shown = r.schools.filter((v) => v.status !== 'норма');
  if (shown.length > 0) out.push('');
  for (const v of shown.slice(0, 50)) {
    out.push(
      `${v.status === 'ШНОР' ? '■' : '□'} ${v.status}: ${v.name}${v.municipality ? ` (${v.municipality})` : ''} — ${v.reason}`,
    );
    for (const e of v.low) {
      const c = e.participants !== null && e.failed !== null ? ` — ${e.failed} из ${e.participants}` : '';
      out.push(
        `     ${e.year} ${e.procedure}: ${formatNumberRu(e.share)} %${c}${e.smallSample ? ' (малая выборка)' : ''}`,
      );
    }
  }
  if (shown.length > 50) out.push(`… и ещё ${shown.length - 50} (полный список — с --json или --out)`);
  if (r.issues.length > 0) {
    out.push('');
    out.push(`Замечания к данным: ${counts(r.issues)}`);
    out.push(...issueLines(r.issues));
  }
  if (o.written) out.push('', `Книга с листом «Идентификация ШНОР» записана: ${o.written}`);
  if (o.error) out.push('', `✗ ${o.error}`);
  return out.join('\n') + '\n';
}
