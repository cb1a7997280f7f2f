using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;
using k8s;

namespace GitOps.Testing.Tests;

/// <summary>Starting, serving over TLS with a token, the kubeconfig, and what stops at dispose.</summary>
[TestFixture]
public sealed class KubernetesEmulatorTests
{
    [Test]
    public async Task StartAsync_TlsAndToken_KubectlAndClientConnectWithTheWrittenKubeconfig()
    {
        var dir = Directory.CreateTempSubdirectory("gitops-emulator-tls-").FullName;
        try
        {
            await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { UseTls = true, BearerToken = "s3cret-token" });
            var kubeconfig = await emulator.WriteKubeconfigAsync(Path.Combine(dir, "kubeconfig"));
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

            var namespaces = await client.CoreV1.ListNamespaceAsync();
            var kubectl = Kubectl.For(kubeconfig, dir);
            var version = await kubectl.OkAsync("version", "-o", "json");

            Assert.Multiple(() =>
            {
                Assert.That(emulator.BaseAddress.Scheme, Is.EqualTo("https"));
                Assert.That(namespaces.Items.Select(n => n.Metadata.Name), Is.SupersetOf(new[] { "default", "kube-system" }));
                Assert.That((string?)JsonNode.Parse(version)!["serverVersion"]!["gitVersion"], Is.EqualTo("v1.33.0"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Request_WithoutOrWithWrongToken_Is401Status()
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { BearerToken = "right" });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        using var none = await http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "wrong") } };
        using var wrongResponse = await http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "right") } };
        using var rightResponse = await http.SendAsync(right);
        var status = JsonNode.Parse(await none.Content.ReadAsStringAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(rightResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)status["kind"], Is.EqualTo("Status"));
            Assert.That((string?)status["reason"], Is.EqualTo("Unauthorized"));
        });
    }

    [Test]
    public async Task CreateKubeconfig_NeverNeedsTheTokenInLogsButCarriesItForClients()
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { BearerToken = "it's-secret" });

        var text = emulator.CreateKubeconfig("apps");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"server: {emulator.BaseAddress.ToString().TrimEnd('/')}"));
            Assert.That(text, Does.Contain("token: 'it''s-secret'"));
            Assert.That(text, Does.Contain("namespace: apps"));
        });
    }

    [Test]
    public async Task DisposeAsync_EndsOpenWatchesAndRefusesConnections()
    {
        var emulator = await KubernetesEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        await emulator.DisposeAsync();
        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rest, Is.Empty.Or.Not.Contain("ERROR"));
            Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("/version", UriKind.Relative)));
        });
    }

    [Test]
    public void StartAsync_InvalidOptions_ThrowsNamingTheField()
    {
        var port = Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() => KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { Port = 70000 }));
        var options = new KubernetesEmulatorOptions();
        options.InitialNamespaces.Add("Not_Valid");
        var ns = Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() => KubernetesEmulator.StartAsync(options));

        Assert.Multiple(() =>
        {
            Assert.That(port!.Message, Does.Contain("Port"));
            Assert.That(ns!.Message, Does.Contain("InitialNamespaces").And.Contain("Not_Valid"));
        });
    }

    [Test]
    public async Task Request_BearerSchemeInAnyCase_IsAccepted()
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { BearerToken = "t0k" });
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer t0k");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
