import { useAppStore, type Connection } from '../store';
import './SyncStatus.css';

const LABELS: Record<Connection, string> = {
  online: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline',
};

/**
 * Connection state for the header: an "Offline" banner (a polite live region, present only
 * while offline) and a small dot whose data-state tests and e2e specs wait on. The dot has no
 * text of its own, so "Offline" appears exactly once on the page.
 */
export function SyncStatus() {
  const connection = useAppStore((state) => state.connection);
  const syncError = useAppStore((state) => state.syncError);
  const label =
    syncError && connection === 'online' ? `Connected, but sync failed: ${syncError}` : LABELS[connection];
  return (
    <div className="sync-status">
      {connection === 'offline' && (
        <div role="status" className="sync-status__banner">
          Offline — messages you write are kept on this device and sent when the connection returns.
        </div>
      )}
      <span
        className="sync-status__indicator"
        data-testid="sync-status"
        data-state={connection}
        data-error={syncError ? 'true' : undefined}
        title={label}
        role="img"
        aria-label={label}
      >
        <span className="sync-status__dot" />
      </span>
    </div>
  );
}
