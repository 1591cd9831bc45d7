import type * as DatabaseModule from '../db/database';
import type * as RoomListModule from '../db/room-list';
import type * as SyncModule from '../db/sync';

/**
 * RxDB, Dexie and the sync engine are most of the app's JavaScript and nothing before sign-in
 * needs them: they load on demand, started as early as a session becomes likely (a remembered
 * user at start-up, before React's modules evaluate; the sign-in forms' first keystroke and their
 * submit) so the download overlaps the rest of the boot and the network round trip. Only dynamic imports here: main.tsx loads
 * this module first of all (early-start.ts).
 */
let dbModules: Promise<[typeof DatabaseModule, typeof SyncModule, typeof RoomListModule]> | null = null;

export function loadDbModules(): Promise<[typeof DatabaseModule, typeof SyncModule, typeof RoomListModule]> {
  dbModules ??= Promise.all([import('../db/database'), import('../db/sync'), import('../db/room-list')]).catch((err: unknown) => {
    dbModules = null; // a failed download (offline on a first visit) is tried again next time
    throw err;
  });
  return dbModules;
}

/** Starts the download early; a failure shows where the modules are actually needed. */
export function preloadDbModules(): void {
  loadDbModules().catch(() => undefined);
}
