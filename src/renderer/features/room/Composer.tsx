import { useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { describeError } from '../../api/client';
import { notifyTyping, sendMessage } from '../../db';
import { useAppStore } from '../../store';
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

/**
 * The message box. The draft lives in the store per room, so it survives switching rooms.
 * Sending is optimistic: the text leaves the box at once and the message shows as pending.
 * With `quickReplies` (a cleaner's), typing "/" offers them; choosing one puts it in the box.
 */
export function Composer({ roomId, quickReplies }: { roomId: string; quickReplies?: readonly string[] }) {
  const draft = useAppStore((s) => s.drafts[roomId] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const setNotice = useAppStore((s) => s.setNotice);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const status = draftStatus(draft);
  const quick = useQuickReplyMenu(draft, quickReplies, (text) => setDraft(roomId, text));

  function send() {
    if (!status.canSend) return;
    const content = draft.trim();
    setDraft(roomId, '');
    sendMessage(roomId, content).catch((err: unknown) => {
      // Nothing was stored: give the text back so it is not lost.
      setDraft(roomId, content);
      setNotice(describeError(err));
    });
    inputRef.current?.focus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (quick.onKeyDown(event)) return;
    if (isSendKey(event, event.nativeEvent.isComposing)) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form className="cc-composer" onSubmit={onSubmit}>
      {quick.menu}
      <textarea
        {...quick.inputProps}
        ref={inputRef}
        className="cc-composer__input"
        aria-label="Message"
        aria-describedby={hintId}
        aria-invalid={status.tooLong || undefined}
        placeholder="Write a message…"
        rows={1}
        value={draft}
        onChange={(event) => {
          setDraft(roomId, event.target.value);
          if (event.target.value.trim()) notifyTyping(roomId);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <button type="submit" className="cc-button cc-button--primary cc-composer__send" disabled={!status.canSend}>
        Send
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
