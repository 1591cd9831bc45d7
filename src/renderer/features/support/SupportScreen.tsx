import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError, getApi } from '../../api/client';
import { EmptyState, Loading } from '../../components/EmptyState';
import { fullName } from '../../components/format';
import { RelativeTime } from '../../components/RelativeTime';
import { useRoomList } from '../../db';
import type { SupportQueueItem } from '../../../shared/api';
import './support.css';

/**
 * The Support section (support and admin accounts): open requests, those waiting longest first,
 * with how long each has waited, and a Resolve button. The queue is the server's (GET
 * /api/support/), refreshed whenever a support room changes on this device.
 */
export function SupportScreen() {
  const [items, setItems] = useState<SupportQueueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { items: rooms } = useRoomList('direct', 'all');
  const supportKey = rooms
    .filter((r) => r.room.room_type === 'support')
    .map((r) => `${r.room.id}:${r.room.status}:${r.lastActivity}`)
    .join('|');

  const load = useCallback(() => {
    getApi()
      .supportQueue('open')
      .then((list) => {
        setItems(list);
        setError(null);
      })
      .catch((err: unknown) => setError(describeError(err)));
  }, []);
  useEffect(load, [load, supportKey]);

  async function resolve(roomId: string) {
    try {
      await getApi().resolveSupport(roomId);
      load();
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <section className="cc-support" aria-labelledby="support-heading" data-testid="support-queue">
      <h1 id="support-heading">Support</h1>
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        <Loading label="Loading open requests…" />
      ) : items.length === 0 ? (
        <EmptyState title="No open requests" level={2} icon="chat">
          New questions to support appear here.
        </EmptyState>
      ) : (
        <ul className="cc-support__list">
          {items.map((item) => (
            <li key={item.id} className="cc-support__item" data-testid="support-item" data-room-id={item.id}>
              <Link to={`/messages/${item.id}`} className="cc-support__link">
                <span className="cc-support__who">{fullName(item.requester) || 'Someone'}</span>
                <span className="cc-support__what">{item.name}</span>
                <span className="cc-support__preview">{item.last_message_content}</span>
              </Link>
              <span className="cc-support__wait">
                {item.waiting_since ? (
                  <>
                    Waiting since <RelativeTime iso={item.waiting_since} />
                  </>
                ) : (
                  'Answered'
                )}
              </span>
              <button type="button" className="cc-button" onClick={() => void resolve(item.id)} aria-label={`Resolve request from ${fullName(item.requester)}`}>
                Resolve
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
