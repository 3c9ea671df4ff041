namespace Awaitly.LibSql.Generators.Model;

/// <summary>A type that contains the store class (emitted as a partial declaration around it).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>A valid [AwaitlyStore] declaration: everything the emitter needs, as plain strings.</summary>
/// <param name="Namespace">The class's namespace (<see langword="null"/> for the global namespace).</param>
/// <param name="ClassName">The class name.</param>
/// <param name="ContainingTypes">The types the class is nested in, outermost first.</param>
/// <param name="Table">The state table.</param>
/// <param name="Prefix">The key prefix.</param>
/// <param name="LockTable">The lock table, if the store takes leases.</param>
/// <param name="JsonContext">The fully qualified (<c>global::</c>) name of the user's JSON context, if any.</param>
/// <param name="Layout">The <c>StateLayout</c> member the declaration names, or <see langword="null"/> when it leaves the options' layout.</param>
internal sealed record StoreModel(
    string? Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    string Table,
    string Prefix,
    string? LockTable,
    string? JsonContext,
    string? Layout)
{
    public string HintName
    {
        get
        {
            var name = Namespace is null ? "" : Namespace + ".";
            foreach (var containing in ContainingTypes)
            {
                name += containing.Name + ".";
            }

            return name + ClassName + ".g.cs";
        }
    }

    public string DisplayName => (Namespace is null ? "" : Namespace + ".") + ClassName;
}

/// <summary>The outcome of reading one declaration: a model when it is valid, and its diagnostics.</summary>
/// <param name="Model">The store to emit, or <see langword="null"/> when the declaration is invalid.</param>
/// <param name="Diagnostics">What is wrong with the declaration.</param>
/// <param name="Location">The class name's location, for the duplicate-declaration warning.</param>
internal sealed record StoreDeclaration(StoreModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? Location);

/// <summary>A generated file.</summary>
internal sealed record GeneratedFile(string HintName, string Text);
