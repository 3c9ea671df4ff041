using System.Reflection;
using Awaitly.TestServers;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// N concurrent 10-step workflows with the lease on the test server (npm <c>tursodb</c> on 127.0.0.1, started here), fresh
/// ids, 150 B values: workflows/s, p50, p99 and HTTP requests per workflow. The test server has one shared connection, so
/// the driver sends one call at a time; the requests that wait meanwhile share the next pipeline. Run with
/// <c>-- remote-concurrency</c>.
/// </summary>
internal static class RemoteConcurrentWorkflows
{
    public static async Task RunAsync()
    {
        var root = typeof(RemoteConcurrentWorkflows).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        await using var server = await TursoProcess.StartAsync(root);
        var values = WorkflowBenchmarks.StepIds.Select((_, i) => OrderLine.Sized(150, i)).ToArray();
        foreach (var concurrency in new[] { 1, 8, 64 })
        {
            var handler = new CountingHandler();
            await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
            {
                Url = server.Url,
                TableName = "remote_runs_" + concurrency,
                Lock = new LibSqlLockOptions { LockTableName = "remote_runs_lock_" + concurrency },
                Remote = new LibSqlRemoteOptions { Handler = handler },
            });
            var options = new DurableOptions { Id = "unused", Store = store, Json = BenchJson.Default };
            long runs = 0;
            Task<int> Run() => WorkflowBenchmarks.RunOrderLinesAsync(WorkflowBenchmarks.StepIds, values, options with { Id = "wf-" + Interlocked.Increment(ref runs) });

            await ConcurrentWorkflows.MeasureAsync(Run, concurrency, TimeSpan.FromSeconds(1));
            var requests = handler.Requests;
            var (count, latencies, elapsed) = await ConcurrentWorkflows.MeasureAsync(Run, concurrency, TimeSpan.FromSeconds(5));
            requests = handler.Requests - requests;
            latencies.Sort();
            Console.WriteLine($"tursodb, N = {concurrency,2}: {count / elapsed.TotalSeconds,6:0} workflows/s, p50 {ConcurrentWorkflows.Percentile(latencies, 0.50):0.00} ms, " +
                $"p99 {ConcurrentWorkflows.Percentile(latencies, 0.99):0.00} ms, {(double)requests / count:0.00} HTTP requests per workflow, errors 0");
        }
    }

    /// <summary>Counts the HTTP requests the client sends.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private long _requests;

        public long Requests => Interlocked.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
