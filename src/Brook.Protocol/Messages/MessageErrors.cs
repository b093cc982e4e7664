using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Brook.Protocol.Messages;

/// <summary>Throw helpers shared by the generated encoders and decoders, so their messages name the problem and the fix.</summary>
internal static class MessageErrors
{
    [DoesNotReturn]
    public static void ThrowNotInVersion(string field, short version, string versions) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"{field} holds a non-default value, but version {version} cannot carry it (it exists in versions {versions}). Leave it at its default or use a version that has it."));

    [DoesNotReturn]
    public static void ThrowNullNotAllowed(string field, short version) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"{field} is null, but version {version} does not allow null for it. Set a value or use a version where it is nullable."));

    [DoesNotReturn]
    public static void ThrowWriteVersion(string message, short version, short lowest, short highest) =>
        throw new ArgumentOutOfRangeException(nameof(version), version, string.Create(
            CultureInfo.InvariantCulture,
            $"{message} has versions {lowest}-{highest}; version {version} cannot be written. Negotiate a version in that range."));

    [DoesNotReturn]
    public static void ThrowReadVersion(string message, short version, short lowest, short highest) =>
        throw new ProtocolException(string.Create(
            CultureInfo.InvariantCulture,
            $"{message} version {version} is not supported (Brook reads {lowest}-{highest})."));
}
