namespace Brook.TestSupport.Interop;

/// <summary>A librdkafka mock-cluster C call failed; the message names the call, its arguments and the error.</summary>
public sealed class MockClusterException : InvalidOperationException
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="message">Names the call and the error.</param>
    /// <param name="errorCode">The <c>rd_kafka_resp_err_t</c> the call returned (0 when it returned NULL instead).</param>
    public MockClusterException(string message, int errorCode)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The <c>rd_kafka_resp_err_t</c> value (negative = librdkafka-local, positive = Kafka error code).</summary>
    public int ErrorCode { get; }
}
