using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GitOps.Reconcile;

// Checks the options' data annotations, for the loop's constructor and for ValidateOnStart.
internal static class ReconcileLoopOptionsValidator
{
    public static void ThrowIfInvalid(ReconcileLoopOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(nameof(ReconcileLoopOptions), typeof(ReconcileLoopOptions),
                [.. results.Select(r => $"ReconcileLoopOptions.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")]);
        }
    }
}
