using Microsoft.Extensions.Options;

namespace GitOps.Sources.Git;

/// <summary>Checks what data annotations cannot: the cache folder must be an absolute path.</summary>
internal sealed class GitSourceOptionsValidator : IValidateOptions<GitSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, GitSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            return ValidateOptionsResult.Fail($"{nameof(GitSourceOptions)}.{nameof(GitSourceOptions.CacheDirectory)} is required.");
        }

        return Path.IsPathFullyQualified(options.CacheDirectory)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{nameof(GitSourceOptions)}.{nameof(GitSourceOptions.CacheDirectory)} '{options.CacheDirectory}' must be an absolute path.");
    }
}
