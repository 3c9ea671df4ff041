using System;

namespace Awaitly.LibSql.Generators.Model
{
    /// <summary>A type that contains the store class (emitted as a partial declaration around it).</summary>
    internal sealed class ContainingType : IEquatable<ContainingType>
    {
        public ContainingType(string keyword, string name)
        {
            Keyword = keyword;
            Name = name;
        }

        public string Keyword { get; }

        public string Name { get; }

        public bool Equals(ContainingType? other) => other is not null && Keyword == other.Keyword && Name == other.Name;

        public override bool Equals(object? obj) => Equals(obj as ContainingType);

        public override int GetHashCode() => (Keyword.GetHashCode() * 31) + Name.GetHashCode();
    }

    /// <summary>A valid [AwaitlyStore] declaration: everything the emitter needs, as plain strings.</summary>
    internal sealed class StoreModel : IEquatable<StoreModel>
    {
        public StoreModel(string? @namespace, string className, EquatableArray<ContainingType> containingTypes, string table, string prefix, string? lockTable, string? jsonContext)
        {
            Namespace = @namespace;
            ClassName = className;
            ContainingTypes = containingTypes;
            Table = table;
            Prefix = prefix;
            LockTable = lockTable;
            JsonContext = jsonContext;
        }

        public string? Namespace { get; }

        public string ClassName { get; }

        public EquatableArray<ContainingType> ContainingTypes { get; }

        public string Table { get; }

        public string Prefix { get; }

        public string? LockTable { get; }

        /// <summary>The fully qualified (<c>global::</c>) name of the user's JSON context, if any.</summary>
        public string? JsonContext { get; }

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

        public bool Equals(StoreModel? other) =>
            other is not null && Namespace == other.Namespace && ClassName == other.ClassName && ContainingTypes.Equals(other.ContainingTypes) &&
            Table == other.Table && Prefix == other.Prefix && LockTable == other.LockTable && JsonContext == other.JsonContext;

        public override bool Equals(object? obj) => Equals(obj as StoreModel);

        public override int GetHashCode() => (((ClassName.GetHashCode() * 31) + Table.GetHashCode()) * 31) + Prefix.GetHashCode();
    }

    /// <summary>The outcome of reading one declaration: a model when it is valid, and its diagnostics.</summary>
    internal sealed class StoreDeclaration : IEquatable<StoreDeclaration>
    {
        public StoreDeclaration(StoreModel? model, EquatableArray<DiagnosticInfo> diagnostics, LocationInfo? location)
        {
            Model = model;
            Diagnostics = diagnostics;
            Location = location;
        }

        public StoreModel? Model { get; }

        public EquatableArray<DiagnosticInfo> Diagnostics { get; }

        /// <summary>The class name's location, for the duplicate-declaration warning.</summary>
        public LocationInfo? Location { get; }

        public bool Equals(StoreDeclaration? other) =>
            other is not null && Equals(Model, other.Model) && Diagnostics.Equals(other.Diagnostics) && Equals(Location, other.Location);

        public override bool Equals(object? obj) => Equals(obj as StoreDeclaration);

        public override int GetHashCode() => Model?.GetHashCode() ?? Diagnostics.GetHashCode();
    }

    /// <summary>A generated file.</summary>
    internal sealed class GeneratedFile : IEquatable<GeneratedFile>
    {
        public GeneratedFile(string hintName, string text)
        {
            HintName = hintName;
            Text = text;
        }

        public string HintName { get; }

        public string Text { get; }

        public bool Equals(GeneratedFile? other) => other is not null && HintName == other.HintName && Text == other.Text;

        public override bool Equals(object? obj) => Equals(obj as GeneratedFile);

        public override int GetHashCode() => HintName.GetHashCode();
    }
}
