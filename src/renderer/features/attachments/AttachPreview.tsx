import { useEffect, useId, useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { MESSAGE_MAX_CHARS } from '../../../shared/limits';
import { codePointLength } from '../../../shared/rules';
import { attachProblem } from '../../uploads/attach';
import { kindOf } from '../../uploads/prepare';
import { formatBytes, typeName } from './format';

interface Props {
  files: readonly File[];
  onCancel(): void;
  /** What is left after any removals, and the caption (it goes on the first). */
  onSend(files: File[], caption: string): void;
}

/** Local previews of chosen photos, revoked when the dialog closes. */
function usePreviewUrls(files: readonly File[]): (string | null)[] {
  const urls = useMemo(
    () => files.map((file) => (kindOf(file.type) === 'image' ? URL.createObjectURL(file) : null)),
    [files],
  );
  useEffect(() => () => urls.forEach((url) => url && URL.revokeObjectURL(url)), [urls]);
  return urls;
}

/** What "Send" sends: "Send photo", "Send 3 photos", "Send file", "Send 2 files". */
export function sendLabel(files: readonly File[]): string {
  const photos = files.every((file) => kindOf(file.type) === 'image');
  const noun = photos ? 'photo' : 'file';
  return files.length === 1 ? `Send ${noun}` : `Send ${files.length} ${noun}s`;
}

/**
 * The preview before sending: thumbnails of what was chosen, each with Remove, one optional
 * caption, Send or Cancel. At most ALBUM_MAX_PHOTOS go at once (photos sent together show as
 * one grid); over that, Send waits until some are removed. The last one left goes with Cancel.
 */
export function AttachPreview({ files: chosen, onCancel, onSend }: Props) {
  const [files, setFiles] = useState<File[]>(() => [...chosen]);
  const [caption, setCaption] = useState('');
  const urls = usePreviewUrls(files);
  const captionId = useId();
  const problem = attachProblem(files);
  const tooLong = codePointLength(caption.trim()) > MESSAGE_MAX_CHARS;
  const remove = (index: number) => setFiles(files.filter((_, i) => i !== index));
  return (
    <Dialog
      label={files.length === 1 ? 'Send an attachment' : `Send ${files.length} attachments`}
      onClose={onCancel}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!problem && !tooLong) onSend(files, caption);
        }}
      >
        <ul className="cc-attach-preview__list" data-testid="attach-preview">
          {files.map((file, index) => (
            <li key={urls[index] ?? `${file.name}-${index}`} className="cc-attach-preview__item">
              {urls[index] ? (
                <img src={urls[index] ?? undefined} alt={file.name} />
              ) : (
                <span className="cc-file__text">
                  <span className="cc-file__name">{file.name}</span>
                  <span className="cc-file__meta">
                    {typeName(file.type)} · {formatBytes(file.size)}
                  </span>
                </span>
              )}
              {files.length > 1 && (
                <button
                  type="button"
                  className="cc-attach-preview__remove"
                  onClick={() => remove(index)}
                  aria-label={`Remove ${file.name}`}
                  title="Remove"
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        <label htmlFor={captionId}>Caption (optional)</label>
        <textarea
          id={captionId}
          className="cc-input"
          rows={2}
          value={caption}
          onChange={(event) => setCaption(event.target.value)}
          aria-invalid={tooLong || undefined}
          data-autofocus
        />
        {(problem || tooLong) && (
          <p className="cc-attach__error" role="alert">
            {problem ?? `The caption is longer than ${MESSAGE_MAX_CHARS} characters.`}
          </p>
        )}
        <div className="cc-attach-preview__actions">
          <button type="button" className="cc-button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="cc-button cc-button--primary"
            disabled={Boolean(problem) || tooLong}
          >
            {sendLabel(files)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
