using System.Net;
using System.Text.Json;
using Awaitly.LibSql;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Remote;

/// <summary>What the test server cannot show, checked against the fake server: requests, batons, close, errors, retries, timeouts.</summary>
public class ProtocolTests
{
    private static async Task<LibSqlPersistence> Open(FakeSqld server, LibSqlRemoteOptions? remote = null, string token = "secret-token", bool locking = true,
        StateLayout layout = StateLayout.Document) =>
        await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = FakeSqldConformance.Url,
            Layout = layout,
            AuthToken = token,
            Lock = locking ? new LibSqlLockOptions() : null,
            Remote = (remote ?? new LibSqlRemoteOptions()) with { Handler = server, RetryDelay = TimeSpan.FromMilliseconds(1) },
        });

    private static List<string> Types(string body)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("type").GetString()!)];
    }

    [Test]
    public async Task Requests_have_a_known_length_the_token_and_positional_typed_arguments()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var before = server.Count;

        await store.KeyValueStore.SetAsync("k", "v", TimeSpan.FromMinutes(1));

        var (url, request, body) = server.Requests[before];
        await Assert.That(url.ToString()).IsEqualTo("https://fake-sqld.test/db/v2/pipeline");
        await Assert.That(request.Method).IsEqualTo(HttpMethod.Post);
        await Assert.That(request.Content!.Headers.ContentLength).IsEqualTo(System.Text.Encoding.UTF8.GetByteCount(body));
        await Assert.That(request.Headers.TransferEncodingChunked ?? false).IsFalse();
        await Assert.That(request.Content.Headers.ContentType!.MediaType).IsEqualTo("application/json");
        await Assert.That(request.Headers.Authorization!.ToString()).IsEqualTo("Bearer secret-token");
        await Assert.That(Types(body)).IsEquivalentTo(new[] { "execute", "close" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(body).Contains("{\"type\":\"text\",\"value\":\"k\"}");
        await Assert.That(body).Contains("{\"type\":\"null\"}").Or.Contains("\"type\":\"text\",\"value\":\"20");
    }

    [Test]
    public async Task Get_set_checkpoint_and_lease_are_one_round_trip_each()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var locks = (IWorkflowLock)store;

        async Task<int> RoundTrips(Func<Task> operation)
        {
            var before = server.Count;
            await operation();
            return server.Count - before;
        }

        var lease = default(WorkflowLease);
        var counts = new[]
        {
            await RoundTrips(() => store.KeyValueStore.SetAsync("k", "v").AsTask()),
            await RoundTrips(() => store.KeyValueStore.GetAsync("k").AsTask()),
            await RoundTrips(async () => lease = await locks.TryAcquireAsync("w", TimeSpan.FromSeconds(30))),
            await RoundTrips(() => store.SaveAsync("w", States.With(null, ("a", "1")), lease!.Fence).AsTask()),
            await RoundTrips(() => store.SaveAsync("w", States.With(null, ("a", "1"), ("b", "2"))).AsTask()),
            await RoundTrips(() => store.LoadAsync("w").AsTask()),
            await RoundTrips(() => lease!.RenewAsync(TimeSpan.FromSeconds(30)).AsTask()),
            await RoundTrips(() => lease!.ReleaseAsync().AsTask()),
        };

        await Assert.That(counts).IsEquivalentTo(Enumerable.Repeat(1, counts.Length));
    }

    [Test]
    [Arguments(StateLayout.Document, false)]
    [Arguments(StateLayout.StepJournal, false)]
    [Arguments(StateLayout.StepJournal, true)]
    public async Task A_durable_checkpoint_costs_one_round_trip(StateLayout layout, bool locking)
    {
        using var server = new FakeSqld();
        await using var store = await Open(server, locking: locking, layout: layout);
        var perStep = new List<int>();
        var before = 0;

        var result = await Awaitly.Durable.RunAsync(0, async ctx =>
        {
            // A first step past the size up to which the step journal still patches the document: b and c go to the journal.
            before = server.Count;
            await ctx.Step("a", () => new string('x', 9000));
            perStep.Add(server.Count - before);
            before = server.Count;
            await ctx.Step("b", () => 2);
            perStep.Add(server.Count - before);
            before = server.Count;
            await ctx.Step("c", () => 3);
            perStep.Add(server.Count - before);
            return 0;
        }, new DurableOptions { Id = "rt", Store = store, Json = TestJson.Default });

        await Assert.That(result.IsOk).IsTrue().Because(result.IsOk ? "" : result.Error.ToString());
        await Assert.That(perStep).IsEquivalentTo([1, 1, 1]);
    }

    [Test]
    public async Task Migrations_follow_the_baton_and_base_url_of_their_stream()
    {
        using var server = new FakeSqld { BaseUrl = "https://replica-7.fake-sqld.test/db" };
        await using var store = await Open(server);

        var afterConnect = server.Requests.Skip(1).ToList();
        var transaction = afterConnect.Take(afterConnect.FindIndex(r => r.Body.Contains("COMMIT", StringComparison.Ordinal)) + 1).ToList();
        await Assert.That(transaction[0].Body).Contains("BEGIN IMMEDIATE");
        await Assert.That(transaction[0].Body).Contains("\"baton\":null");
        await Assert.That(transaction[0].Url.Host).IsEqualTo("fake-sqld.test");
        await Assert.That(transaction.Skip(1).All(r => r.Url.ToString() == "https://replica-7.fake-sqld.test/db/v2/pipeline")).IsTrue();
        await Assert.That(transaction.Skip(1).All(r => r.Body.Contains("\"baton\":\"baton-", StringComparison.Ordinal))).IsTrue();
        await Assert.That(transaction[^1].Body).Contains("COMMIT");
        await Assert.That(Types(transaction[^1].Body)).IsEquivalentTo(new[] { "execute", "close" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Tursodb_rejects_close_so_the_client_resends_without_it_once_and_remembers()
    {
        using var server = new FakeSqld { RejectClose = true };
        await using var store = await Open(server);
        var before = server.Count;

        await store.KeyValueStore.SetAsync("k", "v");
        var value = await store.KeyValueStore.GetAsync("k");

        await Assert.That(value).IsEqualTo("v");
        await Assert.That(server.Count - before).IsEqualTo(2);
        await Assert.That(server.Requests.Skip(2).All(r => !r.Body.Contains("\"close\"", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task A_stream_that_expires_in_a_transaction_fails_with_the_servers_code()
    {
        using var server = new FakeSqld();
        server.Intercept = (n, body) => n == 3 ? () => FakeSqld.Text(HttpStatusCode.InternalServerError, "{\"message\":\"The stream has expired due to inactivity\",\"code\":\"STREAM_EXPIRED\"}") : null;

        var error = await Assert.That(async () => await Open(server)).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("STREAM_EXPIRED");
        await Assert.That(error.HttpStatus).IsEqualTo(500);
        await Assert.That(error.Request).IsEqualTo("transaction");
    }

    [Test]
    public async Task A_stream_dropped_in_a_transaction_is_an_error_not_a_new_transaction()
    {
        using var server = new FakeSqld();
        server.Intercept = (n, body) => n == 3
            ? () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"baton":null,"base_url":null,"results":[{"type":"ok","response":{"type":"execute","result":{"cols":[],"rows":[],"affected_row_count":0}}}]}""") }
            : null;

        var error = await Assert.That(async () => await Open(server)).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("STREAM_CLOSED");
    }

    [Test]
    public async Task Authentication_failure_says_so_with_a_hint_and_never_shows_the_token()
    {
        using var server = new FakeSqld { RequiredToken = "the-right-token" };

        var error = await Assert.That(async () => await Open(server, token: "wrong-secret-value")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("AUTH_FAILED");
        await Assert.That(error.HttpStatus).IsEqualTo(401);
        await Assert.That(error.Message).Contains("Authentication failed");
        await Assert.That(error.Message).Contains("AuthToken");
        await Assert.That(error.ToString()).DoesNotContain("wrong-secret-value");
    }

    [Test]
    public async Task Statement_and_batch_step_errors_carry_the_servers_code()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);

        var statement = await Assert.That(async () => await store.KeyValueStore.Driver.ExecuteAsync("INSERT INTO nope VALUES (?1)", ["x"], CancellationToken.None))
            .Throws<LibSqlException>();
        var step = await Assert.That(async () => await store.KeyValueStore.Driver.ExecuteBatchAsync([new SqlStatement("INSERT INTO nope VALUES (1)", [])], false, CancellationToken.None))
            .Throws<LibSqlException>();

        await Assert.That(statement!.Code).StartsWith("SQLITE_ERROR");
        await Assert.That(statement.Message).Contains("no such table: nope");
        await Assert.That(step!.Request).IsEqualTo("batch");
        await Assert.That(step.Message).Contains("no such table: nope");
    }

    [Test]
    [Arguments(400, "text/plain", "Received a baton that has already been used", "PROTOCOL_ERROR")]
    [Arguments(500, "text/plain", "Internal Server Error", "HTTP_500")]
    [Arguments(404, "text/html", "<html>not found</html>", "HTTP_404")]
    [Arguments(500, "application/json", "{\"message\":\"too busy\",\"code\":\"TRANSACTION_BUSY\"}", "TRANSACTION_BUSY")]
    public async Task Http_errors_map_to_codes_with_status_and_message(int status, string type, string body, string code)
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var failAt = server.Count + 1;
        server.Intercept = (n, _) => n == failAt ? () => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, System.Text.Encoding.UTF8, type) } : null;

        var error = await Assert.That(async () => await store.KeyValueStore.DeleteAsync("k")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo(code);
        await Assert.That(error.HttpStatus).IsEqualTo(status);
        await Assert.That(error.Request).IsEqualTo("execute");
    }

    [Test]
    [Arguments("{\"baton\":null,\"results\":[")]
    [Arguments("not json at all")]
    [Arguments("{\"baton\":null}")]
    [Arguments("{\"baton\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"batch\",\"result\":{}}},{\"type\":\"ok\",\"response\":{\"type\":\"close\"}}]}")]
    [Arguments("{\"baton\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":{\"cols\":[{}],\"rows\":[[{\"type\":\"decimal\",\"value\":\"1\"}]]}}},{\"type\":\"ok\",\"response\":{\"type\":\"close\"}}]}")]
    public async Task Malformed_or_truncated_responses_are_protocol_errors(string body)
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var failAt = server.Count + 1;
        server.Intercept = (n, _) => n == failAt ? () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) } : null;

        var error = await Assert.That(async () => await store.KeyValueStore.GetAsync("k")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("PROTOCOL_ERROR");
    }

    [Test]
    public async Task A_web_page_instead_of_a_libsql_answer_says_to_check_the_url()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var failAt = server.Count + 1;
        server.Intercept = (n, _) => n == failAt
            ? () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html><body>Welcome</body></html>", System.Text.Encoding.UTF8, "text/html") }
            : null;

        var error = await Assert.That(async () => await store.KeyValueStore.GetAsync("k")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo(LibSqlErrorCodes.ProtocolError);
        await Assert.That(error.Message).Contains("could not be read as the libSQL protocol's JSON").And.Contains("Check that the URL points at a libSQL server");
    }

    [Test]
    public async Task A_slow_server_is_a_timeout_and_a_missing_one_a_connection_failure()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server, new LibSqlRemoteOptions { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 0 });
        server.Delay = TimeSpan.FromSeconds(5);

        var timeout = await Assert.That(async () => await store.KeyValueStore.GetAsync("k")).Throws<LibSqlException>();
        var refused = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions
        {
            Url = "http://127.0.0.1:" + ClosedPort(),
            Remote = new LibSqlRemoteOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1) },
        })).Throws<LibSqlException>();

        await Assert.That(timeout!.Code).IsEqualTo("TIMEOUT");
        await Assert.That(refused!.Code).IsEqualTo("CONNECTION_FAILED");
        await Assert.That(refused.Message).Contains("127.0.0.1");
    }

    [Test]
    public async Task Idempotent_reads_and_writes_are_retried_after_transient_failures()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        await store.KeyValueStore.SetAsync("k", "v");
        var start = server.Count;
        server.Intercept = (n, _) => (n - start) switch
        {
            1 => () => throw new HttpRequestException("connection reset by peer"),
            2 => () => FakeSqld.Text(HttpStatusCode.ServiceUnavailable, "try later"),
            3 => () => FakeSqld.Text(HttpStatusCode.BadGateway, "bad gateway"),
            _ => null,
        };

        var value = await store.KeyValueStore.GetAsync("k");

        await Assert.That(value).IsEqualTo("v");
        await Assert.That(server.Count - start).IsEqualTo(4);
    }

    [Test]
    public async Task Non_idempotent_writes_are_not_retried()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        await store.KeyValueStore.SetAsync("k", "v");
        var start = server.Count;
        server.Intercept = (n, _) => n == start + 1 ? () => FakeSqld.Text(HttpStatusCode.ServiceUnavailable, "try later") : null;

        var error = await Assert.That(async () => await store.KeyValueStore.DeleteAsync("k")).Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("HTTP_503");
        await Assert.That(server.Count - start).IsEqualTo(1);
        await Assert.That(await store.KeyValueStore.GetAsync("k")).IsEqualTo("v");
    }

    [Test]
    public async Task A_lease_acquire_whose_answer_was_lost_is_retried_and_still_granted()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var start = server.Count;
        server.ThrowAfterRunning = n => n == start + 1 ? new HttpRequestException("connection reset after the server ran it") : null;

        var lease = await ((IWorkflowLock)store).TryAcquireAsync("w", TimeSpan.FromSeconds(30));

        await Assert.That(lease).IsNotNull();
        await Assert.That(server.Count - start).IsEqualTo(2);
        await Assert.That(await lease!.ReleaseAsync()).IsTrue();
    }

    [Test]
    public async Task Argument_count_is_checked_before_sending()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server);
        var before = server.Count;

        var error = await Assert.That(async () => await store.KeyValueStore.Driver.ReadAsync("SELECT ?1, ?2", ["only one"], static r => r.GetString(0), CancellationToken.None))
            .Throws<LibSqlException>();

        await Assert.That(error!.Code).IsEqualTo("ARGS_INVALID");
        await Assert.That(server.Count).IsEqualTo(before);
    }

    [Test]
    [Arguments("SELECT 1", 0)]
    [Arguments("SELECT ?, ?, ?", 3)]
    [Arguments("SELECT ?2, ?1", 2)]
    [Arguments("SELECT :a, :a, :b", 2)]
    [Arguments("SELECT @x, $y, ?", 3)]
    [Arguments("SELECT '?', \"?\", `?`, [?] -- ?\n, ? /* ? */", 1)]
    [Arguments("SELECT 'it''s ?', ?", 1)]
    [Arguments("SELECT ?; -- trailing comment", 1)]
    public async Task Parameters_are_counted_as_sqlite_numbers_them(string sql, int count)
    {
        await Assert.That(SqlParameterScanner.Count(sql)).IsEqualTo(count);
    }

    [Test]
    public async Task A_second_statement_is_refused()
    {
        await Assert.That(() => SqlParameterScanner.Count("SELECT 1; SELECT 2")).Throws<LibSqlException>();
    }

    [Test]
    [Arguments("CREATE TRIGGER t1 AFTER DELETE ON t BEGIN DELETE FROM s WHERE key = old.key; END")]
    [Arguments("create trigger if not exists t2 after update of value on t when new.v <> ?1 begin delete from s where k = new.k; insert into s values (1); end;")]
    [Arguments("CREATE TRIGGER t3 AFTER INSERT ON t BEGIN UPDATE s SET v = CASE WHEN new.v > 0 THEN 1 ELSE 2 END; END")]
    public async Task A_trigger_body_is_one_statement(string sql)
    {
        await Assert.That(() => SqlParameterScanner.Count(sql)).ThrowsNothing();
    }

    [Test]
    [Arguments("CREATE TRIGGER t1 AFTER DELETE ON t BEGIN DELETE FROM s; END; SELECT 1")]
    [Arguments("CREATE TRIGGER t3 AFTER INSERT ON t BEGIN UPDATE s SET v = CASE WHEN 1 THEN 1 END; END; DROP TABLE t")]
    [Arguments("SELECT 'BEGIN'; SELECT 2")]
    [Arguments("CREATE TABLE begin_end (x); SELECT 1")]
    public async Task Text_after_a_trigger_or_outside_one_is_a_second_statement(string sql)
    {
        await Assert.That(() => SqlParameterScanner.Count(sql)).Throws<LibSqlException>();
    }

    [Test]
    public async Task Values_decode_integers_floats_blobs_and_nulls()
    {
        var body = """{"baton":null,"results":[{"type":"ok","response":{"type":"execute","result":{"cols":[{},{},{},{},{},{},{}],"rows":[[{"type":"integer","value":"-9223372036854775808"},{"type":"float","value":2},{"type":"float","value":null},{"type":"blob","base64":"AQIDBAU"},{"type":"blob","base64":"AQIDBA=="},{"type":"text","value":"é😀"},{"type":"null"}]],"affected_row_count":0,"last_insert_rowid":7,"extra":"ignored"}}}]}"""u8;

        var response = HranaWire.Read(body, [new HranaExecute(new HranaStatement("SELECT 1", []))], closeSent: false);

        var row = response.Results[0].Execute!.Rows[0];
        await Assert.That(row[0]).IsEqualTo(long.MinValue);
        await Assert.That(row[1]).IsEqualTo(2.0);
        await Assert.That(double.IsNaN((double)row[2]!)).IsTrue();
        await Assert.That((byte[])row[3]!).IsEquivalentTo(new byte[] { 1, 2, 3, 4, 5 });
        await Assert.That((byte[])row[4]!).IsEquivalentTo(new byte[] { 1, 2, 3, 4 });
        await Assert.That(row[5]).IsEqualTo("é😀");
        await Assert.That(row[6]).IsNull();
    }

    [Test]
    public async Task V3_is_opt_in()
    {
        using var server = new FakeSqld();
        await using var store = await Open(server, new LibSqlRemoteOptions { Protocol = HranaVersion.V3 });

        await Assert.That(server.Requests.All(r => r.Url.AbsolutePath == "/db/v3/pipeline")).IsTrue();
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
