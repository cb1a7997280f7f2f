using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class NetworkAndStorageHealthCheckTests
{
    private static string Service(string type, string status) => $$"""
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "web", "namespace": "shop" },
          "spec": { "type": "{{type}}", "clusterIP": "10.96.12.7", "ports": [ { "port": 80, "targetPort": 8080 } ] },
          "status": {{status}}
        }
        """;

    private static string Ingress(string apiVersion, string status) => $$"""
        {
          "apiVersion": "{{apiVersion}}", "kind": "Ingress",
          "metadata": { "name": "web", "namespace": "shop", "generation": 1 },
          "spec": { "rules": [ { "host": "shop.example" } ] },
          "status": {{status}}
        }
        """;

    private static string Claim(string phase) => $$"""
        {
          "apiVersion": "v1", "kind": "PersistentVolumeClaim",
          "metadata": { "name": "data-db-0", "namespace": "data" },
          "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "10Gi" } } },
          "status": { "phase": "{{phase}}" }
        }
        """;

    [Test]
    public void Assess_ClusterIPService_Healthy()
    {
        Assert.That(LiveObject.AssessNotNull(Service("ClusterIP", """{ "loadBalancer": {} }""")).Status,
            Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_LoadBalancerWithoutAddress_Progressing()
    {
        Assert.That(LiveObject.AssessNotNull(Service("LoadBalancer", """{ "loadBalancer": {} }""")).Status,
            Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_LoadBalancerWithAddress_Healthy()
    {
        var json = Service("LoadBalancer", """{ "loadBalancer": { "ingress": [ { "ip": "203.0.113.10" } ] } }""");

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [TestCase("networking.k8s.io/v1")]
    [TestCase("extensions/v1beta1")]
    public void Assess_IngressWithoutAddress_Progressing(string apiVersion)
    {
        Assert.That(LiveObject.AssessNotNull(Ingress(apiVersion, """{ "loadBalancer": {} }""")).Status,
            Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_IngressWithAddress_Healthy()
    {
        var json = Ingress("networking.k8s.io/v1", """{ "loadBalancer": { "ingress": [ { "hostname": "lb.example" } ] } }""");

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [TestCase("Bound", HealthStatusCode.Healthy)]
    [TestCase("Pending", HealthStatusCode.Progressing)]
    [TestCase("Lost", HealthStatusCode.Degraded)]
    [TestCase("Resizing", HealthStatusCode.Unknown)]
    public void Assess_ClaimPhase_MapsToHealth(string phase, HealthStatusCode expected)
    {
        Assert.That(LiveObject.AssessNotNull(Claim(phase)).Status, Is.EqualTo(expected));
    }
}
