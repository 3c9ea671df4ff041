// The TypeScript original's storage path (awaitly-libsql @ 6114dd9, spec §3.2-§3.11) through @libsql/client,
// on the same workloads as benchmarks/Awaitly.LibSql.Benchmarks. Usage: node bench.mjs [normal|full|memory]
import { createClient } from "@libsql/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

const durability = process.argv[2] ?? "normal";
const dir = mkdtempSync(join(tmpdir(), "awaitly-ts-bench-"));
const client = createClient({ url: durability === "memory" ? ":memory:" : `file:${join(dir, "ts.db")}` });
const T = "awaitly_workflow_state";
const L = "awaitly_workflow_lock";

if (durability !== "memory") {
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
// libsql-lock.ts@6114dd9: DDL on every tryAcquire, one upsert, release by owner
async function tryAcquire(id, ttlMs) {
  await client.execute(`CREATE TABLE IF NOT EXISTS ${L} (workflow_id TEXT PRIMARY KEY, owner_token TEXT NOT NULL, expires_at TEXT NOT NULL)`);
  await client.execute(`CREATE INDEX IF NOT EXISTS idx_${L}_expires_at ON ${L}(expires_at)`);
  const ownerToken = randomUUID();
  const r = await client.execute({
    sql: `INSERT INTO ${L} (workflow_id, owner_token, expires_at) VALUES (?, ?, ?) ON CONFLICT(workflow_id) DO UPDATE SET owner_token = excluded.owner_token, expires_at = excluded.expires_at WHERE ${L}.expires_at < datetime('now') RETURNING owner_token`,
    args: [id, ownerToken, new Date(Date.now() + ttlMs).toISOString()],
  });
  return r.rows.length === 1 && r.rows[0].owner_token === ownerToken ? { ownerToken } : null;
}
async function release(id, ownerToken) {
  await client.execute({ sql: `DELETE FROM ${L} WHERE workflow_id = ? AND owner_token = ?`, args: [id, ownerToken] });
}

function jsonValue(bytes) {
  let text = '{"version":1,"entries":{';
  for (let i = 0; text.length < bytes - 64; i++) text += `${i === 0 ? "" : ","}"step-${i}":{"result":{"ok":true,"value":"v${i}"}}`;
  return text + "}}";
}

// durable.ts@6114dd9: load (get + parse), a full-state save after every keyed step, delete on success
const stepValue = "x".repeat(100);
async function tenStepWorkflow() {
  const key = "workflow:state:bench-workflow";
  const loaded = await get(key);
  const entries = loaded ? JSON.parse(loaded).entries : {};
  for (let i = 0; i < 10; i++) {
    entries[`step-${i}`] = { result: { ok: true, value: stepValue } };
    await set(key, JSON.stringify({ version: 1, entries, metadata: { version: 1, lastStepKey: `step-${i}`, updatedAt: new Date().toISOString() } }));
  }
  await del(key);
}

async function measure(name, op, seconds = 2) {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) await op();
  let count = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 16; i++) await op();
    count += 16;
  }
  const micros = ((performance.now() - start) * 1000) / count;
  results.push({ name, micros });
  console.log(`${durability}\t${name}\t${micros.toFixed(2)} us/op`);
}

const results = [];
for (const size of [1024, 10240]) {
  const value = jsonValue(size);
  await set(`hit-${size}`, value);
  await measure(`get-hit ${size}`, () => get(`hit-${size}`));
  await measure(`set-overwrite ${size}`, () => set(`hit-${size}`, value));
  let n = 0;
  await measure(`set-insert ${size}`, () => set(`k-${size}-${++n}`, value));
}
await measure("get-miss", () => get("miss"));
await measure("exists", () => exists("hit-1024"));
await measure("10-step workflow", tenStepWorkflow);
for (const steps of [10, 100, 1000]) {
  const entries = {};
  for (let i = 1; i <= steps; i++) entries[`step-${String(i).padStart(4, "0")}`] = { result: { ok: true, value: "v".repeat(170) } };
  await measure(`checkpoint step ${steps} (whole state)`, () =>
    set("workflow:state:checkpoint", JSON.stringify({ version: 1, entries, metadata: { lastStepKey: `step-${steps}` } })));
}
await measure("lock acquire+release", async () => {
  const lease = await tryAcquire("bench-lock", 60000);
  await release("bench-lock", lease.ownerToken);
});

client.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ durability, results }));
