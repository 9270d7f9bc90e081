namespace CohortGrid.Storage.Blobs;

/// <summary>
/// The precondition of a write: <see cref="None"/> (also the <see langword="default"/>), <see cref="IfNoneMatchAny"/>
/// or <see cref="IfMatch"/>.
/// </summary>
public readonly record struct BlobCondition
{
    private BlobCondition(BlobConditionKind kind, string? eTag)
    {
        Kind = kind;
        ETag = eTag;
    }

    public BlobConditionKind Kind { get; }

    /// <summary>The required ETag for <see cref="BlobConditionKind.IfMatch"/>; otherwise <see langword="null"/>.</summary>
    public string? ETag { get; }

    /// <summary>Create or overwrite, whatever is there.</summary>
    public static BlobCondition None => default;

    /// <summary>Create only: fails when the blob exists.</summary>
    public static BlobCondition IfNoneMatchAny { get; } = new(BlobConditionKind.IfNoneMatchAny, null);

    /// <summary>Update only the version <paramref name="eTag"/>: fails when the blob is missing or has changed.</summary>
    public static BlobCondition IfMatch(string eTag)
    {
        ArgumentException.ThrowIfNullOrEmpty(eTag);
        return new(BlobConditionKind.IfMatch, eTag);
    }

    /// <summary>The condition as the HTTP header it corresponds to, for messages.</summary>
    public override string ToString() => Kind switch
    {
        BlobConditionKind.IfNoneMatchAny => "If-None-Match: *",
        BlobConditionKind.IfMatch => $"If-Match: {ETag}",
        _ => "unconditional",
    };
}
