import type { CleanchatBridge } from '../../shared/ipc';
import type { Platform } from './types';

/**
 * The platform inside Electron, built on the preload bridge (`window.cleanchat`). Every call
 * is validated again in the main process; failures here are logged without their content.
 */
export function createElectronPlatform(
  bridge: CleanchatBridge,
  doc: Pick<Document, 'hasFocus'> = document,
): Platform {
  const report = (what: string) => (error: unknown) =>
    console.warn(`[platform] ${what} failed:`, error instanceof Error ? error.message : String(error));

  return {
    kind: 'electron',
    serverUrl: bridge.config.serverUrl.replace(/\/+$/, ''),
    secureStore: {
      get: () => bridge.invoke('session:get-token'),
      set: (token) => bridge.invoke('session:set-token', { token }),
      clear: () => bridge.invoke('session:clear-token'),
    },
    notify(n) {
      bridge
        .invoke('notify:show', { title: n.title, body: n.body, roomId: n.roomId })
        .catch(report('notification'));
    },
    onOpenRoom(listener) {
      return bridge.on('app:open-room', ({ roomId }) => listener(roomId));
    },
    setBadge(count) {
      const safe = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
      bridge.invoke('badge:set', { count: safe }).catch(report('badge'));
    },
    isFocused() {
      return doc.hasFocus();
    },
    async saveFile(blob, name) {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return bridge.invoke('file:save', { name, bytes });
    },
    armMicrophone: () => bridge.invoke('media:arm-microphone'),
  };
}
