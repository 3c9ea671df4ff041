using System.Text.Json.Serialization;

namespace Awaitly.Tests.Support;

public sealed record User(string Id, string Email);

public sealed record Order(string Id, string UserId);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CardDeclined), "CARD_DECLINED")]
[JsonDerivedType(typeof(NotFound), "NOT_FOUND")]
public abstract record CheckoutError;

public sealed record CardDeclined(string Code) : CheckoutError;

public sealed record NotFound(string What) : CheckoutError;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(CheckoutError))]
[JsonSerializable(typeof(Dictionary<string, object>))]
public sealed partial class TestJson : JsonSerializerContext;
