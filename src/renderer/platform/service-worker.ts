/**
 * Registers the service worker that precaches the app shell (see electron.vite.config.ts), so
 * a reload while offline still opens the app on its local data. Web builds only: the dev server
 * has no worker, and Electron serves the files from app:// itself.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      console.error('Could not register the offline worker', (err as { name?: string }).name ?? '');
    });
  });
}
