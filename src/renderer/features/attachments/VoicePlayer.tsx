import { useEffect, useId, useRef, useState } from 'react';
import { formatDuration } from '../../../shared/preview';
import { useMediaUrl } from '../../uploads/media';

/** The audio element playing now: starting another voice note pauses it (one plays at a time). */
let playing: HTMLAudioElement | null = null;

interface Props {
  attachmentId: string;
  durationMs: number;
  /** A local URL (a pending note, tests); otherwise the bytes are loaded on first play. */
  src?: string;
}

/** A voice note: play/pause, a seek slider and the time; the bytes load on first play. */
export function VoicePlayer({ attachmentId, durationMs, src }: Props) {
  // Set on the first Play; the bytes are loaded then and kept for the player's lifetime.
  const [requested, setRequested] = useState(false);
  // Play was pressed before the bytes were there: start as soon as they are.
  const [playWhenReady, setPlayWhenReady] = useState(false);
  const media = useMediaUrl(src || !requested ? null : attachmentId);
  const url = src ?? media.url;
  const audioRef = useRef<HTMLAudioElement>(null);
  const [isPlaying, setPlaying] = useState(false);
  const [positionMs, setPosition] = useState(0);
  const sliderId = useId();

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !playWhenReady || !url) return;
    setPlayWhenReady(false);
    play(audio);
  }, [playWhenReady, url]);

  useEffect(() => {
    const audio = audioRef.current;
    return () => {
      if (playing === audio) playing = null;
    };
  }, []);

  function play(audio: HTMLAudioElement) {
    if (playing && playing !== audio) playing.pause();
    playing = audio;
    audio.play().catch(() => setPlaying(false));
  }

  function toggle() {
    const audio = audioRef.current;
    if (isPlaying) {
      audio?.pause();
    } else if (audio && url) {
      play(audio);
    } else {
      setRequested(true);
      setPlayWhenReady(true);
    }
  }

  function seek(ms: number) {
    setPosition(ms);
    if (audioRef.current) audioRef.current.currentTime = ms / 1000;
  }

  return (
    <div className="cc-voice" data-testid="voice-player">
      <button
        type="button"
        className="cc-voice__play"
        aria-label={isPlaying ? 'Pause voice message' : 'Play voice message'}
        aria-pressed={isPlaying}
        onClick={toggle}
      >
        <span aria-hidden="true">{isPlaying ? '❚❚' : '▶'}</span>
      </button>
      <label htmlFor={sliderId} className="cc-visually-hidden">
        Position in voice message
      </label>
      <input
        id={sliderId}
        className="cc-voice__seek"
        type="range"
        min={0}
        max={durationMs}
        step={100}
        value={Math.min(positionMs, durationMs)}
        aria-valuetext={`${formatDuration(positionMs)} of ${formatDuration(durationMs)}`}
        onChange={(event) => seek(Number(event.target.value))}
      />
      <span className="cc-voice__time" data-testid="voice-time">
        {isPlaying || positionMs > 0 ? `${formatDuration(positionMs)} / ` : ''}
        {formatDuration(durationMs)}
      </span>
      {media.error && (
        <span className="cc-attach__error" role="alert">
          {media.error}
        </span>
      )}
      {url && (
        <audio
          ref={audioRef}
          src={url}
          preload="metadata"
          onLoadedMetadata={(event) => {
            // A seek made before the bytes arrived applies once they are there.
            if (positionMs > 0) event.currentTarget.currentTime = positionMs / 1000;
          }}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => {
            setPlaying(false);
            setPosition(0);
          }}
          onTimeUpdate={(event) => setPosition(Math.round(event.currentTarget.currentTime * 1000))}
        />
      )}
    </div>
  );
}
