using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Manifests;
using GitOps.Rendering;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Tools;
using GitOps.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// The Helm renderer's overhead over running <c>helm template</c> directly on the same mid-size chart (a workspace on
/// the shared copy of the repository, argument building, parsing the output into manifest objects), and 50 applications of one repository
/// rendered in parallel against 50 direct <c>helm template</c> calls in parallel. helm comes from GITOPS_TOOLS_BIN or PATH.
/// Run: <c>GITOPS_TOOLS_BIN=$PWD/.tools/bin dotnet run -c Release --project tests/GitOps.Benchmarks -- --filter *RendererBenchmarks*</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class RendererBenchmarks
{
    private const int Applications = 50;
    private const int TemplatesInMidSizeChart = 30;
    private string _root = null!;
    private string _helm = null!;
    private ServiceProvider _services = null!;
    private IManifestRenderer _renderer = null!;
    private ISourceTree _source = null!;
    private byte[] _midOutput = null!;

    [GlobalSetup]
    public void Setup()
    {
        _helm = FindHelm();
        _root = Path.Combine(Path.GetTempPath(), "gitops-render-bench-" + Guid.NewGuid().ToString("N")[..8]);
        WriteChart(Path.Combine(_root, "charts", "mid"), TemplatesInMidSizeChart, replicas: 3);
        for (var i = 0; i < Applications; i++)
        {
            WriteChart(Path.Combine(_root, "apps", $"app{i:D2}"), templates: 3, replicas: 1);
        }

        var services = new ServiceCollection();
        services.AddGitOps(b => b.ConfigureExternalTools(s =>
        {
            s.HelmPath = _helm;
            s.MaxConcurrency = Environment.ProcessorCount;
        }));
        _services = services.BuildServiceProvider();
        _renderer = _services.GetServices<IManifestRenderer>().Single(r => r.Name == RendererNames.Helm);
        _source = new LocalDirectorySourceTree(_root);
        _midOutput = RunHelmAsync(Path.Combine(_root, "charts", "mid")).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>helm template on the mid-size chart, output read to the end: the floor.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> MidChart_HelmTemplateDirect() => (await RunHelmAsync(Path.Combine(_root, "charts", "mid"))).Length;

    /// <summary>The Helm renderer on the same chart (no render cache: the renderer is called directly).</summary>
    [Benchmark]
    public async Task<int> MidChart_HelmRenderer() => (await RenderAsync("charts/mid")).Objects.Count;

    /// <summary>Part of the overhead: reading helm's output of the mid-size chart into manifest objects.</summary>
    [Benchmark]
    public int MidChart_ParseOutputOnly()
    {
        var objects = new List<ManifestObject>();
        ToolOutput.Read(ManifestReader.Default, _midOutput, "bench", f => f, objects, []);
        return objects.Count;
    }

    /// <summary>What a private copy costs: copying the chart into a workspace and removing it (before shared copies, every render did).</summary>
    [Benchmark]
    public async Task<int> MidChart_CopyAndRemoveOnly()
    {
        var workspace = await ToolWorkspace.CreateAsync(_source, ["charts/mid"], CancellationToken.None);
        await workspace.DisposeAsync();
        await workspace.Removal;
        return 1;
    }

    /// <summary>
    /// What a render pays for files now: a workspace on the commit's shared copy (made once, in the warm-up) and its
    /// private work folder, then removal of that folder.
    /// </summary>
    [Benchmark]
    public async Task<int> MidChart_SharedWorkspaceOnly()
    {
        var workspace = await ToolWorkspace.CreateSharedAsync(_services.GetRequiredService<SharedTreeCopies>(), _source, CancellationToken.None);
        await workspace.DisposeAsync();
        await workspace.Removal;
        return 1;
    }

    /// <summary>50 direct helm template calls, at most one per processor at a time (the renderer's default limit).</summary>
    [Benchmark]
    public async Task<int> FiftyApps_HelmTemplateDirectParallel()
    {
        using var limit = new SemaphoreSlim(Environment.ProcessorCount);
        var counts = await Task.WhenAll(Enumerable.Range(0, Applications).Select(async i =>
        {
            await limit.WaitAsync();
            try
            {
                return (await RunHelmAsync(Path.Combine(_root, "apps", $"app{i:D2}"))).Length;
            }
            finally
            {
                limit.Release();
            }
        }));
        return counts.Sum();
    }

    /// <summary>50 applications of the repository rendered in parallel through the renderer.</summary>
    [Benchmark]
    public async Task<int> FiftyApps_HelmRendererParallel()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Applications).Select(i => RenderAsync($"apps/app{i:D2}").AsTask()));
        return results.Sum(r => r.Objects.Count);
    }

    private ValueTask<RenderResult> RenderAsync(string path) => _renderer.RenderAsync(new RenderRequest
    {
        Source = _source,
        Path = path,
        Options = new HelmRendererOptions(),
        Context = new RenderContext { ApplicationName = "bench", Namespace = "apps" },
    });

    private async Task<byte[]> RunHelmAsync(string chart)
    {
        var info = new ProcessStartInfo(_helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "template", "--namespace=apps", "--include-crds", "--", "bench", chart })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(copy, stderr);
        return stdout.ToArray();
    }

    private static string FindHelm()
    {
        var directories = new[] { Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator));
        return directories.Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.Combine(d!, "helm")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("helm was not found: run eng/install-tools.sh and set GITOPS_TOOLS_BIN");
    }

    // A chart whose templates each render a Deployment, a Service and a ConfigMap from shared values.
    private static void WriteChart(string folder, int templates, int replicas)
    {
        Directory.CreateDirectory(Path.Combine(folder, "templates"));
        File.WriteAllText(Path.Combine(folder, "Chart.yaml"), "apiVersion: v2\nname: bench\nversion: 1.0.0\n");
        File.WriteAllText(Path.Combine(folder, "values.yaml"),
            $"replicas: {replicas}\nimage: nginx:1.27\nenv:\n  LOG_LEVEL: info\n  MODE: bench\n  REGION: eu\nports: [80, 443, 8080]\n");
        File.WriteAllText(Path.Combine(folder, "templates", "_helpers.tpl"),
            "{{- define \"bench.labels\" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end -}}\n");
        for (var t = 0; t < templates; t++)
        {
            var name = "c" + t.ToString("D2", CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(folder, "templates", name + ".yaml"), $$$"""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}-{{{name}}}
                  labels: {{- include "bench.labels" . | nindent 4 }}
                spec:
                  replicas: {{ .Values.replicas }}
                  selector:
                    matchLabels: {{- include "bench.labels" . | nindent 6 }}
                  template:
                    metadata:
                      labels: {{- include "bench.labels" . | nindent 8 }}
                    spec:
                      containers:
                        - name: main
                          image: {{ .Values.image }}
                          env:
                          {{- range $k, $v := .Values.env }}
                            - name: {{ $k }}
                              value: {{ $v | quote }}
                          {{- end }}
                          ports:
                          {{- range .Values.ports }}
                            - containerPort: {{ . }}
                          {{- end }}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Release.Name }}-{{{name}}}
                spec:
                  selector: {{- include "bench.labels" . | nindent 4 }}
                  ports:
                  {{- range .Values.ports }}
                    - port: {{ . }}
                  {{- end }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-{{{name}}}
                data:
                  {{- range $k, $v := .Values.env }}
                  {{ $k }}: {{ $v | quote }}
                  {{- end }}
                """);
        }
    }
}
