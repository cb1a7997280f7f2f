namespace GitOps.Tests.Sources.Fixtures;

/// <summary>
/// A non-bare Git repository built with the real git CLI for tests: write files and links, commit, branch, tag.
/// It can be served by <see cref="GitHttpServer"/> (which serves every repository under its root) or used through
/// <see cref="FileUrl"/>.
/// </summary>
public sealed class TestRepository
{
    // "git add --all" drops index entries missing from the working tree, so gitlinks are re-applied after it.
    private readonly List<(string Path, string Sha)> _gitLinks = [];

    private TestRepository(string path) => Path = path;

    /// <summary>The working tree.</summary>
    public string Path { get; }

    /// <summary>The folder name, which is also the repository's name under a <see cref="GitHttpServer"/>.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>A file:// URL of the repository.</summary>
    public string FileUrl => new Uri(Path).AbsoluteUri;

    /// <summary>Creates an empty repository with default branch <c>main</c> in <c>parent/name</c>.</summary>
    public static TestRepository Create(string parent, string name)
    {
        var path = System.IO.Path.Combine(parent, name);
        Directory.CreateDirectory(path);
        GitCli.Run(path, "init", "--quiet", "--initial-branch=main");
        GitCli.Run(path, "config", "commit.gpgsign", "false");
        GitCli.Run(path, "config", "core.symlinks", "true");
        return new TestRepository(path);
    }

    /// <summary>Writes (or overwrites) a file, creating folders.</summary>
    public TestRepository WriteFile(string relativePath, string content)
    {
        var full = Full(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Writes an executable file.</summary>
    public TestRepository WriteExecutable(string relativePath, string content)
    {
        WriteFile(relativePath, content);
        if (OperatingSystem.IsWindows())
        {
            GitCli.Run(Path, "add", relativePath);
            GitCli.Run(Path, "update-index", "--chmod=+x", relativePath);
        }
        else
        {
            File.SetUnixFileMode(Full(relativePath), File.GetUnixFileMode(Full(relativePath)) | UnixFileMode.UserExecute);
        }

        return this;
    }

    /// <summary>Records a symbolic link with the given target text (mode 120000), whatever it points to.</summary>
    public TestRepository WriteSymlink(string relativePath, string target)
    {
        var full = Full(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return this;
    }

    /// <summary>Records a submodule entry (a gitlink, mode 160000) pointing at a commit of another repository.</summary>
    public TestRepository AddGitLink(string relativePath, string commitSha)
    {
        _gitLinks.Add((relativePath, commitSha));
        return this;
    }

    /// <summary>Deletes a file from the working tree and the index.</summary>
    public TestRepository Delete(string relativePath)
    {
        GitCli.Run(Path, "rm", "--quiet", "-r", relativePath);
        return this;
    }

    /// <summary>Commits everything and returns the commit SHA.</summary>
    public string Commit(string message)
    {
        GitCli.Run(Path, "add", "--all");
        foreach (var (path, sha) in _gitLinks)
        {
            GitCli.Run(Path, "update-index", "--add", "--cacheinfo", $"160000,{sha},{path}");
        }

        GitCli.Run(Path, "commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    /// <summary>The SHA of the checked-out commit.</summary>
    public string Head() => GitCli.Run(Path, "rev-parse", "HEAD");

    /// <summary>Creates a lightweight tag, or an annotated one when a message is given, at HEAD or a commit.</summary>
    public TestRepository Tag(string name, string? annotation = null, string? commit = null)
    {
        var arguments = new List<string> { "tag" };
        if (annotation is not null)
        {
            arguments.AddRange(["-a", "-m", annotation]);
        }

        arguments.Add(name);
        if (commit is not null)
        {
            arguments.Add(commit);
        }

        GitCli.Run(Path, [.. arguments]);
        return this;
    }

    /// <summary>Creates a branch at HEAD and checks it out.</summary>
    public TestRepository CreateBranch(string name)
    {
        GitCli.Run(Path, "checkout", "--quiet", "-b", name);
        return this;
    }

    /// <summary>Checks out an existing branch.</summary>
    public TestRepository Checkout(string name)
    {
        GitCli.Run(Path, "checkout", "--quiet", name);
        return this;
    }

    private string Full(string relativePath) =>
        System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
}
