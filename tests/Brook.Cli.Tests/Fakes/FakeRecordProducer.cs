using System.Text;
using Brook.Cli.Engines;

namespace Brook.Cli.Tests.Fakes;

/// <summary>Acknowledges records in order; values equal to <see cref="FailValue"/> fail.</summary>
internal sealed class FakeRecordProducer : IRecordProducer
{
    public string? FailValue { get; set; }

    public List<(string Topic, string? Key, string Value, string Headers)> Records { get; } = [];

    public ValueTask<(int Partition, long Offset)> ProduceAsync(string topic, byte[]? key, byte[] value, IReadOnlyList<KeyValuePair<string, byte[]>> headers, CancellationToken cancellationToken = default)
    {
        var text = Encoding.UTF8.GetString(value);
        if (text == FailValue)
        {
            return ValueTask.FromException<(int, long)>(new InvalidOperationException("RECORD_TOO_LARGE"));
        }

        Records.Add((topic, key is null ? null : Encoding.UTF8.GetString(key), text, string.Join(",", headers.Select(h => h.Key + "=" + Encoding.UTF8.GetString(h.Value)))));
        return ValueTask.FromResult((0, (long)Records.Count - 1));
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
