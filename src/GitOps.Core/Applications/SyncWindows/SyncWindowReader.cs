using GitOps.Manifests;

namespace GitOps.Applications.SyncWindows;

/// <summary>
/// Reads the sync windows of an Argo CD <c>AppProject</c> (<c>spec.syncWindows</c>), reporting invalid values as errors
/// and unknown or unsupported fields as warnings, each naming the field path. Other project fields are not read.
/// </summary>
public static class SyncWindowReader
{
    /// <summary>Reads the windows of a project object.</summary>
    /// <param name="appProject">An <c>argoproj.io/v1alpha1</c> <c>AppProject</c>.</param>
    /// <returns>The valid windows, in order, and the diagnostics; an invalid window is left out.</returns>
    public static (IReadOnlyList<SyncWindow> Windows, IReadOnlyList<ApplicationDiagnostic> Diagnostics) Read(ManifestObject appProject)
    {
        ArgumentNullException.ThrowIfNull(appProject);
        var diagnostics = new List<ApplicationDiagnostic>();
        var windows = new List<SyncWindow>();
        if (appProject.Kind != "AppProject")
        {
            diagnostics.Add(new ApplicationDiagnostic(ApplicationDiagnosticSeverity.Error, string.Empty, $"expected an AppProject, found {appProject}", appProject.Source));
            return (windows, diagnostics);
        }

        var errors = 0;
        void Report(ApplicationDiagnosticSeverity severity, string field, string message)
        {
            errors += severity == ApplicationDiagnosticSeverity.Error ? 1 : 0;
            diagnostics.Add(new ApplicationDiagnostic(severity, field, message, appProject.Source));
        }

        var root = new ApplicationFieldReader(appProject.Root, string.Empty, Report);
        var spec = root.Object("spec");
        if (spec is null)
        {
            return (windows, diagnostics);
        }

        foreach (var item in spec.Objects("syncWindows"))
        {
            var before = errors;
            var kind = item.String("kind") ?? string.Empty;
            var schedule = item.String("schedule") ?? string.Empty;
            var duration = item.String("duration") ?? string.Empty;
            var timeZone = item.String("timeZone");
            var applications = item.StringList("applications");
            var namespaces = item.StringList("namespaces");
            var clusters = item.StringList("clusters");
            var manualSync = item.Bool("manualSync");
            var andOperator = item.Bool("andOperator");
            var description = item.String("description");
            item.Unsupported("syncOverrun", "letting a running sync overrun a deny window is not supported; ignored");
            item.ReportUnknown();
            SyncWindow? window = null;
            try
            {
                window = SyncWindow.Create(kind, schedule, duration, timeZone) with
                {
                    Applications = applications,
                    Namespaces = namespaces,
                    Clusters = clusters,
                    ManualSync = manualSync,
                    UseAndOperator = andOperator,
                    Description = description,
                };
            }
            catch (FormatException e)
            {
                item.Error(string.Empty, e.Message);
            }

            if (window is not null && applications.Count + namespaces.Count + clusters.Count == 0)
            {
                item.Warn(string.Empty, "the window names no applications, namespaces or clusters, so it concerns no application");
            }

            if (window is not null && errors == before)
            {
                windows.Add(window);
            }
        }

        return (windows, diagnostics);
    }
}
