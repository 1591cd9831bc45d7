import { useRef, useState } from 'react';
import { LocationDialog } from './LocationDialog';
import { VoiceRecorder } from './VoiceRecorder';

interface Props {
  roomId: string;
  onFiles(files: File[]): void;
  onError(message: string): void;
}

/** The composer's attach buttons: photos and files (paperclip), a voice note, a location. */
export function ComposerTools({ roomId, onFiles, onError }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [sharing, setSharing] = useState(false);
  return (
    <div className="cc-composer__tools">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Choosing the same file again must fire change again.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <button
        type="button"
        className="cc-button cc-composer__tool"
        onClick={() => input.current?.click()}
        aria-label="Attach photos or files"
        title="Attach photos or files"
      >
        <span aria-hidden="true">📎</span>
      </button>
      <VoiceRecorder roomId={roomId} onError={onError} />
      <button
        type="button"
        className="cc-button cc-composer__tool"
        onClick={() => setSharing(true)}
        aria-label="Share location"
        title="Share location"
      >
        <span aria-hidden="true">📍</span>
      </button>
      {sharing && <LocationDialog roomId={roomId} onClose={() => setSharing(false)} />}
    </div>
  );
}
