namespace Awaitly.LibSql.Generators;

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string Models = nameof(Models);
    public const string Files = nameof(Files);
    public const string Diagnostics = nameof(Diagnostics);
    public const string AllStores = nameof(AllStores);
}
