namespace CohortGrid.Analytics.Survival;

/// <summary>Event indicators decoded from a numeric column, with the coding that was recognised.</summary>
public sealed record DecodedEvents(IReadOnlyList<bool> Events, EventCoding Coding);
