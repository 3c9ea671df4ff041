using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Awaitly.LibSql.Generators.Diagnostics;
using Awaitly.LibSql.Generators.Emit;
using Awaitly.LibSql.Generators.Model;
using Awaitly.LibSql.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Awaitly.LibSql.Generators;

/// <summary>
/// Turns <c>[AwaitlyStore(Table = "...", Prefix = "...")] partial class MyStore</c> into a store with its
/// SQL baked in as constants, factory methods and its JSON wiring. Diagnostics travel on their own
/// output so that a moved declaration never re-emits source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AwaitlyStoreGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                StoreDeclarationParser.AttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                StoreDeclarationParser.Parse)
            .WithTrackingName(TrackingNames.Declarations);

        var models = declarations
            .Select(static (declaration, _) => declaration.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Models);

        var files = models
            .Select(static (model, _) => StoreEmitter.Emit(model))
            .WithTrackingName(TrackingNames.Files);

        var diagnostics = declarations
            .Select(static (declaration, _) => declaration.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        var all = declarations
            .Where(static declaration => declaration.Model is not null)
            .Collect()
            .WithTrackingName(TrackingNames.AllStores);

        context.RegisterSourceOutput(files, static (output, file) => output.AddSource(file.HintName, file.Text));

        // Compiling the runtime itself: its StoreSql and StoreCommands members come from the same templates.
        var runtime = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName == InfrastructureEmitter.RuntimeAssembly);
        context.RegisterSourceOutput(runtime, static (output, isRuntime) =>
        {
            if (isRuntime)
            {
                var file = InfrastructureEmitter.Emit();
                output.AddSource(file.HintName, file.Text);
            }
        });
        // Only the reporting step sees the compilation (to put diagnostics back into their syntax trees,
        // where #pragma applies); the source outputs above never depend on it.
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });
        context.RegisterSourceOutput(all.Combine(context.CompilationProvider), static (output, pair) => ReportDuplicates(output, pair.Left, pair.Right));
    }

    private static void ReportDuplicates(SourceProductionContext output, ImmutableArray<StoreDeclaration> stores, Compilation compilation)
    {
        var first = new Dictionary<string, StoreModel>(System.StringComparer.Ordinal);
        foreach (var store in stores.OrderBy(s => s.Location?.FilePath, System.StringComparer.Ordinal).ThenBy(s => s.Location?.Span.Start))
        {
            var model = store.Model!;
            var key = model.Table.ToLowerInvariant() + "\n" + model.Prefix;
            if (first.TryGetValue(key, out var earlier))
            {
                output.ReportDiagnostic(new DiagnosticInfo(DiagnosticDescriptors.DuplicateStore, store.Location, model.DisplayName, model.Table, model.Prefix,
                    earlier.DisplayName).ToDiagnostic(compilation));
            }
            else
            {
                first[key] = model;
            }
        }
    }
}
