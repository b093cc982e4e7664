using System.Buffers;
using System.Text.RegularExpressions;
using Brook.Cluster.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// ApiVersions: v0-4 (protocol.md §5, KIP-35/KIP-511). Lists the implemented APIs. v3+ checks the client software
/// name and version (INVALID_REQUEST on a bad one). A request above v4 is answered by the connection without parsing:
/// v0 header and body, UNSUPPORTED_VERSION, only the ApiVersions entry (<see cref="WriteUnsupportedVersion"/>).
/// No features are advertised.
/// </summary>
internal static partial class ApiVersionsHandler
{
    /// <summary>Answers one ApiVersions request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = ApiVersionsRequest.Read(ref reader, context.ApiVersion);
        var response = new ApiVersionsResponse();
        if (context.InjectedError != ErrorCode.None)
        {
            response.ErrorCode = (short)context.InjectedError;
        }
        else if (context.ApiVersion >= 3 && !(SoftwarePattern().IsMatch(request.ClientSoftwareName) && SoftwarePattern().IsMatch(request.ClientSoftwareVersion)))
        {
            response.ErrorCode = (short)ErrorCode.InvalidRequest;
        }

        foreach (var key in RequestHandlers.Implemented)
        {
            if (RequestHandlers.TryGetRange(context.Cluster, key, out var range))
            {
                response.ApiKeys.Add(new ApiVersionsResponse.ApiVersion { ApiKey = (short)key, MinVersion = range.MinVersion, MaxVersion = range.MaxVersion });
            }
        }

        return HandlerResult.Respond(response, request);
    }

    /// <summary>
    /// Writes the whole frame answering an ApiVersions request above the supported maximum: v0 header, v0 body with
    /// UNSUPPORTED_VERSION and only the ApiVersions range, so clients of any age can parse it and retry lower.
    /// </summary>
    public static void WriteUnsupportedVersion(IBufferWriter<byte> output, int correlationId, short maxVersion)
    {
        var body = new ApiVersionsResponse { ErrorCode = (short)ErrorCode.UnsupportedVersion };
        body.ApiKeys.Add(new ApiVersionsResponse.ApiVersion { ApiKey = (short)ApiKey.ApiVersions, MinVersion = 0, MaxVersion = maxVersion });
        MessageWriter.WriteFrame(output, new ResponseHeader { CorrelationId = correlationId }, 0, body, 0);
    }

    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?$")]
    private static partial Regex SoftwarePattern();
}
