/**
 * The signed-in app's chunk (routes, screens, react-router). App.tsx renders it lazily; the
 * sign-in forms and start-up with a remembered user start the download early, so it overlaps
 * the login request and the database opening instead of following them.
 */
export const loadSignedInApp = () => import('./SignedInApp');

/** Starts the download early; React.lazy reports a failure where the chunk is rendered. */
export function preloadSignedInApp(): void {
  loadSignedInApp().catch(() => undefined);
}
