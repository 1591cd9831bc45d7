import { preloadSignedInApp } from './features/signed-in-chunk';
import { readCachedUser } from './session/cached-user';
import { preloadDbModules } from './session/db-modules';

/**
 * Start-up, before anything else evaluates: someone was signed in here, so the database, sync
 * and signed-in app chunks are about to be needed. main.tsx imports this module first, so the
 * bundle runs it at the top of the entry chunk, before React and the shell's modules evaluate
 * (about 100–200 ms on a loaded machine): the chunks download meanwhile, not after. The
 * database first, it is the longer path to the list (its open, then the list's queries). This
 * module and its imports import nothing with a body (only dynamic imports and types).
 */
export function startEarly(): void {
  if (!readCachedUser()) return;
  performance.mark('cleanchat:early-start'); // read by the start-up bench (bench/waterfall.ts)
  preloadSignedInChunks();
}

/**
 * What a session needs first: the database (and sync) chunks, then the signed-in app. Also
 * started by the sign-in forms at the first keystroke, so by the submit the chunks are usually
 * downloaded and evaluated and the login's answer goes straight to the database open.
 */
export function preloadSignedInChunks(): void {
  preloadDbModules();
  preloadSignedInApp();
}

startEarly();
