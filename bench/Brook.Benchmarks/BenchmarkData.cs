namespace Brook.Benchmarks;

/// <summary>Deterministic, moderately compressible payloads (JSON-like text with varying digits).</summary>
internal static class BenchmarkData
{
    public static byte[] Payload(int size)
    {
        var random = new Random(42);
        var template = "{\"user\":\"u-0000\",\"event\":\"page_view\",\"ts\":1700000000000,\"path\":\"/a/b/c\"}"u8;
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            var c = template[i % template.Length];
            data[i] = c is >= (byte)'0' and <= (byte)'9' ? (byte)('0' + random.Next(10)) : c;
        }

        return data;
    }
}
