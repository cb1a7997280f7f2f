using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Manifests.Yaml;

/// <summary>Serves events produced ahead of time, by <see cref="FastBlockYamlParser"/>, as a parser.</summary>
internal sealed class YamlEventList(List<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        if (_next >= events.Count)
        {
            Current = null;
            return false;
        }

        Current = events[_next++];
        return true;
    }
}
