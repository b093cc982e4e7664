namespace Brook.Protocol.Primitives;

/// <summary>
/// A tagged field this version of Brook does not know (KIP-482): kept as read, its value bytes aliasing the frame,
/// and written back unchanged so messages round-trip.
/// </summary>
/// <param name="Tag">The tag number.</param>
/// <param name="Data">The value bytes (without tag and size).</param>
public readonly record struct RawTaggedField(int Tag, ReadOnlyMemory<byte> Data);
