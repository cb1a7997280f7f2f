using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class HealthAnnotationsTests
{
    private static bool IsHook(string annotations) => HealthAnnotations.IsHook(LiveObject.Parse($$"""
        { "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "j", "annotations": {{annotations}} } }
        """));

    [TestCase("""{ "argocd.argoproj.io/hook": "PreSync" }""", true)]
    [TestCase("""{ "argocd.argoproj.io/hook": "PostSync,SyncFail" }""", true)]
    [TestCase("""{ "argocd.argoproj.io/hook": "Skip" }""", false)]
    [TestCase("""{ "argocd.argoproj.io/hook": "Skip, PostSync" }""", true)]
    [TestCase("""{ "argocd.argoproj.io/hook": "Skip", "helm.sh/hook": "pre-install" }""", false)]
    [TestCase("""{ "helm.sh/hook": "pre-install,pre-upgrade" }""", true)]
    [TestCase("""{ "helm.sh/hook": "crd-install" }""", false)]
    [TestCase("""{ "app.kubernetes.io/name": "j" }""", false)]
    public void IsHook_Annotations_RecognisesArgoAndHelmHooks(string annotations, bool expected)
    {
        Assert.That(IsHook(annotations), Is.EqualTo(expected));
    }

    [TestCase(HealthAnnotations.IgnoreHealthCheck, "true", true)]
    [TestCase(HealthAnnotations.ArgoIgnoreHealthCheck, "true", true)]
    [TestCase(HealthAnnotations.ArgoIgnoreHealthCheck, "false", false)]
    [TestCase(HealthAnnotations.IgnoreHealthCheck, "yes", false)]
    public void IgnoresHealthCheck_Annotation_OnlyExactTrue(string key, string value, bool expected)
    {
        var live = LiveObject.Parse("""{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "s" } }""");
        live.SetAnnotation(key, value);

        Assert.That(HealthAnnotations.IgnoresHealthCheck(live), Is.EqualTo(expected));
    }
}
