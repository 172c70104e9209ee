import { classifyHeader } from '../../src/engine/results/descriptor';
import { parseProcedure } from '../../src/engine/results/procedure';

describe('results headers', () => {
  test.each([
    ['Код ОО', 'id'],
    ['Наименование ОО', 'name'],
    ['ОО', 'name'],
    ['Образовательная организация', 'name'],
    ['АТЕ', 'municipality'],
    ['Учебный год', 'year'],
    ['Год', 'year'],
    ['Оценочная процедура', 'procedure'],
    ['Кол-во уч.', 'participants'],
    ['приняли участие', 'participants'],
    ['Количество участников', 'participants'],
    ['Не справились', 'failed'],
    ['Получили «2»', 'failed'],
    ['не преодолели min порог', 'failed'],
    ['Кол-во «2»', 'failed'],
    ['Доля не справившихся, %', 'failedShare'],
    ['Доля участников, не достигших минималь- ного балла', 'failedShare'],
    ['Доля участников, получивших от 61 до 80 баллов', 'band61'],
    ['81-100', 'band81'],
    ['средний балл', 'mean'],
    ['Примечание', null],
  ])('%s → %s', (h, role) => {
    expect(classifyHeader(h)).toBe(role);
  });
});

describe('procedures', () => {
  test.each([
    [{ procedure: 'ВПР математика 5 класс' }, 'ВПР математика 5'],
    [{ procedure: 'ВПР', subject: 'Русский язык', grade: 6 }, 'ВПР русский язык 6'],
    [{ procedure: 'ЕГЭ', subject: 'Математика', grade: 'профильный' }, 'ЕГЭ математика (профильный)'],
    [{ procedure: 'ЕГЭ математика (база)' }, 'ЕГЭ математика (базовый)'],
    [{ procedure: 'ОГЭ', subject: 'русский язык' }, 'ОГЭ русский язык'],
    [{ group: 'ВПР / Математика 5 класс' }, 'ВПР математика 5'],
    [{ group: 'Математика', sheet: 'ОГЭ 2023' }, 'ОГЭ математика'],
    [{ subject: 'История', sheet: 'Результаты ЕГЭ 2020' }, 'ЕГЭ история'],
    [{ procedure: 'ГИА-9', subject: 'математика' }, 'ОГЭ математика'],
    [{ subject: 'Математика (профильный уровень)', sheet: 'Результаты ЕГЭ 2023 года' }, 'ЕГЭ математика (профильный)'],
  ])('%j → %s', (src, name) => {
    expect(parseProcedure(src).name).toBe(name);
  });
});
