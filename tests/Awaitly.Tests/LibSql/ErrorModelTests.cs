using Awaitly.LibSql;
using Awaitly.Tests.Remote;

namespace Awaitly.Tests.LibSql;

/// <summary>One error model: the same mistake is the same exception, with the same code, on the embedded engine and remotely.</summary>
public class ErrorModelTests
{
    public static IEnumerable<Func<string>> Backends() => [() => "embedded", () => "remote"];

    private static async Task<(LibSqlPersistence Store, IDisposable? Server)> OpenAsync(string backend)
    {
        if (backend == "embedded")
        {
            return (await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" }), null);
        }

        var server = new FakeSqld();
        return (await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = FakeSqldConformance.Url, Remote = new LibSqlRemoteOptions { Handler = server } }), server);
    }

    [Test]
    [MethodDataSource(nameof(Backends))]
    public async Task Too_few_arguments_and_two_statements_in_one_text_are_the_same_error_on_both_engines(string backend)
    {
        var (store, server) = await OpenAsync(backend);
        await using var _ = store;
        using var __ = server;

        var args = await Assert.That(async () => await store.KeyValueStore.Driver.ReadAsync("SELECT ?1, ?2", ["only one"], static r => r.GetString(0), CancellationToken.None))
            .Throws<LibSqlException>();
        var two = await Assert.That(async () => await store.KeyValueStore.Driver.ExecuteAsync("DELETE FROM awaitly_workflow_state; DROP TABLE awaitly_meta", [], CancellationToken.None))
            .Throws<LibSqlException>();

        await Assert.That(args!.Code).IsEqualTo(LibSqlErrorCodes.ArgsInvalid);
        await Assert.That(two!.Code).IsEqualTo(LibSqlErrorCodes.ManyStatements);
        await Assert.That(await store.KeyValueStore.Driver.ReadAsync("SELECT name FROM sqlite_master WHERE name = 'awaitly_meta'", [], static r => r.GetString(0), CancellationToken.None))
            .IsEquivalentTo(["awaitly_meta"]);
    }

    [Test]
    public async Task Engine_failures_carry_the_sqlite_code_and_remote_ones_the_http_status()
    {
        await using var store = await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = ":memory:" });

        var error = await Assert.That(async () => await store.KeyValueStore.Driver.ExecuteAsync("INSERT INTO awaitly_meta (name, value) VALUES ('x', NULL)", [], CancellationToken.None))
            .Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("SQLITE_CONSTRAINT_NOTNULL");
        await Assert.That(error.SqliteErrorCode).IsEqualTo(SQLitePCL.raw.SQLITE_CONSTRAINT_NOTNULL);
        await Assert.That(error.HttpStatus).IsNull();
    }
}
