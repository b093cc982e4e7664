namespace Brook.Producer;

/// <summary>
/// Consume-transform-produce exactly once (KIP-98/KIP-447): for each polled batch of input records, opens a
/// transaction, lets <c>transform</c> produce the outputs through the producer, adds the consumer positions (last
/// offset + 1 per input partition) with <see cref="KafkaProducer{TKey, TValue}.SendOffsetsToTransactionAsync"/> and
/// commits. Outputs and offsets become visible together or not at all. Works with any consumer: you supply each input's
/// position and the group metadata (refresh it after every rebalance).
/// </summary>
/// <typeparam name="TKey">Output key type.</typeparam>
/// <typeparam name="TValue">Output value type.</typeparam>
public sealed class TransactionalProcessor<TKey, TValue>
{
    private readonly KafkaProducer<TKey, TValue> _producer;

    /// <summary>Wraps an initialized transactional producer (InitTransactionsAsync already awaited).</summary>
    /// <param name="producer">The transactional producer.</param>
    public TransactionalProcessor(KafkaProducer<TKey, TValue> producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (producer.Options.TransactionalId is null)
        {
            throw new ArgumentException("TransactionalProcessor needs a transactional producer: set transactional.id and call InitTransactionsAsync.", nameof(producer));
        }

        _producer = producer;
    }

    /// <summary>
    /// Processes <paramref name="inputs"/> in one transaction. Returns true when committed. Returns false when the
    /// transaction had to be aborted for a recoverable reason (a record failed, the group rebalanced): nothing of it is
    /// visible, so rewind the consumer to the group's committed offsets and poll again. If <paramref name="transform"/>
    /// throws, the transaction is aborted and the exception rethrown. A <see cref="FatalException"/> (fenced) propagates:
    /// dispose the producer.
    /// </summary>
    /// <typeparam name="TInput">The consumed record type.</typeparam>
    /// <param name="inputs">The records polled from the consumer (may be empty: then nothing is done).</param>
    /// <param name="positionOf">The topic, partition and offset an input was read from.</param>
    /// <param name="group">The consumer's current group metadata.</param>
    /// <param name="transform">Produces the outputs of one input through the given producer.</param>
    /// <param name="cancellationToken">Cancels the wait; an interrupted transaction is aborted when possible.</param>
    public async ValueTask<bool> ProcessAsync<TInput>(
        IReadOnlyList<TInput> inputs,
        Func<TInput, TopicPartitionOffset> positionOf,
        ConsumerGroupMetadata group,
        Func<TInput, KafkaProducer<TKey, TValue>, CancellationToken, ValueTask> transform,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(positionOf);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(transform);
        if (inputs.Count == 0)
        {
            return true;
        }

        var next = new Dictionary<TopicPartition, long>();
        _producer.BeginTransaction();
        try
        {
            foreach (var input in inputs)
            {
                var position = positionOf(input);
                var tp = position.TopicPartition;
                next[tp] = Math.Max(next.GetValueOrDefault(tp, 0), position.Offset.Value + 1);
                await transform(input, _producer, cancellationToken).ConfigureAwait(false);
            }

            var offsets = new List<TopicPartitionOffset>(next.Count);
            foreach (var (tp, offset) in next)
            {
                offsets.Add(new TopicPartitionOffset(tp, offset));
            }

            await _producer.SendOffsetsToTransactionAsync(offsets, group, cancellationToken).ConfigureAwait(false);
            await _producer.CommitTransactionAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionAbortableException)
        {
            await _producer.AbortTransactionAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (ProduceException<TKey, TValue>)
        {
            // A record failed while the transform awaited it: the transaction cannot commit.
            await _producer.AbortTransactionAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is not FatalException && ex is not KafkaTimeoutException)
        {
            await _producer.AbortTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
