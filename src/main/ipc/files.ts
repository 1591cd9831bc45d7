import { basename, join } from 'node:path';
import type { RegisterHandler } from './handle';

/** What saving needs from Electron and the file system; tests pass fakes. */
export interface FileSaverDeps {
  /** dialog.showSaveDialog for the app window. */
  showSaveDialog(options: { defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** app.getPath('downloads'). */
  downloadsDir(): string;
}

/**
 * Saves a received file. Always through a save dialog, so the user picks the place and the
 * name and no path from a message is ever used as is; the file is written, never opened.
 */
export function createFileSaver(deps: FileSaverDeps) {
  return async function save(name: string, bytes: Uint8Array): Promise<boolean> {
    const result = await deps.showSaveDialog({ defaultPath: join(deps.downloadsDir(), basename(name)) });
    if (result.canceled || !result.filePath) return false;
    await deps.writeFile(result.filePath, bytes);
    return true;
  };
}

/** Arms the microphone for a short while after the user presses Record (see security/permissions). */
export interface MicrophoneArming {
  arm(): void;
}

export function registerFileIpc(
  handle: RegisterHandler,
  save: ReturnType<typeof createFileSaver>,
  microphone: MicrophoneArming,
): void {
  handle('file:save', ({ name, bytes }) => save(name, bytes));
  handle('media:arm-microphone', () => microphone.arm());
}
