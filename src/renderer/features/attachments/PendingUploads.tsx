import { useAppStore } from '../../store';
import { describeError } from '../../api/errors';
import { cancelUpload, retryUpload } from '../../uploads/attach';
import { usePendingUploads, type PendingUpload } from '../../uploads/media';
import { messagePreview } from '../../../shared/preview';
import { albumLabel } from './albumLayout';

function percent(item: PendingUpload): number {
  // Uploaded and waiting for the rest of its album (also after a restart, when progress is gone).
  if (item.entry.uploaded) return 100;
  if (!item.progress || item.progress.total <= 0) return 0;
  return Math.min(100, Math.floor((item.progress.loaded / item.progress.total) * 100));
}

/** "Photo", "Voice message (0:12)", "invoice.pdf": the same words as the list preview. */
function nameOf(item: PendingUpload): string {
  return messagePreview({ kind: item.entry.kind, content: '', attachment: item.entry });
}

/** What the live region says: whole tens only, so a screen reader is not read every percent. */
export function uploadStatusText(items: readonly PendingUpload[]): string {
  if (items.length === 0) return '';
  const failed = items.filter((item) => item.failure);
  if (failed.length > 0)
    return `${nameOf(failed[0] as PendingUpload)} could not be sent: ${failed[0]?.failure ?? ''}`;
  const sending =
    items.length === 1
      ? `Sending ${nameOf(items[0] as PendingUpload)}`
      : `Sending ${items.length} attachments`;
  const started = items.find((item) => item.progress);
  return started ? `${sending}, ${Math.floor(percent(started) / 10) * 10}%` : `${sending}…`;
}

/** The items in send order, the photos of one album together (they are written together too). */
export function pendingGroups(items: readonly PendingUpload[]): PendingUpload[][] {
  const groups: PendingUpload[][] = [];
  for (const item of items) {
    const album = item.entry.album_id ?? null;
    const last = groups.at(-1);
    if (album !== null && last && last[0]?.entry.album_id === album) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/**
 * Attachments of this room still on their way, at the end of the timeline like any pending
 * message: "Sending…" with a progress bar and Cancel, or the server's refusal with Retry and
 * Remove. They are not RxDB messages yet: the message is written once its upload succeeded.
 * The photos of an album show together as one labelled group, each with its own progress and
 * Cancel ("Photo 2 of 3").
 */
export function PendingUploads({ roomId }: { roomId: string }) {
  const items = usePendingUploads(roomId);
  const setNotice = useAppStore((s) => s.setNotice);
  const act = (work: Promise<void>) => work.catch((err: unknown) => setNotice(describeError(err)));

  function row(item: PendingUpload, name: string) {
    return (
      <div
        key={item.entry.id}
        className="cc-pending__item"
        data-testid="pending-upload"
        data-entry-id={item.entry.id}
        data-failed={item.failure ? 'true' : 'false'}
      >
        {item.entry.thumbnail && <img className="cc-pending__thumb" src={item.entry.thumbnail} alt="" />}
        <span className="cc-file__text">
          <span className="cc-file__name">{name}</span>
          {item.entry.content && <span className="cc-file__meta">{item.entry.content}</span>}
        </span>
        {item.failure ? (
          <>
            <span className="cc-attach__error">{item.failure}</span>
            <button type="button" className="cc-button" onClick={() => act(retryUpload(item.entry.id))}>
              Retry
            </button>
            <button
              type="button"
              className="cc-button cc-button--danger"
              onClick={() => act(cancelUpload(item.entry.id))}
              aria-label={`Remove ${name}`}
            >
              Remove
            </button>
          </>
        ) : (
          <>
            <progress className="cc-pending__bar" max={100} value={percent(item)} aria-label={`Uploading ${name}`} />
            <span className="cc-msg__pending">Sending…</span>
            <button
              type="button"
              className="cc-button"
              onClick={() => act(cancelUpload(item.entry.id))}
              aria-label={`Cancel sending ${name}`}
            >
              Cancel
            </button>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="cc-pending" data-testid="pending-uploads">
      <div className="cc-visually-hidden" role="status" data-testid="upload-status">
        {uploadStatusText(items)}
      </div>
      {pendingGroups(items).map((group) =>
        group.length === 1 ? (
          row(group[0] as PendingUpload, nameOf(group[0] as PendingUpload))
        ) : (
          <div
            key={group[0]?.entry.id}
            className="cc-pending__album"
            role="group"
            aria-label={albumLabel(group.length)}
            data-testid="pending-album"
          >
            {group.map((item, index) => row(item, `Photo ${index + 1} of ${group.length}`))}
          </div>
        ),
      )}
    </div>
  );
}
