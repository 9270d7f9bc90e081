using System.Net;

namespace CohortGrid.Client;

/// <summary>
/// The server could not be reached, or answered only with server errors, for longer than a watch was willing to
/// wait (<see cref="WatchOptions.GiveUpAfter"/>). The last failure is the inner exception.
/// </summary>
/// <param name="message">What was attempted, for how long, and the last failure.</param>
/// <param name="statusCode">The last HTTP status, or 503 when no response came at all.</param>
/// <param name="innerException">The last failure.</param>
public sealed class CohortGridUnavailableException(string message, HttpStatusCode statusCode, Exception innerException)
    : CohortGridException(statusCode, (innerException as CohortGridException)?.Problem ?? new ApiProblem { Status = (int)statusCode, Title = "Unavailable", Detail = innerException?.Message }, message, innerException);
