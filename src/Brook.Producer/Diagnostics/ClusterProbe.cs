using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Brook.Producer.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Diagnostics;

/// <summary>
/// The doctor's connectivity probe: resolve the bootstrap hosts (DNS time), open a TCP connection (connect time), run
/// ApiVersions, fetch metadata for one topic, reach every broker it lists, count leaderless and under-replicated
/// partitions, and compare each ISR with the topic's min.insync.replicas (DescribeConfigs) when the cluster tells it.
/// Every wait is bounded by request.timeout.ms / socket.connection.setup.timeout.ms of the options; a failed step is
/// recorded as one line and the probe goes on with what it has.
/// </summary>
public static class ClusterProbe
{
    private const sbyte TopicResource = 2;
    private const string MinIsrKey = "min.insync.replicas";

    /// <summary>Probes <paramref name="bootstrapServers"/> and the metadata of <paramref name="topic"/>.</summary>
    /// <param name="bootstrapServers">bootstrap.servers.</param>
    /// <param name="topic">Topic whose partitions to check (need not exist).</param>
    /// <param name="options">Network settings (client.id, timeouts); null uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <exception cref="ArgumentException"><paramref name="bootstrapServers"/> is not a host:port list.</exception>
    public static async ValueTask<ClusterProbeReport> ProbeAsync(
        string bootstrapServers, string topic, ProducerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var bootstrap = BrokerNode.ParseBootstrap(bootstrapServers);
        var settings = options is null ? new NetworkSettings() : NetworkSettings.From(options);
        var time = settings.TimeProvider;
        var steps = new List<string>();
        var timeouts = 0;

        var dnsMs = 0.0;
        foreach (var node in bootstrap)
        {
            var started = time.GetTimestamp();
            try
            {
                using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(settings.RequestTimeoutMs), time);
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
                var addresses = await settings.Resolver(node.Host, bounded.Token).ConfigureAwait(false);
                var ms = time.GetElapsedTime(started).TotalMilliseconds;
                dnsMs += ms;
                steps.Add(F($"dns      {node.Host}: {addresses.Length} address(es) in {ms:F1} ms"));
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                dnsMs += time.GetElapsedTime(started).TotalMilliseconds;
                steps.Add(F($"dns      {node.Host}: FAILED ({OneLine(ex)})"));
            }
        }

        var connectMs = -1.0;
        foreach (var node in bootstrap)
        {
            var started = time.GetTimestamp();
            try
            {
                using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(settings.SocketConnectionSetupTimeoutMs), time);
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(node.Host, node.Port, bounded.Token).ConfigureAwait(false);
                connectMs = time.GetElapsedTime(started).TotalMilliseconds;
                steps.Add(F($"tcp      {node.Host}:{node.Port}: connected in {connectMs:F1} ms"));
                break;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                timeouts += ex is OperationCanceledException ? 1 : 0;
                steps.Add(F($"tcp      {node.Host}:{node.Port}: FAILED ({OneLine(ex)})"));
            }
        }

        var client = new NetworkClient(settings, bootstrap, new Internals.RandomSource(null));
        await using (client.ConfigureAwait(false))
        {
            var apiMs = -1.0;
            BrokerConnection? first = null;
            foreach (var node in bootstrap)
            {
                var started = time.GetTimestamp();
                try
                {
                    first = await client.GetConnectionAsync(node.NodeId, cancellationToken).ConfigureAwait(false);
                    apiMs = time.GetElapsedTime(started).TotalMilliseconds;
                    steps.Add(F($"api      {node.Host}:{node.Port}: ApiVersions handshake done in {apiMs:F1} ms (connect included)"));
                    break;
                }
                catch (KafkaException ex)
                {
                    timeouts += ex is KafkaTimeoutException ? 1 : 0;
                    steps.Add(F($"api      {node.Host}:{node.Port}: FAILED ({OneLine(ex)})"));
                }
            }

            if (first is null)
            {
                return new ClusterProbeReport(dnsMs, connectMs, apiMs, 0, 0, 0, 0, 0, 0, null, timeouts, steps);
            }

            MetadataResponse metadata;
            var metadataStarted = time.GetTimestamp();
            try
            {
                metadata = await first.SendAsync<MetadataResponse>(new MetadataRequest
                {
                    Topics = [new MetadataRequest.MetadataRequestTopic { Name = topic }],
                    AllowAutoTopicCreation = false,
                }).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex)
            {
                timeouts += ex is KafkaTimeoutException ? 1 : 0;
                steps.Add(F($"metadata FAILED ({OneLine(ex)})"));
                return new ClusterProbeReport(dnsMs, connectMs, apiMs, 0, 0, 0, 0, 0, 0, null, timeouts, steps);
            }

            steps.Add(F($"metadata {metadata.Brokers.Count} broker(s), controller {metadata.ControllerId}, in {time.GetElapsedTime(metadataStarted).TotalMilliseconds:F1} ms"));
            var brokers = new List<BrokerNode>(metadata.Brokers.Count);
            foreach (var broker in metadata.Brokers)
            {
                brokers.Add(new BrokerNode(broker.NodeId, broker.Host, broker.Port, broker.Rack));
            }

            client.UpdateNodes(brokers);
            var reachable = 0;
            foreach (var broker in brokers)
            {
                var started = time.GetTimestamp();
                try
                {
                    await client.GetConnectionAsync(broker.NodeId, cancellationToken).ConfigureAwait(false);
                    reachable++;
                    steps.Add(F($"broker   {broker}: reachable in {time.GetElapsedTime(started).TotalMilliseconds:F1} ms"));
                }
                catch (KafkaException ex)
                {
                    timeouts += ex is KafkaTimeoutException ? 1 : 0;
                    steps.Add(F($"broker   {broker}: UNREACHABLE ({OneLine(ex)})"));
                }
            }

            var minIsr = await MinInsyncReplicasAsync(client, brokers, topic, steps, cancellationToken).ConfigureAwait(false);
            var (partitions, leaderless, underReplicated, underMinIsr) = Partitions(metadata, topic, minIsr, steps);
            return new ClusterProbeReport(
                dnsMs, connectMs, apiMs, reachable, brokers.Count, partitions, leaderless, underReplicated, underMinIsr, minIsr, timeouts, steps);
        }
    }

    private static (int Partitions, int Leaderless, int UnderReplicated, int UnderMinIsr) Partitions(
        MetadataResponse metadata, string topic, int? minIsr, List<string> steps)
    {
        var described = metadata.Topics.Find(t => t.Name == topic);
        if (described is null || described.ErrorCode != 0)
        {
            var error = described is null ? ErrorCode.UnknownTopicOrPartition : (ErrorCode)described.ErrorCode;
            steps.Add(F($"topic    {topic}: {ErrorCodes.Name(error)}"));
            return (0, 0, 0, 0);
        }

        int leaderless = 0, underReplicated = 0, underMinIsr = 0;
        foreach (var partition in described.Partitions)
        {
            var isr = partition.IsrNodes.Count;
            var replicas = partition.ReplicaNodes.Count;
            if (partition.LeaderId < 0)
            {
                leaderless++;
            }

            if (isr < replicas)
            {
                underReplicated++;
            }

            if (minIsr is { } min && isr < min)
            {
                underMinIsr++;
            }

            steps.Add(F($"partition {topic}-{partition.PartitionIndex}: leader {partition.LeaderId}, replicas {replicas}, isr {isr}{(minIsr is { } m ? $" (min.insync.replicas {m})" : string.Empty)}"));
        }

        return (described.Partitions.Count, leaderless, underReplicated, underMinIsr);
    }

    /// <summary>min.insync.replicas of the topic via DescribeConfigs on any reachable broker; null when not told.</summary>
    private static async Task<int?> MinInsyncReplicasAsync(
        NetworkClient client, List<BrokerNode> brokers, string topic, List<string> steps, CancellationToken cancellationToken)
    {
        foreach (var broker in brokers)
        {
            var connection = client.GetReadyConnection(broker.NodeId);
            if (connection is null || !connection.Versions.TryGetVersion(Brook.Protocol.ApiKey.DescribeConfigs, out _))
            {
                continue;
            }

            try
            {
                var response = await connection.SendAsync<DescribeConfigsResponse>(new DescribeConfigsRequest
                {
                    Resources = [new DescribeConfigsRequest.DescribeConfigsResource { ResourceType = TopicResource, ResourceName = topic, ConfigurationKeys = [MinIsrKey] }],
                }).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var result in response.Results)
                {
                    foreach (var config in result.Configs)
                    {
                        if (config.Name == MinIsrKey && int.TryParse(config.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                        {
                            return value;
                        }
                    }
                }
            }
            catch (KafkaException ex)
            {
                steps.Add(F($"configs  {broker}: DescribeConfigs failed ({OneLine(ex)})"));
            }

            return null;
        }

        steps.Add("configs  no broker answers DescribeConfigs: ISR is compared with the replica count only");
        return null;
    }

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
