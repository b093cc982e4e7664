using Brook.Protocol.Messages;

namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// The answers of a broker that leads every partition of one topic (node 0 at 127.0.0.1:1), for in-memory transports
/// that measure the producer's own work: the allocation tests and the hot-path benchmarks share them.
/// </summary>
public static class OneTopicAnswers
{
    /// <summary>Metadata naming node 0 as the leader (epoch 1) of each of <paramref name="partitions"/> partitions of <paramref name="topic"/>.</summary>
    public static MetadataResponse Metadata(string topic, int partitions)
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        var answer = new MetadataResponse.MetadataResponseTopic { Name = topic };
        for (var p = 0; p < partitions; p++)
        {
            answer.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = 0, LeaderEpoch = 1 });
        }

        response.Topics.Add(answer);
        return response;
    }

    /// <summary>A successful Produce answer (offset 0, no log-append time) for every partition of <paramref name="topic"/>; cache and reuse it.</summary>
    public static ProduceResponse Produced(string topic, int partitions)
    {
        var response = new ProduceResponse();
        var answer = new ProduceResponse.TopicProduceResponse { Name = topic };
        for (var p = 0; p < partitions; p++)
        {
            answer.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse { Index = p, BaseOffset = 0, LogAppendTimeMs = -1 });
        }

        response.Responses.Add(answer);
        return response;
    }
}
