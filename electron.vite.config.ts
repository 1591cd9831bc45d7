import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The dev server only: React's refresh preamble is an inline script and hot reload talks over
 * ws://, both of which the production CSP in index.html forbids. Builds keep the strict policy.
 */
const devCsp: Plugin = {
  name: 'cleanchat-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
};

/**
 * The web build works offline after the first visit: Workbox precaches the app shell (every
 * emitted chunk, the lazy ones too) and answers navigations to app routes with index.html.
 * The page registers the worker itself, in the browser only (platform/service-worker.ts);
 * Electron loads the same files from app:// and needs none.
 */
const offlineShell = VitePWA({
  injectRegister: false,
  registerType: 'autoUpdate',
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
    navigateFallback: '/index.html',
    // The API (and its stream) is never answered from the cache.
    navigateFallbackDenylist: [/^\/api\//],
    cleanupOutdatedCaches: true,
    // The first visit is already covered (no second load needed), and a new build takes over
    // at once: its chunks are the ones the server still has.
    clientsClaim: true,
    skipWaiting: true,
  },
});

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
    // electron-vite's renderer preset forces base './' for builds; this plugin runs after it and
    // puts the absolute base back, so nested routes (/jobs/<id>) load /assets/… on a full page load.
    plugins: [react(), devCsp, offlineShell, { name: 'cleanchat-absolute-base', config: () => ({ base: '/' }) }],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; the web build is downloaded, so minify it.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
