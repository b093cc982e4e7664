using System.Runtime.InteropServices;

namespace Brook.TestSupport.Interop;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka 2.16's C API the mock-cluster harness needs
/// (rdkafka.h: conf/handle lifecycle, error strings; rdkafka_mock.h: the mock cluster). Signatures follow
/// the 2.16.0 headers shipped in the librdkafka.redist package; the mock API is not covered by librdkafka's
/// ABI guarantees, so re-check them when the package version moves.
/// </summary>
/// <remarks>
/// The library name resolves through <see cref="LibrdkafkaLoader"/>, which loads the very file Confluent.Kafka
/// loaded, so the mock cluster and the Confluent clients share one copy of librdkafka in the process.
/// C <c>int</c>/<c>rd_kafka_resp_err_t</c> map to <see cref="int"/>, <c>size_t</c> to <see cref="nuint"/>.
/// </remarks>
internal static partial class LibrdkafkaNative
{
    /// <summary>The import name <see cref="LibrdkafkaLoader"/> resolves.</summary>
    public const string Library = "librdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c> in <c>rd_kafka_type_t</c>.</summary>
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c> in <c>rd_kafka_conf_res_t</c>.</summary>
    public const int ConfOk = 0;

    static LibrdkafkaNative() => LibrdkafkaLoader.EnsureRegistered();

    // ---- rdkafka.h ----

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    // rd_kafka_conf_res_t rd_kafka_conf_set(conf, const char *name, const char *value, char *errstr, size_t errstr_size)
    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    // rd_kafka_t *rd_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, char *errstr, size_t errstr_size)
    // On success the handle owns conf; on failure the caller still owns it.
    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint rk);

    // const char *rd_kafka_err2str(rd_kafka_resp_err_t err): static storage, never freed.
    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    internal static partial nint Err2Str(int err);

    // const char *rd_kafka_err2name(rd_kafka_resp_err_t err): static storage, never freed.
    [LibraryImport(Library, EntryPoint = "rd_kafka_err2name")]
    internal static partial nint Err2Name(int err);

    // const char *rd_kafka_version_str(void)
    [LibraryImport(Library, EntryPoint = "rd_kafka_version_str")]
    internal static partial nint VersionStr();

    // ---- rdkafka_mock.h: cluster lifecycle ----

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint mcluster);

    // const char *: owned by the cluster, valid until it is destroyed.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(nint mcluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_controller_id")]
    internal static partial void MockSetControllerId(nint mcluster, int controllerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(nint mcluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_apiversion")]
    internal static partial int MockSetApiVersion(nint mcluster, short apiKey, short minVersion, short maxVersion);

    // ---- topics and partitions ----

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(nint mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void MockTopicSetError(nint mcluster, string topic, int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(nint mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_follower", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetFollower(nint mcluster, string topic, int partition, int brokerId);

    // ---- brokers ----

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(nint mcluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(nint mcluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int MockBrokerSetRtt(nint mcluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rack", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockBrokerSetRack(nint mcluster, int brokerId, string rack);

    // ---- fault injection ----

    // void rd_kafka_mock_push_request_errors_array(mcluster, int16_t ApiKey, size_t cnt, const rd_kafka_resp_err_t *errors)
    // The array twin of the variadic rd_kafka_mock_push_request_errors, so no varargs ABI is involved.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(nint mcluster, short apiKey, nuint count, int[] errors);

    // rd_kafka_resp_err_t rd_kafka_mock_broker_push_request_error_rtts(mcluster, int32_t broker_id, int16_t ApiKey,
    //     size_t cnt, ...) with cnt (rd_kafka_resp_err_t err, int rtt_ms) pairs. There is no array twin: this binding
    // passes exactly one pair (cnt = 1), which makes six integer-class arguments. On the SysV x86-64 and AAPCS64
    // (Linux) ABIs those travel in the same registers whether the callee is variadic or not, so a fixed-arity
    // declaration is exact there (x86-64 variadic callees read %al only as an upper bound of vector registers to
    // spill). Several pairs are pushed by calling it once per pair: each push appends to the broker's error stack.
    // Apple arm64 passes variadic arguments on the stack, so this binding is Linux-only.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    internal static partial int MockBrokerPushRequestErrorRtt(nint mcluster, int brokerId, short apiKey, nuint count, int err, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    internal static partial int MockBrokerErrorStackCount(nint mcluster, int brokerId, short apiKey, out nuint count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void MockClearRequestErrors(nint mcluster, short apiKey);

    // ---- request tracking ----

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    internal static partial void MockStartRequestTracking(nint mcluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    internal static partial void MockStopRequestTracking(nint mcluster);

    // rd_kafka_mock_request_t **rd_kafka_mock_get_requests(mcluster, size_t *cntp): caller frees with
    // rd_kafka_mock_request_destroy_array.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_get_requests")]
    internal static partial nint MockGetRequests(nint mcluster, out nuint count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    internal static partial void MockRequestDestroyArray(nint requests, nuint count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_id")]
    internal static partial int MockRequestBrokerId(nint request);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_api_key")]
    internal static partial short MockRequestApiKey(nint request);

    // Microseconds on librdkafka's monotonic clock.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_timestamp")]
    internal static partial long MockRequestTimestamp(nint request);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_requests")]
    internal static partial void MockClearRequests(nint mcluster);
}
