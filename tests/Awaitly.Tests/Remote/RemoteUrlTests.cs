using Awaitly.LibSql;

namespace Awaitly.Tests.Remote;

/// <summary>Remote URL forms (hrana.md §1.7): parsed without touching the network.</summary>
public class RemoteUrlTests
{
    [Test]
    [Arguments("libsql://db-org.turso.io", "https://db-org.turso.io/v2/pipeline")]
    [Arguments("libsql://localhost:8080?tls=0", "http://localhost:8080/v2/pipeline")]
    [Arguments("https://db.example/", "https://db.example/v2/pipeline")]
    [Arguments("https://db.example/base/path/", "https://db.example/base/path/v2/pipeline")]
    [Arguments("http://127.0.0.1:9000", "http://127.0.0.1:9000/v2/pipeline")]
    [Arguments("wss://db.example", "https://db.example/v2/pipeline")]
    [Arguments("ws://127.0.0.1:9000", "http://127.0.0.1:9000/v2/pipeline")]
    public async Task Url_forms_map_to_the_pipeline_endpoint(string url, string pipeline)
    {
        await Assert.That(RemoteUrl.Parse(url).Pipeline(HranaVersion.V2).ToString()).IsEqualTo(pipeline);
    }

    [Test]
    public async Task V3_and_the_token_in_the_url()
    {
        var parsed = RemoteUrl.Parse("libsql://db.example?authToken=secret-token");

        await Assert.That(parsed.Pipeline(HranaVersion.V3).ToString()).IsEqualTo("https://db.example/v3/pipeline");
        await Assert.That(parsed.AuthToken).IsEqualTo("secret-token");
        await Assert.That(parsed.Display).DoesNotContain("secret");
    }

    [Test]
    [Arguments("libsql://db.example?tls=0", "explicit port")]
    [Arguments("https://db.example?tls=0", "contradicts")]
    [Arguments("http://db.example:1?tls=1", "contradicts")]
    [Arguments("https://db.example?mode=ro", "'mode' is not supported")]
    [Arguments("https://user:pw@db.example", "user info")]
    [Arguments("https://db.example#frag", "fragments")]
    [Arguments("libsql://db.example?tls=2", "tls must be 0 or 1")]
    public async Task Bad_remote_urls_are_rejected_before_any_request(string url, string says)
    {
        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = url }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).Contains(says);
    }

    [Test]
    public async Task A_token_in_a_bad_url_is_not_repeated_in_the_error()
    {
        var error = await Assert.That(async () => await LibSqlPersistence.OpenAsync(new LibSqlPersistenceOptions { Url = "https://db.example?authToken=s3cr3t&x=1" }))
            .Throws<LibSqlConfigurationException>();

        await Assert.That(error!.Message).DoesNotContain("s3cr3t");
    }
}
