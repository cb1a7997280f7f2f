using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Manifests;

namespace GitOps.Benchmarks;

/// <summary>Reading and writing a 20 MB multi-document stream, as YAML and as concatenated JSON.</summary>
[MemoryDiagnoser]
public class ManifestReaderBenchmarks
{
    public const int InputBytes = 20 * 1024 * 1024;

    private byte[] _yaml = [];
    private byte[] _json = [];
    private IReadOnlyList<ManifestObject> _objects = [];

    [GlobalSetup]
    public void Setup()
    {
        _yaml = ManifestCorpus.Yaml(InputBytes);
        _objects = ManifestReader.Default.Read(_yaml, "corpus.yaml");
        var json = new StringBuilder();
        foreach (var manifest in _objects)
        {
            json.Append(manifest.Root.ToJsonString()).Append('\n');
        }

        _json = Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The same objects as concatenated JSON.</summary>
    public ReadOnlyMemory<byte> JsonInput => _json;

    /// <summary>The objects read from the YAML input.</summary>
    public IReadOnlyList<ManifestObject> Objects => _objects;

    [Benchmark(Baseline = true)]
    public int ReadYaml() => ManifestReader.Default.Read(_yaml, "corpus.yaml").Count;

    [Benchmark]
    public int ReadJson() => ManifestReader.Default.Read(_json, "corpus.json").Count;

    [Benchmark]
    public int WriteYaml() => ManifestWriter.WriteAll(_objects).Length;
}
