namespace Brook.Producer.Idempotence;

/// <summary>Where obtaining a producer id stands after <see cref="IProducerIdSource.Poll"/>.</summary>
internal enum ProducerIdPollStatus
{
    /// <summary>Nothing was asked for (no <see cref="IProducerIdSource.Begin"/> outstanding).</summary>
    Idle,

    /// <summary>Still working (a request in flight, or backing off before the next one).</summary>
    Pending,

    /// <summary>The id and epoch arrived.</summary>
    Obtained,

    /// <summary>A non-retriable error: the producer cannot continue.</summary>
    Failed,
}
