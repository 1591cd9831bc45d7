import fc from 'fast-check';
import type { CollectionName } from '../src/shared';

/**
 * A plain model of who may read what, written from SPEC §4 and independent of the server's own
 * authz: a room (and its messages) is seen by its members; a membership by the members of its
 * room while it lasts; a job by its client and cleaner; a user by themself and anyone sharing a
 * room with them.
 */
export interface ModelJob {
  id: string;
  client: string;
  cleaner: string | null;
  address: string;
}
export interface ModelMessage {
  id: string;
  room: string;
  sender: string;
  content: string;
  deleted: boolean;
  /** Written by the server (a group notice): nobody edits or deletes it. */
  system?: boolean;
}

/**
 * A group's owners, and its members in the order they joined (the longest-standing first): one
 * list per joining, since those who joined together (the group's first members) joined at the
 * same moment.
 */
export interface ModelGroup {
  owners: Set<string>;
  joined: string[][];
  /** The group's name now: a rename must reach every member's copy of the room. */
  name: string;
}

export class Model {
  readonly users: string[] = [];
  readonly jobs: ModelJob[] = [];
  /** Room id → its members now. */
  readonly rooms = new Map<string, Set<string>>();
  /** Every membership id that ever existed, `<room>|<user>`. */
  readonly memberships = new Set<string>();
  readonly messages: ModelMessage[] = [];
  readonly groups = new Map<string, ModelGroup>();

  join(room: string, members: Iterable<string>): void {
    const set = new Set(members);
    this.rooms.set(room, set);
    for (const u of set) this.memberships.add(`${room}|${u}`);
  }

  /**
   * Someone leaves or is removed; a group whose last owner left gets its longest-standing member
   * as owner, of those who joined at the same moment the first by id (as the server orders
   * memberships: joined_at, then the membership id `<room>|<user>`).
   */
  drop(room: string, user: string): void {
    this.rooms.get(room)?.delete(user);
    const group = this.groups.get(room);
    if (!group) return;
    group.owners.delete(user);
    group.joined = group.joined.map((together) => together.filter((u) => u !== user)).filter((together) => together.length > 0);
    const heir = [...(group.joined[0] ?? [])].sort((a, b) => a.localeCompare(b))[0];
    if (group.owners.size === 0 && heir) group.owners.add(heir);
  }

  member(user: string, room: string): boolean {
    return this.rooms.get(room)?.has(user) ?? false;
  }

  /** Every document id of a collection the model knows. */
  ids(collection: CollectionName): string[] {
    switch (collection) {
      case 'users':
        return this.users;
      case 'jobs':
        return this.jobs.map((j) => j.id);
      case 'rooms':
        return [...this.rooms.keys()];
      case 'memberships':
        return [...this.memberships];
      case 'messages':
        return this.messages.map((m) => m.id);
      case 'reactions':
        return []; // the operations below make none; reactions.test.ts covers their audience
    }
  }

  /** The rule: may `viewer` read this document now? */
  mayRead(viewer: string, collection: CollectionName, id: string): boolean {
    switch (collection) {
      case 'users':
        return id === viewer || [...this.rooms.values()].some((m) => m.has(viewer) && m.has(id));
      case 'jobs': {
        const job = this.jobs.find((j) => j.id === id);
        return !!job && (job.client === viewer || job.cleaner === viewer);
      }
      case 'rooms':
        return this.member(viewer, id);
      case 'memberships': {
        const [room = '', user = ''] = id.split('|');
        return this.member(user, room) && this.member(viewer, room);
      }
      case 'messages': {
        const msg = this.messages.find((m) => m.id === id);
        return !!msg && this.member(viewer, msg.room);
      }
      case 'reactions':
        return false;
    }
  }
}

/** Operations pick people and things by index; an index wraps around what exists at that step. */
export type Op =
  | { kind: 'createJob'; client: number; cleaner: number | null }
  | { kind: 'reassign'; job: number; cleaner: number | null }
  | { kind: 'address'; job: number }
  | { kind: 'dm'; a: number; b: number }
  | { kind: 'send'; room: number; sender: number }
  | { kind: 'edit'; message: number }
  | { kind: 'delete'; message: number }
  | { kind: 'archive'; room: number; user: number }
  | { kind: 'read'; room: number; user: number }
  | { kind: 'group'; owner: number; a: number; b: number }
  | { kind: 'addMember'; group: number; user: number }
  | { kind: 'removeMember'; group: number; user: number }
  | { kind: 'leave'; group: number; user: number }
  /** Anyone tries; only an owner may (others get 403, outsiders 404). */
  | { kind: 'rename'; group: number; user: number };

const idx = fc.nat({ max: 20 });
const maybe = fc.option(idx, { nil: null, freq: 3 });

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('createJob' as const), client: idx, cleaner: maybe }),
  { arbitrary: fc.record({ kind: fc.constant('reassign' as const), job: idx, cleaner: maybe }), weight: 3 },
  fc.record({ kind: fc.constant('address' as const), job: idx }),
  fc.record({ kind: fc.constant('dm' as const), a: idx, b: idx }),
  { arbitrary: fc.record({ kind: fc.constant('send' as const), room: idx, sender: idx }), weight: 3 },
  fc.record({ kind: fc.constant('edit' as const), message: idx }),
  fc.record({ kind: fc.constant('delete' as const), message: idx }),
  fc.record({ kind: fc.constant('archive' as const), room: idx, user: idx }),
  fc.record({ kind: fc.constant('read' as const), room: idx, user: idx }),
  fc.record({ kind: fc.constant('group' as const), owner: idx, a: idx, b: idx }),
  { arbitrary: fc.record({ kind: fc.constant('addMember' as const), group: idx, user: idx }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('removeMember' as const), group: idx, user: idx }), weight: 2 },
  fc.record({ kind: fc.constant('leave' as const), group: idx, user: idx }),
  { arbitrary: fc.record({ kind: fc.constant('rename' as const), group: idx, user: idx }), weight: 2 },
);

/** Wraps an index onto a list; undefined when the list is empty. */
export const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
