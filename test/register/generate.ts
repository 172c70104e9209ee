/**
 * Results of three school years for the register tests (issue 15), written by openpyxl: per school a
 * plan of low results (50 % failed) and results in the risk band (27 %) per year, and the statuses
 * and transitions expected from the plan alone (rule 1: two low results in Y; rule 2: one in Y and
 * one in Y−1; «резильентная»: left the list with no low result and nothing in the risk band in Y).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export const YEARS = ['2020-2021', '2021-2022', '2022-2023'];
const SUBJECTS = ['Математика', 'Русский язык', 'Биология', 'История', 'География', 'Физика'];
export const MUNIS = ['Северный район', 'Южный район', 'Город Н'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Plan {
  code: number;
  name: string;
  municipality: string;
  low: number[];
  near: number[];
}

export function generate(seed: number, n: number): Plan[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    code: 740000 + i,
    name: `МБОУ «СОШ № ${i + 1}»`,
    municipality: MUNIS[i % MUNIS.length],
    low: YEARS.map(() => [0, 0, 1, 1, 2][Math.floor(r() * 5)]),
    near: YEARS.map(() => (r() < 0.3 ? 1 : 0)),
  }));
}

export function write(plans: Plan[], file: string, only: number[] = [0, 1, 2]): void {
  const rows: (string | number)[][] = [];
  for (const p of plans) {
    YEARS.forEach((y, t) => {
      if (!only.includes(t)) return;
      let k = 0;
      const add = (participants: number, failed: number): void => {
        rows.push([
          p.code,
          p.name,
          p.municipality,
          y.replace('-', '/'),
          'ВПР',
          SUBJECTS[k],
          5 + (k % 4),
          participants,
          failed,
        ]);
        k++;
      };
      for (let j = 0; j < p.low[t]; j++) add(20, 10); // 50 % — low
      for (let j = 0; j < p.near[t]; j++) add(100, 27); // 27 % — in the risk band 25–30
      add(100, 5); // 5 % — normal
    });
  }
  const py = `
import json, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Результаты"
ws.append(["Код ОО", "Наименование ОО", "Муниципалитет", "Учебный год", "Процедура", "Предмет", "Класс", "Количество участников", "Не справились"])
for row in json.load(open(sys.argv[2])):
    ws.append(row)
wb.save(sys.argv[1])
`;
  const data = file + '.json';
  fs.writeFileSync(data, JSON.stringify(rows));
  const res = spawnSync('/usr/bin/python3', ['-c', py, file, data], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
}

/** The expected statuses and transitions, from the plan alone. */
export function expected(p: Plan): { status: string; transition: string | null }[] {
  const shnor = p.low.map((l, t) => l >= 2 || (l >= 1 && t > 0 && p.low[t - 1] >= 1));
  return YEARS.map((_, t) => {
    const risk = p.low[t] >= 1 || (t > 0 && p.low[t - 1] >= 1) || p.near[t] >= 1;
    const status = shnor[t] ? 'ШНОР' : risk ? 'риск' : 'норма';
    const before = t > 0 && shnor[t - 1];
    let transition: string | null = null;
    if (shnor[t]) transition = before ? 'продолжает' : 'новая';
    else if (before) transition = p.low[t] === 0 && p.near[t] === 0 ? 'резильентная' : 'вышла';
    return { status, transition };
  });
}
