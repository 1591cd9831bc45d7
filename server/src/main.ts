import { startServer } from './app';
import { configFromEnv } from './config';
import { DEMO_PASSWORD } from './shared';

/** `npm run server`: the sync server alone, configured from the environment (SPEC §7). */
async function main(): Promise<void> {
  const { port, host, ...config } = configFromEnv(process.env);
  const server = await startServer(config, port, host);
  console.log(`cleanchat server listening on ${server.url}`);
  if (config.demo) console.log(`demo users: alice, carol (clients), bob, dave (cleaners); password: ${DEMO_PASSWORD}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
