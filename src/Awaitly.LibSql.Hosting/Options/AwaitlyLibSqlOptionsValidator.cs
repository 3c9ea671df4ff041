using Microsoft.Extensions.Options;

namespace Awaitly.LibSql.Hosting;

/// <summary>Checks hosted store settings when the host starts, with the store's own messages.</summary>
internal sealed class AwaitlyLibSqlOptionsValidator : IValidateOptions<AwaitlyLibSqlOptions>
{
    public ValidateOptionsResult Validate(string? name, AwaitlyLibSqlOptions options)
    {
        var store = string.IsNullOrEmpty(name) ? "The Awaitly store" : $"The Awaitly store '{name}'";
        try
        {
            (options.ToPersistenceOptions() with { PurgeInterval = options.PurgeInterval }).Validate();
            Infrastructure.StoreCommands.Create(options.TableName, options.Lock ? options.LockTableName : null);
        }
        catch (LibSqlConfigurationException ex)
        {
            return ValidateOptionsResult.Fail($"{store} is misconfigured: {ex.Message}");
        }

        var resume = options.Resume;
        if (resume is null)
        {
            return ValidateOptionsResult.Fail($"{store} is misconfigured: Resume is null; leave it at its default (disabled) or set its values.");
        }

        if (resume.Enabled && !options.Lock)
        {
            return ValidateOptionsResult.Fail(
                $"{store} is misconfigured: Resume.Enabled needs Lock = true, because without leases a resumed run could run beside the live run of the same id.");
        }

        if (resume.Interval < TimeSpan.FromSeconds(1) || resume.Interval > TimeSpan.FromDays(1))
        {
            return ValidateOptionsResult.Fail($"{store} is misconfigured: Resume.Interval must be between 1 second and 1 day (got {resume.Interval}).");
        }

        if (resume.MaxParallelism is < 1 or > 256)
        {
            return ValidateOptionsResult.Fail($"{store} is misconfigured: Resume.MaxParallelism must be between 1 and 256 (got {resume.MaxParallelism}).");
        }

        if (resume.MaxPerScan is < 1 or > 1_000_000)
        {
            return ValidateOptionsResult.Fail($"{store} is misconfigured: Resume.MaxPerScan must be between 1 and 1000000 (got {resume.MaxPerScan}).");
        }

        return ValidateOptionsResult.Success;
    }
}
