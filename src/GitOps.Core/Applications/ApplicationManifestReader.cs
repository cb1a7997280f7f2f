using System.Text.Json.Nodes;
using GitOps.Diff;
using GitOps.Globbing;
using GitOps.Manifests;
using GitOps.Rendering;

namespace GitOps.Applications;

/// <summary>
/// Reads applications from Argo CD <c>argoproj.io/v1alpha1</c> <c>Application</c> manifests as they are (or from
/// <see cref="GitOpsApiVersion"/>, the same shape under our own API version), reporting every field it does not
/// support, every unknown field and every invalid value as a diagnostic naming the field path.
/// </summary>
/// <remarks>
/// Not supported, reported as warnings: <c>spec.source.plugin</c> (config management plugins), <c>spec.sourceHydrator</c>,
/// <c>operation</c>, <c>status</c>, finalizers and server-set metadata. Invalid values (a retry limit that is not an
/// integer, a duration such as <c>5x</c>, a malformed JSON pointer or path expression) are errors, and an application with
/// an error is left out of the result.
/// </remarks>
public sealed class ApplicationManifestReader
{
    /// <summary>Argo CD's API version for applications.</summary>
    public const string ArgoCdApiVersion = "argoproj.io/v1alpha1";

    /// <summary>This SDK's own API version for applications (same shape as Argo CD's).</summary>
    public const string GitOpsApiVersion = "gitops.dotnet/v1alpha1";

    /// <summary>The kind of an application.</summary>
    public const string ApplicationKind = "Application";

    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    private static readonly string[] ServerSetMetadata =
        ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    private readonly ManifestReader _manifestReader;

    /// <summary>Creates a reader.</summary>
    /// <param name="manifestReader">The manifest reader for text; <see cref="ManifestReader.Default"/> when <see langword="null"/>.</param>
    public ApplicationManifestReader(ManifestReader? manifestReader = null)
    {
        _manifestReader = manifestReader ?? ManifestReader.Default;
    }

    /// <summary>A reader with the default manifest reader.</summary>
    public static ApplicationManifestReader Default { get; } = new();

    /// <summary>Whether an object is an application this reader understands.</summary>
    /// <param name="manifest">The object.</param>
    public static bool IsApplication(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Kind == ApplicationKind && manifest.ApiVersion is ArgoCdApiVersion or GitOpsApiVersion;
    }

    /// <summary>Reads the applications of a YAML or JSON text; other objects are reported as warnings.</summary>
    /// <param name="text">The text, possibly several documents.</param>
    /// <param name="file">The file name used in diagnostics.</param>
    public ApplicationReadResult Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        IReadOnlyList<ManifestObject> objects;
        try
        {
            objects = _manifestReader.Read(text, file);
        }
        catch (ManifestFormatException e)
        {
            return new ApplicationReadResult
            {
                Diagnostics = [new ApplicationDiagnostic(ApplicationDiagnosticSeverity.Error, string.Empty, e.Message, new SourceLocation(file))],
            };
        }

        return Read(objects);
    }

    /// <summary>Reads the applications among manifest objects; other objects are reported as warnings, repeated names as errors.</summary>
    /// <param name="manifests">The objects.</param>
    public ApplicationReadResult Read(IEnumerable<ManifestObject> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var applications = new List<Application>();
        var diagnostics = new List<ApplicationDiagnostic>();
        var seen = new Dictionary<string, Application>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            if (!IsApplication(manifest))
            {
                diagnostics.Add(new ApplicationDiagnostic(
                    ApplicationDiagnosticSeverity.Warning,
                    string.Empty,
                    manifest.Kind == ApplicationKind
                        ? $"apiVersion '{manifest.ApiVersion}' is not {ArgoCdApiVersion} or {GitOpsApiVersion}; the object is skipped"
                        : $"{manifest} ({manifest.ApiVersion}) is not an Application; skipped",
                    manifest.Source));
                continue;
            }

            var result = Read(manifest);
            diagnostics.AddRange(result.Diagnostics);
            foreach (var application in result.Applications)
            {
                if (seen.TryGetValue(application.QualifiedName, out var first))
                {
                    diagnostics.Add(new ApplicationDiagnostic(
                        ApplicationDiagnosticSeverity.Error,
                        "metadata.name",
                        $"the application is defined twice (first at {first.Location?.ToString() ?? "an earlier object"}); the second is skipped",
                        application.Location,
                        application.QualifiedName));
                    continue;
                }

                seen.Add(application.QualifiedName, application);
                applications.Add(application);
            }
        }

        return new ApplicationReadResult { Applications = applications, Diagnostics = diagnostics };
    }

    /// <summary>Reads every <c>.yaml</c>, <c>.yml</c> and <c>.json</c> file of a folder, in path order.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="recursive">Whether sub-folders are read too.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<ApplicationReadResult> ReadDirectoryAsync(string directory, bool recursive = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The application folder '{directory}' does not exist.");
        }

        var files = Directory
            .EnumerateFiles(directory, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => ManifestExtensions.Contains(System.IO.Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => (Full: f, Relative: System.IO.Path.GetRelativePath(directory, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        var objects = new List<ManifestObject>();
        var diagnostics = new List<ApplicationDiagnostic>();
        foreach (var (full, relative) in files)
        {
            var bytes = await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
            try
            {
                objects.AddRange(_manifestReader.Read(bytes, relative));
            }
            catch (ManifestFormatException e)
            {
                diagnostics.Add(new ApplicationDiagnostic(ApplicationDiagnosticSeverity.Error, string.Empty, e.Message, new SourceLocation(relative)));
            }
        }

        var result = Read(objects);
        return result with { Diagnostics = [.. diagnostics, .. result.Diagnostics] };
    }

    /// <summary>Reads one application object.</summary>
    /// <param name="manifest">The object; its kind must be <c>Application</c>.</param>
    /// <returns>The application (unless there are errors) and the diagnostics.</returns>
    public ApplicationReadResult Read(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var diagnostics = new List<ApplicationDiagnostic>();
        var name = manifest.Name.Length == 0 ? null : (manifest.Namespace.Length == 0 ? manifest.Name : $"{manifest.Namespace}/{manifest.Name}");
        void Report(ApplicationDiagnosticSeverity severity, string field, string message) =>
            diagnostics.Add(new ApplicationDiagnostic(severity, field, message, manifest.Source, name));

        var root = new ApplicationFieldReader(manifest.Root, string.Empty, Report);
        var apiVersion = root.String("apiVersion") ?? string.Empty;
        if (root.String("kind") != ApplicationKind || apiVersion is not (ArgoCdApiVersion or GitOpsApiVersion))
        {
            root.Error(string.Empty, $"expected kind {ApplicationKind} with apiVersion {ArgoCdApiVersion} or {GitOpsApiVersion}, found {manifest.Kind} {manifest.ApiVersion}");
            return new ApplicationReadResult { Diagnostics = diagnostics };
        }

        var metadata = ReadMetadata(root);
        var specReader = root.Object("spec");
        ApplicationSpec? spec = null;
        if (specReader is null)
        {
            root.Error("spec", "an application needs a spec");
        }
        else
        {
            spec = ReadSpec(specReader);
        }

        root.Unsupported("operation", "a requested operation is not supported here (start syncs through the SDK); ignored");
        root.Unsupported("status", "status is written by the controller; ignored");
        root.ReportUnknown();

        var application = new Application
        {
            ApiVersion = apiVersion,
            Metadata = metadata,
            Spec = spec ?? new ApplicationSpec(),
            Location = manifest.Source,
        };
        if (spec is not null)
        {
            var syncOptions = ApplicationSyncOptions.From(application);
            diagnostics.AddRange(syncOptions.Diagnostics);
        }

        var failed = diagnostics.Any(d => d.Severity == ApplicationDiagnosticSeverity.Error);
        return new ApplicationReadResult { Applications = failed ? [] : [application], Diagnostics = diagnostics };
    }

    private static ApplicationMetadata ReadMetadata(ApplicationFieldReader root)
    {
        var reader = root.Object("metadata");
        if (reader is null)
        {
            root.Error("metadata", "an application needs metadata with a name");
            return new ApplicationMetadata { Name = string.Empty };
        }

        var name = reader.String("name");
        if (string.IsNullOrEmpty(name))
        {
            reader.Error("name", "an application needs a name");
        }

        var metadata = new ApplicationMetadata
        {
            Name = name ?? string.Empty,
            Namespace = reader.String("namespace") ?? string.Empty,
            Labels = reader.StringMap("labels"),
            Annotations = reader.StringMap("annotations"),
        };
        reader.Unsupported("finalizers", "finalizers (cascading deletion of the application) are not supported; ignored");
        reader.Unsupported("generateName", "generateName is not supported; the application needs a fixed name");
        foreach (var key in ServerSetMetadata)
        {
            reader.Unsupported(key, "set by the API server; ignored");
        }

        reader.ReportUnknown();
        return metadata;
    }

    private static ApplicationSpec ReadSpec(ApplicationFieldReader spec)
    {
        var project = spec.String("project");
        if (string.IsNullOrEmpty(project))
        {
            spec.Warn("project", "no project given; 'default' is used");
            project = "default";
        }

        var sourceReader = spec.Object("source");
        var source = sourceReader is null ? null : ReadSource(sourceReader);
        var sources = spec.Objects("sources").Select(ReadSource).ToList();
        if (sources.Count > 0 && source is not null)
        {
            spec.Warn("source", "spec.sources is given too, and wins; spec.source is ignored");
            source = null;
        }

        if (sources.Count == 0 && source is null && sourceReader is null)
        {
            spec.Error("source", "an application needs spec.source or spec.sources");
        }

        var refs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Ref is { } r && !refs.Add(r))
            {
                spec.Error($"sources[{i}].ref", $"the ref name '{r}' is used by two sources");
            }
        }

        spec.Unsupported("sourceHydrator", "the source hydrator is not supported; ignored");
        var result = new ApplicationSpec
        {
            Project = project,
            Source = source,
            Sources = sources,
            Destination = ReadDestination(spec),
            SyncPolicy = spec.Object("syncPolicy") is { } policy ? ReadSyncPolicy(policy) : null,
            IgnoreDifferences = spec.Objects("ignoreDifferences").Select(ReadIgnoreDifferences).ToList(),
            RevisionHistoryLimit = ReadRevisionHistoryLimit(spec),
            Info = spec.Objects("info").Select(i =>
            {
                var info = new ApplicationInfo(Required(i, "name"), i.String("value") ?? string.Empty);
                i.ReportUnknown();
                return info;
            }).ToList(),
            DependsOn = ReadDependsOn(spec),
        };

        spec.ReportUnknown();
        return result;
    }

    private static int ReadRevisionHistoryLimit(ApplicationFieldReader spec)
    {
        var limit = spec.Integer("revisionHistoryLimit");
        if (limit is null)
        {
            return ApplicationSpec.DefaultRevisionHistoryLimit;
        }

        if (limit < 0 || limit > int.MaxValue)
        {
            spec.Error("revisionHistoryLimit", $"must be 0 or more, found {limit}");
            return ApplicationSpec.DefaultRevisionHistoryLimit;
        }

        return (int)limit;
    }

    private static ApplicationSource ReadSource(ApplicationFieldReader source)
    {
        var repoUrl = source.String("repoURL");
        if (string.IsNullOrWhiteSpace(repoUrl))
        {
            source.Error("repoURL", "a source needs a repoURL");
        }

        var path = source.String("path") ?? string.Empty;
        var chart = source.String("chart");
        if (chart is not null && path.Length > 0)
        {
            source.Warn("path", "a source with a chart reads the chart from the Helm repository; path is ignored");
        }

        var targetRevision = source.String("targetRevision");
        var result = new ApplicationSource
        {
            RepoUrl = repoUrl ?? string.Empty,
            TargetRevision = string.IsNullOrEmpty(targetRevision) ? "HEAD" : targetRevision,
            Path = path,
            Chart = chart,
            Ref = source.String("ref"),
            Name = source.String("name"),
            Helm = source.Object("helm") is { } helm ? ReadHelm(helm) : null,
            Kustomize = source.Object("kustomize") is { } kustomize ? ReadKustomize(kustomize) : null,
            Directory = source.Object("directory") is { } directory ? ReadDirectory(directory) : null,
        };
        source.Unsupported("plugin", "config management plugins are not supported; the source is rendered without the plugin");
        source.ReportUnknown();
        return result;
    }

    private static HelmSourceOptions ReadHelm(ApplicationFieldReader helm)
    {
        var valuesNode = helm.Raw("values");
        string? values = null;
        if (valuesNode is JsonValue v && v.TryGetValue(out string? text))
        {
            values = text;
        }
        else if (valuesNode is not null)
        {
            helm.Error("values", $"expected a string of YAML, found {ApplicationFieldReader.Describe(valuesNode)} (use valuesObject for a mapping)");
        }

        var valuesObjectNode = helm.Raw("valuesObject");
        string? valuesObject = null;
        if (valuesObjectNode is JsonObject obj)
        {
            valuesObject = obj.ToJsonString();
        }
        else if (valuesObjectNode is not null)
        {
            helm.Error("valuesObject", $"expected a mapping, found {ApplicationFieldReader.Describe(valuesObjectNode)}");
        }

        var result = new HelmSourceOptions
        {
            ReleaseName = helm.String("releaseName"),
            ValueFiles = helm.StringList("valueFiles"),
            Values = values,
            ValuesObject = valuesObject,
            Parameters = helm.Objects("parameters").Select(p =>
            {
                var parameter = new HelmParameter(Required(p, "name"), p.String("value") ?? string.Empty, p.Bool("forceString"));
                p.ReportUnknown();
                return parameter;
            }).ToList(),
            FileParameters = helm.Objects("fileParameters").Select(p =>
            {
                var parameter = new HelmFileParameter(Required(p, "name"), Required(p, "path"));
                p.ReportUnknown();
                return parameter;
            }).ToList(),
            IgnoreMissingValueFiles = helm.Bool("ignoreMissingValueFiles"),
            SkipCrds = helm.Bool("skipCrds"),
            SkipSchemaValidation = helm.Bool("skipSchemaValidation"),
            SkipTests = helm.Bool("skipTests"),
            Namespace = helm.String("namespace"),
            KubeVersion = helm.String("kubeVersion"),
            ApiVersions = helm.StringList("apiVersions"),
            PassCredentials = helm.Bool("passCredentials"),
            Version = helm.String("version"),
        };
        helm.ReportUnknown();
        return result;
    }

    private static KustomizeSourceOptions ReadKustomize(ApplicationFieldReader kustomize)
    {
        var result = new KustomizeSourceOptions
        {
            NamePrefix = kustomize.String("namePrefix"),
            NameSuffix = kustomize.String("nameSuffix"),
            Namespace = kustomize.String("namespace"),
            Images = kustomize.StringList("images"),
            Replicas = kustomize.Objects("replicas").Select(r =>
            {
                var count = r.Integer("count", allowIntegerString: true);
                if (count is < 0 or > int.MaxValue)
                {
                    r.Error("count", $"must be 0 or more, found {count}");
                }
                else if (count is null && !r.Has("count"))
                {
                    r.Error("count", "a replica override needs a count");
                }

                var replica = new KustomizeReplica(Required(r, "name"), (int)Math.Clamp(count ?? 0, 0, int.MaxValue));
                r.ReportUnknown();
                return replica;
            }).ToList(),
            CommonLabels = kustomize.StringMap("commonLabels"),
            CommonAnnotations = kustomize.StringMap("commonAnnotations"),
            CommonAnnotationsEnvsubst = kustomize.Bool("commonAnnotationsEnvsubst"),
            ForceCommonLabels = kustomize.Bool("forceCommonLabels"),
            ForceCommonAnnotations = kustomize.Bool("forceCommonAnnotations"),
            LabelWithoutSelector = kustomize.Bool("labelWithoutSelector"),
            Components = kustomize.StringList("components"),
            IgnoreMissingComponents = kustomize.Bool("ignoreMissingComponents"),
            Patches = kustomize.Objects("patches").Select(ReadPatch).ToList(),
            Version = kustomize.String("version"),
            KubeVersion = kustomize.String("kubeVersion"),
            ApiVersions = kustomize.StringList("apiVersions"),
        };
        kustomize.ReportUnknown();
        return result;
    }

    private static KustomizePatch ReadPatch(ApplicationFieldReader patch)
    {
        KustomizePatchTarget? target = null;
        if (patch.Object("target") is { } t)
        {
            target = new KustomizePatchTarget
            {
                Group = t.String("group"),
                Version = t.String("version"),
                Kind = t.String("kind"),
                Name = t.String("name"),
                Namespace = t.String("namespace"),
                LabelSelector = t.String("labelSelector"),
                AnnotationSelector = t.String("annotationSelector"),
            };
            t.ReportUnknown();
        }

        var options = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (patch.Object("options") is { } o)
        {
            foreach (var key in new[] { "allowNameChange", "allowKindChange" })
            {
                if (o.Has(key))
                {
                    options[key] = o.Bool(key);
                }
            }

            o.ReportUnknown();
        }

        var result = new KustomizePatch { Path = patch.String("path"), Patch = patch.String("patch"), Target = target, Options = options };
        if (result.Path is null && result.Patch is null)
        {
            patch.Error(string.Empty, "a patch needs path or patch");
        }

        patch.ReportUnknown();
        return result;
    }

    private static DirectorySourceOptions ReadDirectory(ApplicationFieldReader directory)
    {
        var include = directory.String("include");
        var exclude = directory.String("exclude");
        CheckGlob(directory, "include", include);
        CheckGlob(directory, "exclude", exclude);
        JsonnetSourceOptions? jsonnet = null;
        if (directory.Object("jsonnet") is { } j)
        {
            jsonnet = new JsonnetSourceOptions
            {
                ExtVars = j.Objects("extVars").Select(ReadJsonnetVariable).ToList(),
                TopLevelArguments = j.Objects("tlas").Select(ReadJsonnetVariable).ToList(),
                Libraries = j.StringList("libs"),
            };
            j.ReportUnknown();
        }

        var result = new DirectorySourceOptions { Recurse = directory.Bool("recurse"), Include = include, Exclude = exclude, Jsonnet = jsonnet };
        directory.ReportUnknown();
        return result;
    }

    private static void CheckGlob(ApplicationFieldReader reader, string key, string? pattern)
    {
        if (pattern is null)
        {
            return;
        }

        try
        {
            GlobPattern.Parse(pattern);
        }
        catch (FormatException e)
        {
            reader.Error(key, e.Message);
        }
    }

    private static JsonnetVariable ReadJsonnetVariable(ApplicationFieldReader variable)
    {
        var result = new JsonnetVariable(Required(variable, "name"), variable.String("value") ?? string.Empty, variable.Bool("code"));
        variable.ReportUnknown();
        return result;
    }

    private static ApplicationDestination ReadDestination(ApplicationFieldReader spec)
    {
        var reader = spec.Object("destination");
        if (reader is null)
        {
            spec.Error("destination", "an application needs a destination");
            return new ApplicationDestination();
        }

        var result = new ApplicationDestination
        {
            Server = NullIfEmpty(reader.String("server")),
            Name = NullIfEmpty(reader.String("name")),
            Namespace = reader.String("namespace") ?? string.Empty,
        };
        if (result.Server is not null && result.Name is not null)
        {
            reader.Error(string.Empty, "give either server or name, not both");
        }
        else if (result.Server is null && result.Name is null)
        {
            reader.Warn(string.Empty, "neither server nor name is given; the cluster the SDK is configured with is used");
        }

        reader.ReportUnknown();
        return result;
    }

    private static ApplicationSyncPolicy ReadSyncPolicy(ApplicationFieldReader policy)
    {
        AutomatedSyncPolicy? automated = null;
        if (policy.Object("automated") is { } a)
        {
            automated = new AutomatedSyncPolicy
            {
                Enabled = a.Bool("enabled", fallback: true),
                Prune = a.Bool("prune"),
                SelfHeal = a.Bool("selfHeal"),
                AllowEmpty = a.Bool("allowEmpty"),
            };
            a.ReportUnknown();
        }

        ManagedNamespaceMetadata? managed = null;
        if (policy.Object("managedNamespaceMetadata") is { } m)
        {
            managed = new ManagedNamespaceMetadata { Labels = m.StringMap("labels"), Annotations = m.StringMap("annotations") };
            m.ReportUnknown();
            policy.Warn("managedNamespaceMetadata", "kept on the application, but the sync engine does not yet put these labels and annotations on the namespace it creates");
        }

        var result = new ApplicationSyncPolicy
        {
            Automated = automated,
            SyncOptions = policy.StringList("syncOptions"),
            Retry = policy.Object("retry") is { } r ? ReadRetry(r) : null,
            ManagedNamespaceMetadata = managed,
        };
        policy.ReportUnknown();
        return result;
    }

    private static SyncAttemptRetryPolicy ReadRetry(ApplicationFieldReader retry)
    {
        var limit = retry.Integer("limit");
        if (limit is < int.MinValue or > int.MaxValue)
        {
            retry.Error("limit", $"{limit} is out of range");
            limit = 0;
        }

        var result = new SyncAttemptRetryPolicy { Limit = (int)(limit ?? 0), Refresh = retry.Bool("refresh") };
        if (retry.Object("backoff") is { } backoff)
        {
            var factor = backoff.Integer("factor");
            if (factor is < 1)
            {
                backoff.Error("factor", $"must be 1 or more, found {factor}");
            }

            result = result with
            {
                Duration = ReadDuration(backoff, "duration") ?? SyncAttemptRetryPolicy.DefaultDuration,
                MaxDuration = ReadDuration(backoff, "maxDuration") ?? SyncAttemptRetryPolicy.DefaultMaxDuration,
                Factor = factor is >= 1 ? factor.Value : 2,
            };
            backoff.ReportUnknown();
        }

        retry.ReportUnknown();
        return result;
    }

    private static TimeSpan? ReadDuration(ApplicationFieldReader reader, string key)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return null;
        }

        // Argo CD also takes a bare number of seconds here.
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (!GoDuration.TryParse(text, out var value, out var error))
        {
            reader.Error(key, error);
            return null;
        }

        if (value < TimeSpan.Zero)
        {
            reader.Error(key, $"'{text}' is negative");
            return null;
        }

        return value;
    }

    private static IgnoreDifferencesRule ReadIgnoreDifferences(ApplicationFieldReader rule)
    {
        var kind = rule.String("kind");
        if (string.IsNullOrEmpty(kind))
        {
            rule.Error("kind", "an ignoreDifferences rule needs a kind (use '*' for any)");
        }

        var pointers = rule.StringList("jsonPointers");
        Validate(rule, "jsonPointers", pointers, p => JsonPointer.Parse(p));
        var expressions = rule.StringList("jqPathExpressions");
        Validate(rule, "jqPathExpressions", expressions, e => PathExpression.Parse(e));
        var result = new IgnoreDifferencesRule
        {
            Group = rule.String("group") ?? string.Empty,
            Kind = kind ?? "*",
            Name = NullIfEmpty(rule.String("name")),
            Namespace = NullIfEmpty(rule.String("namespace")),
            JsonPointers = pointers,
            PathExpressions = expressions,
            ManagedFieldsManagers = rule.StringList("managedFieldsManagers"),
        };
        rule.ReportUnknown();
        return result;
    }

    private static void Validate(ApplicationFieldReader reader, string key, IReadOnlyList<string> items, Action<string> parse)
    {
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                parse(items[i]);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                reader.Error($"{key}[{i}]", e.Message);
            }
        }
    }

    private static List<ApplicationReference> ReadDependsOn(ApplicationFieldReader spec)
    {
        var node = spec.Raw("dependsOn");
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            spec.Error("dependsOn", $"expected a list of application names, found {ApplicationFieldReader.Describe(node)}");
            return [];
        }

        var result = new List<ApplicationReference>();
        for (var i = 0; i < array.Count; i++)
        {
            var field = $"dependsOn[{i}]";
            switch (array[i])
            {
                case JsonValue v when v.TryGetValue(out string? text):
                    try
                    {
                        result.Add(ApplicationReference.Parse(text));
                    }
                    catch (FormatException e)
                    {
                        spec.Error(field, e.Message);
                    }

                    break;
                case JsonObject obj:
                    var reader = spec.For(obj, field);
                    var name = Required(reader, "name");
                    result.Add(new ApplicationReference(name, NullIfEmpty(reader.String("namespace"))));
                    reader.ReportUnknown();
                    break;
                default:
                    spec.Error(field, $"expected an application name or a mapping with name and namespace, found {ApplicationFieldReader.Describe(array[i])}");
                    break;
            }
        }

        return result;
    }

    private static string Required(ApplicationFieldReader reader, string key)
    {
        var value = reader.String(key);
        if (string.IsNullOrEmpty(value))
        {
            if (!reader.Has(key))
            {
                reader.Error(key, "required");
            }

            return string.Empty;
        }

        return value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
