import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { describeError } from '../../api/errors';
import { sendLocation } from '../../db';
import { formatCoordinates } from './format';

/** "51.5072, -0.1276" (or with a semicolon or spaces) as degrees, or null when it is not that. */
export function parseCoordinates(text: string): { lat: number; lng: number } | null {
  const match = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180) return null;
  return { lat, lng };
}

/**
 * "Share location": the current position (Geolocation) or a typed address with its
 * coordinates. No geocoding service is asked (privacy, and it works offline), so a typed
 * address needs coordinates, which any map app copies.
 */
export function LocationDialog({ roomId, onClose }: { roomId: string; onClose(): void }) {
  const [label, setLabel] = useState('');
  const [coordinates, setCoordinates] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const labelId = useId();
  const coordinatesId = useId();
  const parsed = parseCoordinates(coordinates);

  function locate() {
    if (!navigator.geolocation)
      return setError('This device cannot tell its position. Type the coordinates instead.');
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setError(null);
        setCoordinates(formatCoordinates(position.coords.latitude, position.coords.longitude));
        setLabel((current) => current || 'My location');
      },
      () => {
        setLocating(false);
        setError('Your position is not available. Type the address and its coordinates instead.');
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed)
      return setError('Enter coordinates as latitude, longitude (for example 51.50722, -0.12750).');
    sendLocation(roomId, { ...parsed, label }).then(onClose, (err: unknown) => setError(describeError(err)));
  }

  return (
    <Dialog label="Share location" onClose={onClose}>
      <form onSubmit={onSubmit} className="cc-location-form">
        <button type="button" className="cc-button" onClick={locate} disabled={locating} data-autofocus>
          {locating ? 'Finding your position…' : 'Use my current location'}
        </button>
        <label htmlFor={labelId}>Address or name of the place</label>
        <input
          id={labelId}
          className="cc-input"
          value={label}
          maxLength={200}
          onChange={(event) => setLabel(event.target.value)}
          placeholder="Back entrance, 12 High St"
        />
        <label htmlFor={coordinatesId}>Coordinates (latitude, longitude)</label>
        <input
          id={coordinatesId}
          className="cc-input"
          value={coordinates}
          inputMode="decimal"
          onChange={(event) => setCoordinates(event.target.value)}
          placeholder="51.50722, -0.12750"
          aria-invalid={coordinates !== '' && !parsed ? true : undefined}
        />
        {error && (
          <p className="cc-attach__error" role="alert">
            {error}
          </p>
        )}
        <div className="cc-attach-preview__actions">
          <button type="button" className="cc-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="cc-button cc-button--primary" disabled={!parsed}>
            Send location
          </button>
        </div>
      </form>
    </Dialog>
  );
}
