using Microsoft.CodeAnalysis;

namespace Awaitly.LibSql.Generators.Diagnostics;

/// <summary>Every diagnostic of the [AwaitlyStore] generator.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Awaitly.LibSql";

    // The package's README (shown on its NuGet page) has a table of every diagnostic with its fix.
    private const string HelpLink = "https://www.nuget.org/packages/Awaitly.LibSql#readme-body-tab";

    public static readonly DiagnosticDescriptor InvalidTableName = new DiagnosticDescriptor(
        "AWLS001", "Invalid table name",
        "Invalid {0} '{1}' on [AwaitlyStore]: {2}; use a name matching ^[A-Za-z_][A-Za-z0-9_]*$ that is not an SQL keyword",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InvalidPrefix = new DiagnosticDescriptor(
        "AWLS002", "Invalid key prefix",
        "Invalid Prefix on [AwaitlyStore]: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor NotPartial = new DiagnosticDescriptor(
        "AWLS003", "Store class must be a non-static partial class",
        "'{0}' must be declared as a non-static 'partial class' so the generator can add the store to it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new DiagnosticDescriptor(
        "AWLS004", "Containing type must be a non-generic partial type",
        "'{0}' is nested in '{1}', which must be a non-generic 'partial' type; make it partial or move the store to namespace level",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor GenericStore = new DiagnosticDescriptor(
        "AWLS005", "Store class must not be generic",
        "'{0}' must not have type parameters; declare one non-generic store class per table",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor JsonNotContext = new DiagnosticDescriptor(
        "AWLS006", "Json must be a JsonSerializerContext",
        "Json = typeof({0}) on [AwaitlyStore] must name a class deriving from System.Text.Json.Serialization.JsonSerializerContext (a [JsonSerializable] context)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor DuplicateStore = new DiagnosticDescriptor(
        "AWLS007", "Table and prefix declared twice",
        "'{0}' uses table '{1}' with prefix '{2}', as '{3}' does; both stores would read and write the same rows",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor HasBaseClass = new DiagnosticDescriptor(
        "AWLS008", "Store class must not declare a base class",
        "'{0}' derives from '{1}'; the generator makes the store derive from the libSQL store, so remove the base class",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor RecordStore = new DiagnosticDescriptor(
        "AWLS009", "Store must be a class, not a record",
        "'{0}' is a record; a store derives from the libSQL store class, which a record cannot, so declare it as 'partial class {0};'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InvalidLayout = new DiagnosticDescriptor(
        "AWLS010", "Invalid state layout",
        "Layout {0} is not a StateLayout; use StateLayout.Document (the default) or StateLayout.StepJournal",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);
}
