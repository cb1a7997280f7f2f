using System.Text.Json.Nodes;
using k8s;

namespace GitOps.Testing.Tests.Support;

/// <summary>A base for fixtures sharing one emulator: a temp folder, its kubeconfig, kubectl and a client.</summary>
public abstract class EmulatorFixture
{
    private string _workDir = string.Empty;

    internal KubernetesEmulator Emulator { get; private set; } = null!;

    internal string KubeconfigPath { get; private set; } = string.Empty;

    internal HttpClient Http { get; private set; } = null!;

    protected virtual KubernetesEmulatorOptions Options => new();

    [OneTimeSetUp]
    public async Task StartEmulatorAsync()
    {
        _workDir = Directory.CreateTempSubdirectory("gitops-emulator-tests-").FullName;
        Emulator = await KubernetesEmulator.StartAsync(Options);
        KubeconfigPath = await Emulator.WriteKubeconfigAsync(Path.Combine(_workDir, "kubeconfig"));
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress };
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAsync()
    {
        Http?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl cache file still open; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>kubectl against this fixture's emulator (the test is ignored when kubectl is missing).</summary>
    internal Kubectl Kubectl() => Support.Kubectl.For(KubeconfigPath, _workDir);

    internal string WorkDir => _workDir;

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds; fails with the last body otherwise.</summary>
    internal async Task<JsonObject> EventuallyAsync(string path, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (code, body) = await SendAsync(HttpMethod.Get, path);
            if (code == 200 && body is not null)
            {
                last = body;
                if (done(body))
                {
                    return body;
                }
            }

            await Task.Delay(25);
        }

        Assert.Fail($"{path} did not reach the expected state: {last?.ToJsonString()}");
        return null!;
    }

    /// <summary>A KubernetesClient for this emulator, built from the kubeconfig it wrote.</summary>
    internal Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    /// <summary>A unique namespace for one test, created through the API.</summary>
    internal async Task<string> NewNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        using var client = Client();
        await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } });
        return name;
    }

    internal async Task<(int Code, JsonObject? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        return ((int)response.StatusCode, json);
    }
}
