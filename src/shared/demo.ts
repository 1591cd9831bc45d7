/**
 * The password of the demo accounts the server seeds into an empty database (`DEMO=1`). Defined
 * once here so the seed, the server's start-up hint, the README's tests and the benchmarks agree.
 */
export const DEMO_PASSWORD = 'cleanchat-demo';

