using System.ComponentModel.DataAnnotations;

namespace GitOps.Sharding;

/// <summary>How replicas share applications through Kubernetes Leases.</summary>
public sealed class ShardingOptions
{
    /// <summary>The namespace holding the replicas' Leases (it must exist). Default <c>gitops-system</c>.</summary>
    [Required]
    public string Namespace { get; set; } = "gitops-system";

    /// <summary>Replicas of one group share the applications; several groups can use one namespace. Default <c>default</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Group { get; set; } = "default";

    /// <summary>This replica's identity, unique in the group. Default: the machine name and a random suffix.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Identity { get; set; } = $"{new string(Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).Trim('-')}-{Guid.NewGuid().ToString("N")[..6]}".TrimStart('-');

    /// <summary>How long a Lease stays valid without renewal; a dead replica's share moves within it. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the Lease is renewed and the members are read. Must be well under a third of the lease. Default 4 s.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(4);

    internal void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (LeaseDuration <= TimeSpan.Zero || RenewInterval <= TimeSpan.Zero || RenewInterval * 3 > LeaseDuration)
        {
            throw new ValidationException($"{nameof(RenewInterval)} ({RenewInterval}) must be positive and at most a third of {nameof(LeaseDuration)} ({LeaseDuration}).");
        }
    }
}
