using System.Net;
using System.Net.Http.Headers;
using Awaitly.LibSql.Configuration;
using Awaitly.LibSql.Diagnostics;
using Awaitly.LibSql.Driver;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// Sends libSQL pipelines over <see cref="HttpClient"/>: bodies with a known length, the bearer token on
/// every request (never in a message), typed errors, retries with backoff for idempotent requests only,
/// and the fallback for servers that reject <c>close</c> (detected once, remembered).
/// </summary>
internal sealed class HranaClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly RemoteUrl _url;
    private readonly Uri _pipeline;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly LibSqlRemoteOptions _options;
    private readonly ILogger _log;
    private volatile bool _closeRejected;
    private volatile bool _disposed;

    public HranaClient(RemoteUrl url, string? authToken, LibSqlRemoteOptions options, ILogger? log = null)
    {
        _url = url;
        _log = log ?? NullLogger.Instance;
        _options = options;
        _pipeline = url.Pipeline(options.Protocol);
        var token = authToken ?? url.AuthToken;
        _authorization = string.IsNullOrEmpty(token) ? null : new AuthenticationHeaderValue("Bearer", token);
        _http = options.Handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: true)
            : new HttpClient(options.Handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>True once the server has rejected <c>close</c>: a test server without streams (tursodb), whose batons mean nothing.</summary>
    public bool StreamsUnsupported => _closeRejected;

    public Uri PipelineUrl => _pipeline;

    public Uri PipelineUrlFor(string baseUrl) =>
        RemoteUrl.Parse(baseUrl).Pipeline(_options.Protocol);

    public async Task<HranaResponse> SendAsync(HranaPipeline pipeline, string what, bool retryable, CancellationToken cancellationToken)
    {
        try
        {
            return await SendOnceOrRetryAsync(pipeline, what, retryable, cancellationToken).ConfigureAwait(false);
        }
        catch (LibSqlException ex) when (Failed(ex, what))
        {
            throw;
        }
    }

    // Logs a failed request without catching it (an exception filter that never matches).
    private bool Failed(LibSqlException exception, string what)
    {
        StoreLog.RemoteRequestFailed(_log, what, _url.Display, exception.Code, exception);
        return false;
    }

    private async Task<HranaResponse> SendOnceOrRetryAsync(HranaPipeline pipeline, string what, bool retryable, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (true)
        {
            ThrowIfDisposed();
            var close = pipeline.Close && !_closeRejected;
            var body = HranaWire.Write(pipeline, close);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpStatusCode status;
            byte[] answer;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, pipeline.Url ?? _pipeline);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = Json;
                request.Headers.Authorization = _authorization;
                request.Headers.ExpectContinue = false;
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                status = response.StatusCode;
                StoreTelemetry.RecordHttpStatus((int)status);
                answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (_disposed)
            {
                throw StoreDisposed.Exception();
            }
            catch (OperationCanceledException ex)
            {
                throw LibSqlException.Remote(LibSqlErrorCodes.Timeout,
                    $"The libSQL server at {_url.Display} did not answer the {what} request within {_options.RequestTimeout.TotalSeconds:0.###} s.", what, innerException: ex);
            }
            catch (HttpRequestException) when (_disposed)
            {
                throw StoreDisposed.Exception();
            }
            catch (HttpRequestException ex)
            {
                if (retryable && attempt < _options.MaxRetries)
                {
                    await BackoffAsync(attempt++, what, ex.Message, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw LibSqlException.Remote(LibSqlErrorCodes.ConnectionFailed,
                    $"Could not reach the libSQL server at {_url.Display} for the {what} request: {ex.Message}", what, innerException: ex);
            }

            if (status == HttpStatusCode.OK)
            {
                return HranaWire.Read(answer, pipeline.Requests, close);
            }

            var (message, code) = HranaWire.ErrorBody(answer);
            if (close && (int)status >= 400 && message.Contains("unknown variant `close`", StringComparison.Ordinal))
            {
                // The server parsed nothing of this pipeline, so sending it again without close is safe.
                _closeRejected = true;
                continue;
            }

            if (retryable && attempt < _options.MaxRetries && status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                    or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                await BackoffAsync(attempt++, what, $"HTTP {(int)status}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw HttpFailure((int)status, message, code, what);
        }
    }

    /// <summary>Cancels the requests in flight (they throw <see cref="ObjectDisposedException"/>) and closes the connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        _http.Dispose();
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw StoreDisposed.Exception();
        }
    }

    private LibSqlException HttpFailure(int status, string message, string? code, string what) => status switch
    {
        401 or 403 => LibSqlException.Remote(LibSqlErrorCodes.AuthFailed,
            $"Authentication failed (HTTP {status}) at {_url.Display}: {message}. Check LibSqlPersistenceOptions.AuthToken (a database token for this URL).", what, status),
        400 => LibSqlException.Remote(code ?? LibSqlErrorCodes.ProtocolError, $"The libSQL server at {_url.Display} rejected the {what} request (HTTP 400): {message}",
            what, status),
        _ => LibSqlException.Remote(code ?? LibSqlErrorCodes.Http(status), $"The libSQL server at {_url.Display} failed the {what} request (HTTP {status}): {message}",
            what, status),
    };

    private Task BackoffAsync(int attempt, string what, string reason, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay * Math.Pow(2, attempt);
        StoreLog.RemoteRequestRetried(_log, what, _url.Display, reason, attempt + 1, delay.TotalMilliseconds);
        if (StoreTelemetry.RemoteRetries.Enabled)
        {
            StoreTelemetry.RemoteRetries.Add(1, new KeyValuePair<string, object?>(StoreTelemetry.ServerAddress, _url.BaseUri.Host));
        }

        return Task.Delay(delay, cancellationToken);
    }
}
