using GitOps.Manifests;
using GitOps.Renderers.Tools;

namespace GitOps.Renderers.Tests.Tools;

public sealed class ToolErrorsTests
{
    [TestCase("Error: execution error at (web/templates/a.yaml:6:20): x is required", "web/templates/a.yaml", 6, 20)]
    [TestCase("Error: parse error at (web/templates/b.yaml:3): unexpected EOF", "web/templates/b.yaml", 3, 0)]
    [TestCase("Error: web/templates/b.yaml:6:15\n  executing \"web/templates/b.yaml\" at <.Values.x>", "web/templates/b.yaml", 6, 15)]
    [TestCase("Error: template: web/templates/c.tpl:12:3: executing \"x\"", "web/templates/c.tpl", 12, 3)]
    [TestCase("RUNTIME ERROR: boom\n\tapp/a.jsonnet:4:6-18\tobject <anonymous>", "app/a.jsonnet", 4, 6)]
    [TestCase("STATIC ERROR: lib/k.libsonnet:(3:5)-(4:1): unexpected", "lib/k.libsonnet", 3, 5)]
    [TestCase("Error: YAML parse error on web/templates/d.yaml: error converting YAML to JSON: yaml: line 5", "web/templates/d.yaml", 0, 0)]
    [TestCase("error: accumulating resources from 'cm.yaml': MalformedYAMLError: yaml: line 5: bad in File: cm.yaml", "cm.yaml", 0, 0)]
    public void FindLocation_ToolMessages_FileLineAndColumn(string message, string file, int line, int column)
    {
        Assert.That(ToolErrors.FindLocation(message), Is.EqualTo(new SourceLocation(file, line, column)));
    }

    [Test]
    public void FindLocation_NoFileNamed_Null()
    {
        Assert.That(ToolErrors.FindLocation("Error: something went wrong"), Is.Null);
    }

    [Test]
    public void FindLocation_Mapper_AppliedToFile()
    {
        Assert.That(ToolErrors.FindLocation("(web/templates/a.yaml:1:2)", f => "charts/" + f)!.File, Is.EqualTo("charts/web/templates/a.yaml"));
    }
}
