import { pino, type Logger } from 'pino';

/**
 * Structured logs. Requests are logged by method, route and status only: never headers, bodies
 * or query strings, so tokens, passwords and message content cannot reach a log.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['password', '*.password', 'access_token', '*.access_token', 'refresh_token', '*.refresh_token', 'authorization', '*.authorization', 'content', '*.content'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
