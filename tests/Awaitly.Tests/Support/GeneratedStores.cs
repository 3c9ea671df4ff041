using Awaitly.LibSql;

namespace Awaitly.Tests.Support;

/// <summary>Stores declared the way users declare them; the generator builds them at compile time.</summary>
[AwaitlyStore(Table = "checkout_state", Prefix = "tenant:acme:workflow:state:", LockTable = "checkout_lock", Json = typeof(TestJson))]
public sealed partial class GeneratedCheckoutStore;

[AwaitlyStore(Table = "plain_state")]
public sealed partial class GeneratedPlainStore;

public static partial class Outer
{
    [AwaitlyStore(Table = "nested_state", Prefix = "nested:")]
    internal partial class NestedStore;
}

// Shares GeneratedPlainStore's table and prefix on purpose: AWLS007 is a warning, and this project
// treats warnings as errors, so it builds only because #pragma suppresses the generator's diagnostic.
#pragma warning disable AWLS007
[AwaitlyStore(Table = "plain_state")]
public sealed partial class GeneratedPlainStoreTwin;
#pragma warning restore AWLS007

[AwaitlyStore(Table = "journal_state", LockTable = "journal_lock", Layout = StateLayout.StepJournal, Json = typeof(TestJson))]
public sealed partial class GeneratedJournalStore;
