/**
 * A direct send (actions.ts `pushAhead`) reaches the server ahead of the replication's push, and
 * the server orders a room by the order it stores its messages. So a message goes direct only
 * while the replication holds none of this device's messages still to push: one written before
 * the stream was open (right after start-up, or offline), or left unsent by an earlier run,
 * would otherwise be stored after a later one, and both screens would show them swapped.
 */

/** The messages replication has pushed what an earlier run left unsent (sync.ts says when). */
let settled = false;
/** Messages of this run left to the replication's push, until it has pushed them. */
const held = new Set<string>();

/** Whether a new message may go straight to the server without overtaking an earlier one. */
export function mayPushAhead(): boolean {
  return settled && held.size === 0;
}

/** A message left to the replication: later ones wait for its push too. */
export function holdForPush(id: string): void {
  held.add(id);
}

/** The replication pushed these messages (its `sent$`). */
export function notePushed(ids: Iterable<string>): void {
  for (const id of ids) held.delete(id);
}

/** The messages replication is in sync once after its start: nothing older is left to push. */
export function notePushSettled(): void {
  settled = true;
}

/** Sync stopped (sign-out): the next session starts unsettled, with nothing held. */
export function resetPushOrder(): void {
  settled = false;
  held.clear();
}
