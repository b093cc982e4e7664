namespace Brook.Producer;

/// <summary>A position in a partition's log; negative values are special markers.</summary>
/// <param name="Value">The offset, or one of the special negative markers.</param>
public readonly record struct Offset(long Value)
{
    /// <summary>No offset known: the record was not (yet) appended, or was sent with acks=0.</summary>
    public static readonly Offset Unset = new(-1001);

    /// <summary>The beginning of the log (-2).</summary>
    public static readonly Offset Beginning = new(-2);

    /// <summary>The end of the log (-1); also what the broker reports when no offset is available.</summary>
    public static readonly Offset End = new(-1);

    /// <summary>True for negative (marker) offsets.</summary>
    public bool IsSpecial => Value < 0;

    /// <summary>Converts a raw offset to an <see cref="Offset"/>.</summary>
    public static implicit operator Offset(long value) => new(value);

    /// <summary>Converts an <see cref="Offset"/> to its raw value.</summary>
    public static implicit operator long(Offset offset) => offset.Value;

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        -1001 => "Unset [-1001]",
        -2 => "Beginning [-2]",
        -1 => "End [-1]",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
