using Brook.Producer.Idempotence;

namespace Brook.Producer.Tests.Idempotence;

/// <summary>A source whose id/epoch the test sets, like a transaction manager's (first grant and KIP-360 bumps).</summary>
internal sealed class PushedProducerIdSource : IProducerIdSource
{
    public ProducerIdAndEpoch Value { get; set; } = ProducerIdAndEpoch.None;

    public void Begin(ProducerIdAndEpoch current, long nowMs)
    {
    }

    public ProducerIdPoll Poll(long nowMs) => Value.IsValid ? ProducerIdPoll.Obtained(Value) : ProducerIdPoll.Pending(long.MaxValue);

    public bool TryTakeReplacement(ProducerIdAndEpoch current, out ProducerIdAndEpoch replacement)
    {
        replacement = Value;
        return Value.IsValid && Value != current;
    }
}
