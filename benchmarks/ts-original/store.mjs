// The TypeScript original's storage path (awaitly-libsql @ 6114dd9, spec section 3) through @libsql/client: its exact
// statements for the key/value layer, the lease lock and the snapshot store that awaitly's durable.run drives.
import { randomUUID } from "node:crypto";

export const T = "awaitly_workflow_state";
export const L = "awaitly_workflow_lock";
export const PREFIX = "workflow:state:";

export async function open(client, durability) {
  if (durability !== "memory" && durability !== "defaults") {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(`PRAGMA synchronous = ${durability === "full" ? "FULL" : "NORMAL"}`);
  }
  // libsql-store.ts@6114dd9 initialisation
  await client.execute(`CREATE TABLE IF NOT EXISTS ${T} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT, updated_at TEXT)`);
  await client.execute(`CREATE INDEX IF NOT EXISTS idx_${T}_expires_at ON ${T}(expires_at)`);
  await client.execute(`CREATE INDEX IF NOT EXISTS idx_${T}_updated_at ON ${T}(updated_at)`);

  // §3.7 point operations
  async function get(key) {
    const r = await client.execute({ sql: `SELECT value, expires_at FROM ${T} WHERE key = ?`, args: [key] });
    if (r.rows.length === 0) return null;
    const row = r.rows[0];
    if (row.expires_at && row.expires_at <= new Date().toISOString()) return null;
    return row.value;
  }
  async function set(key, value) {
    await client.execute({
      sql: `INSERT INTO ${T} (key, value, expires_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      args: [key, value, null, new Date().toISOString()],
    });
  }
  async function exists(key) {
    const r = await client.execute({ sql: `SELECT 1 FROM ${T} WHERE key = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT 1`, args: [key, new Date().toISOString()] });
    return r.rows.length > 0;
  }
  async function del(key) {
    await client.execute({ sql: `DELETE FROM ${T} WHERE key = ?`, args: [key] });
  }
  // libsql-lock.ts@6114dd9: DDL on every tryAcquire, one upsert, renew and release by owner
  async function tryAcquire(id, options) {
    await client.execute(`CREATE TABLE IF NOT EXISTS ${L} (workflow_id TEXT PRIMARY KEY, owner_token TEXT NOT NULL, expires_at TEXT NOT NULL)`);
    await client.execute(`CREATE INDEX IF NOT EXISTS idx_${L}_expires_at ON ${L}(expires_at)`);
    const ownerToken = randomUUID();
    const r = await client.execute({
      sql: `INSERT INTO ${L} (workflow_id, owner_token, expires_at) VALUES (?, ?, ?) ON CONFLICT(workflow_id) DO UPDATE SET owner_token = excluded.owner_token, expires_at = excluded.expires_at WHERE ${L}.expires_at < datetime('now') RETURNING owner_token`,
      args: [id, ownerToken, new Date(Date.now() + (options?.ttlMs ?? 60000)).toISOString()],
    });
    return r.rows.length === 1 && r.rows[0].owner_token === ownerToken ? { ownerToken } : null;
  }
  async function renew(id, ownerToken, options) {
    const r = await client.execute({
      sql: `UPDATE ${L} SET expires_at = ? WHERE workflow_id = ? AND owner_token = ?`,
      args: [new Date(Date.now() + (options?.ttlMs ?? 60000)).toISOString(), id, ownerToken],
    });
    return r.rowsAffected > 0;
  }
  async function release(id, ownerToken) {
    await client.execute({ sql: `DELETE FROM ${L} WHERE workflow_id = ? AND owner_token = ?`, args: [id, ownerToken] });
  }

  // The snapshot store durable.run saves through (set of prefix + id with the JSON text, get + parse, delete),
  // with or without the lease lock (durable.run takes a lease when the store has tryAcquire and release).
  function snapshotStore(locked) {
    const store = {
      async save(id, snapshot) { await set(PREFIX + id, JSON.stringify(snapshot)); },
      async load(id) { const text = await get(PREFIX + id); return text === null ? null : JSON.parse(text); },
      async delete(id) { await del(PREFIX + id); },
      async list() { return []; },
      async close() {},
    };
    return locked ? { ...store, tryAcquire, renew, release } : store;
  }

  return { get, set, exists, del, tryAcquire, release, snapshotStore };
}
