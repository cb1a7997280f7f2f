namespace GitOps.Dashboard.Actions;

/// <summary>What an action did, for the page's script to show.</summary>
/// <param name="Ok">Whether it succeeded.</param>
/// <param name="Message">What happened, for people.</param>
internal sealed record ActionResponse(bool Ok, string Message);
