// ESLint (typescript-eslint) for the whole workspace. Architecture rules:
// - dinsos/no-service-imports: no service imports another service, no library imports a service;
// - @nx/enforce-module-boundaries: projects depend only on what their tags allow (project.json);
// - domain code (deciders: services' src/domain/, *.decider.ts) imports the platform only through
//   @dinsos/platform/domain, and nothing that does I/O or needs Nest.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dinsos = require('./tools/eslint-rules/index.js');

const moduleBoundaries = {
  allow: [],
  depConstraints: [
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:infra'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
    { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'tmp/**', '.cache/**', '.nx/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { dinsos, '@nx': nx },
    rules: {
      'dinsos/no-service-imports': 'error',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
    },
  },
  {
    // test/ (system-tests, type:e2e) runs several services together in one process, as their
    // main.ts declare them: it imports their modules and testing helpers by relative path
    // (services are applications with no package entry for these), which Nx otherwise refuses.
    // test/ only: a service still may not import another (dinsos/no-service-imports).
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        // A pattern without wildcards is a regular expression to Nx.
        { ...moduleBoundaries, allow: ['^(\\.\\./)+services/[a-z-]+/src/'] },
      ],
    },
  },
  {
    // Domain code: deciders and the pure rules beside them (*.rules.ts).
    files: [
      'services/*/src/domain/**/*.ts',
      'services/*/src/**/*.decider.ts',
      'services/*/src/**/*.rules.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@dinsos/platform',
              message:
                'Domain code imports @dinsos/platform/domain: deciders stay free of Nest and I/O.',
            },
            ...['pg', 'kafkajs', 'typeorm', '@dinsos/event-store', '@dinsos/messaging'].map(
              (name) => ({
                name,
                message: 'Domain code does no I/O: deciders are pure functions.',
              }),
            ),
          ],
          patterns: [
            { group: ['@nestjs/*'], message: 'Domain code does not depend on Nest.' },
            {
              group: ['node:fs', 'node:net', 'node:http*', 'node:child_process'],
              message: 'Domain code does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services: one clock (CLOCK), one write path (the command executor), and transactions
    // through withTransaction or the executor.
    files: ['services/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Take the time from the service's clock (CLOCK): tests pin it.",
        },
        {
          selector:
            "CallExpression[callee.property.name='query'] > Literal:first-child[value=/^\\s*(begin|commit|rollback)\\s*;?\\s*$/i]",
          message: 'Use withTransaction (or the command executor), not begin/commit by hand.',
        },
        {
          selector: "MemberExpression[property.name='appendToStream']",
          message:
            "Append through the platform's CommandExecutor (execute or run), reactions or timers: one write path.",
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
