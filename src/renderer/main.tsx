// First: with a remembered user, the database and signed-in chunks start downloading before
// the rest of this bundle evaluates (early-start.ts).
import './early-start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getPlatform } from './platform';
import { registerServiceWorker } from './platform/service-worker';
import type { Platform } from './platform/types';
import { configureSession, restoreSession } from './session';
import './styles.css';

/**
 * Boots the renderer: the session (HTTP client, secure token store) is wired to the host
 * platform, the stored session is restored in the background, and the shell renders at once
 * (its splash covers the restore). The chunks a remembered user needs are already on their way
 * (early-start.ts, imported first).
 */
export function initApp(platform: Platform, root: HTMLElement): void {
  performance.mark('cleanchat:boot');
  configureSession({ platform });
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
