namespace Brook.Protocol.Messages;

/// <summary>A generated response body.</summary>
public interface IApiResponse : IApiMessage;
