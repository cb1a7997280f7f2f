using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Api;

/// <summary>
/// Answers <c>as=Table</c> requests (what <c>kubectl get</c> asks for) with the generic columns the real server
/// uses for kinds without printer columns: name and age.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept) => MediaTypes.Wanted(accept, "Table", "meta.k8s.io") is "v1" or "v1beta1";

    public static JsonObject Convert(JsonObject objectOrList, DateTimeOffset now)
    {
        var items = objectOrList["items"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [objectOrList];
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray(item.Name(), Age(item.Metadata().GetString("creationTimestamp"), now)),
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item.Metadata().DeepClone(),
                },
            });
        }

        var metadata = new JsonObject();
        if (objectOrList["items"] is not null && objectOrList.Metadata().DeepClone() is JsonObject listMeta)
        {
            metadata = listMeta;
        }
        else if (objectOrList.Metadata().GetString("resourceVersion") is { } rv)
        {
            metadata["resourceVersion"] = rv;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(
                new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0 },
                new JsonObject { ["name"] = "Age", ["type"] = "string", ["format"] = string.Empty, ["description"] = "Time since the object was created.", ["priority"] = 0 }),
            ["rows"] = rows,
        };
    }

    /// <summary>The short age form kubectl prints: 45s, 3m, 2h5m, 4d.</summary>
    internal static string Age(string? timestamp, DateTimeOffset now)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }

        var age = now - created;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 10 ? $"{(int)age.TotalMinutes}m{age.Seconds}s"
            : age.TotalHours < 3 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 8 ? $"{(int)age.TotalHours}h{age.Minutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
