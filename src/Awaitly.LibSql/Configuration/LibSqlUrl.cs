namespace Awaitly.LibSql.Configuration;

/// <summary>What a store URL points at.</summary>
internal enum LibSqlUrlKind
{
    File,
    Memory,
    Remote,
}

/// <summary>A parsed store URL.</summary>
/// <param name="Kind">Embedded file, private in-memory database, or remote server.</param>
/// <param name="Path">The file path, for <see cref="LibSqlUrlKind.File"/>.</param>
/// <param name="Original">The URL as given.</param>
internal sealed record LibSqlUrl(LibSqlUrlKind Kind, string? Path, string Original)
{
    private static readonly string[] RemoteSchemes = ["libsql:", "https:", "http:", "wss:", "ws:"];

    public static LibSqlUrl Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new LibSqlConfigurationException("The store URL is empty. Use file:./awaitly.db, :memory: or libsql://host.");
        }

        if (url == ":memory:" || url == "file::memory:")
        {
            return new LibSqlUrl(LibSqlUrlKind.Memory, null, url);
        }

        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LibSqlUrl(LibSqlUrlKind.File, FilePath(url), url);
        }

        if (RemoteSchemes.Any(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return new LibSqlUrl(LibSqlUrlKind.Remote, null, url);
        }

        if (url.Contains('=', StringComparison.Ordinal) && url.Contains("source", StringComparison.OrdinalIgnoreCase))
        {
            throw new LibSqlConfigurationException(
                "The store URL looks like a connection string (Data Source=...). Url takes a URL: file:./awaitly.db for a file, :memory: or libsql://host.");
        }

        // Only the scheme is shown: the rest of an unsupported URL may hold a password.
        var problem = url.Contains(':', StringComparison.Ordinal)
            ? $"Unsupported store URL scheme '{url[..url.IndexOf(':', StringComparison.Ordinal)]}:'"
            : $"The store URL '{url}' has no scheme";
        throw new LibSqlConfigurationException(
            problem + ": Url takes a URL, not a path or connection string. Use file:./awaitly.db (or file:/abs/path.db, file:///abs/path.db), " +
            ":memory:, or libsql://host / https://host / http://host:port for a remote database.");
    }

    private static string FilePath(string url)
    {
        var rest = url["file:".Length..];
        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            throw new LibSqlConfigurationException($"'{url}': query strings and fragments are not supported on file: URLs.");
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            var host = slash < 0 ? rest[2..] : rest[2..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new LibSqlConfigurationException($"'{url}' names the host '{host}'; file: URLs must be local (file:///abs/path.db).");
            }

            rest = slash < 0 ? "" : rest[slash..];
        }

        var path = Uri.UnescapeDataString(rest);
        if (path.Length == 0 || path.EndsWith('/'))
        {
            throw new LibSqlConfigurationException($"'{url}' has no file name. Use for example file:./awaitly.db.");
        }

        return path;
    }
}
