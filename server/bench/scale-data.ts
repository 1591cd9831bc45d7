/**
 * Builds the scale benchmark's data set straight into a server database (SQL, not HTTP), in the
 * shape of the outside probe of issue 8: 2,000 users, about 1M messages, and a heavy client in
 * 300 rooms holding 200,000 messages between them, one of them a 50,000-message DM. `scale`
 * shrinks every count (BENCH_SCALE=0.1 for a quick look).
 */
import { hashPassword } from '../src/auth/passwords';
import { openDatabase } from '../src/db/database';
import { unreadRecountSql } from '../src/db/messages';
import { dmRoomId, membershipId } from '../../src/shared/ids';

export const SCALE_PASSWORD = 'bench-password-1';

export interface ScaleData {
  /** Usernames of the heavy client and of a light user (3 rooms of 100 messages, and the big DM). */
  heavy: string;
  light: string;
  heavyId: string;
  /** The heavy client's 50,000-message DM (with the light user) and one of the light user's small rooms. */
  bigRoom: string;
  smallRoom: string;
  /** The support account, in `supportRooms` open support rooms (half of them waiting for an answer). */
  support: string;
  supportId: string;
  supportRooms: number;
  /** Users with nothing but an empty DM each, for the push-throughput writers. */
  writers: Array<{ username: string; id: string; roomId: string }>;
  messages: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const username = (i: number) => `u${String(i).padStart(5, '0')}`;

// A small deterministic generator, so two runs build the same data set.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What a real server would have written beside the rows, in SQL that runs on both backends: the
 * feed rows of every message, room and membership for each member, the unread counters the
 * read markers give, and each sender's stored messages (the quota's counter, migration 15). scale-pg.ts runs it again after copying the rows to PostgreSQL.
 */
export const DERIVED_SQL = `
  INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
    SELECT m.user_id, 'messages', x.id, ROW_NUMBER() OVER (ORDER BY x.server_seq, m.user_id), 0
    FROM messages x JOIN memberships m ON m.room_id = x.room_id;
  INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
    SELECT m.user_id, 'rooms', m.room_id, (SELECT MAX(seq) FROM feed) + ROW_NUMBER() OVER (ORDER BY m.id), 0 FROM memberships m;
  INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
    SELECT a.user_id, 'memberships', b.id, (SELECT MAX(seq) FROM feed) + ROW_NUMBER() OVER (ORDER BY a.id, b.id), 0
    FROM memberships a JOIN memberships b ON b.room_id = a.room_id;
  UPDATE memberships SET unread_count = CASE WHEN active = 1 THEN ${unreadRecountSql('memberships.last_read_at')} ELSE 0 END;
  INSERT INTO message_counts (user_id, stored) SELECT sender_id, COUNT(*) FROM messages GROUP BY sender_id;
`;

export async function buildScaleData(dataDir: string, scale: number): Promise<ScaleData> {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  const userCount = n(2000, 40);
  const heavyRooms = n(300, 6);
  const heavyMessages = n(200_000, 2_000);
  const bigMessages = n(50_000, 1_000);
  const otherMessages = n(1_000_000, 10_000) - heavyMessages;
  const otherRooms = n(4_000, 40);
  const random = rng(8);
  const db = openDatabase(dataDir);
  db.pragma('synchronous = OFF');
  const hash = await hashPassword(SCALE_PASSWORD);
  const t0 = Date.UTC(2025, 0, 1);
  const ids = Array.from({ length: userCount }, (_, i) => `user-${username(i)}`);
  const heavy = ids[0] as string;
  const light = ids[1] as string;
  const insertUser = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'Bench', ?, ?, ?)`,
  );
  const insertRoom = db.prepare(
    `INSERT INTO rooms (id, room_type, name, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?)`,
  );
  // Rooms: [id, members, message count]. The heavy client's first room is the big DM with the light user.
  const rooms: Array<{ id: string; members: string[]; count: number }> = [];
  const heavyRest = heavyRooms - 1;
  for (let i = 0; i < heavyRooms; i++) {
    const count = i === 0 ? bigMessages : Math.floor((heavyMessages - bigMessages) / heavyRest);
    if (i === 0 || i % 3 !== 0) {
      const peer = i === 0 ? light : (ids[2 + (i % (userCount - 2))] as string);
      rooms.push({ id: dmRoomId(heavy, peer), members: [heavy, peer], count });
    } else {
      const a = ids[2 + ((i * 7) % (userCount - 2))] as string;
      const b = ids[2 + ((i * 13 + 1) % (userCount - 2))] as string;
      rooms.push({ id: `group:heavy-${i}`, members: [...new Set([heavy, a, b])], count });
    }
  }
  const lightRooms = 3;
  for (let i = 0; i < lightRooms; i++) {
    const peer = ids[userCount - 1 - i] as string;
    rooms.push({ id: dmRoomId(light, peer), members: [light, peer], count: 100 });
  }
  const seenPairs = new Set(rooms.map((r) => r.id));
  for (let i = 0; rooms.length < heavyRooms + lightRooms + otherRooms; i++) {
    const a = ids[2 + Math.floor(random() * (userCount - 12))] as string;
    const b = ids[2 + Math.floor(random() * (userCount - 12))] as string;
    if (a === b || seenPairs.has(dmRoomId(a, b))) continue;
    seenPairs.add(dmRoomId(a, b));
    rooms.push({ id: dmRoomId(a, b), members: [a, b], count: Math.floor(otherMessages / otherRooms) });
  }
  // The support account answers one support room per client it serves, each 29 or 30 messages
  // long: an odd count ends with the requester's message, so that room is waiting.
  const supportId = ids[userCount - 11] as string;
  const supportRooms = n(200, 10);
  for (let i = 0; i < supportRooms; i++) {
    rooms.push({ id: `support:bench-${i}`, members: [ids[2 + (i % (userCount - 13))] as string, supportId], count: 29 + (i % 2) });
  }
  // The last ten users write in the push benchmark: each gets an empty DM with the next.
  const writers = Array.from({ length: 5 }, (_, i) => {
    const id = ids[userCount - 10 + 2 * i] as string;
    const peer = ids[userCount - 9 + 2 * i] as string;
    rooms.push({ id: dmRoomId(id, peer), members: [id, peer], count: 0 });
    return { username: username(userCount - 10 + 2 * i), id, roomId: dmRoomId(id, peer) };
  });

  db.transaction(() => {
    const role = (id: string, i: number) => (id === supportId ? 'support' : i % 2 ? 'cleaner' : 'client');
    ids.forEach((id, i) => insertUser.run(id, username(i), `${username(i)}@bench.test`, hash, username(i), role(id, i), iso(t0), iso(t0)));
    for (const room of rooms) {
      const type = room.id.startsWith('dm:') ? 'direct' : room.id.startsWith('support:') ? 'support' : 'group';
      insertRoom.run(room.id, type, type === 'direct' ? '' : room.id, room.members[0], iso(t0), iso(t0));
      for (const user of room.members) insertMember.run(membershipId(room.id, user), room.id, user, iso(t0), iso(t0));
    }
    db.exec("UPDATE rooms SET status = 'open' WHERE room_type = 'support'");
  })();

  // Messages interleaved across rooms in time, as a real table fills.
  const order = new Int32Array(rooms.reduce((s, r) => s + r.count, 0));
  let k = 0;
  rooms.forEach((room, r) => order.fill(r, k, (k += room.count)));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const perRoom = rooms.map(() => [] as number[]);
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, edited_at, deleted)
     VALUES (?, ?, ?, ?, 'text', ?, ?, ?, NULL, ?)`,
  );
  const CHUNK = 50_000;
  for (let start = 0; start < order.length; start += CHUNK) {
    db.transaction(() => {
      for (let i = start; i < Math.min(order.length, start + CHUNK); i++) {
        const r = order[i] as number;
        const room = rooms[r] as (typeof rooms)[number];
        const at = iso(t0 + i * 20);
        const seq = i + 1;
        const sender = room.members[perRoom[r]!.length % room.members.length] as string;
        perRoom[r]!.push(i);
        insertMessage.run(`msg-${String(seq).padStart(8, '0')}`, room.id, sender, `bench message ${seq} in a room of ${room.count}`, at, seq, at, seq % 97 === 0 ? 1 : 0);
      }
    })();
  }

  // Room previews, read markers (every member has read all but the last 0–19 messages of each of
  // their rooms), the unread counters they give, and the feed rows a real server would have
  // written for all of it.
  const setLast = db.prepare(
    `UPDATE rooms SET last_message_content = ?, last_message_time = ?, last_message_sender_id = ? WHERE id = ?`,
  );
  const setRead = db.prepare('UPDATE memberships SET last_read_at = ? WHERE id = ?');
  db.transaction(() => {
    rooms.forEach((room, r) => {
      const times = perRoom[r] as number[];
      const last = times.at(-1);
      if (last === undefined) return;
      setLast.run(`bench message ${last + 1} in a room of ${room.count}`, iso(t0 + last * 20), room.members[(times.length - 1) % room.members.length], room.id);
      room.members.forEach((user, m) => {
        const unread = (r * 7 + m * 3) % 20;
        const readUpTo = times[times.length - 1 - unread];
        if (readUpTo !== undefined) setRead.run(iso(t0 + readUpTo * 20), membershipId(room.id, user));
      });
    });
    db.exec(DERIVED_SQL);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    heavy: username(0),
    light: username(1),
    heavyId: heavy,
    bigRoom: rooms[0]!.id,
    smallRoom: rooms[heavyRooms]!.id,
    support: username(userCount - 11),
    supportId,
    supportRooms,
    writers,
    messages: order.length,
  };
}
