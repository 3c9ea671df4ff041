using System.Text.Json.Serialization;

namespace Awaitly.LibSql.Sample;

internal sealed record User(string Id, string Email);

internal sealed record Order(string Id, string UserId, decimal Total);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(UserNotFound), "USER_NOT_FOUND")]
internal abstract record CheckoutError;

internal sealed record UserNotFound(string UserId) : CheckoutError;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(CheckoutError))]
internal sealed partial class CheckoutJson : JsonSerializerContext;

/// <summary>The store: SQL and JSON wiring generated at compile time, so the trimmed, Native-AOT app uses no reflection.</summary>
[AwaitlyStore(Table = "awaitly_workflow_state", Prefix = "workflow:state:", LockTable = "awaitly_workflow_lock", Json = typeof(CheckoutJson))]
internal sealed partial class CheckoutStore;

/// <summary>The seed's dependencies: fetch a user, create an order. Each prints when it really runs.</summary>
internal sealed class CheckoutDeps(TextWriter log)
{
    public Task<Result<User, CheckoutError>> FetchUser(string id)
    {
        log.WriteLine($"  fetchUser({id}): calling the user service");
        return Task.FromResult<Result<User, CheckoutError>>(id.Length == 0
            ? Result.Err<CheckoutError>(new UserNotFound(id))
            : Result.Ok(new User(id, $"user-{id}@example.test")));
    }

    public Task<Result<Order, CheckoutError>> CreateOrder(User user)
    {
        log.WriteLine($"  createOrder({user.Id}): writing the order");
        return Task.FromResult<Result<Order, CheckoutError>>(Result.Ok(new Order($"order-{user.Id}", user.Id, 42.50m)));
    }
}
