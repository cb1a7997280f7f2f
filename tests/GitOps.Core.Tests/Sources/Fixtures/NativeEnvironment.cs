using System.Runtime.InteropServices;

namespace GitOps.Tests.Sources.Fixtures;

/// <summary>
/// Changes the process environment that native code (libgit2) sees. On Unix, .NET keeps its own copy of the
/// environment, so <see cref="Environment.SetEnvironmentVariable(string, string)"/> is invisible to native getenv.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets (or, for <see langword="null"/>, removes) a variable for both managed and native code.</summary>
    public static void Set(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var result = value is null ? UnsetEnv(name) : SetEnv(name, value, 1);
        if (result != 0)
        {
            throw new InvalidOperationException($"Could not change native environment variable {name}.");
        }
    }

    // The strings are marshalled explicitly as UTF-8, which is what CA2101 asks for; it just does not see it here.
#pragma warning disable CA2101
    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "unsetenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int UnsetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
#pragma warning restore CA2101
}
