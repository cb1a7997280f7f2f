using System.Net;
using GitOps.Testing.Faults;
using GitOps.Testing.Tests.Support;
using k8s;

namespace GitOps.Testing.Tests.Faults;

/// <summary>Fault rules on the emulator: each fault kind, counts, filters and seeded probabilities.</summary>
[TestFixture]
public sealed class FaultRulesTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { FaultSeed = 42, Controllers = { Enabled = false } };

    [TearDown]
    public void ClearRules() => Emulator.Faults.Clear();

    [TestCase(FaultKind.TooManyRequests, 429, "TooManyRequests")]
    [TestCase(FaultKind.InternalError, 500, "InternalError")]
    [TestCase(FaultKind.ServiceUnavailable, 503, "ServiceUnavailable")]
    [TestCase(FaultKind.Conflict, 409, "Conflict")]
    public async Task Fault_ErrorKinds_AnswerStatusWithTheRealReason(FaultKind kind, int code, string reason)
    {
        var fault = kind switch
        {
            FaultKind.TooManyRequests => Fault.TooManyRequests(TimeSpan.FromSeconds(2)),
            FaultKind.InternalError => Fault.InternalError(),
            FaultKind.ServiceUnavailable => Fault.ServiceUnavailable(),
            _ => Fault.Conflict(),
        };
        var rule = Emulator.Faults.Add(new FaultRule { Verb = "get", Resource = "namespaces", Name = "default", Count = 1, Fault = fault });

        using var response = await Http.GetAsync("/api/v1/namespaces/default");
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (secondCode, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(code));
            Assert.That((string?)status["reason"], Is.EqualTo(reason));
            Assert.That(secondCode, Is.EqualTo(200), "Count = 1 fires once");
            Assert.That(rule.Fired, Is.EqualTo(1));
            if (kind == FaultKind.TooManyRequests)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
            }
        });
    }

    [Test]
    public async Task Fault_Filters_OnlyMatchingRequestsAreHit()
    {
        Emulator.Faults.Add(new FaultRule { Verb = "list", Resource = "configmaps", Namespace = "kube-system", Fault = Fault.InternalError() });

        var (hit, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/kube-system/configmaps");
        var (otherNamespace, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var (otherResource, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/kube-system/secrets");

        Assert.Multiple(() =>
        {
            Assert.That(hit, Is.EqualTo(500));
            Assert.That(otherNamespace, Is.EqualTo(200));
            Assert.That(otherResource, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Fault_DropConnection_FailsTheClientWithoutAnswer()
    {
        Emulator.Faults.Add(new FaultRule { Resource = "namespaces", Count = 1, Fault = Fault.DropConnection() });

        Assert.That(async () => await Http.GetAsync("/api/v1/namespaces/default"), Throws.InstanceOf<HttpRequestException>());
        var (code, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default");
        Assert.That(code, Is.EqualTo(200));
    }

    [Test]
    public async Task Fault_Latency_DelaysThenServes()
    {
        Emulator.Faults.Add(new FaultRule { Resource = "namespaces", Count = 1, Fault = Fault.Latency(TimeSpan.FromMilliseconds(300)) });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)), "the injected delay is a lower bound, not a timing measurement");
        });
    }

    [Test]
    public async Task Fault_CloseWatch_EndsTheStreamCleanly()
    {
        Emulator.Faults.Add(new FaultRule { Resource = "configmaps", Fault = Fault.CloseWatch(TimeSpan.FromMilliseconds(200)) });
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var (getCode, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var body = await client.GetStringAsync("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30");

        Assert.Multiple(() =>
        {
            Assert.That(getCode, Is.EqualTo(200), "CloseWatch leaves other verbs alone");
            Assert.That(body, Is.Empty.Or.Contain("\"type\""));
        });
    }

    [Test]
    public async Task Fault_Probability_IsDeterministicForASeed()
    {
        async Task<string> RunAsync()
        {
            await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { FaultSeed = 7, Controllers = { Enabled = false } });
            emulator.Faults.Add(new FaultRule { Verb = "get", Probability = 0.5, Fault = Fault.ServiceUnavailable() });
            using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
            var codes = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await http.GetAsync("/api/v1/namespaces/default");
                codes.Add((int)response.StatusCode);
            }

            return string.Join(",", codes);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Contain("503").And.Contain("200"));
        });
    }

    [Test]
    public void Add_OutOfRangeProbability_Throws() =>
        Assert.That(() => Emulator.Faults.Add(new FaultRule { Probability = 1.5, Fault = Fault.InternalError() }), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public async Task Fault_KubernetesClientRetrySeesThrottle()
    {
        Emulator.Faults.Add(new FaultRule { Verb = "get", Resource = "namespaces", Count = 1, Fault = Fault.TooManyRequests(TimeSpan.FromSeconds(1)) });
        using var client = Client();

        var error = Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(async () => await client.CoreV1.ReadNamespaceAsync("default"));
        var ns = await client.CoreV1.ReadNamespaceAsync("default");

        Assert.Multiple(() =>
        {
            Assert.That(error!.Response.StatusCode, Is.EqualTo((HttpStatusCode)429));
            Assert.That(ns.Metadata.Name, Is.EqualTo("default"));
        });
    }
}
