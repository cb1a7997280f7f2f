using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GitOps.Packaging.Tests;

/// <summary>
/// Packs the SDK's libraries, then restores and runs a consumer project that takes them by package reference, as
/// users do. The consumer's program is the embedding example from the README, so the README cannot rot.
/// </summary>
[NonParallelizable]
public sealed partial class PackageConsumerTests
{
    private static readonly string[] Libraries = ["GitOps.Core", "GitOps.Renderers", "GitOps.Hosting"];
    private string _work = null!;
    private string _feed = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public async Task PackLibraries()
    {
        _work = Directory.CreateTempSubdirectory("gitops-pack-").FullName;
        _feed = Path.Combine(_work, "feed");
        _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        foreach (var library in Libraries)
        {
            // A private artifacts folder keeps this build away from the outputs other tests are running from.
            var (exitCode, output) = await DotnetCli.RunAsync(
                RepositoryRoot.Path, "pack", Path.Combine("src", library, library + ".csproj"), "-c", "Release",
                "-o", _feed, "--artifacts-path", Path.Combine(_work, "artifacts"), $"-p:Version={_version}");
            Assert.That(exitCode, Is.Zero, $"dotnet pack {library} failed:\n{output}");
        }
    }

    [OneTimeTearDown]
    public void RemoveWork()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [TestCase("GitOps.Core")]
    [TestCase("GitOps.Renderers")]
    [TestCase("GitOps.Hosting")]
    public void Pack_Library_HasFullMetadataLicenceReadmeAndSymbols(string library)
    {
        var package = Path.Combine(_feed, $"{library}.{_version}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "id")!.Value, Is.EqualTo(library));
            Assert.That(metadata.Element(ns + "description")!.Value, Is.Not.Empty);
            Assert.That(metadata.Element(ns + "license")!.Value, Is.EqualTo("Apache-2.0"));
            Assert.That(metadata.Element(ns + "license")!.Attribute("type")!.Value, Is.EqualTo("expression"));
            Assert.That(metadata.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "repository")!.Attribute("url")!.Value, Does.StartWith("https://"));
            Assert.That(metadata.Element(ns + "authors")!.Value, Is.Not.Empty);
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("README.md").And.Contain("LICENSE"));
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{library}.dll").And.Contain($"lib/net10.0/{library}.xml"));
            Assert.That(File.Exists(Path.Combine(_feed, $"{library}.{_version}.snupkg")), Is.True, "symbols package");
        });
    }

    [Test]
    public async Task Consumer_ReadmeEmbeddingExample_RestoresFromPackagesAndRuns()
    {
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), ReadmeExample());
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GitOps.Renderers" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.0" />
              </ItemGroup>
            </Project>
            """);
        // The default source is named by its key only, as in the repository's own nuget.config.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="freshly-packed" value="{_feed}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="freshly-packed"><package pattern="GitOps.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        var sample = Path.Combine(RepositoryRoot.Path, "samples", "apps", "guestbook");
        var (exitCode, output) = await DotnetCli.RunAsync(consumer, "run", "--", sample);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("Deployment guestbook-ui").And.Contain("Service guestbook-ui").And.Contain("ConfigMap guestbook-settings"));
    }

    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var match = EmbeddingExample().Match(readme);
        Assert.That(match.Success, Is.True, "README.md has no ```csharp block after '<!-- embedding-example -->'");
        return match.Groups["code"].Value;
    }

    [GeneratedRegex(@"<!-- embedding-example -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex EmbeddingExample();
}
