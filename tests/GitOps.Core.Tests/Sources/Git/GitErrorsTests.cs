using GitOps.Sources.Git;
using LibGit2Sharp;

namespace GitOps.Tests.Sources.Git;

public sealed class GitErrorsTests
{
    [TestCase("unexpected http status code: 404", GitSourceErrorKind.RepositoryNotFound)]
    [TestCase("request failed with status code: 401", GitSourceErrorKind.AuthenticationFailed)]
    [TestCase("too many redirects or authentication replays", GitSourceErrorKind.AuthenticationFailed)]
    [TestCase("unexpected http status code: 502", GitSourceErrorKind.Network)]
    [TestCase("failed to connect to 127.0.0.1: Connection refused", GitSourceErrorKind.Network)]
    [TestCase("failed to resolve address for x.invalid: Name or service not known", GitSourceErrorKind.Network)]
    [TestCase("unsupported URL protocol", GitSourceErrorKind.UnsupportedProtocol)]
    [TestCase("object not found - no match for id (14040fdcfa13c5394155730cfb51cd7b2d46c929)", null)]
    [TestCase("object not found - no match for id (4011ab)", null)]
    public void Classify_LibGit2Message_PicksKind(string message, GitSourceErrorKind? expected) =>
        Assert.That(GitErrors.Classify(new LibGit2SharpException(message)), Is.EqualTo(expected));
}
