import type { MessageDoc } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';

type IncomingListener = (messages: MessageDoc[]) => void;

const listeners = new Set<IncomingListener>();

/**
 * Messages from other people as they arrive on this device (new documents only; edits and
 * acknowledgements of my own messages are not "incoming"). Returns an unsubscribe.
 */
export function onIncomingMessages(listener: IncomingListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Feeds onIncomingMessages from a database; the session calls this for the open database. */
export function watchIncoming(db: CleanchatDatabase, me: string): () => void {
  const subscription = db.messages.eventBulks$.subscribe((bulk) => {
    const messages: MessageDoc[] = [];
    for (const event of bulk.events) {
      const doc = event.documentData as LocalMessageDoc & { _deleted?: boolean };
      if (event.operation !== 'INSERT' || doc._deleted || doc.sender_id === me) continue;
      messages.push(toMessageDoc(doc));
    }
    if (messages.length === 0) return;
    for (const listener of listeners) {
      try {
        listener(messages);
      } catch (err) {
        console.error('An incoming-message listener failed', err);
      }
    }
  });
  return () => subscription.unsubscribe();
}
