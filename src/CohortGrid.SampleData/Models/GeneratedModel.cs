namespace CohortGrid.SampleData.Models;

/// <summary>A sample model in memory: its card, the ONNX file's bytes, and its size in compute and weights.</summary>
internal sealed record GeneratedModel(SampleModelCard Card, byte[] Bytes, long MultiplyAccumulates, long Parameters);
