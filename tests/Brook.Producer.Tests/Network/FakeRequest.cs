using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Network;

/// <summary>One request as the fake broker decoded it.</summary>
internal sealed record FakeRequest(int Connection, ApiKey Key, short Version, int CorrelationId, string? ClientId, IApiMessage? Body);
