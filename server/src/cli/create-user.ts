/**
 * Operator command: creates an account of any role (support and admin cannot self-register).
 *   npm run create-user -w server -- --username sam --email sam@example.com --role support \
 *     --first Sam --last Support   (the password is read from CLEANCHAT_PASSWORD, never from argv)
 */
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config';
import { createStore } from '../db/store';
import { createAccount } from '../domain/accounts';
import type { Ctx } from '../domain/context';
import { createLimits } from '../limits';
import { createLogger } from '../logger';
import { registerBody, USER_ROLES, type UserRole } from '../shared';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    first: { type: 'string' },
    last: { type: 'string' },
    role: { type: 'string' },
  },
});
const role = values.role as UserRole;
if (!USER_ROLES.includes(role)) {
  console.error(`--role must be one of ${USER_ROLES.join(', ')}`);
  process.exit(2);
}
const parsed = await registerBody.omit({ role: true }).safeParseAsync({
  username: values.username,
  email: values.email,
  first_name: values.first,
  last_name: values.last,
  password: process.env.CLEANCHAT_PASSWORD,
});
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const config = configFromEnv(process.env);
const store = await createStore(config);
try {
  const user = await createAccount({ store, limits: createLimits(config, store.sql, createLogger('silent')) } as Ctx, { ...parsed.data, role });
  console.log(`created ${user.role} ${user.username} (${user.id})`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await store.close();
}
