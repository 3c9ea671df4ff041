namespace Awaitly.LibSql.Configuration;

/// <summary>Checks key prefixes.</summary>
internal static class KeyPrefixes
{
    public static void Validate(string prefix, string option)
    {
        if (prefix.Length > LibSqlPersistenceOptions.MaxPrefixLength)
        {
            throw new LibSqlConfigurationException(
                $"{option} is {prefix.Length} characters long; the limit is {LibSqlPersistenceOptions.MaxPrefixLength}.");
        }

        if (prefix.Any(char.IsControl))
        {
            throw new LibSqlConfigurationException($"{option} must not contain control characters.");
        }

        if (Utf16.HasUnpairedSurrogate(prefix))
        {
            throw new LibSqlConfigurationException($"{option} contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8 text; use valid Unicode text.");
        }
    }
}
