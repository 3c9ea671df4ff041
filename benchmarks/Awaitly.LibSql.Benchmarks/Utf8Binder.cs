using System.Text;
using SQLitePCL;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>The fastest raw way to bind text: UTF-8 (the database's encoding) encoded into one reused buffer.</summary>
internal sealed class Utf8Binder
{
    private byte[] _buffer = new byte[1024];

    public int Bind(sqlite3_stmt statement, int index, string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_buffer.Length < needed)
        {
            _buffer = new byte[needed];
        }

        var length = Encoding.UTF8.GetBytes(text, _buffer);
        return raw.sqlite3_bind_text(statement, index, _buffer.AsSpan(0, length));
    }
}
