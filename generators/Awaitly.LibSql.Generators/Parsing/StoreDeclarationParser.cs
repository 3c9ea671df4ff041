using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Awaitly.LibSql.Generators.Diagnostics;
using Awaitly.LibSql.Generators.Model;
using Awaitly.LibSql.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Awaitly.LibSql.Generators.Parsing;

/// <summary>Reads one [AwaitlyStore] class into a <see cref="StoreDeclaration"/>.</summary>
internal static class StoreDeclarationParser
{
    public const string AttributeName = "Awaitly.LibSql.AwaitlyStoreAttribute";
    private const string JsonContextName = "System.Text.Json.Serialization.JsonSerializerContext";
    private const string DefaultTable = "awaitly_workflow_state";
    private const string DefaultPrefix = "workflow:state:";
    private const int MaxPrefixLength = 256;

    public static StoreDeclaration Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var classLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        var diagnostics = new List<DiagnosticInfo>();

        if (syntax is RecordDeclarationSyntax)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.RecordStore, classLocation, type.Name));
        }
        else if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.IsStatic)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.NotPartial, classLocation, type.Name));
        }

        if (type.TypeParameters.Length > 0)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.GenericStore, classLocation, type.Name));
        }

        if (syntax is not RecordDeclarationSyntax && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HasBaseClass, classLocation, type.Name, baseType.ToDisplayString()));
        }

        var containing = new List<ContainingType>();
        for (var outer = syntax.Parent as TypeDeclarationSyntax; outer is not null; outer = outer.Parent as TypeDeclarationSyntax)
        {
            if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword) || outer.TypeParameterList is not null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ContainingTypeNotPartial, classLocation, type.Name, outer.Identifier.Text));
            }

            containing.Insert(0, new ContainingType(Keyword(outer), outer.Identifier.Text));
        }

        var table = NamedString(attribute, "Table") ?? DefaultTable;
        var prefix = NamedString(attribute, "Prefix") ?? DefaultPrefix;
        if (NamedArgument(attribute, "Table") is { IsNull: true })
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidTableName, ArgumentLocation(attributeSyntax, "Table"), "Table", "null",
                "it is null (leave Table out for the default awaitly_workflow_state)"));
            table = DefaultTable;
        }

        if (NamedArgument(attribute, "Prefix") is { IsNull: true })
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidPrefix, ArgumentLocation(attributeSyntax, "Prefix"),
                "it is null; leave Prefix out for the default workflow:state:, or use \"\" for none"));
        }
        var lockTable = NamedString(attribute, "LockTable");
        if (SqlIdentifier.Problem(table) is { } tableProblem)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidTableName, ArgumentLocation(attributeSyntax, "Table"), "Table", table, tableProblem));
        }

        if (lockTable is not null)
        {
            var lockProblem = SqlIdentifier.Problem(lockTable)
                ?? (string.Equals(lockTable, table, System.StringComparison.OrdinalIgnoreCase) ? "the lock table must differ from the state table" : null);
            if (lockProblem is not null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidTableName, ArgumentLocation(attributeSyntax, "LockTable"), "LockTable", lockTable, lockProblem));
            }
        }

        var prefixProblem = prefix.Length > MaxPrefixLength ? "it is " + prefix.Length + " characters long; the limit is " + MaxPrefixLength
            : prefix.Any(char.IsControl) ? "it contains control characters"
            : Awaitly.Utf16.HasUnpairedSurrogate(prefix) ? "it contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8 text" : null;
        if (prefixProblem is not null)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidPrefix, ArgumentLocation(attributeSyntax, "Prefix"), prefixProblem));
        }

        string? json = null;
        if (NamedArgument(attribute, "Json") is { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol jsonType })
        {
            if (DerivesFrom(jsonType, context.SemanticModel.Compilation.GetTypeByMetadataName(JsonContextName)))
            {
                json = jsonType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
            else
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.JsonNotContext, ArgumentLocation(attributeSyntax, "Json"), jsonType.ToDisplayString()));
            }
        }

        string? layout = null;
        if (NamedArgument(attribute, "Layout") is { Value: int layoutValue })
        {
            layout = layoutValue switch { 0 => "Document", 1 => "StepJournal", _ => null };
            if (layout is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidLayout, ArgumentLocation(attributeSyntax, "Layout"),
                    layoutValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var model = diagnostics.Count > 0
            ? null
            : new StoreModel(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                new EquatableArray<ContainingType>(containing),
                table,
                prefix,
                lockTable,
                json,
                layout);
        return new StoreDeclaration(model, new EquatableArray<DiagnosticInfo>(diagnostics), classLocation);
    }

    private static string Keyword(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private static TypedConstant? NamedArgument(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static string? NamedString(AttributeData attribute, string name) =>
        NamedArgument(attribute, name) is { Value: string text } ? text : null;

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type.BaseType; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }


    private static LocationInfo? ArgumentLocation(AttributeSyntax? attribute, string name)
    {
        var argument = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name);
        return LocationInfo.From((argument ?? (SyntaxNode?)attribute)?.GetLocation());
    }
}
