namespace GitOps.Testing.Protobuf;

/// <summary>One field of a known protobuf message: its JSON name, type, and whether it is a list or an optional (pointer) field.</summary>
internal sealed record ProtobufField(int Number, string Name, string Type, bool Repeated, bool Pointer);
