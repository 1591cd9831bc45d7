import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for three targets. The renderer bundle is self-contained and served either by
 * Electron's `app://` protocol or, for `npm run web`, by the sync server next to its API.
 */
export default defineConfig({
  // Main and preload bundle their dependencies (zod, electron-updater) so the package ships
  // out/ alone, without node_modules; only `electron` and Node built-ins stay external.
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  // A sandboxed preload can require nothing but `electron`: one self-contained CommonJS file.
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Absolute base: the web build is served at / with history-API routes (/messages/:roomId),
    // and Electron serves the same bundle from the root of its app:// origin.
    base: '/',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
