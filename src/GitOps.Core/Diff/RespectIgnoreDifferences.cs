using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Argo CD's RespectIgnoreDifferences: before an object is applied, the fields its ignore rules cover take their live
/// values, so a sync does not undo what the rules say to leave alone (an HPA's replicas, a value a controller rolls).
/// </summary>
public static class RespectIgnoreDifferences
{
    /// <summary>Copies live values of ignored fields into a desired object, in place.</summary>
    /// <param name="desired">The object about to be applied; changed in place.</param>
    /// <param name="live">The live object.</param>
    /// <param name="rules">The ignore rules; those that do not match the object are skipped.</param>
    /// <remarks>
    /// JSON pointers copy the live value, or drop the field from desired when live lacks it. Path expressions copy the
    /// values at the locations they select in live, position for position. Fields owned by the listed managers are
    /// dropped from desired, so a server-side apply leaves them to their owner.
    /// </remarks>
    public static void Apply(ManifestObject desired, ManifestObject live, IEnumerable<IgnoreDifferencesRule> rules)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(rules);
        var matching = rules.Where(r => r.Matches(desired.Key)).ToList();
        foreach (var rule in matching)
        {
            foreach (var text in rule.JsonPointers)
            {
                var pointer = JsonPointer.Parse(text);
                if (pointer.Find(live.Root) is { } value)
                {
                    pointer.Set(desired.Root, value.DeepClone());
                }
                else
                {
                    pointer.Remove(desired.Root);
                }
            }

            foreach (var text in rule.PathExpressions)
            {
                var expression = PathExpression.Parse(text);
                var livePointers = expression.SelectPointers(live.Root).ToHashSet(StringComparer.Ordinal);
                foreach (var location in livePointers)
                {
                    var pointer = JsonPointer.Parse(location);
                    pointer.Set(desired.Root, pointer.Find(live.Root)?.DeepClone());
                }

                foreach (var location in expression.SelectPointers(desired.Root).Where(p => !livePointers.Contains(p)).Reverse().ToList())
                {
                    JsonPointer.Parse(location).Remove(desired.Root);
                }
            }
        }

        var managers = matching.SelectMany(r => r.ManagedFieldsManagers).ToHashSet(StringComparer.Ordinal);
        foreach (var owned in ManagedFieldSet.Of(live.Root, managers))
        {
            ManagedFieldSet.RemoveOwned(desired.Root, owned);
        }
    }
}
