import type { Response } from 'express';

/**
 * Sends JSON text the database already built (a pull page, a room list) as it is: no parse and
 * re-encode, and no ETag (Express would hash the whole answer, up to a megabyte, on every
 * request; the app never revalidates these, each pull asks from a new checkpoint).
 */
export function sendJsonText(res: Response, body: string): void {
  res.status(200).type('json').setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
