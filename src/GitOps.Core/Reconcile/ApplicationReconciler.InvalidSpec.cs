namespace GitOps.Reconcile;

public sealed partial class ApplicationReconciler
{
    /// <summary>
    /// Publishes the status of an application that cannot be reconciled as specified, such as one whose destination
    /// names no registered cluster: sync status Unknown and an <see cref="ApplicationConditionTypes.InvalidSpecError"/>
    /// condition with <paramref name="message"/>. Nothing is rendered or compared.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="message">What is wrong with its specification.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>The outcome; its status is also saved to the status store.</returns>
    public async Task<ReconcileResult> ReportInvalidSpecAsync(Applications.Application application, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentException.ThrowIfNullOrEmpty(message);
        LogFailed(_logger, application.QualifiedName, "validate", message);
        List<ApplicationCondition> conditions = [new(ApplicationConditionTypes.InvalidSpecError, message, _time.GetUtcNow())];
        var status = await PublishAsync(application, StateOf(application), null, null, conditions, cancellationToken).ConfigureAwait(false);
        return new ReconcileResult { Status = status };
    }
}
