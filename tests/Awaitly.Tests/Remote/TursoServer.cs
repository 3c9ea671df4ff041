using Awaitly.Tests.Packaging;
using Awaitly.TestServers;
using TUnit.Core.Interfaces;

namespace Awaitly.Tests.Remote;

/// <summary>
/// The test server (<see cref="TursoProcess"/>), one per test session. When it cannot be installed or started,
/// every test that needs it fails with the reason; none is skipped.
/// </summary>
public sealed class TursoServer : IAsyncInitializer, IAsyncDisposable
{
    private TursoProcess? _process;

    public string Url => _process?.Url ?? "";

    public Exception? StartFailure { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            _process = await TursoProcess.StartAsync(DotnetCli.RepositoryRoot);
        }
        catch (Exception ex)
        {
            StartFailure = ex;
        }
    }

    /// <summary>The URL, or a failure that says why the server is not there.</summary>
    public string RequireUrl() => StartFailure is null
        ? Url
        : throw new InvalidOperationException($"The tursodb test server is not available: {StartFailure.Message}", StartFailure);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
