using System.Runtime.InteropServices;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// Assembles a single-graph ONNX model (float tensors only) and serialises it as a ModelProto:
/// IR version 8, default-domain opset 17, producer "CohortGrid". Nodes must be added in
/// topological order, as ONNX requires.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;
    public const string ProducerName = "CohortGrid";

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<(string Name, float[] Values, long[] Dims)> _initializers = [];
    private readonly List<(string Name, OnnxDim[] Shape)> _inputs = [];
    private readonly List<(string Name, OnnxDim[] Shape)> _outputs = [];
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    public void AddInput(string name, params OnnxDim[] shape) => _inputs.Add((name, shape));

    public void AddOutput(string name, params OnnxDim[] shape) => _outputs.Add((name, shape));

    /// <summary>A constant float tensor; returns its name so it can be passed straight to <see cref="AddNode"/>.</summary>
    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        var count = dims.Aggregate(1L, (product, dim) => product * dim);
        if (count != values.Length)
        {
            throw new ArgumentException($"Initializer {name} has {values.Length} values for shape [{string.Join(',', dims)}].", nameof(values));
        }

        _initializers.Add((name, values, dims));
        return name;
    }

    /// <summary>Adds a node with one output, named after the node; returns the output name.</summary>
    public string AddNode(string opType, string name, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        if (!_nodeNames.Add(name))
        {
            throw new ArgumentException($"A node named {name} already exists.", nameof(name));
        }

        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.WriteString(OnnxFields.Node.Input, input);
        }

        node.WriteString(OnnxFields.Node.Output, name);
        node.WriteString(OnnxFields.Node.Name, name);
        node.WriteString(OnnxFields.Node.OpType, opType);
        foreach (var attribute in attributes)
        {
            var message = new ProtoWriter();
            attribute.WriteTo(message);
            node.WriteMessage(OnnxFields.Node.Attribute, message);
        }

        _nodes.Add(node);
        return name;
    }

    /// <summary>The serialised ModelProto. Fields go in field-number order, so equal graphs give equal bytes.</summary>
    public byte[] ToModelBytes()
    {
        var graph = new ProtoWriter(EstimateGraphSize());
        foreach (var node in _nodes)
        {
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        }

        graph.WriteString(OnnxFields.Graph.Name, graphName);
        foreach (var (name, values, dims) in _initializers)
        {
            WriteTensor(graph, name, values, dims);
        }

        foreach (var (name, shape) in _inputs)
        {
            graph.WriteMessage(OnnxFields.Graph.Input, ValueInfo(name, shape));
        }

        foreach (var (name, shape) in _outputs)
        {
            graph.WriteMessage(OnnxFields.Graph.Output, ValueInfo(name, shape));
        }

        var opset = new ProtoWriter();
        opset.WriteString(OnnxFields.OperatorSetId.Domain, string.Empty);
        opset.WriteInt64(OnnxFields.OperatorSetId.Version, OpsetVersion);

        var header = new ProtoWriter();
        header.WriteInt64(OnnxFields.Model.IrVersion, IrVersion);
        header.WriteString(OnnxFields.Model.ProducerName, ProducerName);
        var size = header.Length + ProtoWriter.HeaderSize(OnnxFields.Model.Graph, graph.Length) + graph.Length +
            ProtoWriter.HeaderSize(OnnxFields.Model.OpsetImport, opset.Length) + opset.Length;

        // Sized exactly, so the model's bytes are handed over rather than copied once more.
        var model = new ProtoWriter(size);
        model.WriteRaw(header.WrittenSpan);
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        model.WriteMessage(OnnxFields.Model.OpsetImport, opset);
        return model.ToArray();
    }

    private int EstimateGraphSize() =>
        _initializers.Sum(i => (i.Values.Length * sizeof(float)) + 128) + _nodes.Sum(n => n.Length + 8) + 1024;

    /// <summary>A TensorProto written straight into the graph: the weights are most of the file, so they are copied once.</summary>
    private static void WriteTensor(ProtoWriter graph, string name, float[] values, long[] dims)
    {
        // raw_data is little-endian by definition; so is every platform .NET runs this on.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Writing ONNX raw_data requires a little-endian platform.");
        }

        var raw = MemoryMarshal.AsBytes(values.AsSpan());
        var header = new ProtoWriter();
        header.WriteRepeatedInt64(OnnxFields.Tensor.Dims, dims);
        header.WriteInt64(OnnxFields.Tensor.DataType, OnnxFields.Tensor.DataTypeFloat);
        header.WriteString(OnnxFields.Tensor.Name, name);
        graph.WriteMessageHeader(OnnxFields.Graph.Initializer, header.Length + ProtoWriter.HeaderSize(OnnxFields.Tensor.RawData, raw.Length) + raw.Length);
        graph.WriteRaw(header.WrittenSpan);
        graph.WriteBytes(OnnxFields.Tensor.RawData, raw);
    }

    private static ProtoWriter ValueInfo(string name, OnnxDim[] shape)
    {
        var dims = new ProtoWriter();
        foreach (var dim in shape)
        {
            var dimension = new ProtoWriter();
            if (dim.Param is { } param)
            {
                dimension.WriteString(OnnxFields.TensorShape.DimParam, param);
            }
            else
            {
                dimension.WriteInt64(OnnxFields.TensorShape.DimValue, dim.Value);
            }

            dims.WriteMessage(OnnxFields.TensorShape.Dim, dimension);
        }

        var tensorType = new ProtoWriter();
        tensorType.WriteInt64(OnnxFields.TypeProto.TensorElemType, OnnxFields.Tensor.DataTypeFloat);
        tensorType.WriteMessage(OnnxFields.TypeProto.TensorShape, dims);

        var type = new ProtoWriter();
        type.WriteMessage(OnnxFields.TypeProto.TensorType, tensorType);

        var valueInfo = new ProtoWriter();
        valueInfo.WriteString(OnnxFields.ValueInfo.Name, name);
        valueInfo.WriteMessage(OnnxFields.ValueInfo.Type, type);
        return valueInfo;
    }
}
