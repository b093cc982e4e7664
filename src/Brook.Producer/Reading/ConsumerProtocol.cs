using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Reading;

/// <summary>
/// The "consumer" embedded protocol: subscription (JoinGroup metadata) and assignment (SyncGroup bytes), each an
/// int16 version followed by the body at that version. Newer versions than Brook knows are read with the newest it
/// knows, as Kafka's consumers do (the schemas only append fields).
/// </summary>
internal static class ConsumerProtocol
{
    /// <summary>Version 0 subscription bytes for one topic.</summary>
    public static byte[] Subscription(string topic) => Encode(new ConsumerProtocolSubscription { Topics = [topic] }, 0);

    /// <summary>Version 0 assignment bytes of <paramref name="partitions"/> of <paramref name="topic"/>.</summary>
    public static byte[] Assignment(string topic, List<int> partitions) =>
        Encode(new ConsumerProtocolAssignment { AssignedPartitions = [new ConsumerProtocolAssignment.TopicPartition { Topic = topic, Partitions = partitions }] }, 0);

    /// <summary>The topics a member's subscription names.</summary>
    public static List<string> ReadSubscriptionTopics(byte[] bytes)
    {
        if (bytes.Length < 2)
        {
            return [];
        }

        var reader = new ProtocolReader(bytes);
        var version = Math.Min(reader.ReadInt16(), ConsumerProtocolSubscription.HighestSupportedVersion);
        return ConsumerProtocolSubscription.Read(ref reader, (short)version).Topics;
    }

    /// <summary>The partitions of <paramref name="topic"/> in an assignment (empty bytes: none).</summary>
    public static List<int> ReadAssignment(byte[] bytes, string topic)
    {
        var partitions = new List<int>();
        if (bytes.Length < 2)
        {
            return partitions;
        }

        var reader = new ProtocolReader(bytes);
        var version = Math.Min(reader.ReadInt16(), ConsumerProtocolAssignment.HighestSupportedVersion);
        foreach (var assigned in ConsumerProtocolAssignment.Read(ref reader, (short)version).AssignedPartitions)
        {
            if (assigned.Topic == topic)
            {
                partitions.AddRange(assigned.Partitions);
            }
        }

        partitions.Sort();
        return partitions;
    }

    private static byte[] Encode(IProtocolMessage message, short version)
    {
        var bytes = new byte[2 + message.ComputeSize(version)];
        var writer = new ProtocolWriter(bytes);
        writer.WriteInt16(version);
        message.Write(ref writer, version);
        return bytes;
    }
}
