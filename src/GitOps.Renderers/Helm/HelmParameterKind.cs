namespace GitOps.Renderers.Helm;

/// <summary>How a Helm parameter is given, as the <c>--set</c> flags of <c>helm template</c>.</summary>
public enum HelmParameterKind
{
    /// <summary>Typed like <c>--set</c>: <c>true</c> is a boolean, <c>3</c> a number, <c>{a,b}</c> a list.</summary>
    Value,

    /// <summary>Always a string, like <c>--set-string</c>.</summary>
    ForceString,

    /// <summary>The value is a file path inside the repository, relative to the chart, whose content is used, like <c>--set-file</c>.</summary>
    File,
}
