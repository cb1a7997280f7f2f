using GitOps.Diff;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Diff;

public sealed class RespectIgnoreDifferencesTests
{
    private const string Desired = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"web:1"},{"name":"proxy","image":"proxy:1"}]}}}}
        """;

    private const string Live = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop",
           "managedFields":[{"manager":"hpa","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
         "spec":{"replicas":7,"template":{"spec":{"containers":[{"name":"web","image":"web:1"},{"name":"proxy","image":"proxy:9"}]}}}}
        """;

    [Test]
    public void Apply_Pointer_TakesLiveValue()
    {
        var desired = ManifestObjects.Parse(Desired);

        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live), [new IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas"] }]);

        Assert.That(desired.Root["spec"]!["replicas"]!.GetValue<int>(), Is.EqualTo(7));
    }

    [Test]
    public void Apply_PointerLiveLacks_FieldDropped()
    {
        var desired = ManifestObjects.Parse(Desired);

        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live), [new IgnoreDifferencesRule { Kind = "*", Group = "*", JsonPointers = ["/spec/paused"] }]);
        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live.Replace("\"replicas\":7,", string.Empty, StringComparison.Ordinal)),
            [new IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas"] }]);

        Assert.That(desired.Root["spec"]!.AsObject().ContainsKey("replicas"), Is.False);
    }

    [Test]
    public void Apply_Expression_TakesLiveValueAtSelectedLocation()
    {
        var desired = ManifestObjects.Parse(Desired);

        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live), [new IgnoreDifferencesRule
        {
            Group = "apps", Kind = "Deployment", PathExpressions = [".spec.template.spec.containers[] | select(.name == \"proxy\") | .image"],
        }]);

        Assert.Multiple(() =>
        {
            Assert.That(desired.Root["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]!.GetValue<string>(), Is.EqualTo("proxy:9"));
            Assert.That(desired.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Is.EqualTo("web:1"));
        });
    }

    [Test]
    public void Apply_Manager_OwnedFieldsLeftToTheirOwner()
    {
        var desired = ManifestObjects.Parse(Desired);

        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live), [new IgnoreDifferencesRule { Group = "*", Kind = "*", ManagedFieldsManagers = ["hpa"] }]);

        Assert.That(desired.Root["spec"]!.AsObject().ContainsKey("replicas"), Is.False);
    }

    [Test]
    public void Apply_RuleForOtherKind_NothingChanges()
    {
        var desired = ManifestObjects.Parse(Desired);

        RespectIgnoreDifferences.Apply(desired, ManifestObjects.Parse(Live), [new IgnoreDifferencesRule { Group = "apps", Kind = "StatefulSet", JsonPointers = ["/spec/replicas"] }]);

        Assert.That(desired.Root["spec"]!["replicas"]!.GetValue<int>(), Is.EqualTo(2));
    }
}
