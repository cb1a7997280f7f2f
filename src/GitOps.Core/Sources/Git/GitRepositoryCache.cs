using System.Collections.Concurrent;
using System.Diagnostics;
using GitOps.Caching;
using GitOps.Diagnostics;
using GitOps.Versioning;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Sources.Git;

/// <summary>
/// The default <see cref="IGitSource"/>: one bare repository per normalized URL under
/// <see cref="GitSourceOptions.CacheDirectory"/>, fetched incrementally. Fetches of one repository are serialized;
/// reads never take a lock, so renders of different revisions run concurrently. A damaged cached repository is
/// deleted and cloned again automatically.
/// </summary>
public sealed class GitRepositoryCache : IGitSource, IDisposable
{
    private const string Head = "HEAD";
    private readonly ConcurrentDictionary<string, CachedRepository> _repositories = new(StringComparer.Ordinal);
    private readonly GitSourceOptions _options;
    private readonly ByteBudgetCache<(CachedRepository Repository, ObjectId Id), byte[]> _blobs;
    private readonly IGitCredentialProvider _credentials;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache.</summary>
    /// <param name="options">Where the cache lives.</param>
    /// <param name="credentialProvider">Credentials for repositories; anonymous access when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock for fetch durations.</param>
    public GitRepositoryCache(
        IOptions<GitSourceOptions> options,
        IGitCredentialProvider? credentialProvider = null,
        ILogger<GitRepositoryCache>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new GitSourceOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(GitSourceOptions), typeof(GitSourceOptions), [validation.FailureMessage]);
        }

        _blobs = new ByteBudgetCache<(CachedRepository Repository, ObjectId Id), byte[]>(_options.BlobCacheBytes);
        _credentials = credentialProvider ?? new AnonymousGitCredentialProvider();
        _logger = logger ?? NullLogger<GitRepositoryCache>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The blob contents kept in memory, shared by all repositories (exposed for tests).</summary>
    internal ByteBudgetCache<(CachedRepository Repository, ObjectId Id), byte[]> Blobs => _blobs;

    /// <inheritdoc />
    public async Task<string> ResolveRevisionAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default)
    {
        var (repository, credentials) = await PrepareAsync(repositoryUrl, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(repository, credentials, targetRevision, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ISourceTree> OpenAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default) =>
        await OpenTreeAsync(repositoryUrl, targetRevision, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<MaterializedSource> MaterializeAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default)
    {
        var tree = await OpenTreeAsync(repositoryUrl, targetRevision, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(_options.CacheDirectory, "materialized", tree.Revision[..12] + "-" + Guid.NewGuid().ToString("N")[..8]);
        var result = new MaterializedSource(folder, tree.Revision);
        try
        {
            await Task.Run(() => tree.WriteTo(folder, cancellationToken), cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the cached repository handles. The files on disk stay for the next run.</summary>
    public void Dispose()
    {
        foreach (var repository in _repositories.Values)
        {
            repository.Dispose();
        }

        _repositories.Clear();
    }

    private async Task<GitSourceTree> OpenTreeAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken)
    {
        var (repository, credentials) = await PrepareAsync(repositoryUrl, cancellationToken).ConfigureAwait(false);
        var sha = await ResolveAsync(repository, credentials, targetRevision, cancellationToken).ConfigureAwait(false);
        using var lease = repository.Rent();
        var commit = lease.Repository.Lookup<Commit>(sha);
        return new GitSourceTree(repository, sha, commit.Tree.Id);
    }

    private async Task<(CachedRepository Repository, GitCredentials? Credentials)> PrepareAsync(string repositoryUrl, CancellationToken cancellationToken)
    {
        var url = GitRepositoryUrl.Parse(repositoryUrl);
        var repository = _repositories.GetOrAdd(url.Normalized, _ => new CachedRepository(
            url, Path.Combine(_options.CacheDirectory, "repositories", url.CacheFolderName), _options.MaxPooledHandlesPerRepository, _blobs));
        var credentials = url.EmbeddedCredentials
            ?? await _credentials.GetCredentialsAsync(url.Normalized, cancellationToken).ConfigureAwait(false);
        if (url.IsSsh && !GlobalSettings.Version.Features.HasFlag(BuiltInFeatures.Ssh))
        {
            throw GitErrors.Create(GitSourceErrorKind.UnsupportedProtocol, url, null,
                "SSH is not available: the loaded libgit2 build has no SSH transport. Use an https URL with a token from an IGitCredentialProvider.",
                null, credentials);
        }

        if (url.LocalPath is { } localPath && !Directory.Exists(localPath))
        {
            throw GitErrors.Create(GitSourceErrorKind.RepositoryNotFound, url, null, $"the folder {localPath} does not exist", null, credentials);
        }

        if (repository.IsChecked)
        {
            return (repository, credentials);
        }

        await repository.FetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!repository.IsChecked && !repository.EnsureCreated())
            {
                GitSourceLog.Recloning(_logger, url.Normalized, "not a valid bare repository");
            }
        }
        finally
        {
            repository.FetchLock.Release();
        }

        return (repository, credentials);
    }

    private async Task<string> ResolveAsync(CachedRepository repository, GitCredentials? credentials, string? targetRevision, CancellationToken cancellationToken)
    {
        var revision = string.IsNullOrWhiteSpace(targetRevision) ? Head : targetRevision.Trim();
        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.git.resolve");
        activity?.SetTag("gitops.git.repository", repository.Url.Normalized);
        activity?.SetTag("gitops.git.revision", revision);

        string sha;
        if (GitRevisions.IsFullSha(revision))
        {
            sha = TryPeelLocal(repository, revision)
                ?? await FetchThenPeelAsync(repository, credentials, revision, revision, cancellationToken).ConfigureAwait(false)
                ?? throw Unknown(repository, revision, $"commit {revision} is not in the repository", credentials);
        }
        else
        {
            var references = await ListRemoteAsync(repository, credentials, revision, cancellationToken).ConfigureAwait(false);
            var target = GitRevisions.MatchReference(references, revision);
            if (target is not null)
            {
                sha = TryPeelLocal(repository, target)
                    ?? await FetchThenPeelAsync(repository, credentials, revision, target, cancellationToken).ConfigureAwait(false)
                    ?? throw CorruptAfterFetch(repository, revision, target, credentials);
            }
            else if (GitRevisions.IsShortSha(revision))
            {
                sha = TryPeelLocal(repository, revision)
                    ?? await FetchThenPeelAsync(repository, credentials, revision, revision, cancellationToken).ConfigureAwait(false)
                    ?? throw Unknown(repository, revision, "no branch, tag or commit has that name", credentials);
            }
            else if (SemVersionRange.TryParse(revision, out var range))
            {
                var tag = GitRevisions.MaxSatisfyingTag(references, range)
                    ?? throw Unknown(repository, revision, "no tag matches the semver range", credentials);
                sha = TryPeelLocal(repository, tag)
                    ?? await FetchThenPeelAsync(repository, credentials, revision, tag, cancellationToken).ConfigureAwait(false)
                    ?? throw CorruptAfterFetch(repository, revision, tag, credentials);
            }
            else
            {
                throw Unknown(repository, revision, "no branch, tag or commit has that name", credentials);
            }
        }

        activity?.SetTag("gitops.git.commit", sha);
        GitSourceLog.RevisionResolved(_logger, repository.Url.Normalized, revision, sha);
        return sha;
    }

    private static string? TryPeelLocal(CachedRepository repository, string objectish)
    {
        using var lease = repository.Rent();
        return GitRevisions.PeelToCommit(lease.Repository, objectish);
    }

    // Fetches, then peels; if the object is still missing though the server advertised it, the cache lies about what
    // it holds (lost packs, say): clone again once.
    private async Task<string?> FetchThenPeelAsync(
        CachedRepository repository, GitCredentials? credentials, string revision, string objectish, CancellationToken cancellationToken)
    {
        await FetchAsync(repository, credentials, revision, cancellationToken).ConfigureAwait(false);
        var sha = TryPeelLocal(repository, objectish);
        if (sha is not null || !GitRevisions.IsFullSha(objectish) || objectish == revision)
        {
            return sha;
        }

        await RecloneAsync(repository, credentials, revision, $"object {objectish} is missing after a fetch", cancellationToken).ConfigureAwait(false);
        return TryPeelLocal(repository, objectish);
    }

    private async Task RecloneAsync(CachedRepository repository, GitCredentials? credentials, string revision, string reason, CancellationToken cancellationToken)
    {
        GitSourceLog.Recloning(_logger, repository.Url.Normalized, reason);
        await repository.FetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            repository.Recreate();
        }
        finally
        {
            repository.FetchLock.Release();
        }

        await FetchAsync(repository, credentials, revision, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Reference>> ListRemoteAsync(
        CachedRepository repository, GitCredentials? credentials, string revision, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(
                () => (IReadOnlyList<Reference>)[.. credentials is null
                    ? Repository.ListRemoteReferences(repository.Url.FetchUrl)
                    : Repository.ListRemoteReferences(repository.Url.FetchUrl, CredentialsHandler(credentials))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (LibGit2SharpException e)
        {
            var kind = GitErrors.Classify(e) ?? GitSourceErrorKind.Network;
            throw GitErrors.Create(kind, repository.Url, revision, GitErrors.Scrub(e.Message, credentials, repository.Url), e, credentials);
        }
    }

    private async Task FetchAsync(CachedRepository repository, GitCredentials? credentials, string revision, CancellationToken cancellationToken)
    {
        await repository.FetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await FetchLockedAsync(repository, credentials, revision, cancellationToken).ConfigureAwait(false);
            }
            catch (LibGit2SharpException e) when (GitErrors.Classify(e) is null && !cancellationToken.IsCancellationRequested)
            {
                // Not a transport problem the server told us about: most likely a damaged local repository.
                GitSourceLog.Recloning(_logger, repository.Url.Normalized, GitErrors.Scrub(e.Message, credentials, repository.Url));
                repository.Recreate();
                await FetchLockedAsync(repository, credentials, revision, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (LibGit2SharpException e) when (cancellationToken.IsCancellationRequested)
        {
            // The progress callbacks stop libgit2 when the token fires; report that as a cancellation.
            throw new OperationCanceledException("The fetch was canceled.", e, cancellationToken);
        }
        catch (LibGit2SharpException e)
        {
            var kind = GitErrors.Classify(e) ?? GitSourceErrorKind.CorruptCache;
            throw GitErrors.Create(kind, repository.Url, revision, GitErrors.Scrub(e.Message, credentials, repository.Url), e, credentials);
        }
        finally
        {
            repository.FetchLock.Release();
        }
    }

    private async Task FetchLockedAsync(CachedRepository repository, GitCredentials? credentials, string revision, CancellationToken cancellationToken)
    {
        var url = repository.Url.Normalized;
        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.git.fetch");
        activity?.SetTag("gitops.git.repository", url);
        GitSourceLog.FetchStarted(_logger, url, revision);
        var started = _time.GetTimestamp();
        var outcome = "success";
        try
        {
            await Task.Run(
                () =>
                {
                    using var git = new Repository(repository.Path);
                    var options = new FetchOptions
                    {
                        Prune = true,
                        TagFetchMode = TagFetchMode.All,
                        CredentialsProvider = credentials is null ? null : CredentialsHandler(credentials),
                        OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
                        OnProgress = _ => !cancellationToken.IsCancellationRequested,
                    };
                    Commands.Fetch(git, "origin", [], options, null);
                },
                cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (Exception e)
        {
            var kind = GitErrors.Classify(e) ?? GitSourceErrorKind.CorruptCache;
            outcome = e is LibGit2SharpException && !cancellationToken.IsCancellationRequested ? kind.ToString() : "canceled";
            GitSourceLog.FetchFailed(_logger, url, outcome, GitErrors.Scrub(e.Message, credentials, repository.Url));
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        finally
        {
            var elapsed = _time.GetElapsedTime(started);
            GitTelemetry.FetchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
            if (outcome == "success")
            {
                GitSourceLog.FetchCompleted(_logger, url, elapsed.TotalMilliseconds);
            }
        }
    }

    private static CredentialsHandler CredentialsHandler(GitCredentials credentials) =>
        (_, _, _) => new UsernamePasswordCredentials { Username = credentials.Username, Password = credentials.Password };

    private static GitSourceException Unknown(CachedRepository repository, string revision, string cause, GitCredentials? credentials) =>
        GitErrors.Create(GitSourceErrorKind.UnknownRevision, repository.Url, revision, cause, null, credentials);

    private static GitSourceException CorruptAfterFetch(CachedRepository repository, string revision, string objectId, GitCredentials? credentials) =>
        GitErrors.Create(GitSourceErrorKind.CorruptCache, repository.Url, revision,
            $"the server advertises {objectId} but it is missing after fetching and cloning again", null, credentials);
}
