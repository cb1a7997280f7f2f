using System.CommandLine;
using GitOps.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Options;

/// <summary>The flags every application command takes: the APP, the cluster and where history is kept.</summary>
internal sealed class AppCommandFlags
{
    private readonly Option<string> _historyNamespace = new("--history-namespace")
    {
        Description = "The namespace whose ConfigMaps keep sync history, shared by every gitops process.",
        DefaultValueFactory = _ => "gitops-system",
    };

    /// <summary>Creates the flags; <paramref name="withId"/> makes the positional arguments <c>[APP] ID</c> (rollback).</summary>
    public AppCommandFlags(bool withId = false) => Application = new ApplicationArguments(withId);

    public ApplicationArguments Application { get; }

    public ClusterFlags Cluster { get; } = new();

    public void AddTo(Command command, bool cluster = true)
    {
        Application.AddTo(command);
        if (cluster)
        {
            Cluster.AddTo(command);
            command.Options.Add(_historyNamespace);
        }
    }

    /// <summary>Reads the application, connects to the cluster and wires the SDK for it.</summary>
    public async Task<AppSession> OpenAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var application = await Application.ResolveAsync(parse, console, cancellationToken);
        var client = await Cluster.ConnectAsync(parse, console, cancellationToken);
        return new AppSession(application, client, parse.GetValue(_historyNamespace)!, configure);
    }
}
