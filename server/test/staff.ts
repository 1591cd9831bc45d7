import { afterAll } from 'vitest';
import { startServer } from '../src/app';
import { createAccount } from '../src/domain/accounts';
import { freshDatabase, login, newRegistration, PASSWORD, TEST_JWT_SECRET, type Client } from './helpers';

/**
 * A test server whose domain is at hand, so tests can make the accounts only an operator makes
 * (`support`, `admin`), exactly as the `create-user` command does. Closed after the file.
 */
export async function startStaffServer() {
  const db = await freshDatabase();
  const server = await startServer({
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    authRateLimit: { windowMs: 60_000, max: 100_000 },
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });
  return {
    url: server.url,
    ctx: server.ctx,
    /** A new operator-made account, signed in. */
    async staff(role: 'support' | 'admin', first = 'Sam'): Promise<Client> {
      const { role: _r, ...body } = newRegistration('client', first);
      await createAccount(server.ctx, { ...body, role });
      return login(server, body.username, PASSWORD);
    },
  };
}
