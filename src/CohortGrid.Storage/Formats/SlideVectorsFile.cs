using System.Globalization;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// A cohort's <c>slide_vectors.parquet</c>: one row per completed slide with columns <c>slide_id</c>,
/// <c>patient_id</c>, <c>encoder_id</c>, <c>encoder_version</c> (strings), <c>tiles</c> (int32) and <c>vector</c>
/// (a standard Parquet LIST of float32, the same length D in every row), plus the key-value file metadata
/// <c>cohortgrid.format</c> = <c>slide-vectors/1</c> and <c>cohortgrid.dimension</c> = D (0 in a file without
/// rows). pandas, pyarrow and R arrow read it as a table with a list column.
/// </summary>
public static class SlideVectorsFile
{
    public const string Format = "slide-vectors/1";
    public const string FormatKey = ParquetTableWriter.FormatKey;
    public const string DimensionKey = "cohortgrid.dimension";

    public const string SlideIdColumn = "slide_id";
    public const string PatientIdColumn = "patient_id";
    public const string TilesColumn = "tiles";
    public const string EncoderIdColumn = "encoder_id";
    public const string EncoderVersionColumn = "encoder_version";
    public const string VectorColumn = "vector";

    /// <summary>About 4 MiB of vector values per row group, so writing never holds more than that again in levels.</summary>
    internal const int ValuesPerRowGroup = 1 << 20;

    internal static readonly ParquetColumn[] Columns =
    [
        new(SlideIdColumn, ParquetColumnKind.String),
        new(PatientIdColumn, ParquetColumnKind.String),
        new(TilesColumn, ParquetColumnKind.Int32),
        new(EncoderIdColumn, ParquetColumnKind.String),
        new(EncoderVersionColumn, ParquetColumnKind.String),
        new(VectorColumn, ParquetColumnKind.Float32List),
    ];

    /// <summary>
    /// Writes <paramref name="rows"/>, in order, to <paramref name="destination"/> (which is left open and need not be
    /// seekable). Zero rows give a valid file with the schema and no data: a cohort whose every slide failed. The rows
    /// are checked before anything is written, so a rejected call leaves <paramref name="destination"/> untouched.
    /// Committing the file whole (a staged file renamed, one blob upload) is the caller's part.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An empty slide or patient id, a slide id twice, a negative tile count, an empty vector, vectors of different
    /// lengths, or a NaN or infinite value; the message names the row.
    /// </exception>
    public static async Task WriteAsync(Stream destination, IReadOnlyList<SlideVectorRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rows);
        var dimension = Validate(rows);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = Format,
            [DimensionKey] = dimension.ToString(CultureInfo.InvariantCulture),
        };

        var writer = await ParquetTableWriter.CreateAsync(destination, Columns, metadata, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var rowsPerGroup = Math.Max(1, ValuesPerRowGroup / Math.Max(1, dimension));
            for (var start = 0; start < rows.Count; start += rowsPerGroup)
            {
                var chunk = rows.Skip(start).Take(rowsPerGroup).ToArray();
                using var group = writer.StartRowGroup();
                await group.WriteStringsAsync(SlideIdColumn, chunk.Select(row => row.SlideId).ToArray()).ConfigureAwait(false);
                await group.WriteStringsAsync(PatientIdColumn, chunk.Select(row => row.PatientId).ToArray()).ConfigureAwait(false);
                await group.WriteInt32sAsync(TilesColumn, chunk.Select(row => row.Tiles).ToArray(), cancellationToken).ConfigureAwait(false);
                await group.WriteStringsAsync(EncoderIdColumn, chunk.Select(row => row.EncoderId).ToArray()).ConfigureAwait(false);
                await group.WriteStringsAsync(EncoderVersionColumn, chunk.Select(row => row.EncoderVersion).ToArray()).ConfigureAwait(false);
                await group.WriteFloatListsAsync(VectorColumn, chunk.Select(row => row.Vector).ToArray(), cancellationToken).ConfigureAwait(false);
                group.Complete();
            }
        }
    }

    /// <summary>
    /// Reads every row of a file <see cref="WriteAsync"/> wrote (or one with the same columns and tags, e.g. rewritten
    /// by pyarrow). <paramref name="source"/> is the whole file; one that cannot seek is buffered in memory first.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// Not a Parquet file, a column missing or of another type, the format tag missing or different, a null value, or
    /// a vector whose length is not the file's dimension; the message says which, e.g.
    /// <c>not a slide-vectors file: column 'vector' missing</c>.
    /// </exception>
    public static async Task<IReadOnlyList<SlideVectorRow>> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var table = await ParquetTableReader.OpenAsync(source, Format, Columns, cancellationToken).ConfigureAwait(false);
        await using (table.ConfigureAwait(false))
        {
            var dimensionText = table.RequiredMetadata(DimensionKey);
            if (!int.TryParse(dimensionText, NumberStyles.None, CultureInfo.InvariantCulture, out var dimension))
            {
                throw table.Invalid($"'{DimensionKey}' is '{dimensionText}', not a vector length");
            }

            var slideIds = await table.ReadStringsAsync(SlideIdColumn, cancellationToken).ConfigureAwait(false);
            var patientIds = await table.ReadStringsAsync(PatientIdColumn, cancellationToken).ConfigureAwait(false);
            var tiles = await table.ReadInt32sAsync(TilesColumn, cancellationToken).ConfigureAwait(false);
            var encoderIds = await table.ReadStringsAsync(EncoderIdColumn, cancellationToken).ConfigureAwait(false);
            var encoderVersions = await table.ReadStringsAsync(EncoderVersionColumn, cancellationToken).ConfigureAwait(false);
            var vectors = await table.ReadFloatListsAsync(VectorColumn, cancellationToken).ConfigureAwait(false);

            var rows = new SlideVectorRow[slideIds.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                if (vectors[i].Length != dimension)
                {
                    throw table.Invalid($"row {i} ('{slideIds[i]}') has a vector of {vectors[i].Length} values, the file's '{DimensionKey}' is {dimension}");
                }

                rows[i] = new SlideVectorRow(slideIds[i], patientIds[i], tiles[i], encoderIds[i], encoderVersions[i], vectors[i]);
            }

            return rows;
        }
    }

    /// <summary>Checks the rows and returns their common vector length, 0 when there are none.</summary>
    private static int Validate(IReadOnlyList<SlideVectorRow> rows)
    {
        var dimension = 0;
        var seen = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (string.IsNullOrWhiteSpace(row.SlideId))
            {
                throw new ArgumentException($"Row {i}: the slide id is empty.", nameof(rows));
            }

            var at = $"Row {i} ('{row.SlideId}')";
            if (!seen.TryAdd(row.SlideId, i))
            {
                throw new ArgumentException($"{at}: slide id '{row.SlideId}' is already row {seen[row.SlideId]}; slide ids must be unique.", nameof(rows));
            }

            if (string.IsNullOrWhiteSpace(row.PatientId))
            {
                throw new ArgumentException($"{at}: the patient id is empty.", nameof(rows));
            }

            if (row.EncoderId is null || row.EncoderVersion is null)
            {
                throw new ArgumentException($"{at}: the encoder id and version must not be null (the version may be empty).", nameof(rows));
            }

            if (row.Tiles < 0)
            {
                throw new ArgumentException($"{at}: {row.Tiles} tiles; the count cannot be negative.", nameof(rows));
            }

            if (row.Vector is null || row.Vector.Length == 0)
            {
                throw new ArgumentException($"{at}: the vector is empty.", nameof(rows));
            }

            if (i == 0)
            {
                dimension = row.Vector.Length;
            }
            else if (row.Vector.Length != dimension)
            {
                throw new ArgumentException($"{at}: the vector has {row.Vector.Length} values, row 0's has {dimension}; every vector must have the same length.", nameof(rows));
            }

            var bad = Array.FindIndex(row.Vector, value => !float.IsFinite(value));
            if (bad >= 0)
            {
                throw new ArgumentException($"{at}: vector[{bad}] is {row.Vector[bad].ToString(CultureInfo.InvariantCulture)}; values must be finite.", nameof(rows));
            }
        }

        return dimension;
    }
}
