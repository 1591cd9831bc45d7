import { laterOf } from '../../shared/rules';

/**
 * Read markers of one room are written at most once per this many milliseconds. Each write is
 * a membership change that every member's device receives, so in a busy room (a message a few
 * times a second, a group of 256) one marker per message per reader was most of the server's
 * writes and fan-out; on the sender's side it held the next message's transaction and queued
 * ahead of its fan-out (docs/client.md, "Read markers, spaced"). Below the app badge's 250 ms
 * settle, so a room read in a burst never shows in the badge.
 */
export const READ_MARK_SPACING_MS = 200;
/** The spacing new rooms' markers get (a test sets a long one, to see a burst flushed on `pagehide`). */
export const readMarkTiming = { spacingMs: READ_MARK_SPACING_MS };

/** Writes the marker: read up to `shownReceivedAt`, at `readAt` (the moment it was on screen). */
export type MarkWriter = (shownReceivedAt: string | null, readAt: string) => Promise<void>;

interface RoomMarks {
  /** When the last write started (ms). */
  last: number;
  timer?: ReturnType<typeof setTimeout>;
  /** What the waiting write will cover: the newest shown, the latest moment. */
  shown: string | null;
  readAt: string;
  write: MarkWriter;
  waiters: Array<{ resolve(): void; reject(err: unknown): void }>;
}

export interface ReadMarks {
  /**
   * Marks read now when the room's last write is at least the spacing ago; else once the
   * spacing has passed, one write for every call meanwhile (the newest shown, the latest
   * moment). Resolves when the write that covers this call is done.
   */
  mark(roomId: string, shownReceivedAt: string | null, readAt: string, write: MarkWriter): Promise<void>;
  /** Writes every waiting marker now (the page is hidden or closing). */
  flush(): void;
  /** Drops the waiting markers without writing (the database closed). */
  cancel(): void;
}

export function createReadMarks(clock: () => number = Date.now, spacing = readMarkTiming.spacingMs): ReadMarks {
  const rooms = new Map<string, RoomMarks>();

  function start(marks: RoomMarks): void {
    clearTimeout(marks.timer);
    marks.timer = undefined;
    marks.last = clock();
    const waiters = marks.waiters.splice(0);
    marks.write(marks.shown, marks.readAt).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
  }

  return {
    mark(roomId, shownReceivedAt, readAt, write) {
      const now = clock();
      const marks = rooms.get(roomId);
      if (!marks || (!marks.timer && now - marks.last >= spacing)) {
        rooms.set(roomId, { last: now, shown: shownReceivedAt, readAt, write, waiters: [] });
        return write(shownReceivedAt, readAt);
      }
      marks.shown = laterOf(marks.shown, shownReceivedAt);
      marks.readAt = laterOf(marks.readAt, readAt) ?? readAt;
      marks.write = write;
      const done = new Promise<void>((resolve, reject) => marks.waiters.push({ resolve, reject }));
      marks.timer ??= setTimeout(() => start(marks), Math.max(0, marks.last + spacing - now));
      return done;
    },
    flush() {
      for (const marks of rooms.values()) if (marks.timer) start(marks);
    },
    cancel() {
      for (const marks of rooms.values()) {
        clearTimeout(marks.timer);
        marks.waiters.splice(0).forEach((w) => w.resolve());
      }
      rooms.clear();
    },
  };
}
