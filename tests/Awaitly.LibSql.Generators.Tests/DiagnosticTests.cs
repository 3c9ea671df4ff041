using Microsoft.CodeAnalysis;

namespace Awaitly.LibSql.Generators.Tests;

/// <summary>One test per diagnostic: the id, the severity, where it points, and that no source is generated.</summary>
public class DiagnosticTests
{
    private static async Task<Diagnostic> Single(string source, string id, string pointsAt)
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.JsonContext, source));

        var found = diagnostics.Where(d => d.Id == id).ToList();
        await Assert.That(found.Count).IsEqualTo(1).Because(string.Join("\n", diagnostics));
        var diagnostic = found[0];
        await Assert.That(diagnostic.Descriptor.HelpLinkUri).StartsWith("https://www.nuget.org/packages/Awaitly.LibSql");
        var text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        await Assert.That(text).Contains(pointsAt);
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            await Assert.That(output.SyntaxTrees.Count()).IsEqualTo(2).Because("an invalid declaration generates nothing");
        }

        return diagnostic;
    }

    [Test]
    [Arguments("x); DROP TABLE users;--", "must start with a letter")]
    [Arguments("42_snapshots", "must start with a letter")]
    [Arguments("select", "SQL keyword")]
    [Arguments("awaitly_meta", "schema table")]
    public async Task AWLS001_invalid_table_name(string table, string says)
    {
        var diagnostic = await Single($$"""
            [Awaitly.LibSql.AwaitlyStore(Table = "{{table.Replace("\"", "\\\"")}}")]
            partial class Store;
            """, "AWLS001", "Table =");

        await Assert.That(diagnostic.Severity).IsEqualTo(DiagnosticSeverity.Error);
        await Assert.That(diagnostic.GetMessage()).Contains(says);
    }

    [Test]
    public async Task AWLS001_and_AWLS002_for_null_table_and_prefix()
    {
        var table = await Single("""[Awaitly.LibSql.AwaitlyStore(Table = null!)] partial class A;""", "AWLS001", "Table =");
        var prefix = await Single("""[Awaitly.LibSql.AwaitlyStore(Prefix = null!)] partial class B;""", "AWLS002", "Prefix =");

        await Assert.That(table.GetMessage()).Contains("it is null");
        await Assert.That(prefix.GetMessage()).Contains("it is null");
    }

    [Test]
    public async Task AWLS009_a_record_store()
    {
        var diagnostic = await Single("""[Awaitly.LibSql.AwaitlyStore(Table = "r")] partial record RecordStore;""", "AWLS009", "RecordStore");

        await Assert.That(diagnostic.Severity).IsEqualTo(DiagnosticSeverity.Error);
        await Assert.That(diagnostic.GetMessage()).Contains("partial class RecordStore;");
    }

    [Test]
    public async Task AWLS010_a_layout_that_is_not_a_state_layout()
    {
        var diagnostic = await Single("""[Awaitly.LibSql.AwaitlyStore(Layout = (Awaitly.LibSql.StateLayout)7)] partial class L;""", "AWLS010", "Layout =");

        await Assert.That(diagnostic.Severity).IsEqualTo(DiagnosticSeverity.Error);
        await Assert.That(diagnostic.GetMessage()).Contains("Layout 7 is not a StateLayout");
    }

    [Test]
    public async Task AWLS001_invalid_or_clashing_lock_table()
    {
        var invalid = await Single("""[Awaitly.LibSql.AwaitlyStore(LockTable = "lock table")] partial class A;""", "AWLS001", "LockTable =");
        var clash = await Single("""[Awaitly.LibSql.AwaitlyStore(Table = "t", LockTable = "T")] partial class B;""", "AWLS001", "LockTable =");

        await Assert.That(invalid.GetMessage()).Contains("Invalid LockTable");
        await Assert.That(clash.GetMessage()).Contains("must differ");
    }

    [Test]
    public async Task AWLS002_prefix_with_control_characters_or_too_long()
    {
        var control = await Single("""[Awaitly.LibSql.AwaitlyStore(Prefix = "a\nb")] partial class A;""", "AWLS002", "Prefix =");
        var longPrefix = await Single($$"""[Awaitly.LibSql.AwaitlyStore(Prefix = "{{new string('p', 257)}}")] partial class B;""", "AWLS002", "Prefix =");

        await Assert.That(control.GetMessage()).Contains("control characters");
        await Assert.That(longPrefix.GetMessage()).Contains("the limit is 256");
    }

    [Test]
    public async Task AWLS003_class_not_partial()
    {
        var diagnostic = await Single("[Awaitly.LibSql.AwaitlyStore] class NotPartial { }", "AWLS003", "NotPartial");

        await Assert.That(diagnostic.GetMessage()).Contains("partial class");
    }

    [Test]
    public async Task AWLS003_static_class()
    {
        await Single("[Awaitly.LibSql.AwaitlyStore] static partial class StaticStore { }", "AWLS003", "StaticStore");
    }

    [Test]
    public async Task AWLS004_nested_in_a_non_partial_type()
    {
        var diagnostic = await Single("""
            public class Outer
            {
                [Awaitly.LibSql.AwaitlyStore] internal partial class Inner;
            }
            """, "AWLS004", "Inner");

        await Assert.That(diagnostic.GetMessage()).Contains("'Outer'");
    }

    [Test]
    public async Task AWLS005_generic_class()
    {
        await Single("[Awaitly.LibSql.AwaitlyStore] partial class GenericStore<T>;", "AWLS005", "GenericStore");
    }

    [Test]
    public async Task AWLS006_json_is_not_a_serializer_context()
    {
        var diagnostic = await Single("[Awaitly.LibSql.AwaitlyStore(Json = typeof(string))] partial class Store;", "AWLS006", "Json = typeof(string)");

        await Assert.That(diagnostic.GetMessage()).Contains("JsonSerializerContext");
    }

    [Test]
    public async Task AWLS007_same_table_and_prefix_twice_is_a_warning_and_both_are_generated()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            [Awaitly.LibSql.AwaitlyStore(Table = "shared")] partial class First;
            [Awaitly.LibSql.AwaitlyStore(Table = "SHARED")] partial class Second;
            [Awaitly.LibSql.AwaitlyStore(Table = "shared", Prefix = "other:")] partial class Third;
            """));

        var duplicate = diagnostics.Single();
        await Assert.That(duplicate.Id).IsEqualTo("AWLS007");
        await Assert.That(duplicate.Severity).IsEqualTo(DiagnosticSeverity.Warning);
        await Assert.That(duplicate.GetMessage()).Contains("'Second'");
        await Assert.That(duplicate.GetMessage()).Contains("'First'");
        await Assert.That(output.SyntaxTrees.Count()).IsEqualTo(4);
    }

    [Test]
    public async Task AWLS008_class_with_a_base_class()
    {
        var diagnostic = await Single("""
            public class Base { }
            [Awaitly.LibSql.AwaitlyStore] partial class Derived : Base;
            """, "AWLS008", "Derived");

        await Assert.That(diagnostic.GetMessage()).Contains("'Base'");
    }

    [Test]
    public async Task Valid_declarations_report_nothing()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.JsonContext,
            """[Awaitly.LibSql.AwaitlyStore(Table = "t", LockTable = "l", Json = typeof(Shop.ShopJson))] partial class Store;"""));

        await Assert.That(diagnostics).IsEmpty();
    }
}
