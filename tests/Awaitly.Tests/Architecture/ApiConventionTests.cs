using System.Reflection;
using System.Xml.Linq;
using Awaitly.LibSql;

namespace Awaitly.Tests.Architecture;

/// <summary>
/// Conventions of the public API of Awaitly and Awaitly.LibSql (in the manner of DistributedLock's API test): awaitable
/// methods end in Async, a CancellationToken comes last with a default, stores and leases are IAsyncDisposable, and every
/// public member is documented.
/// </summary>
public class ApiConventionTests
{
    private static readonly Assembly[] Libraries = [typeof(Durable).Assembly, typeof(LibSqlPersistence).Assembly];

    // The workflow DSL mirrors the TypeScript package's step(id, fn, options): ctx.Step(...) reads as a statement of the workflow.
    private static readonly HashSet<string> AsyncSuffixExceptions = new(StringComparer.Ordinal) { "Awaitly.DurableContext`1.Step" };

    private static IEnumerable<Type> PublicTypes => Libraries.SelectMany(a => a.GetExportedTypes());

    private static IEnumerable<MethodInfo> PublicMethods => PublicTypes
        .Where(t => !typeof(Delegate).IsAssignableFrom(t))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName && m.DeclaringType!.Namespace != "System.Runtime.CompilerServices" && m.Name != "<Clone>$");

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) ||
        (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));

    [Test]
    public async Task Awaitable_methods_end_in_Async()
    {
        var wrong = PublicMethods
            .Where(m => IsAwaitable(m.ReturnType) && !m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Where(name => !AsyncSuffixExceptions.Contains(name))
            .Distinct()
            .ToList();

        await Assert.That(wrong).IsEmpty().Because(string.Join("\n", wrong));
    }

    [Test]
    public async Task A_cancellation_token_comes_last_and_is_optional()
    {
        var wrong = PublicMethods
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .Where(m =>
            {
                var parameters = m.GetParameters();
                var last = parameters[^1];
                return last.ParameterType != typeof(CancellationToken) || !last.HasDefaultValue ||
                    parameters.Count(p => p.ParameterType == typeof(CancellationToken)) != 1;
            })
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})")
            .ToList();

        await Assert.That(wrong).IsEmpty().Because(string.Join("\n", wrong));
    }

    [Test]
    public async Task Stores_and_leases_are_async_disposable()
    {
        var stores = PublicTypes.Where(t => t.IsClass && !t.IsAbstract &&
            (typeof(IStatePersistence).IsAssignableFrom(t) || typeof(IWorkflowLock).IsAssignableFrom(t) || t == typeof(WorkflowLease) || t == typeof(LibSqlKeyValueStore)))
            .ToList();
        var wrong = stores.Where(t => !typeof(IAsyncDisposable).IsAssignableFrom(t)).Select(t => t.FullName).ToList();

        await Assert.That(stores).Contains(typeof(LibSqlPersistence)).And.Contains(typeof(WorkflowLease));
        await Assert.That(wrong).IsEmpty().Because(string.Join("\n", wrong));
    }

    [Test]
    public async Task Every_public_member_is_documented()
    {
        var missing = new List<string>();
        foreach (var assembly in Libraries)
        {
            var xml = Path.ChangeExtension(assembly.Location, ".xml");
            var documented = XDocument.Load(xml).Descendants("member")
                .Where(m => m.Elements().Any(e => e.Name == "summary" || e.Name == "inheritdoc") || m.Value.Trim().Length > 0)
                .Select(m => (string)m.Attribute("name")!)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var type in assembly.GetExportedTypes())
            {
                Check("T:" + Name(type));
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(p => p.Name != "EqualityContract"))
                {
                    Check("P:" + Name(type) + "." + property.Name);
                }
            }

            void Check(string id)
            {
                if (!documented.Contains(id))
                {
                    missing.Add(id);
                }
            }
        }

        await Assert.That(missing).IsEmpty().Because(string.Join("\n", missing));
    }

    private static string Name(Type type) => type.FullName!.Replace('+', '.');
}
