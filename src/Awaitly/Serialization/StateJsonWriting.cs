using System.Text.Encodings.Web;
using System.Text.Json;

namespace Awaitly;

/// <summary>Writer settings shared by everything that writes stored JSON.</summary>
internal static class StateJsonWriting
{
    /// <summary>Minified, with non-ASCII text kept as text (as the TypeScript package's <c>JSON.stringify</c> writes it).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };
}
