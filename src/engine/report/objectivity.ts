/**
 * «Объективность оценивания» in the справка (issues 14 and 16): from the objectivity analysis of
 * src/engine/marks/objectivity (the same rows and figures as `shnor objectivity`), a summary
 * paragraph per subject, a paragraph per flagged school × subject with its figures written the
 * Russian way («понизили отметку 38,5 % участников (5 из 13)»), and the table by school × subject.
 * Built from the numbers only: the same data gives the same text.
 */
import { ObjectivityAnalysis, objectivityFigures } from '../marks/objectivity';
import { formatNumberRu, plural, roundTo } from '../text';
import { ReportBlock, pct } from './document';

export const OBJECTIVITY_HEADING = 'Объективность оценивания';

function flagText(v: number): string {
  return `${formatNumberRu(v, Number.isInteger(v) ? 0 : 1)}\u00a0%`;
}

function cell(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : roundTo(v);
}

function pupils(n: number): string {
  return `${formatNumberRu(n, 0)} ${plural(n, 'участник', 'участника', 'участников')}`;
}

/** The section's blocks, numbered `no`. */
export function objectivityBlocks(a: ObjectivityAnalysis, no: number): ReportBlock[] {
  const f = objectivityFigures(a);
  const flag = flagText(f.flagShare);
  const blocks: ReportBlock[] = [];
  blocks.push({ kind: 'heading', text: `${no}. ${OBJECTIVITY_HEADING}` });
  blocks.push({
    kind: 'note',
    text:
      'Сравнение отметки за работу (экзамен, ВПР) с годовой (четвертной) отметкой обучающегося: подтвердили — отметки совпали, ' +
      `понизили — отметка за работу ниже, повысили — выше. Признак необъективности оценивания — понизили отметку больше ${flag} участников. ` +
      'В таблице: всего — участников, для которых сравнены отметки; подтв., пониз., повыс. — доли подтвердивших, понизивших и повысивших отметку; признак — признак необъективности.',
  });
  for (const s of f.bySubject) {
    const shares =
      s.n > 0
        ? `; подтвердили отметку ${pct(s.confirmedShare)}, понизили ${pct(s.loweredShare)}, повысили ${pct(s.raisedShare)}`
        : '';
    blocks.push({
      kind: 'paragraph',
      text:
        `${s.subject}: ${s.schools} ОО${s.n > 0 ? `, ${pupils(s.n)}` : ''}${shares}; ` +
        (s.flaggedSchools
          ? `признак необъективности — в ${s.flaggedSchools} ${plural(s.flaggedSchools, 'ОО', 'ОО', 'ОО')}.`
          : 'признак необъективности не выявлен.'),
    });
  }
  const rows = a.rows;
  for (const r of rows.filter((x) => x.flagged)) {
    const counts = r.lowered !== null && r.n !== null ? ` (${r.lowered} из ${r.n})` : '';
    blocks.push({
      kind: 'paragraph',
      text:
        `${r.school} (${r.subject}): понизили отметку ${pct(r.loweredShare)} участников${counts}, ` +
        `подтвердили — ${pct(r.confirmedShare)}, повысили — ${pct(r.raisedShare)}; это больше ${flag}: ` +
        'годовые отметки требуют проверки объективности оценивания.',
    });
  }
  if (!rows.some((x) => x.flagged))
    blocks.push({
      kind: 'paragraph',
      text: `Ни в одной ОО не понизили отметку больше ${flag} участников: признак необъективности не выявлен.`,
    });
  blocks.push({
    kind: 'table',
    table: {
      id: 'shnor_report_objectivity',
      columns: [
        { header: 'ОО', width: 28 },
        { header: 'Предмет', width: 20 },
        { header: 'Всего', width: 9, format: 'integer' },
        { header: 'Подтв., %', width: 11, format: 'decimal1' },
        { header: 'Пониз., %', width: 11, format: 'decimal1' },
        { header: 'Повыс., %', width: 11, format: 'decimal1' },
        { header: 'Признак', width: 13 },
      ],
      rows: rows.map((r) => [
        r.school,
        r.subject,
        r.n,
        cell(r.confirmedShare),
        cell(r.loweredShare),
        cell(r.raisedShare),
        r.flagged ? 'да' : 'нет',
      ]),
    },
  });
  return blocks;
}
