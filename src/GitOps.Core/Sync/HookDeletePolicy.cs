namespace GitOps.Sync;

/// <summary>When a hook object is deleted.</summary>
[Flags]
public enum HookDeletePolicy
{
    /// <summary>Never deleted by the engine.</summary>
    None = 0,

    /// <summary>After the hook succeeded.</summary>
    HookSucceeded = 1,

    /// <summary>After the hook failed.</summary>
    HookFailed = 2,

    /// <summary>Before the hook is created again (the default).</summary>
    BeforeHookCreation = 4,
}
