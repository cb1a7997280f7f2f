using Microsoft.Extensions.Options;

namespace GitOps.Sources.Git;

/// <summary>
/// Checks the options also when the cache is built without dependency injection (so data annotations did not run):
/// the cache folder must be an absolute path and the blob cache budget not negative.
/// </summary>
internal sealed class GitSourceOptionsValidator : IValidateOptions<GitSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, GitSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            return ValidateOptionsResult.Fail($"{nameof(GitSourceOptions)}.{nameof(GitSourceOptions.CacheDirectory)} is required.");
        }

        if (options.BlobCacheBytes < 0)
        {
            return ValidateOptionsResult.Fail(
                $"{nameof(GitSourceOptions)}.{nameof(GitSourceOptions.BlobCacheBytes)} is {options.BlobCacheBytes}; it must be 0 (off) or more.");
        }

        return Path.IsPathFullyQualified(options.CacheDirectory)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{nameof(GitSourceOptions)}.{nameof(GitSourceOptions.CacheDirectory)} '{options.CacheDirectory}' must be an absolute path.");
    }
}
