using System.Text;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff.Normalizers;

/// <summary>
/// Folds a Secret's <c>stringData</c> into <c>data</c> (base64-encoded), as the API server does, so that a Secret
/// written with stringData compares equal to the stored one.
/// </summary>
internal sealed class SecretStringDataNormalizer : IDiffNormalizer
{
    public static SecretStringDataNormalizer Instance { get; } = new();

    public void Normalize(ResourceKey key, JsonObject obj)
    {
        if (key.Group.Length != 0 || key.Kind != "Secret" || obj["stringData"] is not JsonObject stringData)
        {
            return;
        }

        if (obj["data"] is not JsonObject data)
        {
            data = [];
            obj["data"] = data;
        }

        foreach (var (name, value) in stringData)
        {
            var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? string.Empty;
            data[name] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        obj.Remove("stringData");
    }
}
