using System.ComponentModel.DataAnnotations;

namespace GitOps.ApplicationResources;

/// <summary>Settings for applications that come from <c>argoproj.io/v1alpha1</c> Application resources in a cluster.</summary>
public sealed class ApplicationResourceOptions
{
    /// <summary>The namespaces whose Applications are watched; empty (the default) watches every namespace.</summary>
    public IList<string> Namespaces { get; } = [];

    /// <summary>The field manager recorded for status writes. Default <c>gitops-dotnet</c>.</summary>
    [Required]
    [MinLength(1)]
    public string FieldManager { get; set; } = "gitops-dotnet";

    /// <summary>The component named as the source of Kubernetes Events. Default <c>gitops-application-controller</c>.</summary>
    [Required]
    [MinLength(1)]
    public string EventComponent { get; set; } = "gitops-application-controller";

    /// <summary>Whether Kubernetes Events are recorded on Application resources. Default true.</summary>
    public bool RecordEvents { get; set; } = true;

    /// <summary>
    /// A status whose only change is <c>status.reconciledAt</c> is written at most this often, so idle reconciles don't
    /// write (Argo CD writes on every refresh). Default 10 minutes; zero writes reconciledAt on every reconcile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReconciledAtInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait before re-opening a watch that failed, or looking again for a missing Application CRD. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan WatchRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the Applications are listed again in full, to heal anything a watch missed. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Events with the same object, type, reason and message within this window are counted on one Event, as client-go does. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EventAggregationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws when the settings are invalid, naming each field.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is out of range.</exception>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (Namespaces.Any(string.IsNullOrWhiteSpace))
        {
            results.Add(new ValidationResult("a namespace is empty", [nameof(Namespaces)]));
        }

        if (results.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(ApplicationResourceOptions), typeof(ApplicationResourceOptions),
                [.. results.Select(r => $"ApplicationResourceOptions.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")]);
        }
    }
}
