/** The pane's language choice and dictionaries (src/taskpane/i18n.ts). */
import { DICTS, pickLang } from '../../src/taskpane/i18n';

test('Russian for Russian (any region) and when nothing is known, English otherwise', () => {
  expect(['ru-RU', 'ru', 'RU-ru', ' ru-UA', null, undefined, ''].map(pickLang)).toEqual([
    'ru',
    'ru',
    'ru',
    'ru',
    'ru',
    'ru',
    'ru',
  ]);
  expect(['en-US', 'de-DE', 'uk-UA', 'kk-KZ', 'rue'].map(pickLang)).toEqual(['en', 'en', 'en', 'en', 'en']);
});

test('both dictionaries have every entry, none empty, and the two languages differ', () => {
  const ru = DICTS.ru as Record<string, unknown>;
  const en = DICTS.en as Record<string, unknown>;
  expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
  let same = 0;
  for (const k of Object.keys(ru)) {
    const a = ru[k];
    const b = en[k];
    expect(typeof b).toBe(typeof a);
    if (typeof a === 'string') {
      expect(a.trim()).not.toBe('');
      expect((b as string).trim()).not.toBe('');
      if (a === b) same++;
    }
  }
  expect(same).toBe(0);
  expect(DICTS.ru.summary('ДТК', 1, 2, 5)).toBe('Вид книги: ДТК. Ошибок: 1, предупреждений: 2, сведений: 5.');
  expect(DICTS.en.summary('ДТК', 1, 2, 5)).toBe('Kind: ДТК. Errors: 1, warnings: 2, notes: 5.');
});
