namespace Brook.Protocol.Messages;

/// <summary>A generated request body.</summary>
public interface IApiRequest : IApiMessage;
