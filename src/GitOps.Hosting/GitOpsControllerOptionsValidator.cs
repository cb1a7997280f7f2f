using Microsoft.Extensions.Options;

namespace GitOps.Hosting;

// Checks the controller's settings when the host starts, naming each bad field.
internal sealed class GitOpsControllerOptionsValidator : IValidateOptions<GitOpsControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, GitOpsControllerOptions options)
    {
        var failures = new List<string>();
        try
        {
            options.ApplicationResources.Validate();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures.Select(f => "GitOpsControllerOptions." + f));
        }

        if (options.ApplicationsDirectory is { } directory && !Directory.Exists(directory))
        {
            failures.Add($"GitOpsControllerOptions.ApplicationsDirectory: the folder '{directory}' does not exist");
        }

        if (options.Webhook is null)
        {
            failures.Add("GitOpsControllerOptions.Webhook: is required");
        }
        else if (options.Webhook.MaxPayloadBytes <= 0)
        {
            failures.Add("GitOpsControllerOptions.Webhook.MaxPayloadBytes: must be positive");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
