namespace Brook.Producer.Network;

/// <summary>The real connection layer behind the sender.</summary>
internal sealed partial class NetworkClient : ISenderTransport
{
}
