using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Brook.TestSupport.Interop;

/// <summary>
/// librdkafka's mock Kafka cluster (rdkafka_mock.h), hosted in-process on 127.0.0.1 ephemeral ports, as a broker
/// written by someone else for Brook.Producer and Confluent clients. Broker ids are 1..N.
/// </summary>
/// <remarks>
/// All methods are thread-safe (librdkafka forwards each call to the cluster's own thread and waits). A failing C
/// call throws <see cref="MockClusterException"/> naming the call. Limits of the mock that are not Brook bugs are
/// listed in docs/design/peers.md; in short: 5 MiB / 100,000 batches kept per partition, no idempotent de-duplication
/// outside transactions, no replication, controller id 0 unless <see cref="SetControllerId"/> is called.
/// </remarks>
public sealed partial class MockCluster : IDisposable
{
    private readonly nint _rk;
    private nint _cluster;

    private MockCluster(nint rk, nint cluster, int brokerCount)
    {
        _rk = rk;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(cluster))
            ?? throw new MockClusterException("rd_kafka_mock_cluster_bootstraps returned NULL", 0);
    }

    /// <summary>The bootstrap list, <c>127.0.0.1:port,...</c> (one entry per broker).</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster started with (ids 1..BrokerCount).</summary>
    public int BrokerCount { get; }

    /// <summary>
    /// Starts a mock cluster with <paramref name="brokers"/> brokers. It lives on a dedicated librdkafka producer
    /// handle (the mock API needs one for bookkeeping) that never produces.
    /// </summary>
    /// <param name="brokers">Broker count, 1 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is below 1.</exception>
    /// <exception cref="MockClusterException">librdkafka refused the handle or the cluster.</exception>
    public static MockCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var errstr = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();
        try
        {
            // The host handle talks to no broker: keep it quiet and never let it push telemetry (peers.md, limit 7).
            SetConf(conf, "log_level", "3", errstr);
            SetConf(conf, "enable.metrics.push", "false", errstr);
            SetConf(conf, "client.id", "brook-mock-cluster-host", errstr);
        }
        catch
        {
            LibrdkafkaNative.ConfDestroy(conf);
            throw;
        }

        var rk = LibrdkafkaNative.New(LibrdkafkaNative.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (rk == 0)
        {
            LibrdkafkaNative.ConfDestroy(conf);
            throw new MockClusterException("rd_kafka_new(RD_KAFKA_PRODUCER) for the mock-cluster host failed: " + Text(errstr), 0);
        }

        var cluster = LibrdkafkaNative.MockClusterNew(rk, brokers);
        if (cluster == 0)
        {
            LibrdkafkaNative.Destroy(rk);
            throw new MockClusterException(
                $"rd_kafka_mock_cluster_new(rk, {brokers}) returned NULL: could not bind 127.0.0.1 listeners (see stderr).", 0);
        }

        return new MockCluster(rk, cluster, brokers);
    }

    /// <summary>Creates a topic (no CreateTopics API on the wire; Metadata auto-creation makes 4 partitions).</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="partitions">Partition count.</param>
    /// <param name="replicationFactor">Replicas per partition; at most <see cref="BrokerCount"/>.</param>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Check(LibrdkafkaNative.MockTopicCreate(Handle, topic, partitions, replicationFactor),
            $"rd_kafka_mock_topic_create(\"{topic}\", partitions: {partitions}, rf: {replicationFactor})");
    }

    /// <summary>Makes every later request naming <paramref name="topic"/> fail with <paramref name="error"/> (NoError clears).</summary>
    public void SetTopicError(string topic, ErrorCode error)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        LibrdkafkaNative.MockTopicSetError(Handle, topic, (int)error);
    }

    /// <summary>Moves a partition's leadership (creates the topic if missing). -1 makes the partition leaderless.</summary>
    public void SetLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetLeader(Handle, topic, partition, brokerId),
            $"rd_kafka_mock_partition_set_leader(\"{topic}\", {partition}, broker: {brokerId})");

    /// <summary>Sets the partition's preferred read replica (KIP-392) reported to fetchers.</summary>
    public void SetFollower(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetFollower(Handle, topic, partition, brokerId),
            $"rd_kafka_mock_partition_set_follower(\"{topic}\", {partition}, broker: {brokerId})");

    /// <summary>Drops the broker's connections and refuses new ones (-1 = all). Leadership does NOT move.</summary>
    public void BrokerDown(int brokerId) =>
        Check(LibrdkafkaNative.MockBrokerSetDown(Handle, brokerId), $"rd_kafka_mock_broker_set_down(broker: {brokerId})");

    /// <summary>Lets the broker accept connections again (-1 = all).</summary>
    public void BrokerUp(int brokerId) =>
        Check(LibrdkafkaNative.MockBrokerSetUp(Handle, brokerId), $"rd_kafka_mock_broker_set_up(broker: {brokerId})");

    /// <summary>Delays every response of the broker by <paramref name="rttMs"/> milliseconds (-1 = all brokers).</summary>
    public void SetRtt(int brokerId, int rttMs) =>
        Check(LibrdkafkaNative.MockBrokerSetRtt(Handle, brokerId, rttMs), $"rd_kafka_mock_broker_set_rtt(broker: {brokerId}, {rttMs} ms)");

    /// <summary>Sets the broker's rack (reported in Metadata).</summary>
    public void SetRack(int brokerId, string rack) =>
        Check(LibrdkafkaNative.MockBrokerSetRack(Handle, brokerId, rack), $"rd_kafka_mock_broker_set_rack(broker: {brokerId}, \"{rack}\")");

    /// <summary>
    /// The next requests with <paramref name="apiKey"/>, on any broker, fail with these errors in order, one
    /// error per request. <see cref="ErrorCode.Local_Transport"/> (-195) makes the broker drop the connection instead.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ReadOnlySpan<ErrorCode> errors)
    {
        if (errors.IsEmpty)
        {
            throw new ArgumentException("Pass at least one error to push.", nameof(errors));
        }

        var codes = new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        LibrdkafkaNative.MockPushRequestErrorsArray(Handle, apiKey, (nuint)codes.Length, codes);
    }

    /// <summary>
    /// The next requests with <paramref name="apiKey"/> on one broker get these (error, delay) answers in order
    /// (<see cref="ErrorCode.NoError"/> with a delay only delays). Broker errors take precedence over cluster errors.
    /// </summary>
    public void PushBrokerRequestErrors(int brokerId, short apiKey, params ReadOnlySpan<(ErrorCode Error, int RttMs)> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("Pass at least one (error, rtt) entry to push.", nameof(entries));
        }

        foreach (var (error, rttMs) in entries)
        {
            Check(LibrdkafkaNative.MockBrokerPushRequestErrorRtt(Handle, brokerId, apiKey, 1, (int)error, rttMs),
                $"rd_kafka_mock_broker_push_request_error_rtts(broker: {brokerId}, apiKey: {apiKey}, ({error}, {rttMs} ms))");
        }
    }

    /// <summary>How many pushed errors are still waiting on the broker's stack for <paramref name="apiKey"/>.</summary>
    public int BrokerErrorStackCount(int brokerId, short apiKey)
    {
        Check(LibrdkafkaNative.MockBrokerErrorStackCount(Handle, brokerId, apiKey, out var count),
            $"rd_kafka_mock_broker_error_stack_cnt(broker: {brokerId}, apiKey: {apiKey})");
        return checked((int)count);
    }

    /// <summary>Drops the cluster-wide pushed errors for <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(short apiKey) => LibrdkafkaNative.MockClearRequestErrors(Handle, apiKey);

    /// <summary>Changes the version range advertised (and accepted) for <paramref name="apiKey"/>; -1/-1 disables it.</summary>
    public void SetApiVersion(short apiKey, short minVersion, short maxVersion) =>
        Check(LibrdkafkaNative.MockSetApiVersion(Handle, apiKey, minVersion, maxVersion),
            $"rd_kafka_mock_set_apiversion(apiKey: {apiKey}, {minVersion}..{maxVersion})");

    /// <summary>Sets the controller id reported by Metadata (the mock says 0, which is no broker, until told).</summary>
    public void SetControllerId(int brokerId) => LibrdkafkaNative.MockSetControllerId(Handle, brokerId);

    /// <summary>Sets <c>group.initial.rebalance.delay.ms</c> for the whole cluster (mock default: 3000).</summary>
    public void SetGroupInitialRebalanceDelay(int delayMs) => LibrdkafkaNative.MockGroupInitialRebalanceDelayMs(Handle, delayMs);

    /// <summary>Starts recording every request the brokers receive (see <see cref="GetRequests"/>).</summary>
    public void StartRequestTracking() => LibrdkafkaNative.MockStartRequestTracking(Handle);

    /// <summary>
    /// Stops recording. Read <see cref="GetRequests"/> first: although rdkafka_mock.h says recorded requests stay,
    /// librdkafka 2.16.0 forgets them here.
    /// </summary>
    public void StopRequestTracking() => LibrdkafkaNative.MockStopRequestTracking(Handle);

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => LibrdkafkaNative.MockClearRequests(Handle);

    /// <summary>The requests recorded since tracking started (or the last clear), oldest first.</summary>
    public IReadOnlyList<MockRequest> GetRequests()
    {
        var array = LibrdkafkaNative.MockGetRequests(Handle, out var count);
        if (array == 0)
        {
            return [];
        }

        try
        {
            var requests = new MockRequest[checked((int)count)];
            for (var i = 0; i < requests.Length; i++)
            {
                var request = Marshal.ReadIntPtr(array, i * IntPtr.Size);
                requests[i] = new MockRequest(
                    LibrdkafkaNative.MockRequestBrokerId(request),
                    LibrdkafkaNative.MockRequestApiKey(request),
                    LibrdkafkaNative.MockRequestTimestamp(request));
            }

            return requests;
        }
        finally
        {
            LibrdkafkaNative.MockRequestDestroyArray(array, count);
        }
    }

    /// <summary>Stops the brokers (clients see disconnects) and frees the host handle.</summary>
    public void Dispose()
    {
        var cluster = Interlocked.Exchange(ref _cluster, 0);
        if (cluster == 0)
        {
            return;
        }

        LibrdkafkaNative.MockClusterDestroy(cluster);
        LibrdkafkaNative.Destroy(_rk);
    }

    /// <summary>librdkafka's name and description of an <c>rd_kafka_resp_err_t</c>, e.g. <c>NOT_LEADER_OR_FOLLOWER (Broker: Not leader for partition)</c>.</summary>
    public static string DescribeError(int err) =>
        $"{Marshal.PtrToStringUTF8(LibrdkafkaNative.Err2Name(err))} ({Marshal.PtrToStringUTF8(LibrdkafkaNative.Err2Str(err))})";

    private nint Handle
    {
        get
        {
            var cluster = Volatile.Read(ref _cluster);
            ObjectDisposedException.ThrowIf(cluster == 0, this);
            return cluster;
        }
    }

    private static void Check(int err, string call)
    {
        if (err != 0)
        {
            throw new MockClusterException($"{call} failed with {err} {DescribeError(err)}", err);
        }
    }

    private static void SetConf(nint conf, string name, string value, byte[] errstr)
    {
        if (LibrdkafkaNative.ConfSet(conf, name, value, errstr, (nuint)errstr.Length) != LibrdkafkaNative.ConfOk)
        {
            throw new MockClusterException($"rd_kafka_conf_set(\"{name}\", \"{value}\") failed: {Text(errstr)}", 0);
        }
    }

    private static string Text(byte[] errstr)
    {
        var end = Array.IndexOf(errstr, (byte)0);
        return System.Text.Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }
}
