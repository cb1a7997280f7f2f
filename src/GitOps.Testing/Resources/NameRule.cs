namespace GitOps.Testing.Resources;

/// <summary>Which DNS-1123 rule object names of a kind follow.</summary>
internal enum NameRule
{
    /// <summary>Lowercase alphanumerics, '-' and '.', at most 253 characters.</summary>
    Subdomain,

    /// <summary>Lowercase alphanumerics and '-', at most 63 characters.</summary>
    Label,
}
