namespace GitOps.Renderers.Tools;

/// <summary>One program call.</summary>
/// <param name="Tool">Which program, for messages and limits.</param>
/// <param name="Executable">The program's full path.</param>
/// <param name="Arguments">The arguments, passed without a shell.</param>
/// <param name="WorkingDirectory">The folder the program runs in.</param>
internal sealed record ToolCommand(ExternalTool Tool, string Executable, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Environment variables to set (or remove, when the value is <see langword="null"/>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the program's standard input (a password for <c>--password-stdin</c>), then closed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Values that must never show in messages (passwords), replaced by <c>***</c>.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Redacts the secrets from a text.</summary>
    public string Redact(string text)
    {
        foreach (var secret in Secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
