// Preloaded into a benchmarked process (`--expose-gc --require …/gc-on-signal.cjs`): SIGUSR2 runs a
// full garbage collection, so a memory reading after it counts what is held, not garbage not yet
// collected. The server's own code is not touched; only benchmarks load this.
if (typeof global.gc === 'function') process.on('SIGUSR2', () => global.gc());
