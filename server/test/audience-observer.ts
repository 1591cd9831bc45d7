import { COLLECTIONS, RESYNC, TIMESTAMP_PATTERN, type CollectionName, type SyncCheckpoint, type WireDoc } from '../src/shared';
import type { Client } from './helpers';
import { parseChange, type SseEvent, type SseReader } from '../../testkit/sse';

type AnyDoc = WireDoc<CollectionName>;
export const keyOf = (collection: CollectionName, id: string) => `${collection} ${id}`;
const isTime = (v: unknown): v is string => typeof v === 'string' && new RegExp(TIMESTAMP_PATTERN).test(v);
/** What a tombstone may put in place of a value it must not carry: the empty value of its type. */
const EMPTY = ['', null, false, '[]', '1970-01-01T00:00:00.000Z'];
/** Enums without an empty value: a tombstone job says `open` (with no cleaner), a membership `member`, a room `all`. */
const ENUM_BLANKS: Record<string, unknown> = { 'jobs.status': 'open', 'memberships.role': 'member', 'rooms.posting': 'all' };

/**
 * One user as a client sees the server: every document pulled so far (latest state per id), the
 * pull checkpoints, and a stream whose events are compared with the pull after each step.
 */
export class Observer {
  readonly view = new Map<string, AnyDoc>();
  private readonly cps = Object.fromEntries(COLLECTIONS.map((c) => [c, null])) as Record<CollectionName, SyncCheckpoint | null>;
  private readonly lastLive = new Map<string, AnyDoc>();
  /** The tombstone first received for a lost document: it must never change afterwards. */
  readonly firstTombstone = new Map<string, AnyDoc>();
  /** Documents the rule let this user read after some step, and when each was lost. */
  readonly everReadable = new Set<string>();
  readonly lostAt = new Map<string, string>();
  private streamFrom = 0;

  /** Opened after the first pull (see the property test). */
  reader!: SseReader;

  constructor(readonly client: Client) {}

  get id(): string {
    return this.client.id;
  }

  /** Pulls every collection from its checkpoint and folds the documents into the view. */
  async pullDelta(): Promise<Map<string, AnyDoc>> {
    const delta = new Map<string, AnyDoc>();
    for (const c of COLLECTIONS) {
      const { documents, checkpoint } = await this.client.pullAll(c, this.cps[c]);
      this.cps[c] = checkpoint;
      for (const doc of documents) delta.set(keyOf(c, doc.id), doc as AnyDoc);
    }
    for (const [key, doc] of delta) this.absorb(key, doc);
    return delta;
  }

  private absorb(key: string, doc: AnyDoc): void {
    this.view.set(key, doc);
    if (!doc._deleted) {
      this.lastLive.set(key, doc);
      this.firstTombstone.delete(key);
      return;
    }
    const first = this.firstTombstone.get(key);
    if (first) {
      if (JSON.stringify(first) !== JSON.stringify(doc)) throw new Error(`${key}: tombstone changed after removal: ${JSON.stringify(doc)}`);
      return;
    }
    this.firstTombstone.set(key, doc);
    this.checkTombstone(key, doc);
  }

  /** No field of a tombstone was written after access ended. */
  private checkTombstone(key: string, doc: AnyDoc): void {
    const lost = this.lostAt.get(key);
    const live = this.lastLive.get(key) as Record<string, unknown> | undefined;
    if (!lost || !live) throw new Error(`${key}: a tombstone for a document never lost (${lost}) or never seen (${!!live})`);
    const collection = key.split(' ')[0];
    for (const [field, value] of Object.entries(doc)) {
      if (field === '_deleted') continue;
      const same = JSON.stringify(value) === JSON.stringify(live[field]);
      const empty = EMPTY.includes(Array.isArray(value) ? JSON.stringify(value) : (value as string)) || ENUM_BLANKS[`${collection}.${field}`] === value;
      if (!same && !empty) throw new Error(`${key}.${field} = ${JSON.stringify(value)}: neither what the user last saw nor blank`);
      if (isTime(value) && value > lost) throw new Error(`${key}.${field} = ${value} was written after the removal at ${lost}`);
    }
  }

  /**
   * Waits until the stream has delivered everything the last pull returned, then compares the
   * latest state per document from the stream with that pull. A RESYNC means "pull": the pull
   * is then the truth and the step is not compared.
   */
  async compareStream(delta: Map<string, AnyDoc>): Promise<void> {
    const from = this.streamFrom;
    const since = (e: unknown) => this.reader.events.indexOf(e as never) >= from;
    for (const c of COLLECTIONS) {
      const target = this.cps[c]?.seq ?? 0;
      if (![...delta.keys()].some((k) => k.startsWith(`${c} `))) continue;
      const caughtUp = (e: SseEvent) =>
        since(e) && (e.data === RESYNC || (parseChange(e)?.collection === c && (parseChange(e)?.checkpoint.seq ?? 0) >= target));
      if (!this.reader.events.some(caughtUp)) await this.reader.next(caughtUp);
    }
    // A heartbeat that arrives now was written after those events, hence after the whole batch.
    await this.reader.nextComment();
    const events = this.reader.events.slice(from);
    this.streamFrom += events.length;
    if (events.some((e) => e.data === RESYNC)) return;
    const streamed = new Map<string, AnyDoc>();
    for (const change of events.map(parseChange)) {
      for (const doc of change?.documents ?? []) streamed.set(keyOf(change?.collection as CollectionName, doc.id), doc as AnyDoc);
    }
    const show = (m: Map<string, AnyDoc>) => JSON.stringify([...m].sort(([a], [b]) => a.localeCompare(b)));
    if (show(streamed) !== show(delta)) throw new Error(`stream and pull differ for ${this.id}:\nstream ${show(streamed)}\npull   ${show(delta)}`);
  }

  /** A pull from no checkpoint agrees with everything pulled step by step. */
  async compareFullPull(): Promise<void> {
    for (const c of COLLECTIONS) {
      const { documents } = await this.client.pullAll(c, null);
      const held = [...this.view.keys()].filter((k) => k.startsWith(`${c} `)).length;
      if (documents.length !== held) throw new Error(`${c}: pulled ${documents.length} from none, ${held} step by step`);
      for (const doc of documents) {
        const known = this.view.get(keyOf(c, doc.id));
        if (JSON.stringify(known) !== JSON.stringify(doc)) {
          throw new Error(`${c} ${doc.id}: pulled from none ${JSON.stringify(doc)}, step by step ${JSON.stringify(known)}`);
        }
      }
    }
  }
}
