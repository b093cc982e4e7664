namespace Brook.Protocol.Tests.Records;

/// <summary>Record batch test vectors B1-B3 from protocol.md §9.</summary>
internal static class GoldenBatches
{
    public const long Timestamp = 1700000000000;

    public static readonly byte[] B1 = Hex(
        "00 00 00 00 00 00 00 00 00 00 00 3d ff ff ff ff 02 e6 41 a4 4b 00 00 00 00 00 00 00 00 01 8b cf e5 68 00 00 00 01 8b cf e5 68 00 ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 01 16 00 00 00 01 0a 68 65 6c 6c 6f 00");

    public static readonly byte[] B2 = Hex(
        "00 00 00 00 00 00 00 00 00 00 00 4b ff ff ff ff 02 37 5f f5 9e 00 00 00 00 00 01 00 00 01 8b cf e5 68 00 00 00 01 8b cf e5 68 05 00 00 00 00 00 00 03 e8 00 00 00 00 00 00 00 00 00 02 14 00 00 00 04 6b 31 04 76 31 00 1c 00 0a 02 04 6b 32 04 76 32 02 02 68 02 78");

    public static readonly byte[] B3 = Hex(
        "00 00 00 00 00 00 00 00 00 00 00 42 ff ff ff ff 02 a1 ac 49 9f 00 30 00 00 00 00 00 00 01 8b cf e5 68 00 00 00 01 8b cf e5 68 00 00 00 00 00 00 00 03 e8 00 00 ff ff ff ff 00 00 00 01 20 00 00 00 08 00 00 00 01 0c 00 00 00 00 00 00 00");

    public static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", string.Empty, StringComparison.Ordinal));
}
