/**
 * Main-process logging. Callers pass ids and reasons only: never tokens, passwords or message
 * text (STYLE: "Never log tokens, passwords or message bodies").
 */
export const log = {
  info: (...parts: unknown[]): void => console.log('[cleanchat]', ...parts),
  warn: (...parts: unknown[]): void => console.warn('[cleanchat]', ...parts),
  error: (...parts: unknown[]): void => console.error('[cleanchat]', ...parts),
};
