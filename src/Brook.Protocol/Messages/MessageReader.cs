using Brook.Protocol.Primitives;

namespace Brook.Protocol.Messages;

/// <summary>Decodes one generated message body at <paramref name="version"/> (throws <see cref="ProtocolException"/> on bad input).</summary>
/// <param name="reader">Reader positioned at the body.</param>
/// <param name="version">The API version from the request header.</param>
/// <returns>The decoded message.</returns>
public delegate IApiMessage MessageReader(ref ProtocolReader reader, short version);
