export declare const repoRoot: string;

export type ElectronBinary = { path: string; reason?: undefined } | { path: null; reason: string };
export declare function findElectronBinary(env?: NodeJS.ProcessEnv): ElectronBinary;
/** `electron-vite build` into out/; answers its exit status. */
export declare function buildApp(): number;
/** Builds the app unless `--no-build` was passed and `builtFile` exists; exits on a failed build. */
export declare function ensureAppBuilt(builtFile: string): void;
