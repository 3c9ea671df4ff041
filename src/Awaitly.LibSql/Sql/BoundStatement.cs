using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Awaitly.LibSql.Sql;

namespace Awaitly.LibSql.Infrastructure;

/// <summary>
/// A statement's SQL text with its values bound to <c>?1</c>, <c>?2</c>, … in order: what a bind helper of
/// <see cref="StoreCommands"/> returns. Holds up to <see cref="MaxArgs"/> values inline, so binding allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct BoundStatement
{
    /// <summary>The most values one statement binds.</summary>
    public const int MaxArgs = 9;

    private readonly ArgBuffer _args;

    /// <summary>Binds <paramref name="args"/> to the positional parameters of <paramref name="sql"/>.</summary>
    public BoundStatement(string sql, params ReadOnlySpan<SqlArg> args)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (args.Length > MaxArgs)
        {
            throw new ArgumentException($"A bound statement holds at most {MaxArgs} values; got {args.Length}.", nameof(args));
        }

        Sql = sql;
        Count = args.Length;

        // Element by element: a span copy of values holding references is a bulk move through the runtime, which costs more
        // than the few values a statement binds.
        for (var i = 0; i < args.Length; i++)
        {
            _args[i] = args[i];
        }
    }

    /// <summary>The SQL text.</summary>
    public string Sql { get; }

    /// <summary>How many values are bound.</summary>
    public int Count { get; }

    /// <summary>The bound values, for <c>?1</c> … <c>?Count</c>.</summary>
    [UnscopedRef]
    public ReadOnlySpan<SqlArg> Args => ((ReadOnlySpan<SqlArg>)_args)[..Count];

    internal SqlStatement ToStatement() => new(Sql, Args.ToArray());

    [InlineArray(MaxArgs)]
    private struct ArgBuffer
    {
        private SqlArg _first;
    }
}
