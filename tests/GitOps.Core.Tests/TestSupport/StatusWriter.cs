using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;

namespace GitOps.Tests.TestSupport;

/// <summary>
/// Plays a controller in tests: whenever an object of the given kind and name exists, writes the given status
/// through the status subresource (until the emulator simulates controllers itself).
/// </summary>
internal sealed class StatusWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StatusWriter(ClusterClient client, ApiResource resource, string @namespace, Func<string, bool> names, JsonObject status)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var list = await client.ListAsync(resource, @namespace, null, _stop.Token);
                    foreach (var item in list.Items.Where(i => names(i.Name) && !JsonNode.DeepEquals(i.Root["status"], status)))
                    {
                        await client.PatchAsync(resource, @namespace, item.Name, "application/merge-patch+json",
                            new JsonObject { ["status"] = status.DeepClone() }, subresource: "status", cancellationToken: _stop.Token);
                    }
                }
                catch (Exception e) when (e is KubernetesApiException or OperationCanceledException)
                {
                    // The object went away between list and patch, or the writer is stopping.
                }

                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
