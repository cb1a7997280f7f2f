using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cluster;
using GitOps.Manifests;

namespace GitOps.Cli.Options;

/// <summary>
/// Which cluster to talk to: <c>--kubeconfig</c>/<c>--context</c> (by default the kubeconfig kubectl would use:
/// <c>KUBECONFIG</c>, then <c>~/.kube/config</c>), or <c>--server</c> with <c>--token</c>.
/// </summary>
internal sealed class ClusterFlags
{
    private readonly Option<FileInfo?> _kubeconfig = new("--kubeconfig") { Description = "The kubeconfig file (default: KUBECONFIG, then ~/.kube/config)." };
    private readonly Option<string?> _context = new("--context") { Description = "The kubeconfig context (default: its current context)." };
    private readonly Option<Uri?> _server = new("--server")
    {
        Description = "The API server URL, instead of a kubeconfig.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--server '{text}' is not an http or https URL.");
            return null;
        },
    };
    private readonly Option<string?> _token = new("--token") { Description = "A bearer token for --server. Never printed." };
    private readonly Option<bool> _insecure = new("--insecure-skip-tls-verify") { Description = "Don't verify the --server certificate (test clusters only)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _kubeconfig, _context, _server, _token, _insecure })
        {
            command.Options.Add(option);
        }

        // Presence, not values: a value that failed to parse already has its own error.
        command.Validators.Add(result =>
        {
            if (result.GetResult(_server) is not null && (result.GetResult(_kubeconfig) is not null || result.GetResult(_context) is not null))
            {
                result.AddError("Give either --server or --kubeconfig/--context, not both.");
            }

            if (result.GetResult(_server) is null && (result.GetResult(_token) is not null || result.GetResult(_insecure) is not null))
            {
                result.AddError("--token and --insecure-skip-tls-verify go with --server.");
            }
        });
    }

    /// <summary>Connects, checking that the API server answers so that an unreachable one fails first and clearly.</summary>
    public async Task<ClusterClient> ConnectAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var options = Options(parse);
        if (options.Token is { Length: > 0 } token)
        {
            console.Secrets.Add(token);
        }

        var client = new ClusterClient(options);
        try
        {
            await client.Discovery.FindAsync(new GroupVersionKind(string.Empty, "v1", "ConfigMap"), cancellationToken);
            return client;
        }
        catch (Exception e)
        {
            client.Dispose();
            // Any failure releases the client; only an unreachable or refusing server gets the one-line explanation.
            if (!(e is HttpRequestException or KubernetesApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new InvalidOperationException(
                e is KubernetesApiException { StatusCode: > 0 }
                    ? $"The Kubernetes API server ({Describe(options)}) refused the request: {e.Message}"
                    : $"Cannot reach the Kubernetes API server ({Describe(options)}): {e.Message}",
                e);
        }
    }

    private ClusterConnectionOptions Options(ParseResult parse)
    {
        if (parse.GetValue(_server) is { } server)
        {
            return new ClusterConnectionOptions { Server = server, Token = parse.GetValue(_token), InsecureSkipTlsVerify = parse.GetValue(_insecure) };
        }

        var kubeconfig = parse.GetValue(_kubeconfig);
        if (kubeconfig is { Exists: false })
        {
            throw new FileNotFoundException($"Kubeconfig file '{kubeconfig}' does not exist.");
        }

        return new ClusterConnectionOptions { KubeconfigPath = kubeconfig?.FullName ?? FromEnvironment(), Context = parse.GetValue(_context) };
    }

    // kubectl reads the files KUBECONFIG lists; the client takes one file, so use the first that exists.
    private static string? FromEnvironment() =>
        (Environment.GetEnvironmentVariable("KUBECONFIG") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);

    private static string Describe(ClusterConnectionOptions options) =>
        options.Server is not null
            ? $"server {options.Server}"
            : $"kubeconfig {options.KubeconfigPath ?? "~/.kube/config"}{(options.Context is null ? string.Empty : $", context {options.Context}")}";
}
