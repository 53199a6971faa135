using System.Globalization;
using System.Reflection;
using Digits.Classifiers;
using Digits.Classifiers.Network;
using Digits.Files;

namespace Digits.Onnx;

/// <summary>
/// Writes our networks (a <see cref="ConvNet"/>, or a <see cref="NetworkAverage"/> of them) as ONNX models that any
/// ONNX runtime reads and that give the same probabilities as the library.
/// </summary>
/// <remarks>
/// The model takes <see cref="InputName"/>, a float tensor [batch, 1, 28, 28] of grey values 0..255 (0 = background,
/// as in MNIST), divides it by 255 as the library does, and gives <see cref="OutputName"/>, [batch, 10], each row the
/// ten digits' probabilities (an average's is the mean of its members' softmax outputs). Operators: Div, Conv,
/// Relu, MaxPool, Flatten, Gemm, Softmax and Mean, from opset 17 (IR version 8).
/// </remarks>
public static class OnnxExport
{
    /// <summary>The input's name: float [batch, 1, 28, 28], grey values 0..255.</summary>
    public const string InputName = "pixels";

    /// <summary>The output's name: float [batch, 10], the ten digits' probabilities.</summary>
    public const string OutputName = "probabilities";

    /// <summary>The opset the model is written for.</summary>
    public const int Opset = 17;

    private const int IrVersion = 8;

    /// <summary>Writes <paramref name="network"/> as ONNX bytes.</summary>
    /// <param name="network">A <see cref="ConvNet"/> or an average of them.</param>
    /// <returns>The ModelProto's bytes.</returns>
    /// <exception cref="ArgumentException">The classifier is not one of our networks.</exception>
    public static byte[] ToBytes(IDigitClassifier network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ConvNet[] members = network switch
        {
            ConvNet one => [one],
            NetworkAverage average when average.Members.All(m => m is ConvNet) => [.. average.Members.Cast<ConvNet>()],
            _ => throw new ArgumentException($"Only networks are written as ONNX (a CNN, or an average of CNNs); this model is {network.Description}.", nameof(network)),
        };

        var nodes = new List<byte[]>();
        var initializers = new List<byte[]>
        {
            OnnxWire.FloatTensor("grey_levels", [], [255f]),
        };
        nodes.Add(OnnxWire.Node("Div", "scale", [InputName, "grey_levels"], ["scaled"]));
        var outputs = new string[members.Length];
        for (int m = 0; m < members.Length; m++)
        {
            string prefix = members.Length == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"net{m + 1}_");
            outputs[m] = members.Length == 1 ? OutputName : prefix + OutputName;
            AddNetwork(members[m], prefix, "scaled", outputs[m], nodes, initializers);
        }

        if (members.Length > 1)
        {
            nodes.Add(OnnxWire.Node("Mean", "average", outputs, [OutputName]));
        }

        byte[] graph = OnnxWire.Graph(
            "digits",
            nodes,
            initializers,
            [OnnxWire.FloatValue(InputName, [null, 1, ConvNetShape.Side, ConvNetShape.Side], "batch")],
            [OnnxWire.FloatValue(OutputName, [null, ConvNetShape.Classes], "batch")]);
        string version = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var metadata = new Dictionary<string, string>
        {
            ["digits.model"] = network.Description,
            ["digits.input"] = "pixels: float [batch, 1, 28, 28], grey values 0..255, 0 = background, digit centred by its centre of mass as in MNIST",
            ["digits.output"] = "probabilities: float [batch, 10], the probability of each digit 0..9",
        };
        return OnnxWire.Model(IrVersion, "digits", version.Split('+')[0], $"Digits: {network.Description}", graph, Opset, metadata);
    }

    /// <summary>Writes <paramref name="network"/> to an ONNX file, whole or not at all (a temporary file is moved into place).</summary>
    /// <param name="network">A <see cref="ConvNet"/> or an average of them.</param>
    /// <param name="path">The file to write.</param>
    public static void Write(IDigitClassifier network, string path)
    {
        byte[] bytes = ToBytes(network);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    // One network's layers from `input` to its probabilities in `output`; every name starts with `prefix`.
    private static void AddNetwork(ConvNet network, string prefix, string input, string output, List<byte[]> nodes, List<byte[]> initializers)
    {
        float[] parameters = network.Parameters;
        int offset = 0, index = 0;
        string current = input;
        bool flat = false;
        string Name(string what) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{what}{index}");
        void Flatten()
        {
            if (!flat)
            {
                nodes.Add(OnnxWire.Node("Flatten", Name("flatten"), [current], [Name("flat")], OnnxWire.IntAttribute("axis", 1)));
                current = Name("flat");
                flat = true;
            }
        }

        foreach (LayerShape layer in network.Shape.Parsed)
        {
            index++;
            switch (layer.Kind)
            {
                case LayerKind.Convolution:
                    {
                        int weights = layer.OutputChannels * layer.Fan;
                        initializers.Add(OnnxWire.FloatTensor(Name("conv_w"), [layer.OutputChannels, layer.InputChannels, layer.Kernel, layer.Kernel], parameters.AsSpan(offset, weights)));
                        initializers.Add(OnnxWire.FloatTensor(Name("conv_b"), [layer.OutputChannels], parameters.AsSpan(offset + weights, layer.OutputChannels)));
                        nodes.Add(OnnxWire.Node("Conv", Name("conv"), [current, Name("conv_w"), Name("conv_b")], [Name("conv_out")], OnnxWire.IntsAttribute("kernel_shape", layer.Kernel, layer.Kernel)));
                        nodes.Add(OnnxWire.Node("Relu", Name("relu"), [Name("conv_out")], [Name("relu_out")]));
                        current = Name("relu_out");
                        break;
                    }

                case LayerKind.Pool:
                    nodes.Add(OnnxWire.Node("MaxPool", Name("pool"), [current], [Name("pool_out")], OnnxWire.IntsAttribute("kernel_shape", 2, 2), OnnxWire.IntsAttribute("strides", 2, 2)));
                    current = Name("pool_out");
                    break;

                default:
                    {
                        Flatten();
                        string dense = AddDense(Name("dense"), layer.OutputChannels, layer.InputChannels, offset);
                        nodes.Add(OnnxWire.Node("Relu", Name("relu"), [dense], [Name("relu_out")]));
                        current = Name("relu_out");
                        break;
                    }
            }

            offset += layer.ParameterCount;
        }

        index++;
        Flatten();
        string logits = AddDense(Name("logits"), ConvNetShape.Classes, network.Shape.Features, offset);
        nodes.Add(OnnxWire.Node("Softmax", Name("softmax"), [logits], [output], OnnxWire.IntAttribute("axis", 1)));

        // A dense layer: weights [units, inputs] (unit-major, as the library keeps them), then biases; Gemm with B
        // transposed. Returns the name of its output.
        string AddDense(string name, int units, int inputs, int at)
        {
            initializers.Add(OnnxWire.FloatTensor(name + "_w", [units, inputs], parameters.AsSpan(at, units * inputs)));
            initializers.Add(OnnxWire.FloatTensor(name + "_b", [units], parameters.AsSpan(at + (units * inputs), units)));
            nodes.Add(OnnxWire.Node("Gemm", name, [current, name + "_w", name + "_b"], [name + "_out"], OnnxWire.IntAttribute("transB", 1)));
            return name + "_out";
        }
    }
}
