export declare const repoRoot: string;

export type ElectronBinary = { path: string; reason?: undefined } | { path: null; reason: string };
export declare function findElectronBinary(env?: NodeJS.ProcessEnv): ElectronBinary;
