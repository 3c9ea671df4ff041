using System.Text.Encodings.Web;
using System.Text.Json;

namespace Awaitly;

/// <summary>Writer and reader settings shared by everything that writes or reads stored JSON.</summary>
internal static class StateJsonWriting
{
    /// <summary>Minified, with non-ASCII text kept as text (as the TypeScript package's <c>JSON.stringify</c> writes it).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
        MaxDepth = WorkflowStateSerializer.MaxDepth,
    };

    /// <summary>Stored documents nest as deep as SQLite's JSON allows (System.Text.Json's own default, 64, is less).</summary>
    public static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = WorkflowStateSerializer.MaxDepth };
}
