using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Decodes event columns coded 0/1 or 1/2 the way R's <c>Surv()</c> does: a column whose values are all 1 or 2
/// (with at least one 2) is read as 1 = censored, 2 = event; otherwise the values must be 0 or 1.
/// </summary>
public static class EventCodes
{
    /// <summary>Decodes <paramref name="codes"/>; row numbers in messages are 1-based, with the label when given.</summary>
    /// <exception cref="AnalyticsException">A code is missing (NaN), not 0/1/2, or 0 and 2 are mixed.</exception>
    public static DecodedEvents Decode(IReadOnlyList<double> codes, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var hasZero = false;
        var hasTwo = false;
        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i];
            if (double.IsNaN(code))
            {
                throw new AnalyticsException($"event is missing in {Rows.Describe(i, labels)}.");
            }

            if (code is not (0 or 1 or 2))
            {
                throw new AnalyticsException(
                    $"event code {code.ToString(CultureInfo.InvariantCulture)} in {Rows.Describe(i, labels)} is not 0/1 (censored/event) or 1/2 (R's censored/event).");
            }

            hasZero |= code == 0;
            hasTwo |= code == 2;
        }

        if (hasZero && hasTwo)
        {
            throw new AnalyticsException("event column mixes 0 and 2: use 0/1 (censored/event) or 1/2 (censored/event), not both.");
        }

        // All-ones with no 2 is ambiguous; R reads it as 0/1 (every subject had the event), and so do we.
        var coding = hasTwo ? EventCoding.OneTwo : EventCoding.ZeroOne;
        var eventCode = hasTwo ? 2.0 : 1.0;
        var events = new bool[codes.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = codes[i] == eventCode;
        }

        return new DecodedEvents(events, coding);
    }
}
