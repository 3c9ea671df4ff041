using System.ComponentModel;
namespace Awaitly.LibSql.Infrastructure;

/// <summary>The current row of a statement's result, as the read helpers of <see cref="StoreCommands"/> see it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISqlRow
{
    /// <summary>True when the column holds SQL NULL.</summary>
    bool IsNull(int ordinal);

    /// <summary>The column as text.</summary>
    string GetString(int ordinal);

    /// <summary>The column as a 64-bit integer.</summary>
    long GetInt64(int ordinal);

    /// <summary>The column as bytes: a BLOB's, or text's UTF-8.</summary>
    byte[] GetBytes(int ordinal);
}
