using System.Globalization;

namespace Brook.ProtocolGen;

/// <summary>A version range from a definition: "0-11", "3", "3+", "none".</summary>
public readonly record struct VersionRange(short Min, short Max)
{
    /// <summary>Upper bound used for open ranges ("3+").</summary>
    public const short Open = short.MaxValue;

    /// <summary>The empty range ("none").</summary>
    public static VersionRange None { get; } = new(1, 0);

    /// <summary>Every version ("0+").</summary>
    public static VersionRange All { get; } = new(0, Open);

    /// <summary>True for "none".</summary>
    public bool IsEmpty => Min > Max;

    /// <summary>True for "N+".</summary>
    public bool IsOpenEnded => !IsEmpty && Max == Open;

    /// <summary>True when <paramref name="version"/> lies in the range.</summary>
    public bool Contains(int version) => version >= Min && version <= Max;

    /// <summary>True when every version of <paramref name="other"/> lies in this range.</summary>
    public bool Covers(VersionRange other) => other.IsEmpty || (!IsEmpty && Min <= other.Min && Max >= other.Max);

    /// <summary>The versions in both ranges.</summary>
    public VersionRange Intersect(VersionRange other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return None;
        }

        var min = Math.Max(Min, other.Min);
        var max = Math.Min(Max, other.Max);
        return min > max ? None : new VersionRange((short)min, (short)max);
    }

    /// <summary>This range minus an open-ended <paramref name="upper"/> range ("N+"), i.e. the versions below N.</summary>
    public VersionRange Below(VersionRange upper)
    {
        if (upper.IsEmpty)
        {
            return this;
        }

        return Intersect(new VersionRange(0, (short)(upper.Min - 1)));
    }

    /// <summary>Parses the definition syntax; <paramref name="what"/> names the property in error messages.</summary>
    public static VersionRange Parse(string? text, string what)
    {
        var s = text?.Trim() ?? throw new FormatException($"{what}: a version range is required.");
        if (s.Length == 0 || s.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        if (s.EndsWith('+'))
        {
            return new VersionRange(ParseVersion(s[..^1], what), Open);
        }

        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            var min = ParseVersion(s[..dash], what);
            var max = ParseVersion(s[(dash + 1)..], what);
            if (max < min)
            {
                throw new FormatException($"{what}: range \"{s}\" ends before it starts.");
            }

            return new VersionRange(min, max);
        }

        var single = ParseVersion(s, what);
        return new VersionRange(single, single);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsEmpty ? "none" : IsOpenEnded ? $"{Min}+" : Min == Max ? $"{Min}" : $"{Min}-{Max}";

    private static short ParseVersion(string s, string what) =>
        short.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new FormatException($"{what}: \"{s}\" is not a version number.");
}
