/**
 * The catalogue of measures keyed by the risk-factor codes of DOMAIN.md §5 (issue 14, «Адресные
 * рекомендации»). The default is drawn from the measures of the municipal roadmap in seed 001 (the
 * measures for 5.1 and 5.2, which that roadmap does not have, are written in its manner); a sheet
 * «Справочник мер» in the workbook overrides it: columns Код | Мера (мероприятие) | Ответственные |
 * Срок, one measure a row, several rows per code allowed.
 */
import { SheetView, WorkbookSnapshot, a1 } from '../snapshot';
import { Issue, makeIssue } from '../issues';
import { normalizeLabel } from '../text';
import { catalogueCodes } from '../roadmap/descriptor';
import { parseCodes } from '../roadmap/locate';

export const MEASURES_SHEET = 'Справочник мер';

export interface Measure {
  code: string;
  measure: string;
  responsible: string;
  deadline: string;
}

export const DEFAULT_MEASURES: readonly Measure[] = [
  {
    code: '1.1',
    measure:
      'Установление партнёрских отношений с Центром занятости населения (заключение договоров); профориентационная работа с обучающимися 9–11 классов по выявлению способностей к педагогической деятельности',
    responsible: 'УО, руководитель ОО',
    deadline: 'По отдельному графику',
  },
  {
    code: '1.2',
    measure:
      'Диагностика профессиональных дефицитов и разработка ИОМ для директора и заместителей директора по УВР со стажем менее 5 лет; стажировка «Школа молодого руководителя»',
    responsible: 'ЦРО, МНЦ',
    deadline: 'В течение учебного года',
  },
  {
    code: '1.3',
    measure:
      'Мониторинг «Оценка эффективности работы руководителей ОО» с анализом учебной нагрузки административных работников',
    responsible: 'УО',
    deadline: 'Август',
  },
  {
    code: '2.1',
    measure:
      'Методический семинар «Учимся разрабатывать индивидуальный образовательный маршрут» и групповая супервизия «Я – эффективный учитель» для учителей предметов с низкими результатами',
    responsible: 'ЦРО, МТКП, заместитель директора по УВР',
    deadline: 'По отдельному графику',
  },
  {
    code: '2.2',
    measure:
      'Заседания ШМО и РМО по повышению методической компетенции педагогов: разбор заданий с низким процентом выполнения',
    responsible: 'РМО, ШМО, заместитель директора по УВР',
    deadline: 'По отдельному графику',
  },
  {
    code: '2.3',
    measure: 'Вебинар «Цифровая компетентность педагога», семинар «Креативная педагогика» для учителей ОО',
    responsible: 'ЦРО, заместитель директора по УВР',
    deadline: 'В течение учебного года',
  },
  {
    code: '2.4',
    measure:
      'Школа молодого специалиста «Старт»: семинары «Современный урок. Анализ и самоанализ урока», «Выявление причин неуспеваемости учащихся»; закрепление наставника',
    responsible: 'ЦРО, руководитель ОО',
    deadline: 'В течение учебного года',
  },
  {
    code: '3.1',
    measure:
      'Выявление учащихся, имеющих по одной «3» и риски неуспешности, по результатам четвертей; дополнительные занятия и ученическое наставничество над неуспевающими учащимися',
    responsible: 'Руководитель ОО, заместитель директора по УВР',
    deadline: 'Каждую учебную четверть',
  },
  {
    code: '3.2',
    measure:
      'Индивидуальная работа учителей с учащимися, способными получить отметки «4» и «5»; круглый стол «Повышение престижа знаний среди обучающихся»',
    responsible: 'ЦРО, МТКП, руководитель ОО',
    deadline: 'В течение учебного года',
  },
  {
    code: '3.3',
    measure:
      'Психолого-педагогическое сопровождение учащихся с рисками учебной неуспешности, в том числе с ОВЗ, и их родителей (законных представителей); коррекционно-развивающие занятия',
    responsible: 'ЦРО, педагог-психолог ОО',
    deadline: 'В течение учебного года',
  },
  {
    code: '4.1',
    measure:
      'Деятельность классных руководителей по взаимодействию с семьями обучающихся; психолого-педагогический консилиум по ликвидации школьной неуспешности',
    responsible: 'ЦРО, классные руководители',
    deadline: 'В течение учебного года',
  },
  {
    code: '4.2',
    measure:
      'Организация взаимодействия учителей, родителей и психологической службы в форме психолого-педагогического консилиума; профилактика нарушений поведения на уроках и вне уроков',
    responsible: 'ЦРО, педагог-психолог ОО',
    deadline: 'В течение учебного года',
  },
  {
    code: '5.1',
    measure:
      'Наставничество и индивидуальные образовательные маршруты для специалистов УО и ТМС со стажем в должности менее 5 лет',
    responsible: 'УО',
    deadline: 'В течение учебного года',
  },
  {
    code: '5.2',
    measure: 'Замещение вакансий УО и ТМС; привлечение методистов и педагогов-наставников по договорам',
    responsible: 'УО',
    deadline: 'В течение учебного года',
  },
];

export interface MeasureCatalogue {
  measures: Measure[];
  /** The sheet the catalogue came from; null for the default. */
  sheet: string | null;
  issues: Issue[];
}

const CODE_LABELS = ['код', 'код параметра', 'код фактора', 'код риска', 'код фактора риска'];
const MEASURE_LABELS = ['мера', 'мероприятие', 'рекомендуемая мера', 'рекомендация', 'меры'];
const RESPONSIBLE_LABELS = [
  'ответственные',
  'ответственный',
  'ответственные исполнители',
  'исполнитель',
  'исполнители',
];
const DEADLINE_LABELS = ['срок', 'сроки', 'срок исполнения', 'дата проведения', 'срок выполнения'];

function text(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : typeof v === 'number' ? String(v) : '';
}

/** The measures in force: the workbook's «Справочник мер» sheet when there is one, else the default. */
export function measureCatalogue(wb: WorkbookSnapshot | null): MeasureCatalogue {
  const snap = wb?.sheets.find((s) => normalizeLabel(s.name) === normalizeLabel(MEASURES_SHEET));
  if (!snap) return { measures: [...DEFAULT_MEASURES], sheet: null, issues: [] };
  const view = new SheetView(snap);
  const known = new Set(catalogueCodes().map((c) => c.code));
  const issues: Issue[] = [];
  for (let r = view.firstRow; r < Math.min(view.rowCount, view.firstRow + 20); r++) {
    const cols: Record<string, number> = {};
    for (let c = view.firstCol; c < view.widthOf(r, r + 1); c++) {
      const t = normalizeLabel(text(view.get(r, c)));
      if (cols.code === undefined && CODE_LABELS.includes(t)) cols.code = c;
      else if (cols.measure === undefined && MEASURE_LABELS.includes(t)) cols.measure = c;
      else if (cols.responsible === undefined && RESPONSIBLE_LABELS.includes(t)) cols.responsible = c;
      else if (cols.deadline === undefined && DEADLINE_LABELS.includes(t)) cols.deadline = c;
    }
    if (cols.code === undefined || cols.measure === undefined) continue;
    const measures: Measure[] = [];
    for (let rr = r + 1; rr < view.rowCount; rr++) {
      const measure = text(view.get(rr, cols.measure));
      const codeCell = view.get(rr, cols.code);
      if (!measure && (codeCell === null || codeCell === '')) continue;
      const codes = parseCodes(codeCell);
      if (!measure || codes.length === 0) {
        issues.push(
          makeIssue(
            'REPORT-MEASURE-ROW',
            { sheet: snap.name, cell: a1(rr, cols.code), section: 'Справочник мер' },
            `Лист «${snap.name}», строка ${rr + 1}: ${!measure ? 'не указана мера' : 'не указан код фактора риска (например 2.1)'}; строка не учтена.`,
          ),
        );
        continue;
      }
      for (const code of codes) {
        if (!known.has(code)) {
          issues.push(
            makeIssue(
              'REPORT-MEASURE-ROW',
              { sheet: snap.name, cell: a1(rr, cols.code), section: 'Справочник мер' },
              `Лист «${snap.name}», строка ${rr + 1}: кода ${code} нет в перечне факторов риска (1.1–5.2); мера учтена под этим кодом.`,
            ),
          );
        }
        measures.push({
          code,
          measure,
          responsible: cols.responsible === undefined ? '' : text(view.get(rr, cols.responsible)),
          deadline: cols.deadline === undefined ? '' : text(view.get(rr, cols.deadline)),
        });
      }
    }
    if (measures.length === 0) break;
    // Codes the sheet leaves out keep the default measures.
    const given = new Set(measures.map((m) => m.code));
    return {
      measures: [...measures, ...DEFAULT_MEASURES.filter((m) => !given.has(m.code))],
      sheet: snap.name,
      issues,
    };
  }
  issues.push(
    makeIssue(
      'REPORT-MEASURE-ROW',
      { sheet: snap.name, section: 'Справочник мер' },
      `На листе «${snap.name}» не найдена таблица мер (столбцы «Код» и «Мера»); использован справочник по умолчанию.`,
    ),
  );
  return { measures: [...DEFAULT_MEASURES], sheet: null, issues };
}
