import { createContext, useContext } from 'react';
import type { MessageDoc, ReactionDoc } from '../../../shared/schemas';

/**
 * What every message row needs to act, given once by the message list instead of through each
 * row's props (rows are memoised and virtualized).
 */
export interface MessageActions {
  me: string;
  /** Reactions by message id. */
  reactions: ReadonlyMap<string, ReactionDoc[]>;
  /** Originals quoted by replies, by id (from the window or elsewhere on the device). */
  originals: ReadonlyMap<string, MessageDoc>;
  /** "You" for me, else the person's name. */
  nameOf(userId: string): string;
  reply(message: MessageDoc): void;
  edit(message: MessageDoc): void;
  remove(message: MessageDoc): void;
  copy(message: MessageDoc): void;
  react(message: MessageDoc, emoji: string): void;
  /** Scrolls to a quoted original, loading older pages when needed. */
  jumpTo(messageId: string): void;
  /** The message to highlight and focus after a jump. */
  highlightId: string | null;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActions(): MessageActions | null {
  return useContext(MessageActionsContext);
}
