// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Wall-clock time, timers and unseeded randomness make runs unrepeatable; simulation code uses SimClock and seeded streams. */
const determinismGlobals = [
  { name: 'Date', message: 'Simulation time is SimClock.now(); Date makes runs unrepeatable.' },
  { name: 'performance', message: 'Wall-clock timing belongs in tools/bench, not in simulation code.' },
  { name: 'setTimeout', message: 'Schedule on the SimClock instead of the wall clock.' },
  { name: 'setInterval', message: 'Schedule on the SimClock instead of the wall clock.' },
  { name: 'setImmediate', message: 'Schedule on the SimClock instead of the wall clock.' },
  {
    name: 'queueMicrotask',
    message: 'Schedule on the SimClock; microtask order is not part of the simulation.',
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `() => clock.advanceTo(5)` in callbacks reads better than a braced body; the rule is style, not safety.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // State tables are plain records keyed by object name (they must survive msgpack and immer), so
      // removing an object is a `delete` with a computed key.
      '@typescript-eslint/no-dynamic-delete': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'Name every public export in src/index.ts (no export *).',
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...determinismGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded stream from createRandomStreams().' },
        { object: 'Date', property: 'now', message: 'Simulation time is SimClock.now().' },
        { object: 'performance', property: 'now', message: 'Wall-clock timing belongs in tools/bench.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
