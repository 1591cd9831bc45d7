import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/errors';
import { getPlatform } from '../../platform';
import { formatDuration } from '../../../shared/preview';
import { attachVoice } from '../../uploads/attach';

/** SPEC issue 9: voice notes up to 5 minutes; recording stops and sends by itself there. */
export const VOICE_MAX_MS = 5 * 60 * 1000;
const PREFERRED_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'];

interface Recording {
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
  startedAt: number;
}

function recorderType(): string | undefined {
  return PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported?.(type));
}

/**
 * Record a voice note by toggling: Record, then Send or Cancel, with the time running. The
 * microphone is asked for only when Record is pressed (Electron grants it only then) and
 * released as soon as the recording ends.
 */
export function VoiceRecorder({ roomId, onError }: { roomId: string; onError(message: string): void }) {
  const [elapsed, setElapsed] = useState<number | null>(null);
  const current = useRef<Recording | null>(null);
  const supported = typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

  useEffect(() => {
    if (elapsed === null) return;
    const timer = setInterval(() => {
      const recording = current.current;
      if (!recording) return;
      const ms = Date.now() - recording.startedAt;
      setElapsed(ms);
      if (ms >= VOICE_MAX_MS) finish(true);
    }, 250);
    return () => clearInterval(timer);
  });

  useEffect(() => () => finish(false), []); // eslint-disable-line react-hooks/exhaustive-deps

  async function start() {
    try {
      await getPlatform().armMicrophone();
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = recorderType();
      const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      const recording: Recording = { recorder, stream, chunks: [], startedAt: Date.now() };
      recorder.ondataavailable = (event) => event.data.size > 0 && recording.chunks.push(event.data);
      current.current = recording;
      recorder.start(250);
      setElapsed(0);
    } catch (err) {
      onError(
        (err as { name?: string }).name === 'NotAllowedError'
          ? 'The microphone is not available: allow it to record a voice message.'
          : describeError(err),
      );
    }
  }

  function finish(send: boolean) {
    const recording = current.current;
    if (!recording) return;
    current.current = null;
    setElapsed(null);
    const durationMs = Math.min(VOICE_MAX_MS, Date.now() - recording.startedAt);
    recording.recorder.onstop = () => {
      recording.stream.getTracks().forEach((track) => track.stop());
      if (!send) return;
      const blob = new Blob(recording.chunks, { type: recording.recorder.mimeType || 'audio/webm' });
      if (blob.size === 0) return onError('Nothing was recorded.');
      attachVoice(roomId, blob, durationMs).catch((err: unknown) => onError(describeError(err)));
    };
    if (recording.recorder.state !== 'inactive') recording.recorder.stop();
    else recording.recorder.onstop(new Event('stop'));
  }

  if (!supported) return null;
  if (elapsed === null) {
    return (
      <button
        type="button"
        className="cc-button cc-composer__tool"
        onClick={() => void start()}
        aria-label="Record voice message"
        title="Record voice message"
      >
        <span aria-hidden="true">🎤</span>
      </button>
    );
  }
  return (
    <div className="cc-recorder" data-testid="voice-recorder">
      <span className="cc-recorder__time" role="timer" aria-label={`Recording, ${formatDuration(elapsed)}`}>
        ● {formatDuration(elapsed)}
      </span>
      <button type="button" className="cc-button" onClick={() => finish(false)}>
        Cancel recording
      </button>
      <button type="button" className="cc-button cc-button--primary" onClick={() => finish(true)}>
        Send voice message
      </button>
    </div>
  );
}
