import type { ChildProcess } from 'node:child_process';

export type ServerRuntime = 'compiled' | 'source';

export interface ServerProcessOptions {
  port?: string;
  host?: string;
  dataDir: string;
  /** Seed the demo users into an empty database (default true). */
  demo?: boolean;
  /** Copy the server's output to this process's stdout and stderr. */
  echo?: boolean;
  env?: NodeJS.ProcessEnv;
  /** `compiled` (default): server/dist/main.js, built when stale; `source`: tsx on server/src. */
  runtime?: ServerRuntime;
  /** Node flags before the script, e.g. `--cpu-prof` (not all of them are allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}

export interface StartedServer {
  /** e.g. http://127.0.0.1:43123, without a trailing slash */
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 4,000 characters of its stdout and stderr. */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export declare function serverCommand(runtime: ServerRuntime): Promise<string[]>;
export declare function startServerProcess(options: ServerProcessOptions): Promise<StartedServer>;
/** The local server of `npm start` and `npm run web`, configured from PORT, HOST, DATA_DIR and DEMO. */
export declare function startLocalServer(env?: NodeJS.ProcessEnv): Promise<StartedServer>;
