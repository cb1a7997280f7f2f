using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>=</c>, <c>==</c> and <c>!=</c> terms on the fields every kind supports
/// (<c>metadata.name</c>, <c>metadata.namespace</c>); other fields answer 400 like the real server.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms)
    {
        _terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name an equality term pins, letting a watch or list narrow to one object.</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            int at;
            bool equal;
            int skip;
            if ((at = term.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                equal = false;
                skip = 2;
            }
            else if ((at = term.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                equal = true;
                skip = 2;
            }
            else if ((at = term.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                equal = true;
                skip = 1;
            }
            else
            {
                throw StatusObjects.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw StatusObjects.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, term[(at + skip)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = field == "metadata.name" ? obj.Name() : obj.Namespace();
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
