using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Awaitly;

/// <summary>Finds the source-generated <see cref="JsonTypeInfo{T}"/> of step values and errors.</summary>
internal static class StepJson
{
    private static readonly JsonSerializerOptions BuiltIn = Create(null);
    private static readonly ConditionalWeakTable<IJsonTypeInfoResolver, JsonSerializerOptions> PerResolver = new();

    public static JsonTypeInfo<T> Get<T>(IJsonTypeInfoResolver? resolver)
    {
        // Runs use one resolver for their steps, so the last one found per type answers almost every step.
        if (Last<T>.Found is { } last && ReferenceEquals(last.Resolver, resolver))
        {
            return last.Info;
        }

        var info = Find<T>(resolver);
        Last<T>.Found = new Found<T>(resolver, info);
        return info;
    }

    private static JsonTypeInfo<T> Find<T>(IJsonTypeInfoResolver? resolver)
    {
        var options = resolver is null ? BuiltIn : PerResolver.GetValue(resolver, Create);
        try
        {
            return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        }
        catch (NotSupportedException ex)
        {
            throw new StepSerializationException(
                $"No JSON metadata for {typeof(T).FullName}. Add [JsonSerializable(typeof({typeof(T).Name}))] to your " +
                "JsonSerializerContext and pass that context as DurableOptions.Json (or to the store's Json option).", ex);
        }
    }

    private sealed record Found<T>(IJsonTypeInfoResolver? Resolver, JsonTypeInfo<T> Info);

    private static class Last<T>
    {
        public static Found<T>? Found;
    }

    private static JsonSerializerOptions Create(IJsonTypeInfoResolver? resolver)
    {
        // A context's own options carry its [JsonSourceGenerationOptions] (naming policy, converters).
        var options = resolver is JsonSerializerContext context ? new JsonSerializerOptions(context.Options) : new JsonSerializerOptions();
        options.TypeInfoResolver = resolver is null
            ? AwaitlyJsonContext.Default
            : JsonTypeInfoResolver.Combine(resolver, AwaitlyJsonContext.Default);
        options.Encoder ??= StateJsonWriting.WriterOptions.Encoder;
        return options;
    }
}
