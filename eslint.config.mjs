import officeAddins from 'eslint-plugin-office-addins';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/**', 'node_modules/**', 'artifacts/**', 'coverage/**', 'scripts/**', '**/*.js', '**/*.mjs', '**/*.py'] },
  ...officeAddins.configs.recommended,
  {
    // The office-addins preset covers .ts; the React files get the same parser and plugin here.
    files: ['**/*.tsx'],
    plugins: { ...officeAddins.configs.recommended[2].plugins, '@typescript-eslint': tseslint.plugin },
    rules: { ...officeAddins.configs.recommended[2].rules },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: 2022, sourceType: 'module', ecmaFeatures: { jsx: true } },
    },
    rules: {
      // TypeScript itself reports undefined names; ESLint's rule does not know TS types or jest globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is pure: it imports nothing outside src/engine (no Office.js, DOM, fs, no library but zod
    // and snowball-stemmers, the pure-JS Russian stemmer of the label matcher, src/engine/match).
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?![.]|zod$|snowball-stemmers$)',
              message: 'src/engine imports only its own modules, zod and snowball-stemmers.',
            },
            { regex: '(^|/)(excel|xlsx|cli|taskpane|commands|bench|test)(/|$)', message: 'src/engine imports nothing outside itself.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'Office', 'Excel', 'process', 'require', 'Buffer'],
    },
  },
];
