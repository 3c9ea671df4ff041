namespace Awaitly.LibSql.Configuration;

/// <summary>Checks bearer tokens before they reach an HTTP header.</summary>
internal static class AuthTokens
{
    public static void Validate(string? token, string where)
    {
        if (token is not null && token.Any(c => char.IsControl(c) || c > '\u007e'))
        {
            throw new LibSqlConfigurationException(
                $"The auth token in {where} contains a line break, control or non-ASCII character, which cannot be sent in an HTTP header. " +
                "Copy the token again without surrounding whitespace or newlines.");
        }
    }
}
