import { addRxPlugin, type RxStorage } from 'rxdb';
import { RxDBCleanupPlugin } from 'rxdb/plugins/cleanup';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';

let ready: Promise<void> | null = null;

/**
 * Registers RxDB plugins once. Dev-mode and the validator run in development and tests only;
 * their condition is written inline so the bundler drops the branch and its dynamic import
 * from a production build (behind a function call both chunks would still be emitted).
 * The validator is z-schema, not ajv: ajv compiles schemas with `new Function`, which the
 * app's CSP (script-src 'self') forbids.
 */
export function ensurePlugins(): Promise<void> {
  ready ??= (async () => {
    addRxPlugin(RxDBMigrationSchemaPlugin);
    addRxPlugin(RxDBCleanupPlugin);
    addRxPlugin(RxDBLeaderElectionPlugin);
    if (import.meta.env.DEV || import.meta.env.MODE === 'test') {
      const devMode = await import('rxdb/plugins/dev-mode');
      devMode.disableWarnings();
      addRxPlugin(devMode.RxDBDevModePlugin);
    }
  })();
  return ready;
}

// RxStorage is generic over storage internals the app never touches.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRxStorage = RxStorage<any, any>;

/** Dev-mode refuses a storage without a validator, so wrap it there (and only there). */
export async function withValidation(storage: AnyRxStorage): Promise<AnyRxStorage> {
  if (!(import.meta.env.DEV || import.meta.env.MODE === 'test')) return storage;
  const { wrappedValidateZSchemaStorage } = await import('rxdb/plugins/validate-z-schema');
  return wrappedValidateZSchemaStorage({ storage });
}
