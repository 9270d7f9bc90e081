namespace CohortGrid.Analytics.Survival;

/// <summary>How the event column was coded, as <see cref="EventCodes.Decode"/> saw it.</summary>
public enum EventCoding
{
    /// <summary>Given as booleans (true = event).</summary>
    Boolean,

    /// <summary>0 = censored, 1 = event.</summary>
    ZeroOne,

    /// <summary>R's alternative convention: 1 = censored, 2 = event (e.g. <c>lung$status</c>).</summary>
    OneTwo,
}
