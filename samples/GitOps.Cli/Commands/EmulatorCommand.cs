using System.CommandLine;
using GitOps.Testing;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops emulator</c>: runs the Kubernetes API emulator until stopped (Ctrl+C).</summary>
internal static class EmulatorCommand
{
    public static Command Create(TextWriter output)
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig-out") { Description = "Write a kubeconfig for the emulator to this file." };
        var token = new Option<string?>("--token") { Description = "Require this bearer token." };
        var tls = new Option<bool>("--tls") { Description = "Serve HTTPS with a certificate authority generated at start." };
        var command = new Command("emulator", "Run the in-process Kubernetes API emulator until stopped.") { port, kubeconfig, token, tls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var emulator = await KubernetesEmulator.StartAsync(
                new KubernetesEmulatorOptions { Port = parse.GetValue(port), BearerToken = parse.GetValue(token), UseTls = parse.GetValue(tls) },
                cancellationToken);
            await output.WriteLineAsync($"Kubernetes API emulator listening on {emulator.BaseAddress}");
            if (parse.GetValue(kubeconfig) is { } file)
            {
                var path = await emulator.WriteKubeconfigAsync(file.FullName, cancellationToken);
                await output.WriteLineAsync($"kubeconfig written to {path}; try: kubectl --kubeconfig {path} get namespaces");
            }

            await output.WriteLineAsync("Press Ctrl+C to stop.");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopping.");
            }

            return CliApplication.Success;
        });
        return command;
    }
}
