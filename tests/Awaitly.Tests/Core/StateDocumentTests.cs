using System.Text;
using System.Text.Json;
using Awaitly.Tests.Support;

namespace Awaitly.Tests.Core;

/// <summary>Spec §2.4–§2.5 and §4 F (cases 40–54, adapted): the stored document, field for field.</summary>
public class StateDocumentTests
{
    /// <summary>The §2.5 example, minified as the original's JSON.stringify stores it.</summary>
    public const string Example25 =
        """{"version":1,"entries":{"fetch-user":{"result":{"ok":true,"value":{"id":"u-7","email":"a@example.test"}}},"charge-card":{"result":{"ok":false,"error":{"type":"CARD_DECLINED","code":"insufficient_funds"},"cause":{"type":"error","errorName":"GatewayError","errorMessage":"402 from PSP","errorStack":"GatewayError: 402 from PSP\n    at …"}},"meta":{"origin":"result","resultCause":{"type":"error","errorName":"GatewayError","errorMessage":"402 from PSP","errorStack":"GatewayError: 402 from PSP\n    at …"}}},"audit":{"result":{"ok":false,"error":"AUDIT_DOWN","cause":{"type":"value","value":{"status":503}}},"meta":{"origin":"result","resultCause":{"type":"value","value":{"status":503}}}}},"metadata":{"tenant":"acme","version":2,"lastStepKey":"audit","updatedAt":"2026-02-01T10:15:03.118Z"}}""";

    [Test]
    public async Task Example_document_reads_and_writes_back_byte_for_byte()
    {
        var state = WorkflowStateSerializer.Deserialize(Example25);

        await Assert.That(WorkflowStateSerializer.Serialize(state)).IsEqualTo(Example25);
        await Assert.That(state.WorkflowVersion).IsEqualTo(2);
        await Assert.That(state.Steps.Select(s => s.Key)).IsEquivalentTo(["fetch-user", "charge-card", "audit"]);
        await Assert.That(state.Steps[1].FailureOrigin).IsEqualTo(StepFailureOrigin.Result);
    }

    [Test]
    [Arguments("3", 3d)]
    [Arguments("3.0", 3d)]
    [Arguments("3e0", 3d)]
    [Arguments("30E-1", 3d)]
    [Arguments("-2", -2d)]
    [Arguments("\"3\"", 1d)]
    [Arguments("null", 1d)]
    [Arguments("1.5", 1.5)]
    [Arguments("1e300", 1e300)]
    [Arguments("-0", 0d)]
    [Arguments("1e400", double.PositiveInfinity)]
    [Arguments("-1e400", double.NegativeInfinity)]
    public async Task A_stored_version_is_read_as_javascript_reads_the_number(string json, double version)
    {
        var state = WorkflowStateSerializer.Deserialize("{\"version\":1,\"entries\":{},\"metadata\":{\"version\":" + json + "}}");

        await Assert.That(state.WorkflowVersion).IsEqualTo(version);
    }

    [Test]
    public async Task Example_document_resumes_at_version_2_and_mismatches_at_3()
    {
        var store = new InMemoryStatePersistence();
        await store.SaveAsync("checkout-42", WorkflowStateSerializer.Deserialize(Example25));
        var fetches = 0;
        var charges = 0;
        var audits = 0;
        Task<string> Workflow(DurableContext<int> ctx) => Run(ctx);
        async Task<string> Run(DurableContext<int> ctx)
        {
            var user = await ctx.Step("fetchUser", () => { fetches++; return new User("other", "x"); }, key: "fetch-user");
            await ctx.Step("chargeCard", () => { charges++; return Result<string, CheckoutError>.Success("charged"); }, key: "charge-card");
            await ctx.Step("audit", () => { audits++; return "audited"; });
            return user.Email;
        }

        var atTwo = await Awaitly.Durable.RunAsync(0, Workflow, new DurableOptions { Id = "checkout-42", Store = store, Version = 2, Json = TestJson.Default });
        var atThree = await Awaitly.Durable.RunAsync(0, Workflow, new DurableOptions { Id = "checkout-42", Store = store, Version = 3, Json = TestJson.Default });

        var replayed = (ExpectedError)atTwo.Error!;
        await Assert.That(replayed.TryGetError<CardDeclined>(out var declined)).IsTrue();
        await Assert.That(declined!.Code).IsEqualTo("insufficient_funds");
        var cause = (PersistedCauseException)replayed.Cause!;
        await Assert.That(cause.ErrorName).IsEqualTo("GatewayError");
        await Assert.That(cause.Message).IsEqualTo("402 from PSP");
        await Assert.That(cause.StackTrace).IsEqualTo("GatewayError: 402 from PSP\n    at …");
        await Assert.That(fetches + charges + audits).IsEqualTo(0);
        var mismatch = (VersionMismatchError)atThree.Error!;
        await Assert.That((mismatch.StoredVersion, mismatch.RequestedVersion)).IsEqualTo((2, 3));
        await Assert.That(WorkflowStateSerializer.Serialize((await store.LoadAsync("checkout-42"))!)).IsEqualTo(Example25);
    }

    [Test]
    public async Task Case45_ok_entry_has_value_and_no_error_or_meta()
    {
        var entry = StepEntry.Success("s", States.Json("{\"id\":\"u\"}"));

        await Assert.That(entry.Json.GetRawText()).IsEqualTo("""{"result":{"ok":true,"value":{"id":"u"}}}""");
    }

    [Test]
    public async Task Case46_error_without_cause_has_no_cause_and_plain_meta()
    {
        var entry = StepEntry.Failure("s", States.Json("\"E\""), null);

        await Assert.That(entry.Json.GetRawText()).IsEqualTo("""{"result":{"ok":false,"error":"E"},"meta":{"origin":"result"}}""");
        await Assert.That(entry.ReadCause()).IsNull();
    }

    [Test]
    public async Task Case41_47_48_error_cause_is_stored_twice_and_rebuilt_with_name_and_message()
    {
        var entry = StepEntry.Failure("s", States.Json("{\"type\":\"X\"}"), new InvalidOperationException("boom"));

        var result = entry.Json.GetProperty("result").GetProperty("cause");
        var meta = entry.Json.GetProperty("meta").GetProperty("resultCause");
        await Assert.That(result.GetProperty("type").GetString()).IsEqualTo("error");
        await Assert.That(result.GetProperty("errorName").GetString()).IsEqualTo("InvalidOperationException");
        await Assert.That(result.GetProperty("errorMessage").GetString()).IsEqualTo("boom");
        await Assert.That(result.TryGetProperty("errorStack", out _)).IsTrue();
        await Assert.That(meta.GetRawText()).IsEqualTo(result.GetRawText());
        var rebuilt = (PersistedCauseException)entry.ReadCause()!;
        await Assert.That((rebuilt.ErrorName, rebuilt.Message)).IsEqualTo(("InvalidOperationException", "boom"));
    }

    [Test]
    public async Task Case42_43_value_cause_round_trips()
    {
        var stored = WorkflowStateSerializer.Deserialize(
            """{"version":1,"entries":{"a":{"result":{"ok":false,"error":"E","cause":{"type":"value","value":{"status":503}}}}}}""");

        var cause = (PersistedCauseException)stored.Steps[0].ReadCause()!;
        await Assert.That(cause.Kind).IsEqualTo(PersistedCauseKind.Value);
        await Assert.That(cause.Value!.Value.GetProperty("status").GetInt32()).IsEqualTo(503);
        var again = StepEntry.Failure("a", States.Json("\"E\""), cause);
        await Assert.That(again.Json.GetProperty("result").GetProperty("cause").GetRawText()).IsEqualTo("""{"type":"value","value":{"status":503}}""");
    }

    [Test]
    public async Task Case40_undefined_cause_reads_as_none()
    {
        var stored = WorkflowStateSerializer.Deserialize(
            """{"version":1,"entries":{"a":{"result":{"ok":false,"error":"E","cause":{"type":"undefined"}}}}}""");

        await Assert.That(stored.Steps[0].ReadCause()).IsNull();
    }

    [Test]
    public async Task Case49_53_thrown_meta_records_the_exception()
    {
        var entry = StepEntry.Thrown("s", new TimeoutException("slow"));

        var thrown = entry.Json.GetProperty("meta").GetProperty("thrown");
        await Assert.That(entry.Json.GetProperty("meta").GetProperty("origin").GetString()).IsEqualTo("throw");
        await Assert.That(thrown.GetProperty("errorName").GetString()).IsEqualTo("TimeoutException");
        await Assert.That(entry.IsReplayable).IsFalse();
    }

    [Test]
    public async Task Case51_54_document_has_format_version_entries_by_key_and_metadata()
    {
        var state = States.With("{\"workflowId\":\"wf-1\"}", ("a", "1"), ("b", "\"two\""));

        var json = WorkflowStateSerializer.Serialize(state);

        await Assert.That(json).IsEqualTo("""{"version":1,"entries":{"a":{"result":{"ok":true,"value":1}},"b":{"result":{"ok":true,"value":"two"}}},"metadata":{"workflowId":"wf-1"}}""");
        var back = WorkflowStateSerializer.Deserialize(Encoding.UTF8.GetBytes(json));
        await Assert.That(back.Steps.Count).IsEqualTo(2);
        await Assert.That(back.Steps.All(s => s.IsOk)).IsTrue();
    }

    [Test]
    public async Task Non_ascii_text_is_stored_as_text()
    {
        var json = WorkflowStateSerializer.Serialize(new WorkflowState([StepEntry.Success("schritt-ü-1", JsonSerializer.SerializeToElement("привет ✓ — «grüß dich» 👋", TestJson.Default.String))]));

        await Assert.That(json).Contains("schritt-ü-1");
        await Assert.That(json).Contains("привет ✓ — «grüß dich»");
    }

    [Test]
    [Arguments("not json")]
    [Arguments("[]")]
    [Arguments("{\"entries\":{}}")]
    [Arguments("{\"version\":2,\"entries\":{}}")]
    [Arguments("{\"version\":1}")]
    [Arguments("{\"version\":1,\"entries\":{\"a\":{}}}")]
    [Arguments("{\"version\":1,\"entries\":{\"a\":{\"result\":{\"ok\":\"yes\"}}}}")]
    [Arguments("{\"version\":1,\"entries\":{},\"metadata\":3}")]
    [Arguments("{\"version\":1,\"entries\":{\"a\":{\"result\":{\"ok\":false},\"meta\":{\"origin\":\"elsewhere\"}}}}")]
    public async Task Documents_not_in_the_v1_shape_are_format_errors(string json)
    {
        await Assert.That(() => WorkflowStateSerializer.Deserialize(json)).Throws<WorkflowStateFormatException>();
    }
}
