import type { ChildProcess } from 'node:child_process';

export declare const repoRoot: string;

export type ElectronBinary = { path: string; reason?: undefined } | { path: null; reason: string };
export declare function findElectronBinary(env?: NodeJS.ProcessEnv): ElectronBinary;

export interface StartedServer {
  /** e.g. http://127.0.0.1:43123, without a trailing slash */
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}
export declare function startServer(options: {
  port?: string;
  host?: string;
  dataDir: string;
  demo?: boolean;
  echo?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<StartedServer>;
