import { useMemo } from 'react';
import { map } from 'rxjs';
import type { MessageDoc, ReactionDoc } from '../../shared/schemas';
import { useCurrentDb } from './current';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { useObservableValue } from './use-observable';

const NO_REACTIONS: ReadonlyMap<string, ReactionDoc[]> = new Map();
const NO_MESSAGES: ReadonlyMap<string, MessageDoc> = new Map();

/** The room's reactions by message id, oldest first (a reaction's place is when it was set). Live. */
export function useRoomReactions(roomId: string): ReadonlyMap<string, ReactionDoc[]> {
  const { db } = useCurrentDb();
  const source = useMemo(
    () =>
      db.reactions.find({ selector: { room_id: roomId } }).$.pipe(
        map((docs) => {
          const byMessage = new Map<string, ReactionDoc[]>();
          const sorted = docs.map((d) => d.toJSON() as ReactionDoc).sort((a, b) => a.updated_at.localeCompare(b.updated_at));
          for (const r of sorted) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
          return byMessage as ReadonlyMap<string, ReactionDoc[]>;
        }),
      ),
    [db, roomId],
  );
  return useObservableValue(source, NO_REACTIONS);
}

/** Messages by id from anywhere on this device (the originals that replies quote). Live. */
export function useMessagesByIds(ids: readonly string[]): ReadonlyMap<string, MessageDoc> {
  const { db } = useCurrentDb();
  const key = [...new Set(ids)].sort().join('\n');
  const source = useMemo(() => {
    if (!key) return null;
    return db.messages
      .find({ selector: { id: { $in: key.split('\n') } } })
      .$.pipe(map((docs) => new Map(docs.map((d) => [d.id, toMessageDoc(d.toJSON() as LocalMessageDoc)])) as ReadonlyMap<string, MessageDoc>));
  }, [db, key]);
  return useObservableValue(source, NO_MESSAGES);
}
