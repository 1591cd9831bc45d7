import { describe, expect, it } from 'vitest';
import { parseStreamMessage, readEventStream, type StreamEvent } from './stream';

/** A body delivering `text` in chunks of `size` bytes, to exercise events split across reads. */
function bodyOf(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const change = { collection: 'messages', documents: [{ id: 'm1', _deleted: false }], checkpoint: { seq: 7 } };

describe('readEventStream', () => {
  it('decodes change, RESYNC, typing and presence events and ignores heartbeats', async () => {
    const text = [
      ': heartbeat\n\n',
      `data: ${JSON.stringify(change)}\n\n`,
      'data: RESYNC\n\n',
      'event: typing\ndata: {"room_id":"dm:a:b","user_id":"b","at":"2026-01-01T10:00:00.000Z"}\n\n',
      'event: presence\ndata: {"user_id":"b","online":true}\n\n',
      ': heartbeat\n\n',
    ].join('');
    const events: StreamEvent[] = [];
    let activity = 0;
    await readEventStream(
      bodyOf(text),
      (event) => events.push(event),
      () => (activity += 1),
    );
    expect(events).toEqual([
      { type: 'change', change },
      { type: 'resync' },
      { type: 'typing', typing: { room_id: 'dm:a:b', user_id: 'b', at: '2026-01-01T10:00:00.000Z' } },
      { type: 'presence', presence: { user_id: 'b', online: true } },
    ]);
    expect(activity).toBeGreaterThan(1);
  });

  it('handles multi-byte characters split between chunks', async () => {
    const doc = { ...change, documents: [{ id: 'm2', content: 'Grüße 👋', _deleted: false }] };
    const events: StreamEvent[] = [];
    await readEventStream(bodyOf(`data: ${JSON.stringify(doc)}\n\n`, 3), (event) => events.push(event));
    expect(events).toEqual([{ type: 'change', change: doc }]);
  });
});

describe('parseStreamMessage', () => {
  it('accepts RESYNC as a bare or JSON-quoted string', () => {
    expect(parseStreamMessage({ data: 'RESYNC' })).toEqual({ type: 'resync' });
    expect(parseStreamMessage({ data: '"RESYNC"', event: 'message' })).toEqual({ type: 'resync' });
  });

  it('drops malformed and unknown events', () => {
    expect(parseStreamMessage({ data: 'not json' })).toBeNull();
    expect(parseStreamMessage({ data: JSON.stringify({ ...change, collection: 'secrets' }) })).toBeNull();
    expect(
      parseStreamMessage({ data: JSON.stringify({ collection: 'rooms', documents: 'x', checkpoint: {} }) }),
    ).toBeNull();
    expect(parseStreamMessage({ event: 'typing', data: '{"room_id":1}' })).toBeNull();
    expect(parseStreamMessage({ event: 'presence', data: '{"user_id":"b","online":"yes"}' })).toBeNull();
    expect(parseStreamMessage({ event: 'other', data: '{}' })).toBeNull();
  });
});
