import {
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { describeError } from '../../api/client';
import { editMessage, notifyTyping, sendMessage } from '../../db';
import { useAppStore } from '../../store';
import type { MessageDoc } from '../../../shared/schemas';
import { ComposeTargetBar } from './ComposeTargetBar';
import { lastOwnMessage } from './messageLogic';
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

interface Props {
  roomId: string;
  /** The room's loaded messages: what a reply quotes, what an edit changes, my last one for Up. */
  messages?: readonly MessageDoc[];
  me?: string;
  quickReplies?: readonly string[];
  ref?: Ref<ComposerHandle>;
}

/**
 * The message box. The draft lives in the store per room, so it survives switching rooms.
 * Sending is optimistic: the text leaves the box at once and the message shows as pending.
 * With `quickReplies` (a cleaner's), typing "/" offers them; choosing one puts it in the box.
 * Photos and files (paperclip, paste, or dropped onto the room) open a preview with a caption.
 * Replying adds a quote of the chosen message; editing puts its text in the box (the draft is
 * kept aside until the edit is saved or cancelled). Up in an empty box edits my last message.
 */
export function Composer({ roomId, messages = [], me, quickReplies, ref }: Props) {
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
  const [chosen, setChosen] = useState<File[] | null>(null);
  useImperativeHandle(ref, () => ({ attach: (files) => files.length > 0 && setChosen(files) }), []);

  useEffect(() => {
    // Reply and Edit (from a message's menu, or Up) bring focus here.
    if (targetKey) inputRef.current?.focus();
  }, [targetKey]);

  function sendChosen(files: File[], caption: string) {
    setChosen(null);
    attachFiles(roomId, files, caption).catch((err: unknown) => setNotice(describeError(err)));
    inputRef.current?.focus();
  }

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
    <>
      {/* Outside the form: React events bubble through portals, and the preview's submit must not send the draft. */}
      {chosen && <AttachPreview files={chosen} onCancel={() => setChosen(null)} onSend={sendChosen} />}
      <form className="cc-composer" onSubmit={onSubmit}>
        {target && <ComposeTargetBar target={target} message={targetMessage} onCancel={() => setTarget(roomId, null)} />}
        {quick.menu}
        <ComposerTools roomId={roomId} onFiles={setChosen} onError={setNotice} />
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
          onPaste={(event) => {
            const images = pastedImages(event);
            if (images.length === 0) return;
            event.preventDefault();
            setChosen(images);
          }}
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
    </>
  );
}
