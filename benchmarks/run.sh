#!/usr/bin/env bash
# Runs every benchmark and the TypeScript original's baseline, on this machine, in one go.
#   benchmarks/run.sh            BenchmarkDotNet's default job (the recorded results; about 90 minutes here)
#   benchmarks/run.sh --short    the short job (about 25 minutes)
#   (CPU per workflow and resume: ... -- cpu; allocations per run: -- alloc; a run against its store calls and raw SQL: -- parts)
#   (paired rounds: the small workflow in each layout -- layouts, get/set against raw -- hotpath, 1000-step loads -- loads,
#    the workflow against its raw statements -- workflows; N concurrent workflows: -- concurrency, on the test server: -- remote-concurrency,
#    the most N = 64 can reach, N = 1 against the one writer's floor: -- writer-floor)
#   (bytes written per run and layout: dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- bytes)
# Results: BenchmarkDotNet.Artifacts/results/*.md, BenchmarkDotNet.Artifacts/remote-round-trips.txt and
# benchmarks/ts-original/results-*.txt. The remote rows start npm's tursodb themselves (installed into .tursodb/).
set -euo pipefail
cd "$(dirname "$0")/.."
job=()
if [ "${1:-}" = "--short" ]; then job=(--job short); fi
rm -f BenchmarkDotNet.Artifacts/remote-round-trips.txt
dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- --filter '*' "${job[@]}"
dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- bytes | tee BenchmarkDotNet.Artifacts/layout-bytes.txt
( cd benchmarks/ts-original
  npm install --no-audit --no-fund --loglevel=error
  for durability in normal full memory defaults; do node bench.mjs "$durability" | tee "results-$durability.txt"; done )
