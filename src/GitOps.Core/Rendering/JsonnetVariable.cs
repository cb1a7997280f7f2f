namespace GitOps.Rendering;

/// <summary>A Jsonnet external variable or top-level argument.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Value">The value: a string, or Jsonnet code when <paramref name="Code"/> is set.</param>
/// <param name="Code">Whether <paramref name="Value"/> is Jsonnet code rather than a string.</param>
public sealed record JsonnetVariable(string Name, string Value, bool Code = false);
