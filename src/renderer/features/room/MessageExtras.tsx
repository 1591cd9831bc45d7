import { useId } from 'react';
import type { MessageDoc, ReactionDoc } from '../../../shared/schemas';
import { snippet } from './messageLogic';
import type { MessageActions } from './messageActionsContext';

/** The quote above a reply: who and what it answers; clicking jumps to the original. */
export function ReplyQuote({ replyToId, actions }: { replyToId: string; actions: MessageActions }) {
  const original = actions.originals.get(replyToId);
  const who = original ? actions.nameOf(original.sender_id) : '';
  const text = !original ? 'Original message not available' : original.deleted ? 'Original message deleted' : snippet(original.content);
  return (
    <button
      type="button"
      className={`cc-quote${original?.deleted ? ' cc-quote--deleted' : ''}`}
      data-testid="reply-quote"
      disabled={!original}
      aria-label={original ? `Reply to ${who}: ${text}. Show the original` : text}
      onClick={() => actions.jumpTo(replyToId)}
    >
      {original && <span className="cc-quote__who">{who}</span>}
      <span className="cc-quote__text">{text}</span>
    </button>
  );
}

/** Counts of each emoji under a message; who reacted shows on hover and on focus. */
export function ReactionCounts({ message, reactions, actions }: { message: MessageDoc; reactions: ReactionDoc[]; actions: MessageActions }) {
  const baseId = useId();
  const groups = new Map<string, string[]>();
  for (const r of reactions) groups.set(r.emoji, [...(groups.get(r.emoji) ?? []), r.user_id]);
  return (
    <div className="cc-reactions" role="group" aria-label="Reactions" data-testid="reactions">
      {[...groups].map(([emoji, users], i) => {
        const mine = users.includes(actions.me);
        const names = users.map((u) => actions.nameOf(u)).join(', ');
        const tipId = `${baseId}-${i}`;
        return (
          <span key={emoji} className="cc-reactions__item">
            <button
              type="button"
              className={`cc-reactions__chip${mine ? ' cc-reactions__chip--mine' : ''}`}
              aria-pressed={mine}
              aria-label={`${emoji} ${users.length}`}
              aria-describedby={tipId}
              data-testid="reaction-chip"
              data-emoji={emoji}
              onClick={() => actions.react(message, emoji)}
            >
              <span aria-hidden="true">{emoji}</span> <span aria-hidden="true">{users.length}</span>
            </button>
            <span id={tipId} role="tooltip" className="cc-reactions__who">
              {names}
            </span>
          </span>
        );
      })}
    </div>
  );
}
