using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Awaitly.LibSql.Hosting;

/// <summary>
/// Healthy when one cheap read of the state table (<see cref="LibSqlPersistence.ProbeAsync"/>: a fresh connection to a file,
/// one round trip remotely) answers within the timeout. The report carries the store's URL without credentials and its
/// table; never the token.
/// </summary>
internal sealed class AwaitlyHealthCheck(AwaitlyStoreHost host, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        if (!host.IsOpen)
        {
            return new HealthCheckResult(failure, $"{host.Describe()} is not open (the host has not started it).");
        }

        var store = host.Store;
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["url"] = store.DisplayUrl, ["table"] = store.Sql.Table };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await store.ProbeAsync(limit.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Read the state table {store.Sql.Table} of {store.DisplayUrl}.", data);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"Reading the state table of {store.DisplayUrl} took longer than {timeout.TotalSeconds:0.###} s.", null, data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(failure, $"Reading the state table of {store.DisplayUrl} failed: {ex.Message}", ex, data);
        }
    }
}
