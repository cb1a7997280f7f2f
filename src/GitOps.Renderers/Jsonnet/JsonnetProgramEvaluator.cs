using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests;
using GitOps.Renderers.Common;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Renderers.Jsonnet;

/// <summary>
/// Evaluates Jsonnet files with the <c>jsonnet</c> program on a copy of the repository: external variables and
/// top-level arguments as strings or code, library paths relative to the repository root, and the application
/// folder always on the library path with the highest precedence.
/// </summary>
internal sealed class JsonnetProgramEvaluator : IJsonnetEvaluator
{
    private readonly ToolRunner _runner;
    private readonly ToolLocator _locator;
    private readonly SharedTreeCopies _copies;

    public JsonnetProgramEvaluator(ToolRunner runner, ToolLocator locator, SharedTreeCopies copies)
    {
        _runner = runner;
        _locator = locator;
        _copies = copies;
    }

    /// <summary>A workspace reading the tree's shared copy: jsonnet only reads files.</summary>
    public Task<ToolWorkspace> CreateWorkspaceAsync(ISourceTree source, CancellationToken cancellationToken) =>
        ToolWorkspace.CreateSharedAsync(_copies, source, cancellationToken);

    public async ValueTask<JsonNode?> EvaluateAsync(
        ISourceTree source, string file, string applicationPath, JsonnetOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        await using var workspace = await CreateWorkspaceAsync(source, cancellationToken).ConfigureAwait(false);
        return await EvaluateAsync(workspace, file, applicationPath, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates a file of an existing copy, so that one copy serves many files.</summary>
    public async Task<JsonNode?> EvaluateAsync(
        ToolWorkspace workspace, string file, string applicationPath, JsonnetOptions options, CancellationToken cancellationToken)
    {
        var jsonnet = await _locator.LocateAsync(ExternalTool.Jsonnet, cancellationToken).ConfigureAwait(false);
        var path = RenderInputs.Normalize(file, "Jsonnet file");
        var appPath = RenderInputs.Normalize(applicationPath, "application path");
        var arguments = new List<string>();
        foreach (var library in options.LibraryPaths)
        {
            arguments.Add("--jpath");
            arguments.Add(workspace.FullPath(RenderInputs.Normalize(library, $"Jsonnet library path '{library}'")));
        }

        // Right-most wins: the application folder is searched before the libraries.
        arguments.Add("--jpath");
        arguments.Add(workspace.FullPath(appPath));
        AddVariables(arguments, options.ExtVars, "--ext-str", "--ext-code", "external variable");
        AddVariables(arguments, options.TopLevelArguments, "--tla-str", "--tla-code", "top-level argument");
        arguments.Add("--");
        arguments.Add(workspace.FullPath(path));

        var result = await _runner.RunAsync(
            new ToolCommand(ExternalTool.Jsonnet, jsonnet.Path, arguments, workspace.WorkDirectory), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(ExternalTool.Jsonnet, $"jsonnet {path}", result, workspace, fallback: new SourceLocation(path));
        }

        try
        {
            return JsonNode.Parse(result.Stdout);
        }
        catch (JsonException e)
        {
            throw new RenderException($"jsonnet {path} printed invalid JSON: {e.Message}", new SourceLocation(path), e);
        }
    }

    private static void AddVariables(List<string> arguments, IList<JsonnetVariable> variables, string stringFlag, string codeFlag, string what)
    {
        foreach (var variable in variables)
        {
            // The name and value travel as one "name=value" argument, so a value starting with '-' stays a value.
            if (string.IsNullOrEmpty(variable.Name) || variable.Name.Contains('=', StringComparison.Ordinal) || variable.Name.StartsWith('-'))
            {
                throw new RenderException($"Jsonnet {what} name '{variable.Name}' is empty, starts with '-' or contains '='.");
            }

            arguments.Add(variable.Code ? codeFlag : stringFlag);
            arguments.Add(variable.Name + "=" + variable.Value);
        }
    }
}
