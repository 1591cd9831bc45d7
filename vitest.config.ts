import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Server test files that are about the SQLite file, so run on that backend only. */
const SQLITE_ONLY = ['database-file', 'disk-full', 'migration-003', 'migration-005', 'migrations', 'durability'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/shared/**/*.test.ts', 'src/main/**/*.test.ts', 'src/preload/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
          // The contrast test reads the theme's colours from the stylesheets themselves (`?raw`).
          css: { include: [/\.css\?raw$/] },
          setupFiles: ['src/renderer/test/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      // The same server suite on PostgreSQL, whenever one is there to run on: `npm run services`
      // (and .ci/run) start it and export TEST_DATABASE_URL. Files about the SQLite file itself
      // (its migrations, damage, disk full, kill -9 on DATA_DIR) stay SQLite's.
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                name: 'server-postgres',
                environment: 'node',
                include: ['server/**/*.test.ts'],
                exclude: ['**/node_modules/**', ...SQLITE_ONLY.map((f) => `server/test/${f}.test.ts`)],
                env: { TEST_BACKEND: 'postgres' },
                testTimeout: 20_000,
              },
            },
          ]
        : []),
    ],
  },
});
