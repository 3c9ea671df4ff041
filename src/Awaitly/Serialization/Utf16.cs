// Also compiled into the [AwaitlyStore] generator (netstandard2.0): keep it free of newer APIs.
namespace Awaitly;

/// <summary>Checks of UTF-16 text that must survive a round trip through UTF-8 (every store and JSON document), for store implementations.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Utf16
{
    /// <summary>True when <paramref name="text"/> holds a high surrogate not followed by a low one, or a lone low surrogate.</summary>
    public static bool HasUnpairedSurrogate(string text)
    {
        if (text is null)
        {
            throw new System.ArgumentNullException(nameof(text));
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
