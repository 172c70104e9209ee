/**
 * User docs generated from the single sources (the code registry, the form descriptors), so that
 * docs/ never drifts from what the program does. `npm run docs` writes them; a test compares.
 */
import { CODES, CodeInfo } from './issues';
import { PROGRAMME_PROCEDURES, RESULTS_COLUMNS } from './results/descriptor';
import { DTK, DtkRow } from './dtk/descriptor';

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

const DTK_TYPE: Record<DtkRow['type'], string> = {
  n: 'количество (целое ≥ 0)',
  '%': 'доля, % (0–100)',
  'p%': 'пара долей, %',
  t: 'текст',
  yn: 'да / нет',
  'n+t': 'количество и перечень',
  '%+t': 'доля, % и пояснение',
  group: 'подпункты ниже',
};
const DTK_POLARITY = { '+': 'выше — лучше', '-': 'ниже — лучше', '0': '—' } as const;

function dtkRowNotes(r: DtkRow): string {
  const notes: string[] = [];
  if (r.level) notes.push(`только при наличии уровня ${r.level}`);
  if (r.derived)
    notes.push(`рассчитывается: \`${r.derived.numerator}\` ÷ \`${r.derived.denominator}\` × ${r.derived.scale}`);
  if (r.target) notes.push(`целевое значение ${r.target.op === '=' ? '' : '≥ '}${r.target.value} %`);
  if (r.text?.requiredWhen === 'positive') notes.push(`при доле больше 0 обязательно: ${r.text.what}`);
  if (r.text?.countsNames) notes.push(`число совпадает с количеством перечисленных (${r.text.what})`);
  return notes.join('; ');
}

export function dtkFormMarkdown(): string {
  const lines = [
    `# Форма «${DTK.title}» (ДТК)`,
    '',
    '<!-- Этот файл создаётся командой `npm run docs` из src/engine/dtk/descriptor.ts; не правьте его вручную. -->',
    '',
    `ДТК заполняет школа за ${DTK.years} учебных года (два предыдущих и текущий). Строки находятся по тексту подписи, а не по адресу ячейки: регистр, «ё», кавычки, лишние пробелы, двоеточия в конце и переносы строк не важны. Подпункты (\`а) НОО\`, \`б) ООО\` …) ищутся под своим показателем. Значения берутся из столбцов, которые задаёт строка заголовков раздела: учебные годы (вид **Г** — по году) или «${DTK.descriptionHeader}» (вид **О** — одно значение). Шаблон: \`shnor template dtk --out ДТК.xlsx [--years 2020-2021,2021-2022,2022-2023]\`.`,
    '',
    '## Шапка',
    '',
    '| Поле | Обязательно | Принимаемые подписи |',
    '|---|---|---|',
  ];
  for (const f of DTK.header) {
    lines.push(`| ${cell(f.label)} | ${f.required ? 'да' : 'нет'} | ${cell(f.synonyms.join('; '))} |`);
  }
  for (const c of DTK.criteria) {
    lines.push('', `## ${c.title}`);
    for (const s of c.sections) {
      lines.push('', `### ${s.title}`, '');
      if (s.table) {
        const t = s.table;
        lines.push(
          `${t.label}: таблица, в которой строки — учебные годы (столбец «${t.yearHeader}»), а столбцы — ${t.columns.map((x) => `«${x.label}»`).join(', ')}. Сумма долей одного года — не больше ${String(t.sumMax).replace('.', ',')} %, сумма меньше ${t.sumWarnBelow} % — предупреждение.`,
          '',
          '| Код | Столбец | Тип | Обязателен | Принимаемые подписи |',
          '|---|---|---|---|---|',
        );
        for (const col of t.columns) {
          lines.push(
            `| \`${col.id}\` | ${cell(col.label)} | ${DTK_TYPE[col.type]} | ${col.required ? 'да' : 'нет'} | ${cell(col.synonyms.join('; '))} |`,
          );
        }
        lines.push('');
      }
      lines.push(
        '| Код | Показатель | Вид | Тип | Направление | Обязателен | Особенности | Принимаемые подписи |',
        '|---|---|---|---|---|---|---|---|',
      );
      const walk = (rows: DtkRow[], depth: number): void => {
        for (const r of rows) {
          const label = (depth ? '↳ '.repeat(depth) : '') + r.label;
          lines.push(
            `| \`${r.id}\` | ${cell(label)} | ${r.kind === 'Y' ? 'Г' : 'О'} | ${DTK_TYPE[r.type]} | ${DTK_POLARITY[r.polarity]} | ${r.type === 'group' ? '' : r.required ? 'да' : 'нет'} | ${cell(dtkRowNotes(r))} | ${cell(r.synonyms.join('; '))} |`,
          );
          walk(r.items ?? [], depth + 1);
          walk(r.parts ?? [], depth + 1);
        }
      };
      walk(s.rows, 0);
    }
    lines.push(
      '',
      `Раздел завершают строки «${c.conclusion.label}» (\`${c.conclusion.id}\`) и «${c.problem.label}» (\`${c.problem.id}\`): их черновик составляет проверка, если ячейки пусты.`,
    );
  }
  return lines.join('\n') + '\n';
}
