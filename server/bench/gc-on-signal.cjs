// Preloaded into a benchmarked process (`--expose-gc --require …/gc-on-signal.cjs`): SIGUSR2 runs a
// full garbage collection and then writes the process's memory use to `gcReportPath(pid)` (JSON),
// so a reading after it counts what is held, not garbage not yet collected. The server's own code
// is not touched; only benchmarks load this.
const { writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    const { rss, heapUsed, external } = process.memoryUsage();
    const at = Date.now();
    writeFileSync(join(tmpdir(), `cleanchat-bench-gc-${process.pid}.json`), JSON.stringify({ rss, heapUsed, external, at }));
  });
}
