using Brook.Cluster.Network;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Handlers;

/// <summary>Checks every group API makes before touching the group: an injected fault, then NOT_COORDINATOR.</summary>
internal static class GroupChecks
{
    /// <summary>The error to answer with instead of handling, or None.</summary>
    public static ErrorCode Precheck(RequestContext context, string groupId)
    {
        if (context.InjectedError != ErrorCode.None)
        {
            return context.InjectedError;
        }

        return context.Cluster.CoordinatorFor(groupId) == context.BrokerId ? ErrorCode.None : ErrorCode.NotCoordinator;
    }
}
