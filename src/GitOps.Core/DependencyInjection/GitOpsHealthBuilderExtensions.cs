using GitOps.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps;

/// <summary>Registers custom health checks.</summary>
public static class GitOpsHealthBuilderExtensions
{
    /// <summary>
    /// Adds a health check for one group and kind, taking precedence over the built-in check for that kind. The check
    /// is a singleton resolved from the container, so it can take dependencies. When several checks are added for the
    /// same group and kind, the last one wins.
    /// </summary>
    /// <typeparam name="TCheck">The check's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="group">The API group without version; empty for the core group (Pod, Service...).</param>
    /// <param name="kind">The kind, or <see cref="HealthCheckRegistration.AnyKind"/> for every kind of the group.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddHealthCheck<TCheck>(this IGitOpsBuilder builder, string group, string kind)
        where TCheck : class, IHealthCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        HealthCheckRegistration.Validate(group, kind);
        builder.Services.TryAddSingleton<TCheck>();
        builder.Services.AddSingleton(sp => new HealthCheckRegistration(group, kind, sp.GetRequiredService<TCheck>()));
        return builder;
    }

    /// <summary>Adds a health check instance for one group and kind; see <see cref="AddHealthCheck{TCheck}"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="group">The API group without version; empty for the core group.</param>
    /// <param name="kind">The kind, or <see cref="HealthCheckRegistration.AnyKind"/> for every kind of the group.</param>
    /// <param name="check">The check.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddHealthCheck(this IGitOpsBuilder builder, string group, string kind, IHealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new HealthCheckRegistration(group, kind, check));
        return builder;
    }
}
