using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Applications;
using GitOps.Applications.SyncWindows;
using GitOps.Applications.Webhooks;

namespace GitOps.Benchmarks;

/// <summary>
/// The pure application helpers the reconcile loop calls often: reading an Application manifest, evaluating sync
/// windows (with the next-allowed search), the next time of a cron schedule, and turning a GitHub push into the
/// applications it concerns out of 1,000. Run: <c>dotnet run -c Release --project tests/GitOps.Benchmarks -- --filter *ApplicationBenchmarks*</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ApplicationBenchmarks
{
    private const string Secret = "bench-secret";
    private const string Manifest = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web, namespace: argocd}
        spec:
          project: default
          source:
            repoURL: https://github.com/example/apps.git
            targetRevision: main
            path: apps/web
            helm:
              valueFiles: [values.yaml]
              parameters: [{name: image.tag, value: "1.2.3"}]
          destination: {server: https://kubernetes.default.svc, namespace: web}
          syncPolicy:
            automated: {prune: true, selfHeal: true}
            syncOptions: [CreateNamespace=true, ServerSideApply=true]
            retry: {limit: 5, backoff: {duration: 5s, factor: 2, maxDuration: 3m}}
          ignoreDifferences:
            - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
        """;

    private static readonly DateTimeOffset Monday10 = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _manifest = Manifest;
    private readonly CronSchedule _cron = CronSchedule.Parse("30 22 * * MON-FRI");
    private readonly TimeZoneInfo _berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private SyncWindowEvaluator _evaluator = null!;
    private Application _application = null!;
    private List<Application> _applications = null!;
    private GitWebhookParser _parser = null!;
    private KeyValuePair<string, string>[] _headers = null!;
    private byte[] _body = null!;

    [GlobalSetup]
    public void Setup()
    {
        _application = ApplicationManifestReader.Default.Read(Manifest, "app.yaml").Applications[0];
        _evaluator = new SyncWindowEvaluator(
        [
            SyncWindow.Create("allow", "0 22 * * MON-FRI", "2h", "Europe/Berlin") with { Applications = ["*"] },
            SyncWindow.Create("deny", "0 9 * * *", "2h") with { Namespaces = ["web"] },
            SyncWindow.Create("deny", "0 0 24 12 *", "48h") with { Clusters = ["*"] },
        ]);
        _applications = [.. Enumerable.Range(0, 1000).Select(i => _application with
        {
            Metadata = _application.Metadata with { Name = "app" + i },
            Spec = _application.Spec with
            {
                Source = _application.Spec.Source! with
                {
                    RepoUrl = i % 10 == 0 ? "git@github.com:example/apps.git" : $"https://github.com/example/repo{i}.git",
                    Path = $"apps/app{i}",
                },
            },
        })];
        _body = Encoding.UTF8.GetBytes("""
            {"ref": "refs/heads/main", "before": "1111111111111111111111111111111111111111", "after": "2222222222222222222222222222222222222222",
             "repository": {"html_url": "https://github.com/example/apps", "clone_url": "https://github.com/example/apps.git",
                            "ssh_url": "git@github.com:example/apps.git", "default_branch": "main"},
             "commits": [{"id": "a", "added": [], "removed": [], "modified": ["apps/app10/deploy.yaml", "apps/app20/values.yaml"]}]}
            """);
        _parser = new GitWebhookParser(new GitWebhookOptions { GitHubSecret = Secret });
        _headers =
        [
            KeyValuePair.Create("X-GitHub-Event", "push"),
            KeyValuePair.Create("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), _body))),
        ];
    }

    [Benchmark]
    public int ReadApplication() => ApplicationManifestReader.Default.Read(_manifest, "app.yaml").Applications.Count;

    [Benchmark]
    public DateTimeOffset? CronNextInTimeZone() => _cron.Next(Monday10, _berlin);

    [Benchmark]
    public DateTimeOffset? EvaluateSyncWindows() => _evaluator.Evaluate(_application, Monday10).NextAutomatedSyncAllowedAt;

    [Benchmark]
    public int ParseWebhookAndMatch1000Apps()
    {
        var push = _parser.Parse(_headers, _body).Events[0];
        return GitPushEventMatcher.Match(push, _applications).Count;
    }
}
