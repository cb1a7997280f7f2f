using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;
using GitOps.Testing.Resources;

namespace GitOps.Testing.Api;

/// <summary>
/// Answers <c>as=Table</c> requests (what <c>kubectl get</c> asks for): Name, the kind's printer columns, and Age;
/// a CRD's additionalPrinterColumns replace the generic Age column as on a real server.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept) => MediaTypes.Wanted(accept, "Table", "meta.k8s.io") is "v1" or "v1beta1";

    public static JsonObject Convert(ResourceType type, JsonObject objectOrList, DateTimeOffset now)
    {
        var items = objectOrList["items"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [objectOrList];
        var columns = new List<PrinterColumn> { new("Name", "string", ".metadata.name", 0, "Name must be unique within a namespace.") };
        columns.AddRange(type.PrinterColumns);
        if (type.BuiltIn || type.PrinterColumns.Count == 0)
        {
            columns.Add(new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0, "Time since the object was created."));
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray();
            foreach (var column in columns)
            {
                cells.Add(Cell(item, column, now));
            }

            rows.Add(new JsonObject
            {
                ["cells"] = cells,
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

        var definitions = new JsonArray();
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type == "date" ? "string" : column.Type,
                ["format"] = column.Name == "Name" ? "name" : string.Empty,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Cell(JsonObject item, PrinterColumn column, DateTimeOffset now)
    {
        if (column.JsonPath.StartsWith("count:", StringComparison.Ordinal))
        {
            // Built-in DATA-style columns: how many entries the named maps or lists hold together.
            return column.JsonPath[6..].Split(',').Sum(p => JsonPathCell.Evaluate(item, p) switch
            {
                JsonObject map => map.Count,
                JsonArray array => array.Count,
                _ => 0,
            });
        }

        if (column.JsonPath.StartsWith("ready:", StringComparison.Ordinal))
        {
            var parts = column.JsonPath[6..].Split('/');
            return $"{JsonPathCell.Evaluate(item, parts[0])?.ToString() ?? "0"}/{JsonPathCell.Evaluate(item, parts[1])?.ToString() ?? "0"}";
        }

        var value = JsonPathCell.Evaluate(item, column.JsonPath);
        if (column.Type == "date")
        {
            return value is null ? "<unknown>" : Age(value.ToString(), now);
        }

        if (value is null)
        {
            return column.Type is "integer" or "number" && column.JsonPath.StartsWith(".status", StringComparison.Ordinal) ? 0 : null;
        }

        return value.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array ? value.ToJsonString() : value.DeepClone();
    }

    /// <summary>The short age form kubectl prints: 45s, 3m, 2h5m, 4d.</summary>
    internal static string Age(string? timestamp, DateTimeOffset now)
    {
        if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
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
