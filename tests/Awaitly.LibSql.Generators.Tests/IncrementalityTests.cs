using System.Reflection;
using Awaitly.LibSql.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Awaitly.LibSql.Generators.Tests;

/// <summary>The pipeline caches: unchanged or unrelated edits do no work, real edits regenerate.</summary>
public class IncrementalityTests
{
    private const string Store = """
        namespace Shop;

        [Awaitly.LibSql.AwaitlyStore(Table = "orders", LockTable = "order_locks")]
        internal partial class OrderStore;
        """;

    private static readonly string[] Tracked = ["Declarations", "Models", "Files", "Diagnostics"];

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Test]
    public async Task The_driver_keeps_no_earlier_compilation_alive()
    {
        var (driver, earlier) = RunTwiceAndForgetTheFirst();
        for (var i = 0; i < 5 && earlier.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        await Assert.That(earlier.IsAlive).IsFalse();
        GC.KeepAlive(driver);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GeneratorDriver Driver, WeakReference Earlier) RunTwiceAndForgetTheFirst()
    {
        var first = GeneratorHarness.Compile(Store);
        var (driver, _, _) = GeneratorHarness.Run(first);
        var second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions));
        (driver, _, _) = GeneratorHarness.Run(second, driver);
        return (driver, new WeakReference(first));
    }

    [Test]
    public async Task Rerun_on_an_unchanged_compilation_is_all_cached()
    {
        var compilation = GeneratorHarness.Compile(Store);
        var (driver, _, _) = GeneratorHarness.Run(compilation);

        (driver, _, _) = GeneratorHarness.Run(compilation.Clone(), driver);

        foreach (var step in Tracked)
        {
            await Assert.That(Reasons(driver, step).All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                .IsTrue().Because(step + ": " + string.Join(",", Reasons(driver, step)));
        }
    }

    [Test]
    public async Task Unrelated_edits_leave_the_store_cached()
    {
        var compilation = GeneratorHarness.Compile(Store);
        var (driver, _, _) = GeneratorHarness.Run(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Shop; public class Unrelated { public int X => 1; }", GeneratorHarness.ParseOptions, path: "Other.cs"));
        (driver, _, _) = GeneratorHarness.Run(edited, driver);

        foreach (var step in Tracked)
        {
            await Assert.That(Reasons(driver, step).All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                .IsTrue().Because(step + ": " + string.Join(",", Reasons(driver, step)));
        }
    }

    [Test]
    public async Task Moving_the_declaration_regenerates_no_source()
    {
        var compilation = GeneratorHarness.Compile(Store);
        var (driver, _, _) = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single();

        var moved = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("// a comment that shifts every location\n" + Store, GeneratorHarness.ParseOptions, path: tree.FilePath));
        (driver, _, _) = GeneratorHarness.Run(moved, driver);

        await Assert.That(Reasons(driver, "Models").All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).IsTrue();
        await Assert.That(Reasons(driver, "Files").All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).IsTrue();
    }

    [Test]
    public async Task Changing_the_table_regenerates()
    {
        var compilation = GeneratorHarness.Compile(Store);
        var (driver, _, _) = GeneratorHarness.Run(compilation);
        var tree = compilation.SyntaxTrees.Single();

        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Store.Replace("\"orders\"", "\"orders_v2\""), GeneratorHarness.ParseOptions, path: tree.FilePath));
        (driver, var output, _) = GeneratorHarness.Run(edited, driver);

        await Assert.That(Reasons(driver, "Models")).Contains(IncrementalStepRunReason.Modified);
        await Assert.That(Reasons(driver, "Files")).Contains(IncrementalStepRunReason.Modified);
        await Assert.That(output.SyntaxTrees.Last().ToString()).Contains("\"orders_v2\"");
    }

    [Test]
    public async Task Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        Type[] forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree)];
        var seen = new HashSet<Type>();
        var problems = new List<string>();

        void Check(Type type, string path)
        {
            if (!seen.Add(type))
            {
                return;
            }

            if (forbidden.Any(f => f.IsAssignableFrom(type)))
            {
                problems.Add($"{path} is {type.Name}");
                return;
            }

            if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
            {
                return;
            }

            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                Check(argument, path + "<" + argument.Name + ">");
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Check(field.FieldType, path + "." + field.Name);
            }
        }

        foreach (var model in typeof(StoreModel).Assembly.GetTypes().Where(t => t.Namespace == typeof(StoreModel).Namespace && !t.IsGenericTypeDefinition))
        {
            Check(model, model.Name);
        }

        await Assert.That(problems).IsEmpty();
        await Assert.That(seen).Contains(typeof(StoreDeclaration));
        await Assert.That(seen).Contains(typeof(LocationInfo));
    }
}
