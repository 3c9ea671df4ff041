using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Awaitly.LibSql.Infrastructure;

namespace Awaitly.LibSql.Remote;

/// <summary>
/// The libSQL pipeline JSON, written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>
/// (no reflection): integers as decimal strings, blobs as base64 (read with or without padding), a float
/// <c>null</c> read as <see cref="double.NaN"/>, unknown members ignored, member order not assumed.
/// </summary>
internal static class HranaWire
{
    public static byte[] Write(HranaPipeline pipeline, bool includeClose)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (pipeline.Baton is null)
            {
                w.WriteNull("baton"u8);
            }
            else
            {
                w.WriteString("baton"u8, pipeline.Baton);
            }

            w.WriteStartArray("requests"u8);
            foreach (var request in pipeline.Requests)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, request.Type);
                switch (request)
                {
                    case HranaExecute execute:
                        w.WritePropertyName("stmt"u8);
                        WriteStatement(w, execute.Statement);
                        break;
                    case HranaBatch batch:
                        w.WriteStartObject("batch"u8);
                        w.WriteStartArray("steps"u8);
                        foreach (var step in batch.Steps)
                        {
                            w.WriteStartObject();
                            if (step.Condition is { } condition)
                            {
                                w.WritePropertyName("condition"u8);
                                WriteCondition(w, condition);
                            }

                            w.WritePropertyName("stmt"u8);
                            WriteStatement(w, step.Statement);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                        break;
                }

                w.WriteEndObject();
            }

            if (includeClose)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "close"u8);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static HranaResponse Read(ReadOnlySpan<byte> body, IReadOnlyList<HranaRequest> requests, bool closeSent)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results"u8, out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw Protocol("the response has no \"results\" array");
            }

            var expected = requests.Count + (closeSent ? 1 : 0);
            if (results.GetArrayLength() != expected)
            {
                throw Protocol($"the response has {results.GetArrayLength()} results for {expected} requests");
            }

            var parsed = new List<HranaResult>(requests.Count);
            var index = 0;
            foreach (var result in results.EnumerateArray())
            {
                var type = String(result, "type"u8);
                if (type == "error")
                {
                    parsed.Add(new HranaResult(Error(result.GetProperty("error"u8)), null, null, null));
                }
                else if (type == "ok")
                {
                    var response = result.GetProperty("response"u8);
                    var expectedType = index < requests.Count ? requests[index].Type : "close";
                    if (String(response, "type"u8) != expectedType)
                    {
                        throw Protocol($"result {index} is a '{String(response, "type"u8)}' response to a '{expectedType}' request");
                    }

                    parsed.Add(expectedType switch
                    {
                        "execute" => new HranaResult(null, Rows(response.GetProperty("result"u8)), null, null),
                        "batch" => Batch(response.GetProperty("result"u8)),
                        _ => new HranaResult(null, null, null, null),
                    });
                }
                else
                {
                    throw Protocol($"result {index} has the unknown type '{type}'");
                }

                index++;
            }

            var baton = root.TryGetProperty("baton"u8, out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            var baseUrl = root.TryGetProperty("base_url"u8, out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            return new HranaResponse(baton, baseUrl, parsed.GetRange(0, requests.Count));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
        {
            throw Protocol($"the response could not be read as the libSQL protocol's JSON ({ex.Message}). " +
                "Check that the URL points at a libSQL server (sqld, Turso), not at another web server or a proxy's page", ex);
        }
    }

    /// <summary>The server's error text from an HTTP error body: <c>{message, code}</c>, <c>{error}</c>, or plain text.</summary>
    public static (string Message, string? Code) ErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message"u8, out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return (message.GetString()!, root.TryGetProperty("code"u8, out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null);
                }

                if (root.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString()!, null);
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return (text.Length > 300 ? text[..300] + "…" : text, null);
    }

    private static void WriteStatement(Utf8JsonWriter w, HranaStatement statement)
    {
        w.WriteStartObject();
        w.WriteString("sql"u8, statement.Sql);
        w.WriteStartArray("args"u8);
        foreach (var arg in statement.Args)
        {
            w.WriteStartObject();
            switch (arg.Kind)
            {
                case SqlArgKind.Text when arg.TryGetUtf8(out var utf8):
                    w.WriteString("type"u8, "text"u8);
                    w.WriteString("value"u8, utf8);
                    break;
                case SqlArgKind.Text:
                    w.WriteString("type"u8, "text"u8);
                    w.WriteString("value"u8, arg.Text);
                    break;
                case SqlArgKind.Integer:
                    w.WriteString("type"u8, "integer"u8);
                    w.WriteString("value"u8, arg.Integer.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    w.WriteString("type"u8, "null"u8);
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("want_rows"u8, true);
        w.WriteEndObject();
    }

    private static void WriteCondition(Utf8JsonWriter w, HranaCondition condition)
    {
        w.WriteStartObject();
        if (condition.Negate)
        {
            w.WriteString("type"u8, "not"u8);
            w.WritePropertyName("cond"u8);
            WriteCondition(w, condition with { Negate = false });
        }
        else
        {
            w.WriteString("type"u8, "ok"u8);
            w.WriteNumber("step"u8, condition.Step);
        }

        w.WriteEndObject();
    }

    private static HranaResult Batch(JsonElement result)
    {
        var steps = result.GetProperty("step_results"u8).EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Null ? null : Rows(r)).ToList();
        var errors = result.GetProperty("step_errors"u8).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : Error(e)).ToList();
        return new HranaResult(null, null, steps, errors);
    }

    private static HranaRows Rows(JsonElement result)
    {
        var columns = result.TryGetProperty("cols"u8, out var cols) ? cols.GetArrayLength() : 0;
        var rows = new List<object?[]>();
        if (result.TryGetProperty("rows"u8, out var rowsJson))
        {
            foreach (var row in rowsJson.EnumerateArray())
            {
                var values = new object?[row.GetArrayLength()];
                var i = 0;
                foreach (var value in row.EnumerateArray())
                {
                    values[i++] = Value(value);
                }

                rows.Add(values);
            }
        }

        var affected = result.TryGetProperty("affected_row_count"u8, out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : 0;
        return new HranaRows(rows, columns, affected);
    }

    private static object? Value(JsonElement value)
    {
        var type = String(value, "type"u8);
        value.TryGetProperty("value"u8, out var v);
        return type switch
        {
            "null" => null,
            "integer" => v.ValueKind == JsonValueKind.Number ? v.GetInt64() : long.Parse(v.GetString()!, CultureInfo.InvariantCulture),
            "float" => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN,
            "text" => v.GetString(),
            "blob" => Convert.FromBase64String(Pad(value.GetProperty("base64"u8).GetString()!)),
            _ => throw Protocol($"unknown value type '{type}'"),
        };
    }

    private static string Pad(string base64) => base64 + new string('=', (4 - (base64.Length % 4)) % 4);

    private static HranaError Error(JsonElement error) =>
        new(error.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : error.GetRawText(),
            error.TryGetProperty("code"u8, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);

    private static string? String(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static LibSqlException Protocol(string what, Exception? inner = null) =>
        LibSqlException.Remote(LibSqlErrorCodes.ProtocolError, $"The libSQL server sent a response this client cannot use: {what}.", null, innerException: inner);
}
