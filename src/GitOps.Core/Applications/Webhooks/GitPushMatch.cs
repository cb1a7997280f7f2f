namespace GitOps.Applications.Webhooks;

/// <summary>An application a push concerns, and the source that made it so.</summary>
/// <param name="Application">The application.</param>
/// <param name="Source">The first of its sources the push concerns.</param>
public sealed record GitPushMatch(Application Application, ApplicationSource Source);
