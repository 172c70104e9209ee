/**
 * A generator of ФИС ОКО exports for the tests: «Статистика по отметкам» (and «Выполнение
 * заданий») of one procedure and year, as the federal system lays them out — a title block, the
 * header «Группы участников | Кол-во ОО | Кол-во участников | Распределение групп баллов в %» with
 * the marks in the row below the merged cell, then «Вся выборка», the region, each municipality
 * and under it its schools «(sch740101) МБОУ «СОШ № 1»». Written to real `.xlsx` bytes by SheetJS;
 * the layout varies by `variant` (where the table starts, marks as texts or numbers, shares as
 * numbers or texts with a comma, blank rows, ОГЭ/ЕГЭ wording of the «2» column).
 */
import * as XLSX from '@e965/xlsx';

export interface GenSchool {
  code: string;
  name: string;
  participants: number;
  /** Share (%) of «2»; the other marks share the rest. */
  share2: number;
}

export interface GenMunicipality {
  name: string;
  schools: GenSchool[];
}

export interface GenReport {
  /** «Всероссийские проверочные работы», «ОГЭ», «ЕГЭ» … as the title writes it. */
  title: string;
  /** Calendar year in the title. */
  year: number;
  grade?: number;
  subject: string;
  /** dd.mm.yyyy */
  date: string;
  region: string;
  municipalities: GenMunicipality[];
  kind?: 'marks' | 'tasks';
  /** Wording of the «2» column (ОГЭ/ЕГЭ: «не преодолели минимальный порог»). */
  failLabel?: string;
}

export interface Variant {
  /** Rows above the title and columns left of the table. */
  top: number;
  left: number;
  marksAsNumbers: boolean;
  sharesAsText: boolean;
  blankRows: boolean;
}

export const PLAIN: Variant = { top: 0, left: 0, marksAsNumbers: false, sharesAsText: false, blankRows: false };

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function shareCell(x: number, v: Variant): number | string {
  return v.sharesAsText ? String(round2(x)).replace('.', ',') : round2(x);
}

/** The rows of the report (before the offset) and its merges. */
export function reportRows(rep: GenReport, v: Variant): { rows: (string | number | null)[][]; merges: XLSX.Range[] } {
  const kind = rep.kind ?? 'marks';
  const rows: (string | number | null)[][] = [];
  rows.push([`${rep.title} ${rep.year}${rep.grade !== undefined ? ` (${rep.grade} класс)` : ''}`]);
  rows.push([`Дата: ${rep.date}`]);
  rows.push([`Предмет: ${rep.subject}`]);
  rows.push([kind === 'marks' ? 'Статистика по отметкам' : 'Выполнение заданий']);
  rows.push(['Максимальный первичный балл: 15']);
  rows.push([]);
  const merges: XLSX.Range[] = [];
  const head = rows.length;
  const labels =
    kind === 'marks'
      ? [rep.failLabel ?? (v.marksAsNumbers ? 2 : '2'), ...(v.marksAsNumbers ? [3, 4, 5] : ['3', '4', '5'])]
      : Array.from({ length: 6 }, (_, i) => (v.marksAsNumbers ? i + 1 : String(i + 1)));
  rows.push([
    'Группы участников',
    'Кол-во ОО',
    'Кол-во участников',
    kind === 'marks' ? 'Распределение групп баллов в %' : 'Выполнение заданий (в % от числа участников)',
  ]);
  rows.push([null, null, null, ...labels]);
  merges.push({ s: { r: head, c: 3 }, e: { r: head, c: 3 + labels.length - 1 } });
  for (const c of [0, 1, 2]) merges.push({ s: { r: head, c }, e: { r: head + 1, c } });
  const line = (name: string, oo: number, part: number, share2: number): (string | number | null)[] => {
    if (kind === 'tasks') return [name, oo, part, ...labels.map((_, i) => shareCell((share2 * (i + 3)) % 100, v))];
    const rest = 100 - share2;
    return [
      name,
      oo,
      part,
      shareCell(share2, v),
      shareCell(rest * 0.4, v),
      shareCell(rest * 0.4, v),
      shareCell(rest * 0.2, v),
    ];
  };
  const all = rep.municipalities.flatMap((m) => m.schools);
  const agg = (ss: GenSchool[]): [number, number] => {
    const part = ss.reduce((a, s) => a + s.participants, 0);
    const failed = ss.reduce((a, s) => a + (s.participants * s.share2) / 100, 0);
    return [part, part === 0 ? 0 : (failed * 100) / part];
  };
  const [p0, s0] = agg(all);
  rows.push(line('Вся выборка', all.length * 30, p0 * 40, s0));
  rows.push(line(rep.region, all.length, p0, s0));
  for (const m of rep.municipalities) {
    if (v.blankRows) rows.push([]);
    const [pm, sm] = agg(m.schools);
    rows.push(line(m.name, m.schools.length, pm, sm));
    for (const s of m.schools) rows.push(line(`(${s.code}) ${s.name}`, 1, s.participants, s.share2));
  }
  return { rows, merges };
}

/** The report as `.xlsx` bytes. */
export function fisOkoWorkbook(rep: GenReport, v: Variant = PLAIN, sheetName = 'Статистика по отметкам'): Uint8Array {
  const { rows, merges } = reportRows(rep, v);
  const shifted: (string | number | null)[][] = [];
  for (let i = 0; i < v.top; i++) shifted.push([]);
  for (const r of rows) shifted.push([...Array<null>(v.left).fill(null), ...r]);
  const ws = XLSX.utils.aoa_to_sheet(shifted);
  ws['!merges'] = merges.map((m) => ({
    s: { r: m.s.r + v.top, c: m.s.c + v.left },
    e: { r: m.e.r + v.top, c: m.e.c + v.left },
  }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName.slice(0, 31));
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}
