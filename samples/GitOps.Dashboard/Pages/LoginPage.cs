namespace GitOps.Dashboard.Pages;

/// <summary>The form that exchanges the access token for a session cookie.</summary>
internal static class LoginPage
{
    public static PageContent Render(string csrf, string returnUrl, string? error) => new("login", null, "Log in", $"""
        <h1>Log in</h1>
        <form method="post" action="/login" class="login">
        <input type="hidden" name="__RequestVerificationToken" value="{Html.E(csrf)}">
        <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
        <label for="token">Access token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        {(error is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{Html.E(error)}</p>")}
        <button type="submit" class="btn primary">Log in</button>
        </form>
        """);
}
