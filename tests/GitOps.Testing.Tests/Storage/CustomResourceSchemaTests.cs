using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Storage;

/// <summary>Custom resources against their CRD's structural schema, driven by kubectl: pruning, strictness, defaults, validation.</summary>
[TestFixture]
public sealed class CustomResourceSchemaTests : EmulatorFixture
{
    private const string BoxCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: boxes.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: boxes, singular: box, kind: Box}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer}
                      mode: {type: string, enum: [fast, slow], default: slow}
                      free: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    private string _ns = string.Empty;

    [OneTimeSetUp]
    public async Task InstallCrdAsync()
    {
        var kubectl = Kubectl();
        await kubectl.OkWithInputAsync(BoxCrd, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/boxes.example.com", "--timeout=10s");
        _ns = await NewNamespaceAsync();
    }

    private string Box(string name, string spec) => $"apiVersion: example.com/v1\nkind: Box\nmetadata: {{name: {name}, namespace: {_ns}}}\nspec: {spec}\n";

    [Test]
    public async Task Apply_UnknownField_IsRefusedByDefaultStrictValidation()
    {
        var result = await Kubectl().RunWithInputAsync(Box("strict", "{size: 1, extra: 2}"), "apply", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("Box in version \"v1\" cannot be handled as a Box: strict decoding error: unknown field \"spec.extra\""));
        });
    }

    [Test]
    public async Task Apply_UnknownFieldWithWarn_IsPrunedWithAWarning()
    {
        var kubectl = Kubectl();

        var result = await kubectl.RunWithInputAsync(Box("warned", "{size: 1, extra: 2, free: {any: thing}}"), "apply", "--validate=warn", "-f", "-");
        var spec = await kubectl.OkAsync("-n", _ns, "get", "box", "warned", "-o", "jsonpath={.spec}");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That(result.Stderr, Does.Contain("Warning: unknown field \"spec.extra\""));
            Assert.That(spec, Is.EqualTo("""{"free":{"any":"thing"},"mode":"slow","size":1}"""), "pruned, defaulted, preserved where the schema says so");
        });
    }

    [Test]
    public async Task Apply_WrongTypesAndValues_AreInvalidWithEachField()
    {
        var result = await Kubectl().RunWithInputAsync(Box("invalid", "{size: \"x\", mode: odd}"), "apply", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("The Box \"invalid\" is invalid"));
            Assert.That(result.Stderr, Does.Contain("spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\""));
            Assert.That(result.Stderr, Does.Contain("spec.mode: Unsupported value: \"odd\": supported values: \"fast\", \"slow\""));
        });
    }

    [Test]
    public async Task Apply_MissingRequiredField_IsInvalid()
    {
        var result = await Kubectl().RunWithInputAsync(Box("missing", "{mode: fast}"), "apply", "-f", "-");

        Assert.That(result.Stderr, Does.Contain("spec.size: Required value"));
    }
}
