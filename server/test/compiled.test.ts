import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serverCommand } from '../../scripts/server-process.mjs';
import { buildServer, isStale } from '../build.mjs';
import { DEMO_PASSWORD } from '../src/shared';
import { closeAll, login, spawnTestServer } from './helpers';

const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));

afterAll(closeAll);

describe('the compiled server (npm run server)', () => {
  it('builds to one JavaScript file that bundles src/shared and runs under plain node', async () => {
    await buildServer();
    expect(isStale()).toBe(false);
    expect(await serverCommand('compiled')).toEqual([dist]);
    const bundle = await readFile(dist, 'utf8');
    // src/shared is inside the bundle, not imported from the TypeScript tree; tsx is not needed.
    expect(bundle).not.toMatch(/from\s+["'][./]*src\/shared/);
    expect(bundle).not.toMatch(/["']tsx["']/);

    const server = await spawnTestServer({ runtime: 'compiled' });
    const alice = await login(server, 'alice', DEMO_PASSWORD);
    expect(alice.username).toBe('alice');
    expect((await alice.rooms('job')).length).toBeGreaterThan(0);
  });
});
