// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Dependencies point one way (DESIGN.md "Parts"):
 *   shared ← relay;  shared ← main core ← main shell (src/main/electron);  shared ← renderer.
 * Each block below says what a folder may not import. Import specifiers are matched
 * as written (relative paths), so the patterns name the folders they reach.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'worker_threads', 'zlib'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
// Emulators (tools/) and test support (tests/) exist for tests and benchmarks; shipped code
// that imported them would carry fakes into the product.
const testOnly = {
  group: ['**/tools/**', '**/tests/**'],
  message: 'Production code (src/**, relay/src/**) never imports tools/ or tests/: those are for tests and benchmarks only.',
};

/**
 * One folder's import boundary. A later flat-config block replaces an earlier block's
 * options for the same rule, so each folder states its whole list: its production files
 * also get `testOnly`, its test files only the folder's own boundary.
 */
function boundary({ files, ignores = [], production = true }, patterns, message) {
  const own = { group: patterns, message };
  if (!production) return [{ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns: [own] }] } }];
  return [
    { files, ignores: [...ignores, ...testFiles], rules: { 'no-restricted-imports': ['error', { patterns: [own, testOnly] }] } },
    { files: files.flatMap((f) => testFiles.map((t) => [f, t])), ignores, rules: { 'no-restricted-imports': ['error', { patterns: [own] }] } },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'relay/dist/**', 'node_modules/**', '**/node_modules/**', 'relay-data/**', 'test-results/**', 'playwright-report/**', 'build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  ...boundary(
    { files: ['src/shared/**/*.ts'] },
    ['**/main/**', '**/renderer/**', '**/preload/**', '**/relay/**', '**/tools/**', 'electron', 'react', 'react-dom', 'better-sqlite3', 'ws', 'kysely', 'axios', ...nodeBuiltins],
    'src/shared is pure and imports nothing of the project (DESIGN.md "Parts").',
  ),
  ...boundary(
    { files: ['relay/src/**/*.ts'] },
    ['**/src/main/**', '**/src/renderer/**', '**/src/preload/**', 'electron', 'react', 'react-dom', 'kysely', 'axios'],
    'The relay may import only src/shared (and its own files).',
  ),
  ...boundary(
    { files: ['relay/**/*.ts'], ignores: ['relay/src/**'], production: false },
    ['**/src/main/**', '**/src/renderer/**', '**/src/preload/**', 'electron', 'react', 'react-dom', 'kysely', 'axios'],
    'The relay may import only src/shared (and its own files).',
  ),
  ...boundary(
    { files: ['src/main/**/*.ts'], ignores: ['src/main/electron/**'] },
    ['electron', 'electron/*', 'electron-store', '**/electron/**', '**/renderer/**', '**/preload/**', '**/relay/src/**'],
    'The main-process core is plain Node: only src/main/electron imports electron, and nothing imports the renderer, preload or relay.',
  ),
  ...boundary(
    { files: ['src/main/electron/**/*.ts'] },
    ['**/renderer/**', '**/preload/**', '**/relay/src/**', 'react'],
    'The Electron shell wires the core; it does not import the renderer or relay.',
  ),
  ...boundary(
    { files: ['src/preload/**/*.ts'] },
    ['**/main/**', '**/renderer/**', '**/relay/**', ...nodeBuiltins],
    'The preload exposes the API contract and nothing more.',
  ),
  ...boundary(
    { files: ['src/renderer/**/*.{ts,tsx}'] },
    ['**/main/**', '**/preload/**', '**/relay/**', '**/tools/**', 'electron', 'better-sqlite3', 'ws', 'kysely', ...nodeBuiltins],
    'The renderer sees only src/shared and window.ringside.',
  ),
);
