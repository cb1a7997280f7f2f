namespace GitOps.Testing.Resources;

/// <summary>A column of <c>kubectl get</c> output: a name, a type (string, integer, date...) and a simple JSON path.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Description = "");
