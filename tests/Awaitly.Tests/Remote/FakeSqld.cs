using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Awaitly.LibSql;

namespace Awaitly.Tests.Remote;

/// <summary>
/// An in-process libSQL HTTP server behind an <see cref="HttpMessageHandler"/>, following the spec where the
/// tursodb test server does not: signed-looking batons that change on every response, <c>base_url</c>,
/// <c>close</c>, batch conditions. Statements run on a real SQLite database. Switches inject the failures
/// the protocol tests need. No socket is opened.
/// </summary>
internal sealed class FakeSqld : HttpMessageHandler
{
    private readonly SqliteSession _db = new(":memory:");
    private readonly Lock _gate = new();
    private readonly HashSet<string> _liveBatons = [];
    private int _batonCounter;

    public List<(Uri Url, HttpRequestMessage Request, string Body)> Requests { get; } = [];

    /// <summary>Answers <c>close</c> as tursodb does (HTTP 500, whole pipeline rejected).</summary>
    public bool RejectClose { get; set; }

    /// <summary>Returns this base URL with every new stream.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The bearer token required, if any.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Replaces the next responses (by request number, from 1) with this one.</summary>
    public Func<int, string, Func<HttpResponseMessage?>?>? Intercept { get; set; }

    public Func<int, Exception?>? ThrowAfterRunning { get; set; }

    public TimeSpan Delay { get; set; }

    public int Count => Requests.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        int number;
        lock (_gate)
        {
            Requests.Add((request.RequestUri!, request, body));
            number = Requests.Count;
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Intercept?.Invoke(number, body) is { } intercept && intercept() is { } replaced)
        {
            return replaced;
        }

        if (RequiredToken is not null && request.Headers.Authorization?.Parameter != RequiredToken)
        {
            return Text(HttpStatusCode.Unauthorized, "{\"error\":\"Unauthorized: `The JWT is invalid`\"}");
        }

        HttpResponseMessage response;
        lock (_gate)
        {
            response = Run(body);
        }

        return ThrowAfterRunning?.Invoke(number) is { } failure ? throw failure : response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _db.Dispose();
        }

        base.Dispose(disposing);
    }

    private HttpResponseMessage Run(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var requests = root.GetProperty("requests").EnumerateArray().ToList();
        if (RejectClose && requests.Any(r => r.GetProperty("type").GetString() == "close"))
        {
            return Text(HttpStatusCode.InternalServerError, "Internal Server Error: Failed to parse pipeline request: unknown variant `close`, expected `execute` or `batch`");
        }

        var baton = root.TryGetProperty("baton", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        if (baton is not null && !_liveBatons.Remove(baton))
        {
            return Text(HttpStatusCode.BadRequest, "Received a baton that has already been used or is invalid");
        }

        var closed = false;
        using var output = new MemoryStream();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WritePropertyName("results");
            w.WriteStartArray();
            foreach (var request in requests)
            {
                var type = request.GetProperty("type").GetString();
                w.WriteStartObject();
                try
                {
                    switch (type)
                    {
                        case "execute":
                            {
                                var result = Execute(request.GetProperty("stmt"));
                                w.WriteString("type", "ok");
                                w.WriteStartObject("response");
                                w.WriteString("type", "execute");
                                w.WritePropertyName("result");
                                WriteResult(w, result);
                                w.WriteEndObject();
                                break;
                            }

                        case "batch":
                            w.WriteString("type", "ok");
                            w.WriteStartObject("response");
                            w.WriteString("type", "batch");
                            w.WritePropertyName("result");
                            WriteBatch(w, request.GetProperty("batch").GetProperty("steps"));
                            w.WriteEndObject();
                            break;
                        case "close":
                            closed = true;
                            w.WriteString("type", "ok");
                            w.WriteStartObject("response");
                            w.WriteString("type", "close");
                            w.WriteEndObject();
                            break;
                        default:
                            return Text(HttpStatusCode.BadRequest, $"unknown request type {type}");
                    }
                }
                catch (LibSqlException ex)
                {
                    w.WriteString("type", "error");
                    w.WriteStartObject("error");
                    w.WriteString("message", ex.Message);
                    w.WriteString("code", ex.Code);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (closed)
            {
                w.WriteNull("baton");
                w.WriteNull("base_url");
            }
            else
            {
                var next = $"baton-{Interlocked.Increment(ref _batonCounter)}-{Guid.NewGuid():N}";
                _liveBatons.Add(next);
                w.WriteString("baton", next);
                if (BaseUrl is null || baton is not null)
                {
                    w.WriteNull("base_url");
                }
                else
                {
                    w.WriteString("base_url", BaseUrl);
                }
            }

            w.WriteEndObject();
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(output.ToArray()) };
    }

    private (List<object?[]> Rows, int Columns, int Changes) Execute(JsonElement stmt)
    {
        var args = stmt.TryGetProperty("args", out var a)
            ? a.EnumerateArray().Select(v => v.GetProperty("type").GetString() switch
            {
                "text" => (SqlArg)v.GetProperty("value").GetString(),
                "integer" => (SqlArg)long.Parse(v.GetProperty("value").GetString()!, CultureInfo.InvariantCulture),
                _ => SqlArg.Null,
            }).ToArray()
            : [];
        try
        {
            var rows = _db.ReadValues(stmt.GetProperty("sql").GetString()!, args, out var columns, out var changes);
            return (rows, columns, changes);
        }
        catch (LibSqlException ex)
        {
            throw LibSqlException.Sqlite(ex.Code.StartsWith("SQLITE", StringComparison.Ordinal) ? ex.Code : LibSqlErrorCodes.Error, ex.Message, ex.SqliteErrorCode ?? 1);
        }
    }

    private void WriteBatch(Utf8JsonWriter w, JsonElement steps)
    {
        var outcomes = new List<bool?>();
        w.WriteStartObject();
        var results = new List<(List<object?[]> Rows, int Columns, int Changes)?>();
        var errors = new List<LibSqlException?>();
        foreach (var step in steps.EnumerateArray())
        {
            var run = !step.TryGetProperty("condition", out var condition) || condition.ValueKind == JsonValueKind.Null || Evaluate(condition, outcomes);
            if (!run)
            {
                results.Add(null);
                errors.Add(null);
                outcomes.Add(null);
                continue;
            }

            try
            {
                results.Add(Execute(step.GetProperty("stmt")));
                errors.Add(null);
                outcomes.Add(true);
            }
            catch (LibSqlException ex)
            {
                results.Add(null);
                errors.Add(ex);
                outcomes.Add(false);
            }
        }

        w.WriteStartArray("step_results");
        foreach (var result in results)
        {
            if (result is { } r)
            {
                WriteResult(w, r);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("step_errors");
        foreach (var error in errors)
        {
            if (error is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("message", error.Message);
                w.WriteString("code", error.Code);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static bool Evaluate(JsonElement condition, List<bool?> outcomes) => condition.GetProperty("type").GetString() switch
    {
        "ok" => outcomes[condition.GetProperty("step").GetInt32()] == true,
        "error" => outcomes[condition.GetProperty("step").GetInt32()] == false,
        "not" => !Evaluate(condition.GetProperty("cond"), outcomes),
        "and" => condition.GetProperty("conds").EnumerateArray().All(c => Evaluate(c, outcomes)),
        "or" => condition.GetProperty("conds").EnumerateArray().Any(c => Evaluate(c, outcomes)),
        var other => throw new InvalidOperationException("condition " + other),
    };

    private static void WriteResult(Utf8JsonWriter w, (List<object?[]> Rows, int Columns, int Changes) result)
    {
        w.WriteStartObject();
        w.WriteStartArray("cols");
        for (var i = 0; i < result.Columns; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", $"c{i}");
            w.WriteNull("decltype");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            w.WriteStartArray();
            foreach (var value in row)
            {
                w.WriteStartObject();
                switch (value)
                {
                    case null:
                        w.WriteString("type", "null");
                        break;
                    case long integer:
                        w.WriteString("type", "integer");
                        w.WriteString("value", integer.ToString(CultureInfo.InvariantCulture));
                        break;
                    case double real:
                        w.WriteString("type", "float");
                        w.WriteNumber("value", real);
                        break;
                    case byte[] blob:
                        w.WriteString("type", "blob");
                        w.WriteString("base64", Convert.ToBase64String(blob).TrimEnd('='));
                        break;
                    default:
                        w.WriteString("type", "text");
                        w.WriteString("value", (string)value);
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteNumber("affected_row_count", result.Changes);
        w.WriteNull("last_insert_rowid");
        w.WriteNumber("rows_read", 0);
        w.WriteEndObject();
    }

    internal static HttpResponseMessage Text(HttpStatusCode status, string text) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, text.StartsWith('{') ? "application/json" : "text/plain") };
}
