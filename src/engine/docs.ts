/**
 * User docs generated from the single sources (the code registry, the form descriptors), so that
 * docs/ never drifts from what the program does. `npm run docs` writes them; a test compares.
 */
import { CODES, CodeInfo } from './issues';
import { PROGRAMME_PROCEDURES, RESULTS_COLUMNS } from './results/descriptor';

const SEVERITY = { error: 'ошибка', warning: 'предупреждение', info: 'сведения' } as const;
const SCOPE: Record<CodeInfo['scope'], string> = {
  file: 'файл',
  common: 'все формы',
  results: 'результаты оценочных процедур',
  dtk: 'ДТК',
  card: 'информационная карта',
  roadmap: 'дорожная карта',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function codesMarkdown(): string {
  const lines = [
    '# Коды замечаний',
    '',
    '<!-- Этот файл создаётся командой `npm run docs` из src/engine/issues.ts; не правьте его вручную. -->',
    '',
    'Каждое замечание проверки имеет постоянный код. Уровень: **ошибка** — форму нельзя принять в таком виде; **предупреждение** — значение возможно, но подозрительно; **сведения** — вывод о школе, а не об ошибке в форме.',
    '',
    '| Код | Уровень | Где | Что означает | Что сделать |',
    '|---|---|---|---|---|',
  ];
  for (const [code, info] of Object.entries(CODES) as [string, CodeInfo][]) {
    lines.push(
      `| \`${code}\` | ${SEVERITY[info.severity]} | ${SCOPE[info.scope]} | ${cell(info.title)} | ${cell(info.action)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export function resultsFormMarkdown(): string {
  const lines = [
    '# Форма «Результаты оценочных процедур»',
    '',
    '<!-- Этот файл создаётся командой `npm run docs` из src/engine/results/descriptor.ts; не правьте его вручную. -->',
    '',
    'Таблица результатов — вход идентификации ШНОР. Столбцы находятся по заголовкам, а не по адресам: регистр, «ё», кавычки, лишние пробелы и переносы строк не важны. Подходит и «длинная» таблица (строка — школа × год × процедура), и «широкая» (строка — школа, над столбцами — объединённые заголовки процедур). Строки «Итого»/«Всего» пропускаются.',
    '',
    '| Столбец в шаблоне | Обязателен | Что вписать | Принимаемые заголовки |',
    '|---|---|---|---|',
  ];
  for (const c of RESULTS_COLUMNS) {
    lines.push(
      `| ${cell(c.header)} | ${c.required ? 'да' : 'нет'} | ${cell(c.help)} | ${cell(c.synonyms.join('; '))} |`,
    );
  }
  lines.push('', '## Процедуры региональной программы', '');
  for (const p of PROGRAMME_PROCEDURES) lines.push(`- ${p}`);
  lines.push(
    '',
    'Другие процедуры (например, ЕГЭ по истории) тоже читаются и по умолчанию учитываются; их можно исключить параметром `--exclude-other`.',
  );
  return lines.join('\n') + '\n';
}
