using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Awaitly.Cli.Commands;

/// <summary>
/// Options and arguments whose bad values are usage errors in the operator's words (the option, what it takes and what was
/// given), caught while parsing rather than by the store.
/// </summary>
internal static class CliValues
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue, int min, int max = int.MaxValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return defaultValue;
            }

            var text = result.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            var range = max == int.MaxValue ? $"{min} or more" : $"from {min} to {max}";
            result.AddError($"{name} takes a whole number {range}; '{text}' is not one.");
            return defaultValue;
        },
    };

    /// <summary>A point in time in ISO-8601; without an offset it is UTC, the zone every time the tool prints is in.</summary>
    public static Option<DateTimeOffset?> UtcTime(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[^1].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return at;
            }

            result.AddError($"{name} takes a date and time such as 2026-12-01 or 2026-12-01T08:00:00Z (UTC unless it has an offset); '{text}' is not one.");
            return null;
        },
    };

    /// <summary>Refuses an empty value of <paramref name="what"/>: it can match nothing the store writes.</summary>
    public static T NotEmpty<T>(this T symbol, string what)
        where T : Symbol
    {
        void Check(SymbolResult result)
        {
            if (result.Tokens.Any(token => token.Value.Length == 0))
            {
                result.AddError($"{what} must not be empty.");
            }
        }

        switch (symbol)
        {
            case Argument argument:
                argument.Validators.Add(Check);
                break;
            case Option option:
                option.Validators.Add(Check);
                break;
        }

        return symbol;
    }
}
