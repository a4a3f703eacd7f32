import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { APP_META_CSP } from './src/main/harness/content-security-policy';

/** The app's CSP as the first tag of every page's head, before any script (one source: content-security-policy.ts; frame-ancestors only in the headers). */
const appCspMeta: Plugin = {
  name: 'ringside-app-csp-meta',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: APP_META_CSP }, injectTo: 'head-prepend' }],
};

// Three targets. The main entry is the Electron shell; the core it
// wires up is plain Node and bundled with it. electron-store is ESM-only and imports
// electron, so it is bundled rather than left external.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['electron-store'] },
      // core: the console core's utility process (electron/core-process.ts forks it).
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/electron/index.ts'), core: resolve(__dirname, 'src/main/core-process/utility-process-entry.ts') } },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts'), card: resolve(__dirname, 'src/preload/card.ts') },
        // Sandboxed preloads can only require a few modules: bundle everything.
        output: { format: 'cjs' },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), appCspMeta],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          card: resolve(__dirname, 'src/renderer/card.html'),
        },
      },
    },
  },
});
