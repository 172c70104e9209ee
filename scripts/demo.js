#!/usr/bin/env node
// `npm run demo`: the main job on the bundled sample workbooks. Checks every sample, identifies
// ШНОР in the results workbooks, writes annotated copies to out/demo/ and prints a summary.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const samples = path.join(root, 'samples');
const out = path.join(root, 'out', 'demo');

if (!fs.existsSync(cli)) {
  console.error('Сначала соберите программу: npm ci (или npm run build:cli).');
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
const files = fs
  .readdirSync(samples)
  .filter((f) => f.endsWith('.xlsx'))
  .sort()
  .map((f) => path.join(samples, f));

function run(args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (r.stderr) process.stderr.write(r.stderr);
  return r;
}

console.log(`Образцы: ${files.map((f) => path.relative(root, f)).join(', ')}\n`);
const check = run(['check', ...files, '--out', path.join(out, 'check'), '--json']);
const report = JSON.parse(check.stdout);
for (const f of report.files) {
  const n = { error: 0, warning: 0, info: 0 };
  for (const i of f.issues) n[i.severity]++;
  console.log(
    `check  ${path.relative(root, f.file)}: вид «${f.kind}», ошибок ${n.error}, предупреждений ${n.warning}, сведений ${n.info}`,
  );
}
console.log('');
// ДТК: the school's key indicators and the drafted «Вывод»/«Проблема» per criterion.
const num = (v) => (v === null || v === undefined ? '—' : String(v).replace('.', ','));
const p1 = (v) => (typeof v === 'number' ? `${v.toFixed(1).replace('.', ',')} %` : '—');
for (const f of report.files.filter((x) => x.kind === 'dtk')) {
  const i = f.indicators;
  console.log(
    `ДТК  ${path.relative(root, f.file)}: ${i.school ?? '—'} (${i.municipality ?? '—'}), ${i.currentYear ?? '—'} учебный год`,
  );
  console.log(
    `  обучающихся: НОО ${num(i.enrolmentNoo)}, ООО ${num(i.enrolmentOoo)}, СОО ${num(i.enrolmentSoo)}; продолжают обучение в 10 классе — ${p1(i.continuingShare)}`,
  );
  console.log(
    `  не справились (ВПР и ГИА, в среднем по ${num(i.failingShareRows)} строкам): ${p1(i.failingSharePrevious)} → ${p1(i.failingShareCurrent)}; низких результатов в текущем году ${num(i.lowResultsCurrent)}, в прошлом ${num(i.lowResultsPrevious)}`,
  );
  console.log(
    `  методическая деятельность ${p1(i.methodicalInvolvement)}, курсы ${p1(i.courses)}, мероприятия со школой-партнёром ${p1(i.partnerEvents)}; антирисковых программ ${num(i.antiRiskPrograms)}`,
  );
  for (const c of f.conclusions)
    console.log(`  Критерий ${c.section}. Вывод: ${c.conclusion}\n     Проблема: ${c.problem}`);
  console.log('');
}
// Information cards and roadmaps: their key indicators and the drafted conclusions.
const pct = (v) => (v === null || v === undefined ? '—' : `${String(v).replace('.', ',')} %`);
for (const f of report.files.filter((x) => x.kind === 'card' || x.kind === 'roadmap')) {
  const i = f.indicators;
  if (f.kind === 'card')
    console.log(
      `карта  ${path.relative(root, f.file)}: ${i.municipality ?? '—'}, ${i.year ?? '—'}; исполнение плана на ${i.lastDate ?? '—'} — ${pct(i.planExecution)}; мероприятий ${i.measures}`,
    );
  else
    console.log(
      `дорожная карта  ${path.relative(root, f.file)}: мероприятий ${i.measures}; проявившихся факторов ${i.factorsPresent}, охвачено ${i.factorsCovered}; выполнено мероприятий ${pct(i.measuresDoneShare)}`,
    );
  for (const c of f.conclusions) console.log(`  ${c.section}. ${c.conclusion}\n     Проблема: ${c.problem}`);
}
console.log('');
for (const f of report.files.filter((x) => x.kind === 'results')) {
  const target = path.join(out, 'identify-' + path.basename(f.file));
  const r = run(['identify', f.file, '--out', target]);
  process.stdout.write(r.stdout.split('\n').slice(0, 4).join('\n') + '\n');
  console.log(`  → ${path.relative(root, target)}\n`);
}
console.log(`Копии с пометками: ${path.relative(root, out)}/`);
