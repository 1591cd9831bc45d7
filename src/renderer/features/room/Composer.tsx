import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { describeError } from '../../api/client';
import { editMessage, notifyTyping, sendMessage } from '../../db';
import { useAppStore } from '../../store';
import type { MessageDoc } from '../../../shared/schemas';
import { ComposeTargetBar } from './ComposeTargetBar';
import { lastOwnMessage } from './messageLogic';
import { MESSAGE_MAX_CHARS } from '../../../shared/limits';
import { codePointLength, isValidMessageContent, normalizeContent } from '../../../shared/rules';
import { useQuickReplyMenu } from '../quickReplies/QuickReplyMenu';

/** Characters left before the limit at which the counter appears. */
const COUNTER_FROM = MESSAGE_MAX_CHARS - 500;

/** What the composer shows about the length of a draft. */
export function draftStatus(draft: string): { canSend: boolean; length: number; showCounter: boolean; tooLong: boolean } {
  const length = codePointLength(normalizeContent(draft));
  const tooLong = length > MESSAGE_MAX_CHARS;
  return { canSend: isValidMessageContent(draft), length, showCounter: length >= COUNTER_FROM, tooLong };
}

/** Whether a key press in the message box sends: Enter without Shift, and not while composing (IME). */
export function isSendKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>, composing: boolean): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.altKey && !composing;
}

interface Props {
  roomId: string;
  /** The room's loaded messages: what a reply quotes, what an edit changes, my last one for Up. */
  messages?: readonly MessageDoc[];
  me?: string;
  quickReplies?: readonly string[];
}

/**
 * The message box. The draft lives in the store per room, so it survives switching rooms.
 * Sending is optimistic: the text leaves the box at once and the message shows as pending.
 * With `quickReplies` (a cleaner's), typing "/" offers them; choosing one puts it in the box.
 * Replying adds a quote of the chosen message; editing puts its text in the box (the draft is
 * kept aside until the edit is saved or cancelled). Up in an empty box edits my last message.
 */
export function Composer({ roomId, messages = [], me, quickReplies }: Props) {
  const draft = useAppStore((s) => s.drafts[roomId] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const setNotice = useAppStore((s) => s.setNotice);
  const target = useAppStore((s) => s.composeTargets[roomId]);
  const setTarget = useAppStore((s) => s.setComposeTarget);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const targetMessage = target ? messages.find((m) => m.id === target.messageId) : undefined;
  const editing = target?.kind === 'edit' ? target : null;
  const text = editing ? editing.text : draft;
  const setText = (value: string) => (editing ? setTarget(roomId, { ...editing, text: value }) : setDraft(roomId, value));
  const status = draftStatus(text);
  const quick = useQuickReplyMenu(text, quickReplies, setText);
  const targetKey = target ? `${target.kind}:${target.messageId}` : '';

  useEffect(() => {
    // Reply and Edit (from a message's menu, or Up) bring focus here.
    if (targetKey) inputRef.current?.focus();
  }, [targetKey]);

  function send() {
    if (!status.canSend) return;
    const content = text.trim();
    if (editing) {
      setTarget(roomId, null);
      editMessage(editing.messageId, content).catch((err: unknown) => {
        setTarget(roomId, editing);
        setNotice(describeError(err));
      });
    } else {
      const replyTo = target?.kind === 'reply' ? target.messageId : null;
      setDraft(roomId, '');
      setTarget(roomId, null);
      sendMessage(roomId, content, replyTo).catch((err: unknown) => {
        // Nothing was stored: give the text back so it is not lost.
        setDraft(roomId, content);
        setNotice(describeError(err));
      });
    }
    inputRef.current?.focus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (quick.onKeyDown(event)) return;
    if (event.key === 'Escape' && target) {
      event.preventDefault();
      setTarget(roomId, null);
      return;
    }
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === 'ArrowUp' && plain && text === '' && !target && me) {
      const last = lastOwnMessage(messages, me);
      if (last) {
        event.preventDefault();
        setTarget(roomId, { kind: 'edit', messageId: last.id, text: last.content });
      }
      return;
    }
    if (isSendKey(event, event.nativeEvent.isComposing)) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form className="cc-composer" onSubmit={onSubmit}>
      {target && <ComposeTargetBar target={target} message={targetMessage} onCancel={() => setTarget(roomId, null)} />}
      {quick.menu}
      <textarea
        {...quick.inputProps}
        ref={inputRef}
        className="cc-composer__input"
        aria-label={editing ? 'Edit message' : 'Message'}
        aria-describedby={hintId}
        aria-invalid={status.tooLong || undefined}
        placeholder="Write a message…"
        rows={1}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim()) notifyTyping(roomId);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <button type="submit" className="cc-button cc-button--primary cc-composer__send" disabled={!status.canSend}>
        {editing ? 'Save' : 'Send'}
      </button>
      <div id={hintId} className={`cc-composer__hint${status.tooLong ? ' cc-composer__hint--error' : ''}`}>
        {status.tooLong ? (
          <span role="alert">
            Too long: {status.length} of {MESSAGE_MAX_CHARS} characters.
          </span>
        ) : status.showCounter ? (
          `${status.length} / ${MESSAGE_MAX_CHARS}`
        ) : (
          <span className="cc-visually-hidden">Enter to send, Shift+Enter for a new line.</span>
        )}
      </div>
    </form>
  );
}
