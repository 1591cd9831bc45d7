import { useId, useImperativeHandle, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { describeError } from '../../api/client';
import { notifyTyping, sendMessage } from '../../db';
import { useAppStore } from '../../store';
import { MESSAGE_MAX_CHARS } from '../../../shared/limits';
import { codePointLength, isValidMessageContent, normalizeContent } from '../../../shared/rules';
import { useQuickReplyMenu } from '../quickReplies/QuickReplyMenu';
import { AttachPreview } from '../attachments/AttachPreview';
import { ComposerTools } from '../attachments/ComposerTools';
import { attachFiles } from '../../uploads/attach';

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

/** What the room can ask of its composer: files dropped onto the room go to the same preview. */
export interface ComposerHandle {
  attach(files: File[]): void;
}

/** The images of a paste (a screenshot, a copied photo); text pastes as text. */
export function pastedImages(event: Pick<ClipboardEvent, 'clipboardData'>): File[] {
  return Array.from(event.clipboardData?.files ?? []).filter((file) => file.type.startsWith('image/'));
}

/**
 * The message box. The draft lives in the store per room, so it survives switching rooms.
 * Sending is optimistic: the text leaves the box at once and the message shows as pending.
 * With `quickReplies` (a cleaner's), typing "/" offers them; choosing one puts it in the box.
 * Photos and files (paperclip, paste, or dropped onto the room) open a preview with a caption.
 */
export function Composer({ roomId, quickReplies, ref }: { roomId: string; quickReplies?: readonly string[]; ref?: Ref<ComposerHandle> }) {
  const draft = useAppStore((s) => s.drafts[roomId] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const setNotice = useAppStore((s) => s.setNotice);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const status = draftStatus(draft);
  const quick = useQuickReplyMenu(draft, quickReplies, (text) => setDraft(roomId, text));
  const [chosen, setChosen] = useState<File[] | null>(null);
  useImperativeHandle(ref, () => ({ attach: (files) => files.length > 0 && setChosen(files) }), []);

  function sendChosen(files: File[], caption: string) {
    setChosen(null);
    attachFiles(roomId, files, caption).catch((err: unknown) => setNotice(describeError(err)));
    inputRef.current?.focus();
  }

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
    <>
      {/* Outside the form: React events bubble through portals, and the preview's submit must not send the draft. */}
      {chosen && <AttachPreview files={chosen} onCancel={() => setChosen(null)} onSend={(caption) => sendChosen(chosen, caption)} />}
      <form className="cc-composer" onSubmit={onSubmit}>
        {quick.menu}
        <ComposerTools roomId={roomId} onFiles={setChosen} onError={setNotice} />
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
          onPaste={(event) => {
            const images = pastedImages(event);
            if (images.length === 0) return;
            event.preventDefault();
            setChosen(images);
          }}
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
    </>
  );
}
