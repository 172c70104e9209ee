/**
 * The label matcher (src/engine/match): normalisation, stems, the score, the choice of the best
 * candidate with its kind (exact / alias / similar), the threshold and ambiguity. The wording is
 * seed 003's information card as printed (OCR line breaks kept) and the paraphrases of the variant
 * corpus; the expected rows are written here by hand, not computed by the matcher.
 */
import {
  AMBIGUITY_MARGIN,
  SIMILAR_THRESHOLD,
  formatScore,
  labelScore,
  labelStems,
  matchLabel,
  normalizeForMatch,
  scoreLabel,
  tokenize,
} from '../../src/engine/match';
import { CARD } from '../../src/engine/card/descriptor';
import { PARAPHRASES, SEED_003_CARD } from '../card/variants';

const rows = CARD.sections.flatMap((s) => s.rows);
const row = (id: string) => rows.find((r) => r.id === id)!;

describe('normalizeForMatch', () => {
  test.each([
    ['Утверждение (должность, дата):', 'утверждение должность дата'],
    ['  ЁЛКИ «Зелёные»  ', 'елки зеленые'],
    ['1. Общая характеристика', 'общая характеристика'],
    ['1.2. Период реализации', 'период реализации'],
    ['а) НОО', 'ноо'],
    ['(1) Доля школ, %', 'доля школ %'],
    ['- Итого', 'итого'],
    ['• 3) б) Всего', 'всего'],
    ['Ф.И.О.\nспециалиста', 'фио специалиста'],
    ['минималь- ного уровня', 'минимального уровня'],
    ['Наименование\nплана (дорожной\nкарты)', 'наименование плана дорожной карты'],
  ])('%j → %j', (input, want) => {
    expect(normalizeForMatch(input)).toBe(want);
  });

  test('tokens and stems: stop-words and bare numbers dropped, ё folded, forms of a word share a stem', () => {
    expect(tokenize('Доля школ, в которых 100% неуспевающих')).toEqual([
      'доля',
      'школ',
      'в',
      'которых',
      '100',
      '%',
      'неуспевающих',
    ]);
    expect(labelStems('в 2023 г. по школам')).toEqual(labelStems('г школы'));
    expect(labelStems('утверждён')).toEqual(labelStems('утвержден'));
    expect(labelStems('разработаны')).toEqual(labelStems('разработавших'));
    // OCR: «000, C00» for «ООО, СОО».
    expect(labelStems('программы НОО, 000, C00')).toEqual(labelStems('программы НОО, СОО'));
  });
});

describe('labelScore', () => {
  test('1 for labels equal after normalisation, symmetric, 0 with no shared word', () => {
    expect(labelScore('1. Период реализации:', 'период  РЕАЛИЗАЦИИ')).toBe(1);
    const a = 'Доля школ с дополнительными занятиями';
    const b = 'Доля школ, организовавших дополнительные занятия для 100% неуспевающих';
    expect(labelScore(a, b)).toBeCloseTo(labelScore(b, a), 10);
    expect(labelScore('Период реализации', 'Ответственный (ФИО, должность, контакты)')).toBe(0);
    expect(labelScore('', 'Период реализации')).toBe(0);
  });

  test('order counts a little: the same words in another order score less than in the same order', () => {
    const same = labelScore('общее количество мероприятий', 'общее количество мероприятий по плану');
    const swapped = labelScore('общее количество мероприятий', 'мероприятий количество общее по плану');
    expect(swapped).toBeLessThan(same);
    expect(swapped).toBeGreaterThan(same * 0.8);
  });

  test('more shared words score higher', () => {
    const t = 'Доля школ с индивидуальными образовательными маршрутами для 100 % неуспевающих, %';
    expect(labelScore(t, 'Доля школ, разработавших индивидуальные образовательные маршруты')).toBeGreaterThan(
      labelScore(t, 'Доля школ с дополнительными занятиями'),
    );
  });
});

describe('matchLabel', () => {
  const spec = { label: 'Утверждение (должность, дата)', synonyms: ['Кем и когда утверждён'] };

  test('exact, then alias, then similar with its score', () => {
    expect(matchLabel(spec, [{ text: 'Период' }, { text: 'утверждение (должность, дата):' }]).best).toMatchObject({
      index: 1,
      how: 'exact',
      score: 1,
    });
    expect(matchLabel(spec, [{ text: 'Кем и когда утвержден' }]).best).toMatchObject({ index: 0, how: 'alias' });
    const r = matchLabel(spec, [{ text: 'Период реализации' }, { text: 'Утверждён (кем, должность, дата)' }]);
    expect(r.best).toMatchObject({ index: 1, how: 'similar' });
    expect(r.best!.score).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
    expect(r.ambiguous).toBe(false);
  });

  test('nothing above the threshold: no match', () => {
    const r = matchLabel(spec, [{ text: 'Период реализации' }, { text: 'Мероприятие' }, { text: '' }]);
    expect(r.best).toBeNull();
  });

  test('two candidates equally like the label: ambiguous, both named', () => {
    const r = matchLabel({ label: 'Доля школ с дополнительными занятиями, %' }, [
      { text: 'Доля школ, организовавших дополнительные занятия' },
      { text: 'Период реализации' },
      { text: 'Доля школ, организовавших дополнительные занятия (всего)' },
    ]);
    expect(r.best).not.toBeNull();
    expect(r.second).not.toBeNull();
    expect([r.best!.index, r.second!.index].sort()).toEqual([0, 2]);
    expect(r.best!.score - r.second!.score).toBeLessThan(AMBIGUITY_MARGIN);
    expect(r.ambiguous).toBe(true);
  });

  test('the context (parent label, section) breaks a tie', () => {
    const s = { label: 'Всего', context: 'Количество ОО, реализующих программы' };
    const r = matchLabel(
      s,
      [
        { text: 'Всего школ', context: 'Период реализации' },
        { text: 'Всего школ', context: 'Количество ОО, реализующих программы НОО, ООО, СОО' },
      ],
      { threshold: 0.3 },
    );
    expect(r.best!.index).toBe(1);
    expect(r.ambiguous).toBe(false);
  });

  test('formatScore', () => {
    expect(formatScore(0.8234)).toBe('0,82');
    expect(formatScore(1)).toBe('1,00');
  });
});

describe("seed 003's information card: each label as printed finds its row of the template", () => {
  // The template's own wording only (no synonyms): the seed's labels must be found by similarity.
  const templateOnly = rows.map((r) => ({ label: r.label }));
  // Seed 003 as printed: the label broken over lines the way the order's table column breaks it.
  const printed: Record<string, string> = {
    '1.name': 'Наименование\nплана (дорожной\nкарты)',
    '1.approval': 'Утверждение\n(рассмотрение,\nсогласование),\nдолжность, дата',
    '1.summary':
      'Подведение итогов,\nобсуждение планов\nна следующий\nкалендарный год\n(где, когда,\nуправленческое\nрешение)*',
    '1.responsible':
      'Ф.И.О.\nспециалиста,\nответственного за\nреализацию плана\n(дорожной карты),\nдолжность,\nконтактные данные',
    '1.schools': 'Количество ОО,\nреализующих\nпрограммы НОО,\n000, C00',
    '3.preventionSystem': SEED_003_CARD.rows['3.preventionSystem'],
    '3.individualRoutes': SEED_003_CARD.rows['3.individualRoutes'],
    '3.extraLessons': SEED_003_CARD.rows['3.extraLessons'],
    '3.practicesCount': SEED_003_CARD.rows['3.practicesCount'],
  };

  test.each(Object.entries(printed))('%s', (id, text) => {
    const scored = templateOnly.map((spec) => scoreLabel(spec, { text }).score);
    const top = scored.indexOf(Math.max(...scored));
    expect(rows[top].id).toBe(id);
    expect(scored[top]).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
  });

  test('as a search over the sheet: each template row picks its printed label among all of them', () => {
    const texts = Object.entries(printed);
    for (const [id] of texts) {
      const r = matchLabel(
        { label: row(id).label },
        texts.map(([, t]) => ({ text: t })),
      );
      expect(r.best && texts[r.best.index][0]).toBe(id);
      expect(r.ambiguous).toBe(false);
    }
  });
});

describe('paraphrases of the variant corpus (in no list of the descriptor) find their row', () => {
  test.each(Object.entries(PARAPHRASES))('%s', (id, text) => {
    const found = rows.map((r) => ({ id: r.id, ...scoreLabel(r, { text }) })).sort((a, b) => b.score - a.score);
    expect(found[0].id).toBe(id);
    expect(found[0].how).toBe('similar');
    expect(found[0].score).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
    // Clear of the next row (twice the ambiguity margin), so the locator's choice is not ambiguous.
    expect(found[0].score - found[1].score).toBeGreaterThan(2 * AMBIGUITY_MARGIN);
  });
});
