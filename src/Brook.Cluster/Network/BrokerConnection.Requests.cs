using System.Buffers.Binary;
using Brook.Cluster.Faults;
using Brook.Cluster.Handlers;
using Brook.Cluster.Observability;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Network;

/// <summary>Request dispatch: version rules, request faults, the handler, history, and the response.</summary>
internal sealed partial class BrokerConnection
{
    /// <summary>Handles one frame's payload; false closes the connection.</summary>
    private bool HandleFrame(ReadOnlyMemory<byte> frame)
    {
        if (!_broker.IsUp)
        {
            ConnectionLog.Closing(_logger, _broker.Id, Id, "the broker is down");
            return false;
        }

        if (frame.Length < 8)
        {
            throw new ProtocolException($"Request frame of {frame.Length} bytes is shorter than the 8-byte api key, version and correlation id.");
        }

        var span = frame.Span;
        var key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(span);
        var version = BinaryPrimitives.ReadInt16BigEndian(span[2..]);
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(span[4..]);
        var received = _cluster.TimeProvider.GetUtcNow();
        if (!RequestHandlers.TryGetRange(_cluster, key, out var range))
        {
            ConnectionLog.Closing(_logger, _broker.Id, Id, $"API key {(short)key} is not served");
            return false;
        }

        if (key == ApiKey.ApiVersions && version > range.MaxVersion)
        {
            Record(key, version, correlationId, null, received, RequestOutcome.Answered, null, null);
            ApiVersionsHandler.WriteUnsupportedVersion(_output, correlationId, range.MaxVersion);
            return true;
        }

        if (!range.IsAccepted(version))
        {
            ConnectionLog.Closing(_logger, _broker.Id, Id, $"{key} v{version} is not served (accepted {range.MinAcceptedVersion}-{range.MaxVersion})");
            return false;
        }

        var reader = new ProtocolReader(frame);
        var header = RequestHeader.Read(ref reader, HeaderVersions.Request(key, version));
        var body = frame[reader.Position..];

        var injected = ErrorCode.None;
        var after = FaultAction.Error;
        if (_cluster.Faults.TryTake((short)key, _broker.Id, null, 0, out var fault))
        {
            if (fault.DelayMs > 0)
            {
                Wait(Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), _cluster.TimeProvider, _closed.Token));
            }

            switch (fault.Action)
            {
                case FaultAction.DisconnectBeforeAppend:
                    Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Closed, null, null);
                    return false;
                case FaultAction.Error:
                    injected = fault.Error;
                    break;
                default:
                    after = fault.Action;
                    break;
            }
        }

        var context = new RequestContext(_cluster, _broker.Id, Id, key, version, correlationId, injected) { ClientId = header.ClientId, ClientHost = _clientHost };
        var result = Wait(RequestHandlers.HandleAsync(context, body));
        var latency = _cluster.Faults.LatencyMs(_broker.Id, (short)key);
        if (latency > 0)
        {
            Wait(Task.Delay(TimeSpan.FromMilliseconds(latency), _cluster.TimeProvider, _closed.Token));
        }

        if (after == FaultAction.DisconnectAfterAppend || result.Action == ResponseAction.Close)
        {
            Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Closed, result.Request, result.Response);
            return false;
        }

        if (after == FaultAction.SwallowResponse)
        {
            // The response never comes and, as requests are served in order, nothing after it either.
            Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Swallowed, result.Request, result.Response);
            TryFlush();
            _closed.Token.WaitHandle.WaitOne();
            return false;
        }

        // Recorded before the answer is written: a client that saw the answer must find the request in the history.
        Record(key, version, correlationId, header.ClientId, received, result.Action == ResponseAction.Respond ? RequestOutcome.Answered : RequestOutcome.NoResponse, result.Request, result.Response);
        if (result.Action == ResponseAction.Respond)
        {
            MessageWriter.WriteFrame(_output, new ResponseHeader { CorrelationId = correlationId }, HeaderVersions.Response(key, version), result.Response!, version);
            if (_output.WrittenCount >= FlushThreshold)
            {
                Flush();
            }
        }

        return true;
    }

    private void Record(ApiKey key, short version, int correlationId, string? clientId, DateTimeOffset received, RequestOutcome outcome, IApiRequest? request, IApiResponse? response)
    {
        if (_cluster.History.Capacity == 0)
        {
            return;
        }

        _cluster.History.Add(new RequestRecord
        {
            BrokerId = _broker.Id,
            ConnectionId = Id,
            ApiKey = (short)key,
            ApiVersion = version,
            CorrelationId = correlationId,
            ClientId = clientId,
            ReceivedAt = received,
            AnsweredAt = _cluster.TimeProvider.GetUtcNow(),
            Outcome = outcome,
            Request = request,
            Response = response,
        });
    }
}
