import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Builds only the renderer, to the same out/renderer that `electron-vite build`
// writes, for harness work when the Electron entries are not needed:
// `npx vite build --config src/main/harness/vite.renderer.config.ts`.
const repo = resolve(__dirname, '../../..');

export default defineConfig({
  root: resolve(repo, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(repo, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(repo, 'src/renderer/index.html'),
        card: resolve(repo, 'src/renderer/card.html'),
      },
    },
  },
});
