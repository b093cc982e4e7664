namespace Brook.TestSupport.Interop;

/// <summary>One request the mock cluster saw while request tracking was on.</summary>
/// <param name="BrokerId">The broker that received it.</param>
/// <param name="ApiKey">Its Kafka API key (0 = Produce, 3 = Metadata, 18 = ApiVersions, ...).</param>
/// <param name="TimestampMicros">When it arrived, in microseconds on librdkafka's monotonic clock.</param>
public readonly record struct MockRequest(int BrokerId, short ApiKey, long TimestampMicros);
