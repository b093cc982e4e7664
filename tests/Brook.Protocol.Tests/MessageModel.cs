using System.Collections;
using System.Reflection;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;
using Brook.ProtocolGen;

namespace Brook.Protocol.Tests;

/// <summary>
/// Test-side view of the generated messages, driven by the same definitions the generator read:
/// seeded random instances (only fields present in the version, nullable only where allowed, plus unknown tags),
/// spec-aware deep comparison, and a decoder per message.
/// </summary>
internal static class MessageModel
{
    public delegate IProtocolMessage Decoder(ref ProtocolReader reader, short version);

    public static IReadOnlyList<MessageSpec> Specs { get; } = Generator.LoadSpecs(GeneratorTests.DefinitionsDirectory);

    public static MessageSpec Spec(string name) => Specs.Single(s => s.Name == name);

    public static IEnumerable<(string Name, short Version)> AllVersions() =>
        from s in Specs
        from v in Enumerable.Range(s.ValidVersions.Min, s.ValidVersions.Max - s.ValidVersions.Min + 1)
        select (s.Name, (short)v);

    public static Type ClassOf(string name) =>
        typeof(ProtocolReader).Assembly.GetType($"Brook.Protocol.Messages.{name}")
        ?? throw new InvalidOperationException($"No generated class {name}.");

    public static Decoder DecoderOf(MessageSpec spec)
    {
        var name = spec.Name;
        return (ref ProtocolReader r, short v) => MessageRegistry.ReadByName(name, ref r, v);
    }

    public static byte[] Encode(IProtocolMessage message, short version)
    {
        var size = message.ComputeSize(version);
        var buffer = new byte[size];
        var writer = new ProtocolWriter(buffer);
        message.Write(ref writer, version);
        Assert.Equal(size, writer.Position);
        return buffer;
    }

    public static IProtocolMessage Decode(MessageSpec spec, byte[] bytes, short version)
    {
        var reader = new ProtocolReader(bytes);
        var message = DecoderOf(spec)(ref reader, version);
        Assert.True(reader.IsAtEnd, $"{spec.Name} v{version}: {reader.Remaining} bytes left unread");
        return message;
    }

    public static IProtocolMessage Random(MessageSpec spec, short version, Random rng)
    {
        var message = (IProtocolMessage)Activator.CreateInstance(ClassOf(spec.Name))!;
        Fill(spec, message, spec.Fields, version, rng);
        return message;
    }

    public static void AssertEqual(MessageSpec spec, object expected, object actual, short version) =>
        Compare(spec, expected, actual, spec.Fields, version, spec.Name);

    private static Dictionary<string, IReadOnlyList<FieldSpec>> StructFields(MessageSpec spec)
    {
        var map = spec.CommonStructs.ToDictionary(s => s.Name, s => s.Fields);
        void Walk(IReadOnlyList<FieldSpec> fields)
        {
            foreach (var f in fields.Where(f => f.Fields is not null))
            {
                map[f.Type.Element?.StructName ?? f.Type.StructName!] = f.Fields!;
                Walk(f.Fields!);
            }
        }

        Walk(spec.Fields);
        foreach (var c in spec.CommonStructs)
        {
            Walk(c.Fields);
        }

        return map;
    }

    private static bool Present(MessageSpec spec, FieldSpec f, short version) =>
        f.Versions.Contains(version) && (!f.IsTagged || !f.TaggedVersions.Contains(version) || spec.FlexibleVersions.Contains(version));

    private static void Fill(MessageSpec spec, object target, IReadOnlyList<FieldSpec> fields, short version, Random rng)
    {
        var type = target.GetType();
        foreach (var f in fields)
        {
            if (!Present(spec, f, version))
            {
                continue;
            }

            var property = type.GetProperty(f.Name)!;
            if (f.NullableVersions.Contains(version) && rng.Next(5) == 0)
            {
                property.SetValue(target, null);
                continue;
            }

            if (f.IsTagged && rng.Next(3) == 0)
            {
                continue; // leave tagged fields at their default now and then, so "not written" is covered too
            }

            property.SetValue(target, RandomValue(spec, f.Type, property.PropertyType, f.ZeroCopy, version, rng));
        }

        if (spec.FlexibleVersions.Contains(version) && rng.Next(4) == 0)
        {
            var unknown = new List<RawTaggedField>();
            var tag = 90 + rng.Next(10);
            for (var i = rng.Next(1, 3); i > 0; i--)
            {
                var data = new byte[rng.Next(0, 5)];
                rng.NextBytes(data);
                unknown.Add(new RawTaggedField(tag, data));
                tag += 1 + rng.Next(200);
            }

            type.GetProperty("UnknownTaggedFields")!.SetValue(target, unknown);
        }
    }

    private static object RandomValue(MessageSpec spec, FieldType t, Type clrType, bool zeroCopy, short version, Random rng)
    {
        switch (t.Kind)
        {
            case FieldKind.Bool: return rng.Next(2) == 1;
            case FieldKind.Int8: return (sbyte)rng.Next(-128, 128);
            case FieldKind.Int16: return (short)rng.Next(short.MinValue, short.MaxValue + 1);
            case FieldKind.UInt16: return (ushort)rng.Next(0, ushort.MaxValue + 1);
            case FieldKind.Int32: return rng.Next(4) == 0 ? -1 : rng.Next(int.MinValue, int.MaxValue);
            case FieldKind.UInt32: return (uint)rng.NextInt64(0, uint.MaxValue + 1L);
            case FieldKind.Int64: return rng.Next(4) == 0 ? -1L : rng.NextInt64(long.MinValue, long.MaxValue);
            case FieldKind.Float64: return rng.NextDouble() * 1e6;
            case FieldKind.Uuid:
                var guid = new byte[16];
                rng.NextBytes(guid);
                return new Guid(guid);
            case FieldKind.String:
                const string alphabet = "abcXYZ019-._é€";
                var chars = new char[rng.Next(0, 9)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = alphabet[rng.Next(alphabet.Length)];
                }

                return new string(chars);
            case FieldKind.Bytes:
            case FieldKind.Records:
                var bytes = new byte[rng.Next(0, t.Kind == FieldKind.Records ? 24 : 9)];
                rng.NextBytes(bytes);
                return clrType == typeof(byte[]) ? (object)bytes : new ReadOnlyMemory<byte>(bytes);
            case FieldKind.Struct:
                var structType = Nullable.GetUnderlyingType(clrType) ?? clrType;
                var value = Activator.CreateInstance(structType)!;
                Fill(spec, value, StructFields(spec)[t.StructName!], version, rng);
                return value;
            case FieldKind.Array:
                var list = (IList)Activator.CreateInstance(clrType)!;
                var elementType = clrType.GetGenericArguments()[0];
                for (var i = rng.Next(0, 4); i > 0; i--)
                {
                    list.Add(RandomValue(spec, t.Element!, elementType, zeroCopy: false, version, rng));
                }

                return list;
            default:
                throw new InvalidOperationException(t.Kind.ToString());
        }
    }

    private static void Compare(MessageSpec spec, object expected, object actual, IReadOnlyList<FieldSpec> fields, short version, string path)
    {
        var type = expected.GetType();
        foreach (var f in fields)
        {
            if (!Present(spec, f, version))
            {
                continue;
            }

            var property = type.GetProperty(f.Name)!;
            CompareValue(spec, f.Type, property.GetValue(expected), property.GetValue(actual), version, $"{path}.{f.Name}");
        }

        var unknownProperty = type.GetProperty("UnknownTaggedFields")!;
        var e = (List<RawTaggedField>?)unknownProperty.GetValue(expected);
        var a = (List<RawTaggedField>?)unknownProperty.GetValue(actual);
        Assert.Equal(e?.Count ?? 0, a?.Count ?? 0);
        for (var i = 0; i < (e?.Count ?? 0); i++)
        {
            Assert.Equal(e![i].Tag, a![i].Tag);
            Assert.True(e[i].Data.Span.SequenceEqual(a[i].Data.Span), $"{path} unknown tag {e[i].Tag}");
        }
    }

    private static void CompareValue(MessageSpec spec, FieldType t, object? expected, object? actual, short version, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        switch (t.Kind)
        {
            case FieldKind.Bytes or FieldKind.Records:
                var eb = expected is byte[] ea ? ea : ((ReadOnlyMemory<byte>)expected).ToArray();
                var ab = actual is byte[] aa ? aa : ((ReadOnlyMemory<byte>)actual).ToArray();
                Assert.True(eb.AsSpan().SequenceEqual(ab), path);
                break;
            case FieldKind.Struct:
                Compare(spec, expected, actual, StructFields(spec)[t.StructName!], version, path);
                break;
            case FieldKind.Array:
                var el = (IList)expected;
                var al = (IList)actual;
                Assert.True(el.Count == al.Count, $"{path}: count {el.Count} vs {al.Count}");
                for (var i = 0; i < el.Count; i++)
                {
                    CompareValue(spec, t.Element!, el[i], al[i], version, $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
                break;
        }
    }
}
