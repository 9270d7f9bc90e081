namespace CohortGrid.SampleData.Models;

/// <summary>A node attribute of one of the kinds the sample models need: int, float, ints or floats.</summary>
internal sealed class OnnxAttribute
{
    private readonly int _type;
    private readonly long _int;
    private readonly float _float;
    private readonly long[] _ints;
    private readonly float[] _floats;

    private OnnxAttribute(string name, int type, long intValue = 0, float floatValue = 0, long[]? ints = null, float[]? floats = null)
    {
        Name = name;
        _type = type;
        _int = intValue;
        _float = floatValue;
        _ints = ints ?? [];
        _floats = floats ?? [];
    }

    public string Name { get; }

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxFields.Attribute.TypeInt, intValue: value);

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxFields.Attribute.TypeFloat, floatValue: value);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxFields.Attribute.TypeInts, ints: values);

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxFields.Attribute.TypeFloats, floats: values);

    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteString(OnnxFields.Attribute.Name, Name);
        switch (_type)
        {
            case OnnxFields.Attribute.TypeFloat:
                writer.WriteFloat(OnnxFields.Attribute.F, _float);
                break;
            case OnnxFields.Attribute.TypeInt:
                writer.WriteInt64(OnnxFields.Attribute.I, _int);
                break;
            case OnnxFields.Attribute.TypeFloats:
                writer.WriteRepeatedFloat(OnnxFields.Attribute.Floats, _floats);
                break;
            default:
                writer.WriteRepeatedInt64(OnnxFields.Attribute.Ints, _ints);
                break;
        }

        writer.WriteInt64(OnnxFields.Attribute.Type, _type);
    }
}
