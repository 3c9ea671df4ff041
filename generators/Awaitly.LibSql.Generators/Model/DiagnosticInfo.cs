using System;
using System.Linq;
using Awaitly.LibSql.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Awaitly.LibSql.Generators.Model
{
    /// <summary>A diagnostic as plain data, turned into a <see cref="Diagnostic"/> only when it is reported.</summary>
    internal sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
    {
        public DiagnosticInfo(string id, LocationInfo? location, params string[] arguments)
        {
            Id = id;
            Location = location;
            Arguments = new EquatableArray<string>(arguments);
        }

        public string Id { get; }

        public LocationInfo? Location { get; }

        public EquatableArray<string> Arguments { get; }

        public Diagnostic ToDiagnostic(Compilation? compilation) =>
            Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation(compilation), Arguments.Cast<object>().ToArray());

        public bool Equals(DiagnosticInfo? other) =>
            other is not null && Id == other.Id && Equals(Location, other.Location) && Arguments.Equals(other.Arguments);

        public override bool Equals(object? obj) => Equals(obj as DiagnosticInfo);

        public override int GetHashCode() => (Id.GetHashCode() * 31) + Arguments.GetHashCode();
    }
}
