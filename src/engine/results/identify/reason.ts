/** The Russian text saying why a school has its status. */
import { formatNumberRu, plural } from '../../text';
import { SchoolYear, formatSchoolYear } from '../../years';
import { IdentifySettings } from '../settings';
import { Status } from './types';

/** The figures a reason text is written from. */
export interface ReasonFigures {
  status: Status;
  rule1: boolean;
  rule2: boolean;
  /** Low results in the last year, in the year before, and results in the risk band. */
  nY: number;
  nP: number;
  nNear: number;
  prevMissing: boolean;
  hasAny: boolean;
}

/** reasonText, made once per combination of its figures (thousands of schools share a few). */
export function reasonFor(
  f: ReasonFigures,
  Y: SchoolYear | null,
  s: IdentifySettings,
  memo: Map<number, string>,
): string {
  // Only the figures the text shows tell texts apart: a ШНОР school's names the count of the year
  // (and only under rule 1), a норма school's none.
  const { status, rule1, rule2, prevMissing, hasAny } = f;
  const shown = status === 'риск' ? f : { ...f, nY: rule1 ? f.nY : 0, nP: 0, nNear: 0 };
  const { nY, nP, nNear } = shown;
  if (nY > 1000 || nP > 1000 || nNear > 1000) return reasonText(shown, Y, s);
  const key =
    (((nY * 1024 + nP) * 1024 + nNear) * 4 + (status === 'ШНОР' ? 0 : status === 'риск' ? 1 : 2)) * 16 +
    (rule1 ? 8 : 0) +
    (rule2 ? 4 : 0) +
    (prevMissing ? 2 : 0) +
    (hasAny ? 1 : 0);
  let text = memo.get(key);
  if (text === undefined) {
    text = reasonText(shown, Y, s);
    memo.set(key, text);
  }
  return text;
}

function reasonText(f: ReasonFigures, Y: SchoolYear | null, s: IdentifySettings): string {
  const { status, rule1, rule2, nY, nP, nNear, prevMissing, hasAny } = f;
  const y = Y === null ? 'последнем году' : `${formatSchoolYear(Y)} учебном году`;
  const yp = Y === null ? 'предыдущем году' : `${formatSchoolYear(Y - 1)} учебном году`;
  const parts: string[] = [];
  if (rule1) parts.push(`правило 1: низкие результаты в ${y} по ${nY} процедурам`);
  if (rule2) {
    parts.push(
      s.rule2 === 'same'
        ? `правило 2: низкий результат по одной и той же процедуре в ${yp} и в ${y}`
        : `правило 2: низкие результаты и в ${yp}, и в ${y}`,
    );
  }
  if (status === 'риск') {
    if (nY + nP > 0) parts.push(`низкие результаты: ${nY} в ${y}, ${nP} в ${yp} — недостаточно для ШНОР`);
    if (nNear > 0)
      parts.push(
        `в ${y} ${nNear} ${plural(nNear, 'результат', 'результата', 'результатов')} в зоне риска (от ${formatNumberRu(s.threshold - s.riskBand)} % до порога)`,
      );
  }
  if (status === 'норма') parts.push(hasAny ? 'низких результатов нет' : 'нет учитываемых результатов за эти годы');
  if (prevMissing)
    parts.push(`нет данных за ${Y === null ? 'предыдущий год' : formatSchoolYear(Y - 1)} — правило 2 проверить нельзя`);
  return parts.join('; ');
}
