import { afterAll, describe, expect, it } from 'vitest';
import { closeAll, startTestServer } from './helpers';

afterAll(closeAll);

describe('CORS for the desktop app (its pages live at app://cleanchat)', () => {
  it('answers the preflight of the stream and the API for app://cleanchat', async () => {
    const { url } = await startTestServer();
    const res = await fetch(`${url}/api/sync/stream`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'app://cleanchat',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('app://cleanchat');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('grants nothing to other origins', async () => {
    const { url } = await startTestServer();
    const res = await fetch(`${url}/api/health`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
