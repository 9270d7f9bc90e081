using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Writes NaN and ±∞ as JSON <c>null</c> (an undefined confidence limit, a median never reached), which every JSON
/// reader understands, instead of failing or writing the non-standard literals; reads null back as NaN.
/// </summary>
internal sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
