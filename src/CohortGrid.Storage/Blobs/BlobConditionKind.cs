namespace CohortGrid.Storage.Blobs;

/// <summary>What a <see cref="BlobCondition"/> requires of the blob before a write.</summary>
public enum BlobConditionKind
{
    /// <summary>Unconditional: create or overwrite.</summary>
    None,

    /// <summary>The blob must not exist (HTTP <c>If-None-Match: *</c>): create only.</summary>
    IfNoneMatchAny,

    /// <summary>The blob must exist with the given ETag (HTTP <c>If-Match</c>): update one known version only.</summary>
    IfMatch,
}
