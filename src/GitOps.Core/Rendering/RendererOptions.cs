namespace GitOps.Rendering;

/// <summary>
/// The base of every renderer's options. Options are engine-neutral: they say what to render, not how one
/// program is invoked, so that another engine can serve the same options later.
/// </summary>
/// <remarks>
/// Derived types must be plain data (properties serializable with System.Text.Json): the render cache keys on a
/// hash of their serialized form.
/// </remarks>
public abstract class RendererOptions
{
    /// <summary>The name of the renderer these options are for.</summary>
    public abstract string RendererName { get; }
}
