/**
 * What a send's order costs PostgreSQL (docs/server.md, "Batched writes"): per transaction, an
 * insert of 100 messages and the update of their room's preview, in a scratch schema of
 * TEST_DATABASE_URL: with the messages' foreign keys and the update after the insert (as before
 * issue 8's push work), with them and the update first (as now), and without foreign keys.
 * 30 transactions a round, 4 rounds; prints milliseconds per transaction. Asserts nothing.
 *   npx tsx server/bench/scale-room-lock.ts
 */
import pg from 'pg';
const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
await c.connect();
await c.query('DROP SCHEMA IF EXISTS push_scratch CASCADE; CREATE SCHEMA push_scratch; SET search_path = push_scratch');
await c.query(`CREATE TABLE users (id text primary key, name text); CREATE TABLE rooms (id text primary key, updated_at text, last text);
  CREATE TABLE m_fk (id text primary key, room_id text not null references rooms(id), sender_id text not null references users(id), content text, seq bigint unique);
  CREATE TABLE m_nofk (id text primary key, room_id text not null, sender_id text not null, content text, seq bigint unique);
  CREATE INDEX ON m_fk(room_id, seq); CREATE INDEX ON m_nofk(room_id, seq);
  INSERT INTO users VALUES ('u', 'x'); INSERT INTO rooms VALUES ('r', '', '')`);
let seq = 0;
const rows = () => JSON.stringify(Array.from({ length: 100 }, () => ({ id: `m${++seq}`, room_id: 'r', sender_id: 'u', content: 'throughput message', seq })));
for (let round = 0; round < 4; round++) {
  const out: string[] = [];
  for (const [t, first] of [['m_fk', false], ['m_fk', true], ['m_nofk', false]] as const) {
    let ins = 0, upd = 0;
    for (let i = 0; i < 30; i++) {
      await c.query('BEGIN');
      let s = performance.now();
      if (first) { await c.query(`UPDATE rooms SET updated_at = $1, last = $1 WHERE id = 'r'`, [String(i)]); upd += performance.now() - s; s = performance.now(); }
      await c.query(`INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, $1)`, [rows()]);
      ins += performance.now() - s;
      s = performance.now();
      if (!first) await c.query(`UPDATE rooms SET updated_at = $1, last = $1 WHERE id = 'r'`, [String(i)]);
      if (!first) upd += performance.now() - s;
      await c.query('COMMIT');
    }
    out.push(`${t}${first ? ' room first' : ''}: insert ${(ins / 30).toFixed(2)} ms, update room ${(upd / 30).toFixed(2)} ms`);
  }
  console.log(out.join(' | '));
}
await c.query('DROP SCHEMA push_scratch CASCADE');
await c.end();
