using System.Linq;
using Microsoft.CodeAnalysis;

namespace Awaitly.LibSql.Generators.Model;

/// <summary>A diagnostic as plain data (its descriptor, where, and the message arguments), turned into a <see cref="Diagnostic"/> only when it is reported.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public DiagnosticInfo(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        : this(descriptor, location, new EquatableArray<string>(arguments))
    {
    }

    public Diagnostic ToDiagnostic(Compilation? compilation) =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(compilation), Arguments.Cast<object>().ToArray());
}
