/**
 * The scale benchmark's server: the real server (configured from the environment as `npm run
 * server` is), in a child process with an event-loop delay monitor, so the benchmark can ask how
 * long the server's one thread was held while it measured an endpoint. better-sqlite3 is
 * synchronous: the longest stall is how long one request kept every other user waiting.
 * Messages (IPC): `reset` clears the monitor; `read` answers `{ max, p99 }` of the stalls and `cpu`,
 * the process's CPU time, in ms since then (CPU time is what the machine's other load cannot inflate).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../src/app';
import { configFromEnv } from '../src/config';

export type MonitorMessage = { type: 'reset' } | { type: 'read' };
export type MonitorAnswer = { type: 'listening'; url: string } | { type: 'reset' } | { type: 'read'; max: number; p99: number; cpu: number };

const { port, host, ...config } = configFromEnv(process.env);
const server = await startServer(config, port, host);
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let cpuAtReset = process.cpuUsage();
const send = (m: MonitorAnswer) => process.send?.(m);
process.on('message', (m: MonitorMessage) => {
  if (m.type === 'reset') {
    delay.reset();
    cpuAtReset = process.cpuUsage();
    send({ type: 'reset' });
  } else {
    const cpu = process.cpuUsage(cpuAtReset);
    send({ type: 'read', max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, cpu: (cpu.user + cpu.system) / 1000 });
  }
});
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
send({ type: 'listening', url: server.url });
