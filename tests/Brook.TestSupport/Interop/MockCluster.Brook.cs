using Brook.Protocol;
using BrookErrorCode = Brook.Protocol.Errors.ErrorCode;
using ConfluentErrorCode = Confluent.Kafka.ErrorCode;

namespace Brook.TestSupport.Interop;

/// <summary>Fault injection in Brook.Protocol's own terms, for Brook.Producer tests.</summary>
public sealed partial class MockCluster
{
    /// <summary>
    /// librdkafka's <c>RD_KAFKA_RESP_ERR__TRANSPORT</c> (-195): pushed as a request error, the broker drops the
    /// connection instead of answering (before appending, for Produce).
    /// </summary>
    public const int DisconnectError = (int)ConfluentErrorCode.Local_Transport;

    /// <summary>The next requests with <paramref name="apiKey"/>, on any broker, fail with these Kafka errors in order.</summary>
    public void PushRequestErrors(ApiKey apiKey, params ReadOnlySpan<BrookErrorCode> errors)
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

        LibrdkafkaNative.MockPushRequestErrorsArray(Handle, (short)apiKey, (nuint)codes.Length, codes);
    }

    /// <summary>The next <paramref name="count"/> requests with <paramref name="apiKey"/> get their connection dropped.</summary>
    public void PushDisconnects(ApiKey apiKey, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var codes = new int[count];
        Array.Fill(codes, DisconnectError);
        LibrdkafkaNative.MockPushRequestErrorsArray(Handle, (short)apiKey, (nuint)codes.Length, codes);
    }

    /// <summary>
    /// The next requests with <paramref name="apiKey"/> on one broker get these (Kafka error, delay) answers in order;
    /// <see cref="BrookErrorCode.None"/> with a delay only delays.
    /// </summary>
    public void PushBrokerRequestErrors(int brokerId, ApiKey apiKey, params ReadOnlySpan<(BrookErrorCode Error, int RttMs)> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("Pass at least one (error, rtt) entry to push.", nameof(entries));
        }

        foreach (var (error, rttMs) in entries)
        {
            Check(LibrdkafkaNative.MockBrokerPushRequestErrorRtt(Handle, brokerId, (short)apiKey, 1, (int)error, rttMs),
                $"rd_kafka_mock_broker_push_request_error_rtts(broker: {brokerId}, {apiKey}, ({error}, {rttMs} ms))");
        }
    }

    /// <summary>How many pushed errors are still waiting on the broker's stack for <paramref name="apiKey"/>.</summary>
    public int BrokerErrorStackCount(int brokerId, ApiKey apiKey) => BrokerErrorStackCount(brokerId, (short)apiKey);

    /// <summary>Changes the version range the mock advertises and accepts for <paramref name="apiKey"/>.</summary>
    public void SetApiVersion(ApiKey apiKey, short minVersion, short maxVersion) => SetApiVersion((short)apiKey, minVersion, maxVersion);
}
