/** True when some output in server/dist is missing or older than some source. */
export declare function isStale(): boolean;
/** Bundles server/src (and the src/shared it imports) into server/dist. */
export declare function buildServer(): Promise<void>;
