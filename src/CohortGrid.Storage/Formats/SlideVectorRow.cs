namespace CohortGrid.Storage.Formats;

/// <summary>One completed slide in a cohort's <c>slide_vectors.parquet</c> (see <see cref="SlideVectorsFile"/>).</summary>
/// <param name="SlideId">Slide id from the manifest (column <c>slide_id</c>), unique in the file.</param>
/// <param name="PatientId">Patient the slide belongs to (column <c>patient_id</c>); several slides may share one.</param>
/// <param name="Tiles">Tiles embedded, after tissue detection and QC (column <c>tiles</c>).</param>
/// <param name="EncoderId">Encoder model name, e.g. <c>uni_v2</c> (column <c>encoder_id</c>).</param>
/// <param name="EncoderVersion">Encoder weights or release version (column <c>encoder_version</c>); may be empty.</param>
/// <param name="Vector">The slide embedding, the mean of the tile embeddings (column <c>vector</c>), D values.</param>
public sealed record SlideVectorRow(string SlideId, string PatientId, int Tiles, string EncoderId, string EncoderVersion, float[] Vector);
