using System.CommandLine;
using Awaitly.LibSql.Sample;

// dotnet run --project src/Awaitly.LibSql.Sample -- [--url file:./awaitly.db] [--id checkout-123] [--crash-after-first-step]
var url = new Option<string>("--url")
{
    Description = "The database: file:./awaitly.db, :memory:, or a remote libsql:// / https:// / http:// URL.",
    DefaultValueFactory = _ =>
    Environment.GetEnvironmentVariable("AWAITLY_URL") ?? "file:./awaitly.db"
};
var id = new Option<string>("--id") { Description = "The workflow id to run or resume.", DefaultValueFactory = _ => "checkout-123" };
var authToken = new Option<string?>("--auth-token") { Description = "The bearer token of a remote database (default: the AWAITLY_AUTH_TOKEN environment variable)." };
var crash = new Option<bool>("--crash-after-first-step")
{
    Description = "Exit (code 3) right after the first checkpoint, as if the process died; run again without it to resume.",
};
var root = new RootCommand("The checkout sample of Awaitly.LibSql: a two-step workflow that survives a crash and resumes from its checkpoint.")
{
    url, id, authToken, crash,
};
root.SetAction((parse, cancellationToken) => CheckoutRun.RunAsync(
    parse.GetValue(url)!,
    parse.GetValue(id)!,
    parse.GetValue(authToken) ?? Environment.GetEnvironmentVariable("AWAITLY_AUTH_TOKEN"),
    parse.GetValue(crash),
    cancellationToken));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine("usage: Awaitly.LibSql.Sample [--url <url>] [--id <workflow id>] [--auth-token <token>] [--crash-after-first-step] (--help for details)");
    return 2;
}

return await parsed.InvokeAsync();
