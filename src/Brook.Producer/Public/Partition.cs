namespace Brook.Producer;

/// <summary>
/// A partition number within a topic. <see cref="Any"/> (-1) means "let the producer choose".
/// </summary>
/// <param name="Value">The zero-based partition number, or -1 for <see cref="Any"/>.</param>
public readonly record struct Partition(int Value)
{
    /// <summary>No explicit partition: the partitioner (key hash or sticky) chooses one.</summary>
    public static readonly Partition Any = new(-1);

    /// <summary>True for the special value <see cref="Any"/> (or any other negative value).</summary>
    public bool IsSpecial => Value < 0;

    /// <summary>Converts a partition number to a <see cref="Partition"/>.</summary>
    public static implicit operator Partition(int value) => new(value);

    /// <summary>Converts a <see cref="Partition"/> back to its number.</summary>
    public static implicit operator int(Partition partition) => partition.Value;

    /// <inheritdoc />
    public override string ToString() => IsSpecial ? "[Any]" : $"[{Value}]";
}
