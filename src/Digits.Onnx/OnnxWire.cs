using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Digits.Onnx;

/// <summary>
/// The few messages of the ONNX schema (onnx.proto, IR version 8) that a line of layers needs, each written as
/// protobuf bytes with <see cref="CodedOutputStream"/>. Field numbers are the schema's.
/// </summary>
internal static class OnnxWire
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int Float = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64 = 7;

    /// <summary>ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8, metadata_props 14.</summary>
    public static byte[] Model(long irVersion, string producer, string producerVersion, string docString, byte[] graph, long opset, IReadOnlyDictionary<string, string> metadata)
        => Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(irVersion);
            WriteString(o, 2, producer);
            WriteString(o, 3, producerVersion);
            WriteString(o, 6, docString);
            WriteMessage(o, 7, graph);
            WriteMessage(o, 8, Message(s =>
            {
                WriteString(s, 1, "");
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(opset);
            }));
            foreach (var (key, value) in metadata)
            {
                WriteMessage(o, 14, Message(s =>
                {
                    WriteString(s, 1, key);
                    WriteString(s, 2, value);
                }));
            }
        });

    /// <summary>GraphProto: node 1, name 2, initializer 5, input 11, output 12.</summary>
    public static byte[] Graph(string name, IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers, IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs)
        => Message(o =>
        {
            foreach (byte[] node in nodes)
            {
                WriteMessage(o, 1, node);
            }

            WriteString(o, 2, name);
            foreach (byte[] tensor in initializers)
            {
                WriteMessage(o, 5, tensor);
            }

            foreach (byte[] input in inputs)
            {
                WriteMessage(o, 11, input);
            }

            foreach (byte[] output in outputs)
            {
                WriteMessage(o, 12, output);
            }
        });

    /// <summary>NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.</summary>
    public static byte[] Node(string opType, string name, string[] inputs, string[] outputs, params byte[][] attributes)
        => Message(o =>
        {
            foreach (string input in inputs)
            {
                WriteString(o, 1, input);
            }

            foreach (string output in outputs)
            {
                WriteString(o, 2, output);
            }

            WriteString(o, 3, name);
            WriteString(o, 4, opType);
            foreach (byte[] attribute in attributes)
            {
                WriteMessage(o, 5, attribute);
            }
        });

    /// <summary>AttributeProto of type INTS (7): name 1, ints 8, type 20.</summary>
    public static byte[] IntsAttribute(string name, params long[] values)
        => Message(o =>
        {
            WriteString(o, 1, name);
            foreach (long value in values)
            {
                o.WriteTag(8, WireFormat.WireType.Varint);
                o.WriteInt64(value);
            }

            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteEnum(7);
        });

    /// <summary>AttributeProto of type INT (2): name 1, i 3, type 20.</summary>
    public static byte[] IntAttribute(string name, long value)
        => Message(o =>
        {
            WriteString(o, 1, name);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteInt64(value);
            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteEnum(2);
        });

    /// <summary>TensorProto of floats: dims 1, data_type 2, name 8, raw_data 9 (little-endian).</summary>
    public static byte[] FloatTensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        }

        ByteString raw = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return Message(o =>
        {
            foreach (long dim in dims)
            {
                o.WriteTag(1, WireFormat.WireType.Varint);
                o.WriteInt64(dim);
            }

            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt32(Float);
            WriteString(o, 8, name);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(raw);
        });
    }

    /// <summary>ValueInfoProto (name 1, type 2) of a float tensor; a dimension is a number or, when null, the symbol <paramref name="symbol"/>.</summary>
    public static byte[] FloatValue(string name, long?[] dims, string symbol)
        => Message(o =>
        {
            WriteString(o, 1, name);
            WriteMessage(o, 2, Message(type => WriteMessage(type, 1, Message(tensor =>
            {
                tensor.WriteTag(1, WireFormat.WireType.Varint);
                tensor.WriteInt32(Float);
                WriteMessage(tensor, 2, Message(shape =>
                {
                    foreach (long? dim in dims)
                    {
                        WriteMessage(shape, 1, Message(d =>
                        {
                            if (dim is { } value)
                            {
                                d.WriteTag(1, WireFormat.WireType.Varint);
                                d.WriteInt64(value);
                            }
                            else
                            {
                                WriteString(d, 2, symbol);
                            }
                        }));
                    }
                }));
            }))));
        });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void WriteString(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }
}
