using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GitOps.Testing.Resources;

/// <summary>
/// The field structure of a built-in kind, read from KubernetesClient's generated models (which mirror the API's
/// Go types): which fields an object has, and which are lists or maps of what. Used to find unknown fields, as the
/// real server's strict decoder does.
/// </summary>
internal sealed class ModelShape
{
    private static readonly ConcurrentDictionary<Type, ModelShape> Shapes = new();
    private static readonly Lazy<Dictionary<(string Group, string Version, string Kind), Type>> Entities = new(FindEntities);
    private static readonly ModelShape Any = new(ShapeKind.Any, null, null);

    private readonly Type? _model;
    private Dictionary<string, ModelShape>? _properties;

    private ModelShape(ShapeKind kind, Type? model, ModelShape? element)
    {
        Kind = kind;
        _model = model;
        Element = element;
    }

    private enum ShapeKind
    {
        Any,
        Object,
        List,
        Map,
    }

    private ShapeKind Kind { get; }

    private ModelShape? Element { get; }

    /// <summary>The shape of a built-in kind, or null when KubernetesClient has no model for it.</summary>
    public static ModelShape? For(string group, string version, string kind) =>
        Entities.Value.TryGetValue((group, version, kind), out var type) ? Of(type) : null;

    /// <summary>Removes the fields the model does not declare and returns their paths (<c>spec.containers[0].imagee</c>).</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        Prune(obj, string.Empty, unknown);
        return unknown;
    }

    private void Prune(JsonNode? node, string path, List<string> unknown)
    {
        switch (Kind)
        {
            case ShapeKind.Object when node is JsonObject obj:
                var properties = Properties();
                foreach (var (key, value) in obj.ToList())
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties.TryGetValue(key, out var shape))
                    {
                        shape.Prune(value, at, unknown);
                    }
                    else
                    {
                        obj.Remove(key);
                        unknown.Add(at);
                    }
                }

                break;
            case ShapeKind.List when node is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Element!.Prune(array[i], $"{path}[{i}]", unknown);
                }

                break;
            case ShapeKind.Map when node is JsonObject map:
                foreach (var (key, value) in map.ToList())
                {
                    Element!.Prune(value, $"{path}.{key}", unknown);
                }

                break;
            default:
                // Scalars, free-form values, and values of the wrong type (validation reports those).
                break;
        }
    }

    private Dictionary<string, ModelShape> Properties() =>
        _properties ??= _model!.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => Of(p.PropertyType), StringComparer.Ordinal);

    private static ModelShape Of(Type type) => Shapes.GetOrAdd(type, Build);

    private static ModelShape Build(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(byte[]) || type == typeof(object)
            || type.Namespace != "k8s.Models" && !type.IsGenericType
            || type.GetCustomAttribute<JsonConverterAttribute>() is not null)
        {
            return Any;
        }

        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            if (arguments.Length == 2)
            {
                return new ModelShape(ShapeKind.Map, null, Of(arguments[1]));
            }

            return arguments.Length == 1 ? new ModelShape(ShapeKind.List, null, Of(arguments[0])) : Any;
        }

        return new ModelShape(ShapeKind.Object, type, null);
    }

    private static Dictionary<(string Group, string Version, string Kind), Type> FindEntities()
    {
        var entities = new Dictionary<(string, string, string), Type>();
        foreach (var type in typeof(k8s.Models.V1ObjectMeta).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<k8s.Models.KubernetesEntityAttribute>() is { } entity)
            {
                entities.TryAdd((entity.Group ?? string.Empty, entity.ApiVersion, entity.Kind), type);
            }
        }

        return entities;
    }
}
