using System.Text.Json;

namespace Awaitly.Tests.Support;

public static class States
{
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static WorkflowState With(string? metadataJson, params (string Key, string ValueJson)[] okSteps) =>
        new(okSteps.Select(s => StepEntry.Success(s.Key, Json(s.ValueJson))), metadataJson is null ? null : Json(metadataJson));

    public static DurableOptions Options(string id, IStatePersistence store) => new() { Id = id, Store = store, Json = TestJson.Default };
}
