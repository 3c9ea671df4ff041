namespace Awaitly.LibSql.Configuration;

/// <summary>
/// A remote database URL normalised for HTTP: <c>libsql://</c> and <c>wss://</c> become <c>https://</c>,
/// <c>ws://</c> becomes <c>http://</c>, <c>?tls=0</c> selects plain HTTP (with an explicit port) and
/// <c>?authToken=</c> carries a token. Other query parameters, fragments and user info are rejected.
/// </summary>
/// <param name="BaseUri">The server's base URL (scheme, host, port and path; no query).</param>
/// <param name="AuthToken">The token given in the URL, if any.</param>
internal sealed record RemoteUrl(Uri BaseUri, string? AuthToken)
{
    public static RemoteUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Invalid(url, "it is not an absolute URL");
        }

        if (uri.Host.Length == 0)
        {
            throw Invalid(url, "it has no host");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw Invalid(url, "user info (user:password@) is not supported; pass the token as AuthToken");
        }

        if (uri.Fragment.Length > 0)
        {
            throw Invalid(url, "fragments (#...) are not supported");
        }

        bool? tls = null;
        string? token = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (name)
            {
                case "tls" when value is "0" or "1":
                    tls = value == "1";
                    break;
                case "tls":
                    throw Invalid(url, "tls must be 0 or 1");
                case "authToken":
                    token = value;
                    break;
                default:
                    throw Invalid(url, $"the query parameter '{name}' is not supported (only tls and authToken are)");
            }
        }

        var scheme = uri.Scheme.ToLowerInvariant() switch
        {
            "libsql" => tls == false ? "http" : "https",
            "https" or "wss" when tls == false => throw Invalid(url, "tls=0 contradicts a secure scheme"),
            "http" or "ws" when tls == true => throw Invalid(url, "tls=1 contradicts a plain scheme"),
            "https" or "wss" => "https",
            "http" or "ws" => "http",
            _ => throw Invalid(url, $"the scheme '{uri.Scheme}' is not a remote libSQL scheme"),
        };
        if (uri.Scheme.Equals("libsql", StringComparison.OrdinalIgnoreCase) && tls == false && uri.IsDefaultPort)
        {
            throw Invalid(url, "libsql:// with tls=0 needs an explicit port");
        }

        AuthTokens.Validate(token, "the authToken query parameter");
        var builder = new UriBuilder(scheme, uri.Host, uri.IsDefaultPort ? -1 : uri.Port, uri.AbsolutePath.TrimEnd('/'));
        return new RemoteUrl(builder.Uri, token);
    }

    /// <summary>The pipeline endpoint: the base path with <c>/v2/pipeline</c> (or v3) appended.</summary>
    public Uri Pipeline(HranaVersion version) =>
        new(BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + (version == HranaVersion.V3 ? "/v3/pipeline" : "/v2/pipeline"));

    /// <summary>The URL without anything secret, for messages.</summary>
    public string Display => BaseUri.GetLeftPart(UriPartial.Path);

    private static LibSqlConfigurationException Invalid(string url, string why) =>
        new($"Invalid remote URL '{Redact(url)}': {why}. Use libsql://host, https://host or http://host:port (add ?tls=0 for a local server).");

    private static string Redact(string url)
    {
        var at = url.IndexOf("authToken=", StringComparison.Ordinal);
        return at < 0 ? url : url[..(at + "authToken=".Length)] + "***";
    }
}
