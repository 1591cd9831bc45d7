/**
 * A new message goes to the server directly (`pushAhead`) while it is still being written
 * locally, so the stream can bring the server's copy back before the local insert has committed.
 * RxDB's downstream, finding a local write its upstream has not pushed yet, then drops the
 * server's state, counting on that push to come back with a conflict; the server answers a
 * replayed message with none (SPEC §4), so the message would stay "Sending…" for good.
 * Streamed message changes therefore reach the replication only once the sends in progress
 * have been stored: at once when there are none (the usual case). By then the upstream is busy
 * pushing the message, and RxDB holds the server's copy until that push is answered, then
 * stores it. The arrivals overlay shows streamed messages meanwhile, so nothing waits on screen.
 */
const inserts = new Set<Promise<void>>();
let deliveries: Promise<void> = Promise.resolve();
let waiting = 0;

/** Registers the local insert of a message that was sent ahead; returns it unchanged. */
export function trackLocalSend<T>(insert: Promise<T>): Promise<T> {
  const settled = insert.then(
    () => undefined,
    () => undefined,
  );
  inserts.add(settled);
  void settled.then(() => inserts.delete(settled));
  return insert;
}

/** Runs `deliver` after every send already in progress has been stored, in call order. */
export function afterLocalSends(deliver: () => void): void {
  if (inserts.size === 0 && waiting === 0) {
    deliver();
    return;
  }
  waiting += 1;
  const started = Promise.all([...inserts]);
  deliveries = deliveries
    .then(() => started)
    .then(() => {
      waiting -= 1;
      deliver();
    })
    .catch((err: unknown) => console.error('A streamed change could not be delivered', err));
}
