import { describe, expect, it } from 'vitest';
import { createPermissionPolicy, MICROPHONE_ARM_MS } from './permissions';

const APP = 'app://cleanchat/messages/r1';

function policy() {
  let now = 1_000_000;
  const p = createPermissionPolicy(['app://cleanchat'], () => now);
  return { p, advance: (ms: number) => (now += ms) };
}

describe('permission policy', () => {
  it('grants notifications and refuses geolocation, the camera and the rest', () => {
    const { p } = policy();
    expect(p.request({ permission: 'notifications', requestingUrl: APP })).toBe(true);
    for (const permission of ['geolocation', 'clipboard-read', 'openExternal', 'display-capture', 'hid']) {
      expect(p.request({ permission, requestingUrl: APP })).toBe(false);
    }
    expect(p.check('notifications', APP)).toBe(true);
    expect(p.check('media', APP, 'audio')).toBe(false);
  });

  it('grants the microphone to the app only after Record was pressed, and only for a few seconds', () => {
    const { p, advance } = policy();
    const mic = { permission: 'media', requestingUrl: APP, mediaTypes: ['audio'] };
    expect(p.request(mic)).toBe(false);
    p.arm();
    expect(p.request(mic)).toBe(true);
    expect(p.check('media', 'app://cleanchat', 'audio')).toBe(true);
    expect(p.check('media', 'app://cleanchat', 'video')).toBe(false);
    advance(MICROPHONE_ARM_MS + 1);
    expect(p.request(mic)).toBe(false);
    expect(p.check('media', 'app://cleanchat', 'audio')).toBe(false);
  });

  it('never grants the camera, or the microphone to another origin, even when armed', () => {
    const { p } = policy();
    p.arm();
    expect(p.request({ permission: 'media', requestingUrl: APP, mediaTypes: ['audio', 'video'] })).toBe(
      false,
    );
    expect(p.request({ permission: 'media', requestingUrl: APP, mediaTypes: [] })).toBe(false);
    expect(
      p.request({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }),
    ).toBe(false);
  });
});
