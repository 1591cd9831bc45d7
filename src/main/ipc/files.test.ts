import { describe, expect, it, vi } from 'vitest';
import { createFileSaver, registerFileIpc } from './files';
import { createRegistrar } from './handle';
import { fakeIpcMain } from './test-helpers';

function setup(dialogResult: { canceled: boolean; filePath?: string }) {
  const deps = {
    showSaveDialog: vi.fn(async () => dialogResult),
    writeFile: vi.fn(async () => undefined),
    downloadsDir: () => '/home/bob/Downloads',
  };
  const fake = fakeIpcMain();
  const microphone = { arm: vi.fn() };
  registerFileIpc(createRegistrar(fake.ipc, ['app://cleanchat']), createFileSaver(deps), microphone);
  return { deps, fake, microphone };
}

describe('file:save', () => {
  it('asks where to save, suggesting the file name in Downloads, and writes the bytes there', async () => {
    const { deps, fake } = setup({ canceled: false, filePath: '/home/bob/Desktop/invoice.pdf' });
    const bytes = new Uint8Array([37, 80, 68, 70]);
    await expect(fake.invoke('file:save', [{ name: 'invoice.pdf', bytes }])).resolves.toBe(true);
    expect(deps.showSaveDialog).toHaveBeenCalledWith({ defaultPath: '/home/bob/Downloads/invoice.pdf' });
    expect(deps.writeFile).toHaveBeenCalledWith('/home/bob/Desktop/invoice.pdf', bytes);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const { deps, fake } = setup({ canceled: true });
    await expect(fake.invoke('file:save', [{ name: 'a.pdf', bytes: new Uint8Array([1]) }])).resolves.toBe(
      false,
    );
    expect(deps.writeFile).not.toHaveBeenCalled();
  });

  it('refuses names with a path, and payloads that are not bytes', async () => {
    const { deps, fake } = setup({ canceled: false, filePath: '/tmp/x' });
    for (const name of ['../../.bashrc', 'a/b.pdf', 'a\\b.pdf', '..', '']) {
      await expect(fake.invoke('file:save', [{ name, bytes: new Uint8Array([1]) }])).rejects.toThrow(
        /invalid payload/,
      );
    }
    await expect(fake.invoke('file:save', [{ name: 'a.pdf', bytes: 'AAAA' }])).rejects.toThrow(
      /invalid payload/,
    );
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses a frame that is not the app', async () => {
    const { fake, microphone } = setup({ canceled: false, filePath: '/tmp/x' });
    await expect(
      fake.invoke('media:arm-microphone', [], { url: 'https://evil.example/', parent: null }),
    ).rejects.toThrow(/sender not allowed/);
    expect(microphone.arm).not.toHaveBeenCalled();
    await fake.invoke('media:arm-microphone', []);
    expect(microphone.arm).toHaveBeenCalledTimes(1);
  });
});
