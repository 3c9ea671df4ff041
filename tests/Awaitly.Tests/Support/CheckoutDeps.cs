namespace Awaitly.Tests.Support;

/// <summary>The seed's checkout dependencies, counting their calls.</summary>
public sealed class CheckoutDeps
{
    private int _fetchUserCalls;
    private int _createOrderCalls;
    private int _chargeCalls;

    public int FetchUserCalls => _fetchUserCalls;

    public int CreateOrderCalls => _createOrderCalls;

    public int ChargeCalls => _chargeCalls;

    public bool DeclineCard { get; set; }

    public Func<Task>? BeforeCreateOrder { get; set; }

    public Task<Result<User, CheckoutError>> FetchUser(string id)
    {
        Interlocked.Increment(ref _fetchUserCalls);
        return Task.FromResult<Result<User, CheckoutError>>(Result.Ok(new User(id, $"{id}@example.test")));
    }

    public async Task<Result<Order, CheckoutError>> CreateOrder(User user)
    {
        Interlocked.Increment(ref _createOrderCalls);
        if (BeforeCreateOrder is { } wait)
        {
            await wait();
        }

        return Result.Ok(new Order($"order-{user.Id}", user.Id));
    }

    public Result<string, CheckoutError> Charge(Order order)
    {
        Interlocked.Increment(ref _chargeCalls);
        return DeclineCard
            ? Result.Err<CheckoutError>(new CardDeclined("insufficient_funds"), new InvalidOperationException("402 from PSP"))
            : Result.Ok($"charged-{order.Id}");
    }

    public static async Task<string> Checkout(DurableContext<CheckoutDeps> ctx)
    {
        var user = await ctx.Step("fetchUser", () => ctx.Deps.FetchUser("123"), key: "fetch-user");
        var order = await ctx.Step("createOrder", () => ctx.Deps.CreateOrder(user), key: "create-order");
        return await ctx.Step("charge", () => ctx.Deps.Charge(order), key: "charge");
    }
}
