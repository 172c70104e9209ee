/**
 * Findings with stable codes (DOMAIN.md §1.3). The registry below is the single source of the
 * code list: docs/codes.md is generated from it and a test keeps the two equal.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  severity: Severity;
  code: IssueCode;
  sheet: string | null;
  /** A1 address or range; null when the finding is about a whole sheet or file. */
  cell: string | null;
  section: string | null;
  /** Russian: what is wrong, where, and what to do. */
  message: string;
  value?: string | number | null;
}

export interface CodeInfo {
  severity: Severity;
  /** Applies to: all kinds, or one kind. */
  scope: 'common' | 'results' | 'dtk' | 'card' | 'roadmap' | 'plan' | 'marks' | 'file';
  title: string;
  /** What to do about it. */
  action: string;
}

export const CODES = {
  'FILE-UNREADABLE': {
    severity: 'error',
    scope: 'file',
    title: 'Файл не удалось прочитать',
    action:
      'Откройте файл в Excel и сохраните его как «Книга Excel (*.xlsx)». Если файл защищён паролем, снимите защиту.',
  },
  'UNKNOWN-KIND': {
    severity: 'info',
    scope: 'file',
    title: 'Вид книги не распознан',
    action:
      'Проверьте, что в книге есть заголовки формы, или вставьте шаблон: shnor template dtk | card | results | roadmap.',
  },
  'MISSING-ROW': {
    severity: 'error',
    scope: 'common',
    title: 'Не найдена обязательная строка или столбец',
    action: 'Добавьте строку (столбец) с этим заголовком или восстановите его текст по шаблону.',
  },
  'LABEL-SIMILAR': {
    severity: 'info',
    scope: 'common',
    title: 'Строка найдена по похожей подписи',
    action:
      'Подпись строки отличается от формы, но похожа на неё по словам, и строка прочитана как указано в сообщении. Если это не та строка, исправьте подпись по шаблону.',
  },
  'LABEL-AMBIGUOUS': {
    severity: 'warning',
    scope: 'common',
    title: 'Две строки одинаково похожи на подпись формы',
    action:
      'Программа не может выбрать между двумя строками с похожими подписями. Исправьте подпись нужной строки по шаблону или измените подпись лишней.',
  },
  'MISSING-VALUE': {
    severity: 'error',
    scope: 'common',
    title: 'Не заполнено обязательное значение',
    action: 'Заполните ячейку. Если показатель не применим, поставьте «-» или «нет данных».',
  },
  'OUT-OF-RANGE': {
    severity: 'error',
    scope: 'common',
    title: 'Значение вне допустимых границ',
    action: 'Доля должна быть от 0 до 100 %, количество — целым неотрицательным числом. Исправьте значение.',
  },
  'NOT-A-NUMBER': {
    severity: 'error',
    scope: 'common',
    title: 'Текст вместо числа',
    action: 'Введите число (например, 12,5). Пояснения пишите в примечании или в скобках после числа.',
  },
  'CELL-ERROR': {
    severity: 'error',
    scope: 'common',
    title: 'Ошибка в ячейке Excel',
    action: 'Исправьте формулу или введите значение вручную.',
  },
  'PERCENT-AS-FRACTION': {
    severity: 'warning',
    scope: 'common',
    title: 'Доля похожа на дробь, а не на проценты',
    action: 'Если имелось в виду, например, 45 %, введите 45, а не 0,45.',
  },
  'LOW-RESULT': {
    severity: 'info',
    scope: 'common',
    title: 'Низкий результат',
    action: 'Результат не ниже порога низких результатов: учтите его при планировании работы.',
  },
  'BELOW-TARGET': {
    severity: 'info',
    scope: 'common',
    title: 'Показатель ниже целевого значения',
    action: 'Запланируйте меры, чтобы достичь целевого значения.',
  },
  'NEGATIVE-DYNAMICS': {
    severity: 'info',
    scope: 'common',
    title: 'Отрицательная динамика',
    action: 'Показатель ухудшился по сравнению с прошлым годом: проанализируйте причины.',
  },
  'RESULTS-NO-YEAR': {
    severity: 'error',
    scope: 'results',
    title: 'Не указан учебный год',
    action:
      'Добавьте столбец «Учебный год» (например, 2022-2023) или укажите год в названии листа или в заголовке таблицы.',
  },
  'RESULTS-BAD-YEAR': {
    severity: 'error',
    scope: 'results',
    title: 'Учебный год не распознан',
    action: 'Запишите учебный год как 2022-2023 или календарный год как 2023.',
  },
  'RESULTS-NO-PROCEDURE': {
    severity: 'error',
    scope: 'results',
    title: 'Не указана оценочная процедура',
    action: 'Добавьте столбец «Процедура» (ВПР, ОГЭ, ЕГЭ) и «Предмет» или укажите процедуру в заголовке таблицы.',
  },
  'RESULTS-OTHER-PROCEDURE': {
    severity: 'info',
    scope: 'results',
    title: 'Процедура вне региональной программы',
    action: 'Такие результаты учитываются по умолчанию; их можно исключить в настройках идентификации.',
  },
  'RESULTS-DUPLICATE': {
    severity: 'error',
    scope: 'results',
    title: 'Повтор результата',
    action: 'Для одной школы, года и процедуры должна быть одна строка. Удалите лишнюю строку; учтена первая из них.',
  },
  'RESULTS-ZERO-PARTICIPANTS': {
    severity: 'warning',
    scope: 'results',
    title: 'Ноль участников',
    action: 'Строка пропущена. Если процедура не проводилась, оставьте ячейки пустыми или поставьте «-».',
  },
  'RESULTS-INCONSISTENT': {
    severity: 'error',
    scope: 'results',
    title: 'Не справившихся больше, чем участников',
    action: 'Проверьте количество участников и количество не справившихся.',
  },
  'RESULTS-SHARE-MISMATCH': {
    severity: 'warning',
    scope: 'results',
    title: 'Доля не совпадает с количеством',
    action:
      'Доля не справившихся должна равняться их числу, делённому на число участников. Для расчёта взято количество.',
  },
  'RESULTS-TOTAL-MISMATCH': {
    severity: 'warning',
    scope: 'results',
    title: 'Итоговая строка не равна сумме школ',
    action:
      'Проверьте строку «Итого»/«Всего»: она не участвует в расчёте, но её расхождение говорит о пропущенной школе.',
  },
  'RESULTS-NO-SCHOOL': {
    severity: 'warning',
    scope: 'results',
    title: 'Результат без наименования школы',
    action: 'Укажите наименование ОО в строке, иначе результат не учитывается.',
  },
  'RESULTS-TASKS-REPORT': {
    severity: 'info',
    scope: 'results',
    title: 'Отчёт ФИС ОКО «Выполнение заданий»',
    action:
      'Отчёт прочитан и сохранён для анализа по заданиям, но для идентификации ШНОР нужен отчёт «Статистика по отметкам» той же процедуры.',
  },
  'FISOKO-NO-HIERARCHY': {
    severity: 'warning',
    scope: 'results',
    title: 'В отчёте ФИС ОКО нет строк региона и муниципалитетов',
    action:
      'Выгрузите из ФИС ОКО отчёт «Статистика по отметкам» с разбивкой по муниципалитетам и ОО: строки «Вся выборка», регион, муниципалитеты и под каждым — его школы. Без них школам не указан муниципалитет, а средние для сравнения не известны; идентификация идёт и так.',
  },
  'FISOKO-NO-LOGIN': {
    severity: 'warning',
    scope: 'results',
    title: 'Строка отчёта ФИС ОКО похожа на школу, но без логина',
    action:
      'В отчёте ФИС ОКО школа записана с логином ОО в скобках: «(sch740101) МБОУ «СОШ № 1»». Строка без логина прочитана как муниципалитет, и школа не участвует в идентификации: верните логин или выгрузите отчёт заново.',
  },
  'FISOKO-SHARES-SUM': {
    severity: 'warning',
    scope: 'results',
    title: 'Доли отметок в строке отчёта ФИС ОКО не дают 100 %',
    action:
      'Сверьте строку с отчётом в ФИС ОКО: доли «2», «3», «4», «5» вместе должны составлять 100 % (с точностью до округления отчёта). Возможно, доли исправлены вручную или столбец сдвинут. Для идентификации взята доля «2» как она записана.',
  },
  'RESULTS-NO-DATA': {
    severity: 'error',
    scope: 'results',
    title: 'Нет результатов для идентификации',
    action: 'В таблице не найдено ни одного результата с числом участников и не справившихся (или долей).',
  },
  'DTK-INCONSISTENT': {
    severity: 'error',
    scope: 'dtk',
    title: 'Значения противоречат друг другу',
    action:
      'Часть не может быть больше целого: например, отсев — больше числа учащихся уровня, качественная успеваемость — больше общей. Проверьте обе ячейки.',
  },
  'DTK-OPTIONAL-ROW': {
    severity: 'warning',
    scope: 'dtk',
    title: 'Не найдена строка, которую показатели не используют',
    action:
      'Показатели карты рассчитаны и без неё. Если строка в карте есть, приведите её текст к шаблону; если её нет, добавьте её при следующем заполнении.',
  },
  'DTK-IMPLAUSIBLE': {
    severity: 'warning',
    scope: 'dtk',
    title: 'Значение маловероятно',
    action: 'Проверьте значение: так бывает, но редко (например, в 10 класс пришли ученики из других школ).',
  },
  'DTK-DERIVED-MISMATCH': {
    severity: 'error',
    scope: 'dtk',
    title: 'Расчётная доля не совпадает с количествами',
    action:
      'Доля считается из количеств строк выше. Исправьте количества или долю; пустую ячейку доли программа заполнит сама.',
  },
  'DTK-SUM-OVER-100': {
    severity: 'error',
    scope: 'dtk',
    title: 'Сумма долей больше 100 %',
    action: 'Доли родителей с высшим, средним специальным и средним образованием в сумме не могут превышать 100 %.',
  },
  'DTK-SUM-UNDER-90': {
    severity: 'warning',
    scope: 'dtk',
    title: 'Сумма долей меньше 90 %',
    action:
      'Похоже, данные неполные: доли родителей по образованию в сумме обычно близки к 100 %. Дополните или поясните в примечании.',
  },
  'DTK-JUMP': {
    severity: 'warning',
    scope: 'dtk',
    title: 'Резкое изменение между годами',
    action: 'Значение изменилось больше чем на 30 % за год. Проверьте, нет ли опечатки.',
  },
  'DTK-COUNT-MISMATCH': {
    severity: 'warning',
    scope: 'dtk',
    title: 'Количество не совпадает с перечнем',
    action:
      'Число программ должно равняться числу перечисленных наименований. Перечислите их через «;» или с новой строки.',
  },
  'CARD-DECREASING': {
    severity: 'warning',
    scope: 'card',
    title: 'Исполнение уменьшилось',
    action:
      'Процент исполнения мероприятия не может уменьшаться от одной отчётной даты к следующей. Проверьте значения.',
  },
  'CARD-COUNT-MISMATCH': {
    severity: 'warning',
    scope: 'card',
    title: 'Количество мероприятий не совпадает с перечнем практик',
    action: 'Перечислите каждую практику с новой строки или через «;» так, чтобы их число равнялось общему количеству.',
  },
  'CARD-DERIVED-MISMATCH': {
    severity: 'error',
    scope: 'card',
    title: 'Доля не совпадает со списком школ',
    action: 'Доля школ должна равняться доле «да» в листе со списком школ муниципалитета. Исправьте долю или список.',
  },
  'ROADMAP-UNKNOWN-CODE': {
    severity: 'error',
    scope: 'roadmap',
    title: 'Неизвестный код параметра',
    action: 'Укажите код из перечня факторов риска (например, 2.1) или добавьте его на лист перечня.',
  },
  'ROADMAP-UNCOVERED': {
    severity: 'error',
    scope: 'roadmap',
    title: 'Фактор не покрыт мероприятиями',
    action: 'Добавьте мероприятие с кодом этого параметра или отметьте фактор как «отсутствует».',
  },
  'ROADMAP-DATE': {
    severity: 'warning',
    scope: 'roadmap',
    title: 'Срок не распознан',
    action: 'Укажите месяц и год («Март 2023»), период («Май 2023, апрель 2024»), дату или «В течение года».',
  },
  'PLAN-DATE': {
    severity: 'warning',
    scope: 'plan',
    title: 'Срок мероприятия не читается',
    action:
      'Запишите срок датой («к 30.06.2023»), месяцем или периодом («апрель – май 2023», «январь, март, июнь, ноябрь»), учебным годом («2023-2024 уч. год») или повторяющимся сроком («ежеквартально», «в течение года», «по графику»).',
  },
  'PLAN-DATE-OUTSIDE': {
    severity: 'warning',
    scope: 'plan',
    title: 'Срок вне периода плана',
    action:
      'Год в сроке не совпадает с периодом плана из его заголовка («на 2023 год», «в 2022-2023 учебном году»). Исправьте год в сроке или период в заголовке.',
  },
  'PLAN-NO-RESULT': {
    severity: 'warning',
    scope: 'plan',
    title: 'У мероприятия не указан результат',
    action:
      'Укажите результат или показатель, по которому будет видно, что мероприятие выполнено (например, «Приказ», «Доля школ, заполнивших ДТК»).',
  },
  'PLAN-NUMBER-REPEATED': {
    severity: 'warning',
    scope: 'plan',
    title: 'Номер мероприятия повторяется',
    action:
      'Перенумеруйте мероприятия. Если Excel превратил номер «2.10» в число 2,1, задайте столбцу номеров текстовый формат и введите номера заново.',
  },
  'CARD-DATE-UNREADABLE': {
    severity: 'warning',
    scope: 'card',
    title: 'Дата в заголовке карты не распознана',
    action:
      'Отчётные даты карты берутся из её заголовка. Запишите дату как ДД.ММ или ДД.ММ.ГГГГ (например, 15.09.2023); пока она не распознана, она не учитывается.',
  },
  'CARD-FILL-KEPT': {
    severity: 'warning',
    scope: 'card',
    title: 'Значение карты расходится с дорожной картой',
    action:
      'В разделе 2 карты уже записано исполнение, отличное от дорожной карты. Программа его не меняет: проверьте, какое значение верно, и исправьте вручную.',
  },
  'CARD-FILL-UNMATCHED': {
    severity: 'info',
    scope: 'card',
    title: 'Мероприятие дорожной карты не вписано в карту',
    action:
      'В таблице мероприятий раздела 2 не осталось пустых строк. Добавьте строку над «Исполнение плана в целом» и запустите заполнение снова.',
  },
  'REPORT-MEASURE-ROW': {
    severity: 'warning',
    scope: 'roadmap',
    title: 'Строка справочника мер не учтена',
    action:
      'На листе «Справочник мер» у каждой строки должны быть код фактора риска (1.1–5.2) и текст меры; ответственные и срок — по желанию.',
  },
  'MARKS-BAD-MARK': {
    severity: 'error',
    scope: 'marks',
    title: 'Не отметка',
    action:
      'Отметка может быть только 2, 3, 4, 5 или «н/а» (не аттестован). Исправьте ячейку: она не учтена в расчёте.',
  },
  'MARKS-OVER-MAX': {
    severity: 'error',
    scope: 'marks',
    title: 'Балл вне шкалы',
    action:
      'Первичный балл не может быть отрицательным или больше максимума работы по шкале перевода. Проверьте балл и шкалу.',
  },
  'MARKS-SCALE-OVERLAP': {
    severity: 'error',
    scope: 'marks',
    title: 'Шкала перевода: диапазоны пересекаются',
    action:
      'Каждый балл должен переводиться ровно в одну отметку. Исправьте границы «от» и «до» на листе «Шкала перевода».',
  },
  'MARKS-SCALE-GAP': {
    severity: 'error',
    scope: 'marks',
    title: 'Шкала перевода: пропущены баллы',
    action:
      'Диапазоны должны идти без пропусков от 0 до максимального балла. Исправьте границы на листе «Шкала перевода».',
  },
  'MARKS-NO-SCALE': {
    severity: 'warning',
    scope: 'marks',
    title: 'Нет шкалы перевода для процедуры и года',
    action:
      'Добавьте шкалу на лист «Шкала перевода» (процедура, год, от, до, отметка) по рекомендациям ФИОКО или укажите отметки в протоколе.',
  },
  'MARKS-EXAMPLE-SCALE': {
    severity: 'info',
    scope: 'marks',
    title: 'Отметки выставлены по шкале-примеру',
    action:
      'Встроенные шкалы — примеры. Сверьте их с рекомендациями ФИОКО на ваш год и при расхождении заведите свой лист «Шкала перевода».',
  },
  'MARKS-TOTAL-MISMATCH': {
    severity: 'warning',
    scope: 'marks',
    title: 'Сумма баллов не равна сумме по заданиям',
    action: 'Проверьте баллы за задания и итог. Для отметки взят итог из столбца суммы.',
  },
  'MARKS-MARK-MISMATCH': {
    severity: 'warning',
    scope: 'marks',
    title: 'Отметка в протоколе не совпадает со шкалой',
    action: 'Проверьте отметку, балл и шкалу перевода. В расчёте взята отметка по шкале.',
  },
  'JOURNAL-NONE': {
    severity: 'error',
    scope: 'marks',
    title: 'В книге нет отметок из журнала',
    action:
      'Нужна выгрузка из электронного журнала: таблица «ФИО | предмет | предмет…» с отметками за период (класс и период — в заголовке над ней) или таблица «Ученик | Класс | Предмет | Период | Отметка».',
  },
  'JOURNAL-NO-PERIOD': {
    severity: 'warning',
    scope: 'marks',
    title: 'Не указан период отметок',
    action:
      'Напишите период над таблицей (например «Итоговые отметки за 1 четверть 2026/2027, 5А»), в имени листа или в столбце «Период». Без периода нельзя сравнить с прошлой четвертью.',
  },
  'JOURNAL-NO-CLASS': {
    severity: 'warning',
    scope: 'marks',
    title: 'Не указан класс',
    action: 'Напишите класс над таблицей («5А»), в имени листа или в столбце «Класс».',
  },
  'JOURNAL-DUPLICATE': {
    severity: 'warning',
    scope: 'marks',
    title: 'Отметка ученика по предмету за период указана дважды',
    action:
      'Оставьте одну отметку (или не давайте один и тот же журнал дважды). Учтена первая из найденных; вторая названа в сообщении.',
  },
  'TASKS-NO-MAX': {
    severity: 'warning',
    scope: 'marks',
    title: 'Не указан максимальный балл задания',
    action:
      'Добавьте под заголовком протокола строку «Максимальный балл» с максимумом каждого задания (или напишите его в заголовке: «3 (2 б.)»). Без максимума задание не считается.',
  },
  'TASKS-SCORE-OVER-MAX': {
    severity: 'warning',
    scope: 'marks',
    title: 'Балл за задание больше максимального',
    action: 'Проверьте балл ученика и максимум задания. Этот балл не учтён в проценте выполнения задания.',
  },
  'TASKS-NO-REGION': {
    severity: 'info',
    scope: 'marks',
    title: 'Нет отчёта ФИС ОКО «Выполнение заданий» для сравнения',
    action:
      'Добавьте к протоколам отчёт ФИС ОКО «Выполнение заданий» той же процедуры и года: тогда задания сравниваются с регионом и муниципалитетом. Без него в реестр попадают только задания с выполнением ниже 50 %.',
  },
  'TEACHERS-NO-YEAR': {
    severity: 'warning',
    scope: 'marks',
    title: 'Не указан год работы',
    action:
      'Напишите над протоколом год (например, «ВПР математика 5 класс, 2024 год») или заполните столбец «Год»: без года результаты учителя не сравниваются по годам.',
  },
  'OBJECTIVITY-COUNTS-MISMATCH': {
    severity: 'warning',
    scope: 'marks',
    title: 'Подтвердили + понизили + повысили не равно числу участников',
    action: 'Проверьте количества в строке. Доли посчитаны от суммы трёх количеств.',
  },
} as const satisfies Record<string, CodeInfo>;

export type IssueCode = keyof typeof CODES;

export function makeIssue(
  code: IssueCode,
  where: { sheet?: string | null; cell?: string | null; section?: string | null },
  message: string,
  value?: string | number | null,
): Issue {
  const issue: Issue = {
    severity: CODES[code].severity,
    code,
    sheet: where.sheet ?? null,
    cell: where.cell ?? null,
    section: where.section ?? null,
    message,
  };
  if (value !== undefined) issue.value = value;
  return issue;
}

/** Russian names of the severities, as shown to users. */
export const SEVERITY_RU: Record<Severity, string> = { error: 'ошибка', warning: 'предупреждение', info: 'сведения' };

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

export function countBySeverity(issues: readonly Issue[]): Record<Severity, number> {
  const n = { error: 0, warning: 0, info: 0 };
  for (const i of issues) n[i.severity]++;
  return n;
}
