// Preloaded into a benchmarked process (`--expose-gc --import …/gc-on-signal.mjs`): SIGUSR2 runs a
// full garbage collection and then writes the process's memory use as JSON to
// `<tmpdir>/cleanchat-bench-gc-<pid>.json` (read by `collectedMemory` in `bare-sse.ts`),
// so a reading after it counts what is held, not garbage not yet collected. The server's own code
// is not touched; only benchmarks load this.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    const at = Date.now();
    writeFileSync(join(tmpdir(), `cleanchat-bench-gc-${process.pid}.json`), JSON.stringify({ rss, heapUsed, external, at }));
  });
}
