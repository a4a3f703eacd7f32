// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Dependencies point one way (DESIGN.md "Parts"):
 *   shared ← relay;  shared ← main core ← main shell (src/main/electron);  shared ← renderer.
 * Each block below says what a folder may not import. Import specifiers are matched
 * as written (relative paths), so the patterns name the folders they reach.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'worker_threads', 'zlib'];
const rule = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'relay/dist/**', 'node_modules/**', '**/node_modules/**', 'relay-data/**', 'test-results/**', 'playwright-report/**', 'build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        ['**/main/**', '**/renderer/**', '**/preload/**', '**/relay/**', '**/tools/**', 'electron', 'react', 'react-dom', 'better-sqlite3', 'ws', 'kysely', 'axios', ...nodeBuiltins],
        'src/shared is pure and imports nothing of the project (DESIGN.md "Parts").',
      ),
    },
  },
  {
    files: ['relay/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        ['**/src/main/**', '**/src/renderer/**', '**/src/preload/**', 'electron', 'react', 'react-dom', 'kysely', 'axios'],
        'The relay may import only src/shared (and its own files).',
      ),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': rule(
        ['electron', 'electron/*', 'electron-store', '**/electron/**', '**/renderer/**', '**/preload/**', '**/relay/src/**'],
        'The main-process core is plain Node: only src/main/electron imports electron, and nothing imports the renderer, preload or relay.',
      ),
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(['**/renderer/**', '**/preload/**', '**/relay/src/**', 'react'], 'The Electron shell wires the core; it does not import the renderer or relay.'),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(['**/main/**', '**/renderer/**', '**/relay/**', ...nodeBuiltins], 'The preload exposes the API contract and nothing more.'),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': rule(
        ['**/main/**', '**/preload/**', '**/relay/**', '**/tools/**', 'electron', 'better-sqlite3', 'ws', 'kysely', ...nodeBuiltins],
        'The renderer sees only src/shared and window.ringside.',
      ),
    },
  },
);
