import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getPlatform } from './platform';
import { registerServiceWorker } from './platform/service-worker';
import type { Platform } from './platform/types';
import { preloadSignedInApp } from './features/signed-in-chunk';
import { configureSession, restoreSession } from './session';
import { readCachedUser } from './session/state';
import './styles.css';

/**
 * Boots the renderer: the session (HTTP client, secure token store) is wired to the host
 * platform, the stored session is restored in the background, and the shell renders at once
 * (its splash covers the restore).
 */
export function initApp(platform: Platform, root: HTMLElement): void {
  performance.mark('cleanchat:boot');
  configureSession({ platform });
  // Someone was signed in here: the signed-in app is about to be needed.
  if (readCachedUser()) preloadSignedInApp();
  void restoreSession();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
initApp(getPlatform(), root);
registerServiceWorker();
