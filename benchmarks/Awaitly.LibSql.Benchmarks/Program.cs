using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- cpu      (CPU time per workflow)
// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- concurrency [N ...]  (N = 1/8/64 concurrent workflows, or the N given)
if (args is ["concurrency", .. var counts])
{
    await Awaitly.LibSql.Benchmarks.ConcurrentWorkflows.RunAsync(counts.Length == 0 ? [1, 8, 64] : [.. counts.Select(int.Parse)]);
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- writer-floor  (how far N = 64 can go: N = 1 against the one writer's floor)
if (args is ["writer-floor"])
{
    await Awaitly.LibSql.Benchmarks.WriterFloor.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- remote-concurrency  (N = 1/8/64 concurrent workflows on the test server)
if (args is ["remote-concurrency"])
{
    await Awaitly.LibSql.Benchmarks.RemoteConcurrentWorkflows.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- rate get|set|workflow 3  (CPU time per operation)
if (args is ["rate", var row, var seconds])
{
    await Awaitly.LibSql.Benchmarks.PairedRate.RunAsync(row, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- bytes  (bytes written per run, per layout)
// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- parts  (a run's time: engine, store, SQLite)
if (args is ["parts"])
{
    await Awaitly.LibSql.Benchmarks.RunParts.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- hotpath [FileNormal|FileFull|Memory]  (get and set against the raw baseline, paired rounds)
if (args is ["hotpath", ..] && args.Length <= 2)
{
    await Awaitly.LibSql.Benchmarks.HotPathPairs.RunAsync(args.Length == 2 ? args[1] : null);
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- workflows  (the 10-step workflow against its raw statements, paired rounds)
if (args is ["workflows"])
{
    await Awaitly.LibSql.Benchmarks.WorkflowPairs.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- layouts  (the small workflow in each layout, paired rounds)
if (args is ["layouts"])
{
    await Awaitly.LibSql.Benchmarks.LayoutPairs.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- loads  (loading a 1000-step state in each form, paired rounds)
if (args is ["loads"])
{
    await Awaitly.LibSql.Benchmarks.LoadPairs.RunAsync();
    return;
}

if (args is ["bytes"])
{
    await Awaitly.LibSql.Benchmarks.LayoutBytesWritten.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- alloc  (bytes allocated per run, by part)
if (args is ["alloc"])
{
    await Awaitly.LibSql.Benchmarks.AllocationsPerRun.RunAsync();
    return;
}

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- cpu [resume|workflow|lease]  (CPU time per workflow and per resume)
if (args is ["cpu", ..] && args.Length <= 2)
{
    await Awaitly.LibSql.Benchmarks.CpuPerWorkflow.RunAsync(args.Length == 2 ? args[1] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Awaitly.LibSql.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
