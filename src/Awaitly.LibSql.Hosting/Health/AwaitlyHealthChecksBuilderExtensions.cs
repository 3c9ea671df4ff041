using Awaitly.LibSql.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health check of a hosted Awaitly store.</summary>
public static class AwaitlyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that reads the state table of the store named <paramref name="storeName"/> (default: the default store) once,
    /// within <paramref name="timeout"/> (default 5 s).
    /// </summary>
    public static IHealthChecksBuilder AddAwaitlyLibSql(this IHealthChecksBuilder builder, string? storeName = null, string name = "awaitly",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The health check's timeout must be positive.");
        }

        var key = storeName ?? "";
        return builder.Add(new HealthCheckRegistration(name, sp => new AwaitlyHealthCheck(sp.GetRequiredKeyedService<AwaitlyStoreHost>(key), limit),
            failureStatus, tags, limit));
    }
}
