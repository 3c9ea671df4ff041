// The TypeScript side of the comparison, on the workloads of benchmarks/Awaitly.LibSql.Benchmarks: awaitly-libsql
// 6114dd9's statements (store.mjs) through @libsql/client, and awaitly's own durable.run engine (npm awaitly) over them.
// Usage: node bench.mjs [normal|full|memory|defaults]   (defaults: no pragmas, the TypeScript package's own settings)
import { createClient } from "@libsql/client";
import { ok } from "awaitly";
import { durable } from "awaitly/durable";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, PREFIX } from "./store.mjs";

const durability = process.argv[2] ?? "normal";
const dir = mkdtempSync(join(tmpdir(), "awaitly-ts-bench-"));
const client = createClient({ url: durability === "memory" ? ":memory:" : `file:${join(dir, "ts.db")}` });
const { get, set, exists, del, tryAcquire, release, snapshotStore } = await open(client, durability);
const KEYS = 1024;

// A state document of about `bytes` characters, different for every variant (as the .NET JsonValue).
function jsonValue(bytes, variant = 0) {
  let text = '{"version":1,"entries":{';
  for (let i = 0; text.length < bytes - 64; i++) text += `${i === 0 ? "" : ","}"step-${i}":{"result":{"ok":true,"value":"v${variant}-${i}"}}`;
  return text + "}}";
}

// A step value as applications return them: a small object padded by its note (as the .NET OrderLine).
function orderLine(bytes, index) {
  return { sku: `SKU-${String(index).padStart(4, "0")}`, name: "Espresso beans, 1 kg", quantity: index + 1, unitPrice: 18.9 + index, note: "n".repeat(Math.max(0, bytes - 100)) };
}

let runs = 0;
function tenStepWorkflow(locked, valueBytes) {
  const store = snapshotStore(locked);
  const values = Array.from({ length: 10 }, (_, i) => orderLine(valueBytes, i));
  return async () => {
    const result = await durable.run({}, async ({ step }) => {
      let quantity = 0;
      for (let i = 0; i < 10; i++) quantity += (await step(`step-${i}`, () => ok(values[i]))).quantity;
      return quantity;
    }, { id: `wf-${++runs}`, store });
    if (!result.ok) throw new Error("workflow failed: " + JSON.stringify(result.error));
  };
}

async function measure(name, op, seconds = 2, prepare) {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) { if (prepare) await prepare(); await op(); }
  let count = 0;
  let spent = 0;
  const cpuStart = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    if (prepare) await prepare();
    const start = performance.now();
    await op();
    spent += performance.now() - start;
    count++;
  }
  const cpu = process.cpuUsage(cpuStart);
  const micros = (spent * 1000) / count;
  // CPU time per operation (user + system, all threads); not for workloads with a prepare step, whose CPU it would include.
  results.push({ name, micros, cpuMicros: prepare ? null : (cpu.user + cpu.system) / count });
  console.log(`${durability}\t${name}\t${micros.toFixed(2)} us/op`);
}

const results = [];
for (const size of [1024, 10240]) {
  const values = Array.from({ length: KEYS }, (_, i) => jsonValue(size, i));
  for (let i = 0; i < KEYS; i++) await set(`hit-${size}-${i}`, values[i]);
  let n = 0;
  await measure(`get-hit ${size}`, () => get(`hit-${size}-${n++ % KEYS}`));
  let w = 0;
  await measure(`set-overwrite ${size}`, () => { const i = w++; return set(`hit-${size}-${i % KEYS}`, values[(i + Math.floor(i / KEYS) + 1) % KEYS]); });
  let k = 0;
  await measure(`set-insert ${size}`, () => set(`k-${size}-${++k}`, values[k % KEYS]));
}
await measure("get-miss", () => get("miss"));
let e = 0;
await measure("exists", () => exists(`hit-1024-${e++ % KEYS}`));

// The checkpoint of step N as the original makes it: the whole state rewritten with the new step, on a fresh id whose
// stored state holds the N - 1 steps before it (prepared outside the measured time).
for (const steps of [10, 100, 1000]) {
  const entries = {};
  for (let i = 1; i <= steps; i++) entries[`step-${String(i).padStart(4, "0")}`] = { result: { ok: true, value: { id: `item-${i}`, note: "v".repeat(150) } } };
  const before = { ...entries };
  delete before[`step-${String(steps).padStart(4, "0")}`];
  let id = 0;
  const key = () => `${PREFIX}checkpoint-${steps}-${id}`;
  await measure(`checkpoint step ${steps} (whole state)`,
    () => set(key(), JSON.stringify({ version: 1, entries, metadata: { lastStepKey: `step-${steps}` } })),
    2,
    async () => { id++; await set(key(), JSON.stringify({ version: 1, entries: before, metadata: { lastStepKey: `step-${steps - 1}` } })); });
}

let lockId = 0;
await measure("lock acquire+release", async () => {
  const id = `bench-lock-${++lockId}`;
  const lease = await tryAcquire(id, { ttlMs: 60000 });
  await release(id, lease.ownerToken);
});

// End to end: awaitly's durable.run, 10 keyed steps returning order lines, fresh ids, over the original's statements.
for (const locked of [false, true]) {
  for (const valueBytes of [150, 10240]) {
    await measure(`10-step workflow (awaitly engine, ${locked ? "lease" : "no lease"}, ${valueBytes} B)`, tenStepWorkflow(locked, valueBytes));
  }
}

// Resume: 51 keyed steps on a fresh id whose stored state holds the first 50 (the snapshot awaitly itself wrote for a
// 50-step run, copied under the fresh id outside the measured time): 50 replays, one executed and saved step, delete.
{
  const values = Array.from({ length: 51 }, (_, i) => orderLine(150, i));
  const capture = snapshotStore(false);
  let template = null;
  await durable.run({}, async ({ step }) => {
    for (let i = 0; i < 50; i++) await step(`step-${i}`, () => ok(values[i]));
  }, { id: "resume-template", store: { ...capture, async delete() {} } });
  template = await get(PREFIX + "resume-template");
  for (const locked of [false, true]) {
    const store = snapshotStore(locked);
    let executed = 0;
    let invocations = 0;
    let id = 0;
    await measure(`resume 50+1 (awaitly engine, ${locked ? "lease" : "no lease"})`, async () => {
      invocations++;
      const result = await durable.run({}, async ({ step }) => {
        let quantity = 0;
        for (let i = 0; i < 51; i++) quantity += (await step(`step-${i}`, () => { executed++; return ok(values[i]); })).quantity;
        return quantity;
      }, { id: `resume-${locked}-${id}`, store });
      if (!result.ok) throw new Error("resume failed: " + JSON.stringify(result.error));
    }, 2, async () => { id++; await set(`${PREFIX}resume-${locked}-${id}`, template); });
    if (executed !== invocations) throw new Error(`resume executed ${executed} steps in ${invocations} runs: the stored steps were not all replayed`);
  }
}

await del("miss");
client.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ durability, results }));
