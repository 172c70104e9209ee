import { isPercentFormat, parseNumberText, readNumber, readPair, readYesNo } from '../../src/engine/values';
import { parseSchoolYear, formatSchoolYear } from '../../src/engine/years';
import { compareNames, normalizeLabel, formatNumberRu } from '../../src/engine/text';

describe('value reader (DOMAIN §1.2)', () => {
  test.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['12,5%', 12.5],
    ['12,5 %', 12.5],
    [' 12,5 ', 12.5],
    ['1 234,5', 1234.5],
    ['-3', -3],
  ])('%s reads as %d', (text, value) => {
    expect(readNumber(text)).toEqual({ kind: 'number', value });
  });

  test('a number in a percent-formatted cell is value × 100', () => {
    expect(readNumber(0.325, '0.0%')).toEqual({ kind: 'number', value: 32.5, fromPercentFormat: true });
    expect(readNumber(0.325, '0.00')).toEqual({ kind: 'number', value: 0.325 });
    expect(isPercentFormat('0.0"%"')).toBe(false);
    expect(isPercentFormat('0,00 %')).toBe(true);
  });

  test.each(['-', '—', '–', 'нет', 'н/д', 'нет данных', 'не реализуется', 'Нет данных.'])(
    '%s is not applicable',
    (t) => {
      expect(readNumber(t).kind).toBe('na');
    },
  );

  test('empty, errors and text', () => {
    expect(readNumber(null).kind).toBe('empty');
    expect(readNumber('   ').kind).toBe('empty');
    expect(readNumber({ error: '#DIV/0!' })).toEqual({ kind: 'error', error: '#DIV/0!' });
    expect(readNumber('#N/A')).toEqual({ kind: 'error', error: '#N/A' });
    expect(readNumber('двадцать')).toEqual({ kind: 'text', text: 'двадцать' });
  });

  test('numbers with an explanation in description fields', () => {
    expect(readNumber('24 % (ФГАОУ ДПО «Академия»)', null, { allowExplanation: true })).toEqual({
      kind: 'number',
      value: 24,
      explanation: 'ФГАОУ ДПО «Академия»',
    });
    expect(readNumber('2: «Программа 1»; «Программа 2»', null, { allowExplanation: true })).toMatchObject({
      kind: 'number',
      value: 2,
      explanation: '«Программа 1»; «Программа 2»',
    });
    expect(readNumber('24 % (ФГАОУ)').kind).toBe('text');
  });

  test('pairs and yes/no', () => {
    expect(readPair('98/45')).toEqual({ kind: 'pair', first: 98, second: 45 });
    expect(readPair('98 / 45')).toEqual({ kind: 'pair', first: 98, second: 45 });
    expect(readPair('98%/45%')).toEqual({ kind: 'pair', first: 98, second: 45 });
    expect(readPair(98)).toEqual({ kind: 'number', value: 98 });
    expect(readYesNo('Да')).toEqual({ kind: 'yesno', value: true });
    expect(readYesNo('отсутствует')).toEqual({ kind: 'yesno', value: false });
    expect(readYesNo('имеется')).toEqual({ kind: 'yesno', value: true });
  });

  test('parseNumberText refuses what is not a number', () => {
    expect(parseNumberText('12,5,5')).toBeNull();
    expect(parseNumberText('abc')).toBeNull();
    expect(parseNumberText(',')).toBeNull();
  });
});

describe('school years', () => {
  test.each([
    ['2022-2023', 2022],
    ['2022/2023', 2022],
    ['2022–2023', 2022],
    ['2022-23', 2022],
    ['2022 - 2023', 2022],
    ['2022-2023 учебный год', 2022],
    ['2023', 2022],
    [2023, 2022],
  ])('%s → %d', (v, y) => {
    expect(parseSchoolYear(v)).toBe(y);
  });

  test('not a year', () => {
    expect(parseSchoolYear('2022-2024')).toBeNull();
    expect(parseSchoolYear('ВПР')).toBeNull();
    expect(parseSchoolYear(12)).toBeNull();
  });

  test('a year inside a longer text', () => {
    expect(parseSchoolYear('Результаты ВПР 2023 года', true)).toBe(2022);
    expect(parseSchoolYear('Итоги 2021/2022 уч. года', true)).toBe(2021);
    expect(formatSchoolYear(2022)).toBe('2022-2023');
  });
});

describe('labels and numbers', () => {
  test('normalisation', () => {
    expect(normalizeLabel('  Наименование\nОО: ')).toBe('наименование оо');
    expect(normalizeLabel('Получили «2»')).toBe('получили 2');
    expect(normalizeLabel('Учёт')).toBe('учет');
    expect(normalizeLabel('минималь- ного балла')).toBe('минимального балла');
  });
  test('names in the order people read them', () => {
    const names = [
      'Школа № 10',
      'школа № 2',
      'МБОУ «Лицей»',
      'Ёлочка',
      'Елка',
      'Школа № 002а',
      'Школа № 2б',
      'Gymnasium 3',
      'gymnasium 12',
    ];
    expect([...names].sort(compareNames)).toEqual([
      'Gymnasium 3',
      'gymnasium 12',
      'Елка',
      'Ёлочка',
      'МБОУ «Лицей»',
      'школа № 2',
      'Школа № 002а',
      'Школа № 2б',
      'Школа № 10',
    ]);
    expect(compareNames('Школа №1', 'Школа № 1')).toBeGreaterThan(0); // a space sorts before a digit
    expect(compareNames('Школа', 'ШКОЛА')).toBe(0);
    expect(compareNames('№ 007', '№ 7')).toBe(0);
    expect(compareNames('№ 99999999999', '№ 100000000000')).toBeLessThan(0);
    expect(compareNames('А', 'А 1')).toBeLessThan(0);
  });
  test('Russian numbers', () => {
    expect(formatNumberRu(34)).toBe('34,0');
    expect(formatNumberRu(12345.67, 1)).toBe('12\u00a0345,7');
  });
});
