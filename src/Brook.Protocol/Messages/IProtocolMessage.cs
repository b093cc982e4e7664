using Brook.Protocol.Primitives;

namespace Brook.Protocol.Messages;

/// <summary>A generated message, header or struct that sizes itself, then writes itself, for a given version.</summary>
public interface IProtocolMessage
{
    /// <summary>Exact encoded size in bytes at <paramref name="version"/>.</summary>
    int ComputeSize(short version);

    /// <summary>
    /// Encodes at <paramref name="version"/>. Throws <see cref="InvalidOperationException"/> when a field holds a value
    /// the version cannot carry (a non-ignorable field absent from that version, or null where not nullable).
    /// </summary>
    void Write(ref ProtocolWriter writer, short version);
}
