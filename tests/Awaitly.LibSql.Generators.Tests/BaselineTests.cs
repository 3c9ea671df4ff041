using Microsoft.CodeAnalysis;

namespace Awaitly.LibSql.Generators.Tests;

/// <summary>
/// The generated files, compared with checked-in baselines under Baselines/{test}/{hint name}.txt.
/// <c>dotnet test -p:UpdateBaselines=true</c> rewrites them (and removes stale ones).
/// </summary>
public class BaselineTests
{
    [Test]
    public Task Locking_store_with_json_in_a_namespace() => Verify(nameof(Locking_store_with_json_in_a_namespace), GeneratorHarness.JsonContext, """
        using Awaitly.LibSql;

        namespace Shop;

        [AwaitlyStore(Table = "checkout_state", Prefix = "tenant:acme:workflow:state:", LockTable = "checkout_lock", Json = typeof(ShopJson))]
        internal partial class CheckoutStore;
        """);

    [Test]
    public Task Store_in_the_step_journal_layout() => Verify(nameof(Store_in_the_step_journal_layout), """
        using Awaitly.LibSql;

        [AwaitlyStore(Table = "orders_state", Layout = StateLayout.StepJournal)]
        public partial class OrdersStore;
        """);

    [Test]
    public Task Plain_store_in_the_global_namespace() => Verify(nameof(Plain_store_in_the_global_namespace), """
        [Awaitly.LibSql.AwaitlyStore]
        public sealed partial class DefaultStore;
        """);

    [Test]
    public Task Store_nested_in_partial_types() => Verify(nameof(Store_nested_in_partial_types), """
        using Awaitly.LibSql;

        namespace Shop.Billing;

        public static partial class Stores
        {
            internal partial record struct Holder
            {
                [AwaitlyStore(Table = "invoices", Prefix = "invoice:\"quoted\"\\:")]
                internal partial class InvoiceStore;
            }
        }
        """);

    [Test]
    public async Task Runtime_infrastructure_from_the_templates()
    {
        var runtime = GeneratorHarness.Compile().WithAssemblyName("Awaitly.LibSql");
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile());
        var (_, output, _) = GeneratorHarness.Run(runtime);

        await Assert.That(diagnostics).IsEmpty();
        await Assert.That(GeneratorHarness.Run(GeneratorHarness.Compile()).Output.SyntaxTrees.Count()).IsEqualTo(0).Because("only the runtime gets its infrastructure");
        await Compare(nameof(Runtime_infrastructure_from_the_templates), output.SyntaxTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString()));
    }

    private static async Task Verify(string test, params string[] sources)
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(sources));
        // The generator's version is stamped into [GeneratedCode]; baselines hold a placeholder so a release changes no baseline.
        var version = typeof(AwaitlyStoreGenerator).Assembly.GetName().Version!.ToString();
        var generated = output.SyntaxTrees.Skip(sources.Length)
            .ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString().Replace($"\"{version}\"", "\"%VERSION%\"", StringComparison.Ordinal));

        await Assert.That(diagnostics).IsEmpty();
        await Assert.That(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())).IsEmpty();

        await Assert.That(generated.Values.All(text => text.Contains("\"%VERSION%\")", StringComparison.Ordinal))).IsTrue().Because("every file carries the version placeholder");
        await Compare(test, generated);
    }

    private static async Task Compare(string test, Dictionary<string, string> generated)
    {
        var directory = Path.Combine(GeneratorHarness.Setting("BaselinesDirectory"), test);
        if (bool.Parse(GeneratorHarness.Setting("UpdateBaselines")))
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var (hint, text) in generated)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, hint + ".txt"), text);
            }

            return;
        }

        var expected = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.txt").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText)
            : [];
        await Assert.That(generated.Keys.Order()).IsEquivalentTo(expected.Keys.Order(), TUnit.Assertions.Enums.CollectionOrdering.Matching)
            .Because("the set of generated files must match Baselines/" + test + " (run dotnet test -p:UpdateBaselines=true after an intended change)");
        foreach (var (hint, text) in generated)
        {
            await Assert.That(text).IsEqualTo(expected[hint]).Because($"{hint} differs from its baseline");
        }
    }
}
