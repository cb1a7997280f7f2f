namespace GitOps.Applications;

/// <summary>
/// The order <c>spec.dependsOn</c> imposes on a set of applications: waves in which every application comes after
/// everything it depends on. References to unknown applications and cycles are reported, naming the applications.
/// </summary>
public sealed class ApplicationDependencyGraph
{
    private readonly Dictionary<string, IReadOnlyList<Application>> _dependencies;

    private ApplicationDependencyGraph(
        IReadOnlyList<IReadOnlyList<Application>> waves,
        Dictionary<string, IReadOnlyList<Application>> dependencies,
        IReadOnlyList<ApplicationDiagnostic> diagnostics)
    {
        Waves = waves;
        _dependencies = dependencies;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// The applications in waves: the first has no dependencies, each later one depends only on earlier waves.
    /// Applications in a cycle, depending on a missing application, or depending on such applications, are left out.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Application>> Waves { get; }

    /// <summary>Missing references (errors) and cycles (errors).</summary>
    public IReadOnlyList<ApplicationDiagnostic> Diagnostics { get; }

    /// <summary>Builds the graph; references without a namespace mean the referring application's namespace.</summary>
    /// <param name="applications">The applications; qualified names must be unique.</param>
    /// <exception cref="ArgumentException">Two applications have the same qualified name.</exception>
    public static ApplicationDependencyGraph Build(IEnumerable<Application> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var byName = new Dictionary<string, Application>(StringComparer.Ordinal);
        foreach (var application in applications)
        {
            if (!byName.TryAdd(application.QualifiedName, application))
            {
                throw new ArgumentException($"Application {application.QualifiedName} is given twice.", nameof(applications));
            }
        }

        var diagnostics = new List<ApplicationDiagnostic>();
        var dependencies = new Dictionary<string, IReadOnlyList<Application>>(StringComparer.Ordinal);
        var missing = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, application) in byName)
        {
            var list = new List<Application>();
            for (var i = 0; i < application.Spec.DependsOn.Count; i++)
            {
                var reference = application.Spec.DependsOn[i].WithDefaultNamespace(application.Metadata.Namespace);
                var key = reference.Namespace!.Length == 0 ? reference.Name : $"{reference.Namespace}/{reference.Name}";
                if (byName.TryGetValue(key, out var dependency))
                {
                    list.Add(dependency);
                }
                else
                {
                    missing.TryAdd(name, []);
                    missing[name].Add(key);
                    diagnostics.Add(new ApplicationDiagnostic(
                        ApplicationDiagnosticSeverity.Error, $"spec.dependsOn[{i}]", $"depends on application {key}, which does not exist", application.Location, name));
                }
            }

            dependencies[name] = list;
        }

        // Kahn's algorithm, one wave at a time; names sort each wave so the order is stable.
        // A missing dependency is never ready, so its dependents stay blocked.
        var remaining = dependencies.ToDictionary(
            d => d.Key,
            d => d.Value.Select(a => a.QualifiedName).Concat(missing.GetValueOrDefault(d.Key) ?? []).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var waves = new List<IReadOnlyList<Application>>();
        while (true)
        {
            var ready = remaining.Where(r => r.Value.Count == 0).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                break;
            }

            waves.Add([.. ready.Select(r => byName[r])]);
            foreach (var name in ready)
            {
                remaining.Remove(name);
            }

            foreach (var pending in remaining.Values)
            {
                pending.ExceptWith(ready);
            }
        }

        foreach (var cycle in FindCycles(remaining))
        {
            var first = byName[cycle[0]];
            diagnostics.Add(new ApplicationDiagnostic(
                ApplicationDiagnosticSeverity.Error, "spec.dependsOn", $"dependency cycle: {string.Join(" -> ", cycle)} -> {cycle[0]}", first.Location, cycle[0]));
        }

        return new ApplicationDependencyGraph(waves, dependencies, diagnostics);
    }

    /// <summary>The applications an application depends on directly (those that exist).</summary>
    /// <param name="application">The application.</param>
    public IReadOnlyList<Application> DependenciesOf(Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return _dependencies.TryGetValue(application.QualifiedName, out var list) ? list : [];
    }

    // The blocked applications form cycles plus applications depending on them; report each cycle once.
    private static List<List<string>> FindCycles(Dictionary<string, HashSet<string>> blocked)
    {
        var cycles = new List<List<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in blocked.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            var onPath = new Dictionary<string, int>(StringComparer.Ordinal);
            var current = start;
            while (current is not null && !done.Contains(current))
            {
                if (onPath.TryGetValue(current, out var index))
                {
                    cycles.Add(path[index..]);
                    break;
                }

                onPath[current] = path.Count;
                path.Add(current);
                current = blocked[current].Where(blocked.ContainsKey).Order(StringComparer.Ordinal).FirstOrDefault();
            }

            done.UnionWith(path);
        }

        return cycles;
    }
}
