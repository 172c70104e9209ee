/**
 * Procedures (DOMAIN.md §4): a procedure is (type, subject, grade/level), read from any mix of
 * a procedure cell, a subject cell, a grade cell, the header path of a wide table and the sheet.
 */
import { normalizeLabel } from '../text';

export interface Procedure {
  type: string | null;
  subject: string | null;
  grade: string | null;
  name: string;
}

const TYPES: [RegExp, string][] = [
  [/(^|[^а-я])впр([^а-я]|$)/, 'ВПР'],
  [/(^|[^а-я])огэ([^а-я]|$)|гиа\s*-?\s*9|(^|[^а-я])гвэ\s*-?\s*9/, 'ОГЭ'],
  [/(^|[^а-я])егэ([^а-я]|$)|гиа\s*-?\s*11|(^|[^а-я])гвэ\s*-?\s*11/, 'ЕГЭ'],
];

const SUBJECTS: [RegExp, string][] = [
  [/матем/, 'математика'],
  [/русск|(^|[^а-я])рус\.?([^а-я]|$)|(^|[^а-я])р\/я([^а-я]|$)/, 'русский язык'],
  [/истори/, 'история'],
  [/обществ/, 'обществознание'],
  [/физик/, 'физика'],
  [/хими/, 'химия'],
  [/биолог/, 'биология'],
  [/географ/, 'география'],
  [/литератур/, 'литература'],
  [/информат/, 'информатика'],
  [/окружающ/, 'окружающий мир'],
  [/английск/, 'английский язык'],
  [/немецк/, 'немецкий язык'],
  [/французск/, 'французский язык'],
  [/иностранн/, 'иностранный язык'],
];

function findType(t: string): string | null {
  for (const [re, name] of TYPES) if (re.test(t)) return name;
  return null;
}

function findSubject(t: string): string | null {
  for (const [re, name] of SUBJECTS) if (re.test(t)) return name;
  return null;
}

/** Grade or level. `explicitOnly`: a bare number counts only with «класс»/«кл». */
function findGrade(t: string, explicitOnly: boolean): string | null {
  if (/баз/.test(t)) return 'базовый';
  if (/профил/.test(t)) return 'профильный';
  const k = /(?:^|[^\d])(\d{1,2})\s*-?\s*(?:й\s*)?(?:класс|кл\.?|кл(?=[^а-я]|$))/.exec(t);
  if (k) return String(Number(k[1]));
  const k2 = /(?:класс|кл\.?)\s*(\d{1,2})(?!\d)/.exec(t);
  if (k2) return String(Number(k2[1]));
  if (!explicitOnly) {
    const bare = /(?:^|[^\d.,-])(\d{1,2})(?![\d.,%])/.exec(t);
    if (bare && Number(bare[1]) >= 1 && Number(bare[1]) <= 11) return String(Number(bare[1]));
  }
  return null;
}

export interface ProcedureSources {
  /** The procedure cell (`ВПР математика 5 класс`). */
  procedure?: string | null;
  subject?: string | null;
  grade?: string | number | null;
  /** Header path of a wide table's group (`ВПР`, `Математика 5 класс`). */
  group?: string | null;
  /** Sheet name and title lines. */
  sheet?: string | null;
}

function text(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return normalizeLabel(String(v));
}

/** Reads a procedure; earlier sources win per attribute. */
export function parseProcedure(src: ProcedureSources): Procedure {
  const proc = text(src.procedure);
  const subj = text(src.subject);
  const grade = text(src.grade);
  const group = text(src.group);
  const sheet = text(src.sheet);
  const type = findType(proc) ?? findType(group) ?? findType(subj) ?? findType(sheet);
  let subject = findSubject(subj) ?? findSubject(proc) ?? findSubject(group) ?? findSubject(sheet);
  if (subject === null && subj !== '') subject = subj;
  let g: string | null = null;
  if (grade !== '') g = findGrade(grade, false);
  g = g ?? findGrade(proc, type === null) ?? findGrade(subj, true) ?? findGrade(group, false) ?? findGrade(sheet, true);
  return buildProcedure(type, subject, g);
}

export function buildProcedure(type: string | null, subject: string | null, gradeIn: string | null): Procedure {
  let grade = gradeIn;
  let name: string;
  if (type === 'ВПР') {
    name = ['ВПР', subject, grade].filter(Boolean).join(' ');
  } else if (type === 'ЕГЭ' && subject === 'математика') {
    name = grade === 'базовый' || grade === 'профильный' ? `ЕГЭ математика (${grade})` : 'ЕГЭ математика';
    if (grade !== 'базовый' && grade !== 'профильный') grade = null;
  } else if (type === 'ОГЭ' || type === 'ЕГЭ') {
    grade = null;
    name = [type, subject].filter(Boolean).join(' ');
  } else {
    name = [subject, grade && /^\d+$/.test(grade) ? `${grade} класс` : grade].filter(Boolean).join(' ');
  }
  return { type, subject, grade, name };
}
