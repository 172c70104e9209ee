/**
 * User docs generated from the single sources (the code registry, the form descriptors), so that
 * docs/ never drifts from what the program does. `npm run docs` writes them; a test compares.
 */
import { CODES, CodeInfo, SEVERITY_RU } from './issues';
import { PROGRAMME_PROCEDURES, RESULTS_COLUMNS } from './results/descriptor';
import { DTK, DtkRow } from './dtk/descriptor';
import { dtkCheckMarkdown } from './dtk/docs';
import { CARD, CardRow } from './card/descriptor';
import { ROADMAP, catalogueCodes } from './roadmap/descriptor';

const SCOPE: Record<CodeInfo['scope'], string> = {
  file: 'файл',
  common: 'все формы',
  results: 'результаты оценочных процедур',
  dtk: 'ДТК',
  card: 'информационная карта',
  roadmap: 'дорожная карта',
  marks: 'отметки',
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
      `| \`${code}\` | ${SEVERITY_RU[info.severity]} | ${SCOPE[info.scope]} | ${cell(info.title)} | ${cell(info.action)} |`,
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
  for (const l of r.atMost ?? [])
    notes.push(`не больше \`${l.of}\`${l.severity === 'warning' ? ' (иначе предупреждение)' : ''}`);
  if (r.lowResult) notes.push('не ниже порога — низкий результат');
  if (r.per) notes.push(`динамика — на 100 обучающихся \`${r.per}\``);
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
  lines.push(...dtkCheckMarkdown());
  return lines.join('\n') + '\n';
}

const CARD_TYPE: Record<CardRow['type'], string> = {
  t: 'текст',
  n: 'количество (целое ≥ 0)',
  '%': 'доля, % (0–100)',
  list: 'перечень (по строке или через «;»)',
  group: 'подпункты ниже',
};
const CARD_REQUIRED = { first: 'на первую дату', each: 'на каждую дату', no: 'нет' } as const;

function cardRowNotes(r: CardRow): string {
  const notes: string[] = [];
  if (r.target) notes.push(`целевое значение на ${r.target.date}: ≥ ${r.target.value} %`);
  if (r.countOf) {
    const counted = CARD.sections.flatMap((s) => s.rows).find((x) => x.id === r.countOf);
    notes.push(`число практик совпадает с показателем ${counted?.no ?? r.countOf} (\`CARD-COUNT-MISMATCH\`)`);
  }
  if (r.efficiency === 'dynamics') notes.push('эффективность: положительная динамика');
  if (r.efficiency === 'positive') notes.push('эффективность: больше нуля');
  if (r.help) notes.push(r.help);
  return notes.join('; ');
}

export function cardFormMarkdown(): string {
  const m = CARD.sections.find((s) => s.measures)!.measures!;
  const lines = [
    '# Форма «Информационная карта МОУО»',
    '',
    '<!-- Этот файл создаётся командой `npm run docs` из src/engine/card/descriptor.ts; не правьте его вручную. -->',
    '',
    `Информационную карту заполняет муниципалитет (МОУО) по своему плану (дорожной карте) профилактики учебной неуспешности. Столбцы — три отчётные даты года: ${CARD.dates.join(', ')} (год берётся из шапки; в заголовках можно писать полные даты, например ${CARD.dates[0]}.2023). Строки находятся по тексту подписи, а не по адресу ячейки. Шаблон: \`shnor template card --out Карта.xlsx [--year 2023]\`.`,
    '',
    '## Шапка',
    '',
    '| Поле | Обязательно | Принимаемые подписи |',
    '|---|---|---|',
  ];
  for (const f of CARD.header)
    lines.push(`| ${cell(f.label)} | ${f.required ? 'да' : 'нет'} | ${cell(f.synonyms.join('; '))} |`);
  for (const s of CARD.sections) {
    lines.push('', `## ${s.title}`, '');
    if (s.synonyms.length) lines.push(`Принимаемые заголовки: ${s.synonyms.map((x) => `«${x}»`).join(', ')}.`, '');
    if (s.measures) {
      lines.push(
        `Перечень мероприятий плана: на каждую дату — исполнение каждого мероприятия в процентах (0–100). Исполнение не должно уменьшаться от даты к дате${m.nonDecreasing ? ' (`CARD-DECREASING`, предупреждение)' : ''}. «${m.overall.label}» — среднее исполнение мероприятий на каждую дату; целевое значение региона — **≥ ${m.target.value} % на ${m.target.date}** (\`BELOW-TARGET\`); критерий эффективности мониторинга — исполнение не ниже ${m.efficiencyValue} %.`,
        '',
        '| Код | Столбец | Обязателен | Принимаемые заголовки |',
        '|---|---|---|---|',
      );
      for (const c of m.columns)
        lines.push(
          `| \`${c.id}\` | ${cell(c.header)} | ${c.required ? 'да' : 'нет'} | ${cell(c.synonyms.join('; '))} |`,
        );
      lines.push(
        `| \`${m.overall.id}\` | ${cell(m.overall.label)} (строка) | нет | ${cell(m.overall.synonyms.join('; '))} |`,
      );
      continue;
    }
    lines.push(
      '| Код | № | Показатель | Тип | Направление | Обязателен | Особенности | Принимаемые подписи |',
      '|---|---|---|---|---|---|---|---|',
    );
    const walk = (rows: CardRow[], depth: number): void => {
      for (const r of rows) {
        const label = (depth ? '↳ '.repeat(depth) : '') + r.label;
        lines.push(
          `| \`${r.id}\` | ${r.no ?? ''} | ${cell(label)} | ${CARD_TYPE[r.type]} | ${DTK_POLARITY[r.polarity]} | ${r.type === 'group' ? '' : CARD_REQUIRED[r.required]} | ${cell(cardRowNotes(r))} | ${cell(r.synonyms.join('; '))} |`,
        );
        walk(r.items ?? [], depth + 1);
      }
    };
    walk(s.rows, 0);
  }
  const sc = CARD.schools;
  lines.push(
    '',
    `## Лист «${sc.name}» (необязательный)`,
    '',
    `Перечень школ муниципалитета (столбец «${sc.schoolHeader}») и «да»/«нет» по показателям раздела 3. Если лист заполнен, доли школ рассчитываются по нему и сравниваются с картой (\`CARD-DERIVED-MISMATCH\`).`,
    '',
    '| Столбец | Показатель карты | Принимаемые заголовки |',
    '|---|---|---|',
    `| ${cell(sc.schoolHeader)} | — | ${cell(sc.schoolSynonyms.join('; '))} |`,
  );
  for (const c of sc.columns) lines.push(`| ${cell(c.header)} | \`${c.row}\` | ${cell(c.synonyms.join('; '))} |`);
  lines.push(
    '',
    '## Что проверяется (`shnor check`)',
    '',
    `- **Какие даты проверяются.** Первая дата (${CARD.dates[0]}) — всегда; следующая — как только в разделах 2–3 на неё заполнено хоть одно значение (карта заполняется по мере наступления дат). Строки «обязательно на каждую дату» требуются только на проверяемые даты.`,
    '- **Шапка:** не найдено или пусто «Муниципальное образование» — `MISSING-ROW` / `MISSING-VALUE`. Год берётся из строки «Год», иначе из полных дат в заголовках («31.03.2023», «на 15.09.2023», даты Excel), иначе из заголовка («… за 2023 год»).',
    '- **Раздел 1:** текстовые строки и количества ОО по уровням обязательны на первую дату (`MISSING-VALUE`); количество — целое неотрицательное (`OUT-OF-RANGE`), текст вместо числа — `NOT-A-NUMBER`, ошибка Excel — `CELL-ERROR`.',
    `- **Раздел 2:** таблица мероприятий находится по заголовку «${m.columns[1].header}»; даты — в той же строке заголовка или под объединённой ячейкой «${m.columns[2].header}». Исполнение — от 0 до 100 (\`OUT-OF-RANGE\`), обязательно на проверяемые даты, не уменьшается от даты к дате (\`CARD-DECREASING\`, предупреждение). «${m.overall.label}» — среднее по мероприятиям на каждую дату; пустую ячейку этой строки заполняет проверка (в копии с пометками), расхождение с введённым значением больше 0,5 п. п. отмечается в выводе. Меньше ${m.target.value} % на ${m.target.date} — \`BELOW-TARGET\` (сведения).`,
    '- **Раздел 3:** доли (1)–(3) — от 0 до 100, количество (4) — целое; перечень (5): практики разделяются новой строкой или «;», запятые разделяют части одной практики (ОО, мероприятие, формат); число практик не равно (4) — `CARD-COUNT-MISMATCH` (предупреждение) в ячейке перечня.',
    `- **Лист «${sc.name}»:** доля «да» по каждому заполненному столбцу сравнивается с показателем карты на последнюю проверяемую дату; расхождение больше 0,5 п. п. — \`CARD-DERIVED-MISMATCH\` (ошибка). Столбец, где ни у одной школы нет ответа, не проверяется; пустой ответ в заполненном столбце — \`MISSING-VALUE\`.`,
    '',
    '## Показатели (`indicators` в `shnor check --json`)',
    '',
    '| Код | Что это |',
    '|---|---|',
    '| `municipality`, `year` | муниципальное образование и год карты |',
    '| `reportedDates`, `lastDate` | проверяемые даты и последняя из них |',
    '| `measures` | число мероприятий раздела 2 |',
    ...CARD.dates.map(
      (x) =>
        `| \`planExecution.${x}\`, \`measuresComplete.${x}\` | исполнение плана в целом на ${x}, % (среднее по мероприятиям); число мероприятий, исполненных на 100 % |`,
    ),
    '| `planExecution` | исполнение плана на последнюю проверяемую дату |',
    '| `schools.noo`, `schools.ooo`, `schools.soo` | количество ОО по уровням на первую дату |',
    '| `preventionSystem.<дата>`, `individualRoutes.<дата>`, `extraLessons.<дата>`, `practicesCount.<дата>` | показатели (1)–(4) на дату |',
    '| `practicesListed.<дата>` | число практик в перечне (5) |',
    '| `<показатель>.dynamics` | динамика (1)–(4) от первой до последней проверяемой даты: «положительная», «отрицательная», «стабильная» (допуск 0,5 п. п. для долей, 0 для количества) |',
    '| `<показатель>.fromSchools`, `schoolsListed` | доли (1)–(3), рассчитанные по листу школ; число школ в листе |',
    `| \`efficiency.preventionSystem\` | эффективность профилактики по (1): положительная динамика и исполнение плана не ниже ${m.efficiencyValue} % («да»/«нет») |`,
    '| `efficiency.individualRoutes`, `efficiency.extraLessons` | положительная динамика (2) и (3) |',
    '| `efficiency.practicesCount` | (4) больше нуля на последнюю дату |',
    '',
    'Выводы (`conclusions`) составляются по разделам 1, 2 и 3 только из рассчитанных значений; лист «Проверка» дополнен таблицей показателей по датам и критериями эффективности.',
  );
  return lines.join('\n') + '\n';
}

export function roadmapFormMarkdown(): string {
  const lines = [
    `# Форма «${ROADMAP.title}»`,
    '',
    '<!-- Этот файл создаётся командой `npm run docs` из src/engine/roadmap/descriptor.ts; не правьте его вручную. -->',
    '',
    `Дорожная карта состоит из двух таблиц: факторы негативного влияния (риска) с кодами параметров и мероприятия, каждое из которых привязано к кодам параметров. Столбцы находятся по заголовкам, а не по адресам. Шаблон: \`shnor template roadmap --out "Дорожная карта.xlsx"\` (лист «Дорожная карта» и лист «${ROADMAP.catalogueSheet.name}»).`,
  ];
  for (const t of [ROADMAP.factors, ROADMAP.measures]) {
    lines.push(
      '',
      `## ${t.title}`,
      '',
      '| Код | Столбец | Обязателен | Пояснение | Принимаемые заголовки |',
      '|---|---|---|---|---|',
    );
    for (const c of t.columns)
      lines.push(
        `| \`${c.id}\` | ${cell(c.header)} | ${c.required ? 'да' : 'нет'} | ${cell(c.help ?? '')} | ${cell(c.synonyms.join('; '))} |`,
      );
  }
  lines.push(
    '',
    '## Правила',
    '',
    '- Каждый код мероприятия (`2.1., 2.2.` → 2.1 и 2.2; точка в конце не важна) должен быть в справочнике (`ROADMAP-UNKNOWN-CODE`, ошибка).',
    `- Каждый проявившийся фактор (в перечне ОО не написано ${ROADMAP.absent.map((x) => `«${x}»`).join(', ')}) должен быть охвачен хотя бы одним мероприятием (\`ROADMAP-UNCOVERED\`, ошибка).`,
    `- Дата проведения — месяц и год («Март 2023», «Апрель 2024.»), период («Май 2023, апрель 2024», «Сентябрь-октябрь»), полная дата или одна из фраз: ${ROADMAP.datePhrases.map((x) => `«${x}»`).join(', ')}; иначе — предупреждение \`ROADMAP-DATE\`.`,
    '- Мероприятие, форма, код параметра, дата проведения и ответственные обязательны; в таблице факторов — код, параметр, фактор (пустая ячейка под фактором или объединённая ячейка означает тот же фактор) и перечень ОО (`MISSING-VALUE`, ошибка). Коды таблицы факторов тоже сверяются со справочником.',
    '- Таблицы находятся по строке заголовков (в любом порядке столбцов, на одном листе или на разных; заголовок может занимать две строки, как в seed 001). Текст мероприятия, перенесённый на следующую строку без номера и других столбцов, присоединяется к мероприятию.',
    '- Столбец исполнения (необязательный): процент 0–100 или слова «выполнено», «исполнено», «проведено», «да» (= 100 %) и «не выполнено», «в работе», «запланировано», «нет» (= 0 %); выполненным считается мероприятие со 100 %. Доля выполненных мероприятий передаётся в информационную карту.',
    '',
    '## Показатели (`indicators` в `shnor check --json`)',
    '',
    '| Код | Что это |',
    '|---|---|',
    '| `catalogue` | откуда взят справочник: имя листа или «по умолчанию» |',
    '| `parameters` | строк (параметров) в таблице факторов |',
    '| `factorsPresent`, `factorsCovered`, `factorsUncovered` | проявившихся параметров; из них охваченных мероприятиями и не охваченных |',
    '| `measures` | мероприятий |',
    '| `measuresWithStatus`, `measuresDone`, `measuresDoneShare` | мероприятий с отметкой об исполнении, выполненных, доля выполненных, % (null без столбца исполнения) |',
    '| `executionMean` | среднее исполнение мероприятий, % |',
    '| `coverage.<код>` | номера мероприятий, направленных на параметр (пусто — ни одного) |',
    '',
    'На листе «Проверка» — таблица охвата факторов мероприятиями (код, фактор, параметр, перечень ОО, проявляется ли, номера и число мероприятий); выводы — по таблицам I и II.',
    '',
    '## Справочник факторов по умолчанию',
    '',
    `Лист «${ROADMAP.catalogueSheet.name}» (столбцы «${ROADMAP.catalogueSheet.code}», «${ROADMAP.catalogueSheet.factor}», «${ROADMAP.catalogueSheet.parameter}») в книге заменяет этот справочник; его можно дополнять.`,
    '',
    '| Код | Фактор | Параметр |',
    '|---|---|---|',
  );
  for (const c of catalogueCodes()) lines.push(`| ${c.code} | ${cell(c.factor)} | ${cell(c.parameter)} |`);
  return lines.join('\n') + '\n';
}
