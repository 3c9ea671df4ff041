using System.CommandLine;
using Awaitly.LibSql;

namespace Awaitly.Cli;

/// <summary>The options every command shares to name a store: the database, its credentials and the tables and prefix.</summary>
internal sealed class StoreConnection
{
    private static readonly LibSqlPersistenceOptions Defaults = new();

    public Option<string> Url { get; } = new("--url")
    {
        Description = "The database: file:<path>, or a remote libsql://, https:// or http:// URL ($AWAITLY_URL when set).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWAITLY_URL") is { Length: > 0 } url ? url : Defaults.Url,
        Recursive = true,
    };

    public Option<string?> AuthToken { get; } = new("--auth-token")
    {
        Description = "The bearer token of a remote database (default: $AWAITLY_AUTH_TOKEN). It is never printed.",
        Recursive = true,
    };

    public Option<string> Table { get; } = new("--table")
    {
        Description = "The state table.",
        DefaultValueFactory = _ => Defaults.TableName,
        Recursive = true,
    };

    public Option<string> Prefix { get; } = new("--prefix")
    {
        Description = "The key prefix of the store.",
        DefaultValueFactory = _ => LibSqlPersistenceOptions.DefaultPrefix,
        Recursive = true,
    };

    public Option<string> LockTable { get; } = new("--lock-table")
    {
        Description = "The lock table whose leases are shown and honoured.",
        DefaultValueFactory = _ => new LibSqlLockOptions().LockTableName,
        Recursive = true,
    };

    public Option<string?> LockKeyPrefix { get; } = new("--lock-key-prefix")
    {
        Description = "The Lock.KeyPrefix of the stores, if they set one (default: none; leases are keyed by the bare workflow id).",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Url, AuthToken, Table, Prefix, LockTable, LockKeyPrefix];

    /// <summary>The token in use, to keep it out of every message.</summary>
    public static string? TokenOf(ParseResult parse, StoreConnection connection) =>
        parse.GetValue(connection.AuthToken) is { Length: > 0 } token ? token
        : Environment.GetEnvironmentVariable("AWAITLY_AUTH_TOKEN") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    public LibSqlPersistenceOptions OptionsOf(ParseResult parse) => new()
    {
        Url = parse.GetValue(Url)!,
        AuthToken = TokenOf(parse, this),
        TableName = parse.GetValue(Table)!,
        Prefix = parse.GetValue(Prefix)!,
        Lock = new LibSqlLockOptions { LockTableName = parse.GetValue(LockTable)!, KeyPrefix = parse.GetValue(LockKeyPrefix) },
    };

    public ValueTask<LibSqlInspector> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        LibSqlInspector.OpenAsync(OptionsOf(parse), cancellationToken);
}
