using System.Xml;
using System.Xml.Linq;
using CohortGrid.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Dashboard.Auth;

/// <summary>
/// The ASP.NET Core Data Protection key ring in the cluster's <see cref="IBlobStore"/>: one blob per element,
/// <c>dataprotection/keys/{friendlyName}.xml</c>, so every process that serves the dashboard, and every restart of
/// one, protects and reads sign-in cookies and antiforgery tokens with the same keys.
/// </summary>
/// <remarks>
/// <para>
/// Elements are stored as Data Protection hands them over. No key encryptor is configured, so a key is protected at
/// rest only by the store: the container's access control (the cluster's own account, already trusted with every
/// result) and the provider's encryption at rest. Whoever can read the container can forge a sign-in.
/// </para>
/// <para>
/// Blobs are only ever created (<see cref="BlobCondition.IfNoneMatchAny"/>), never replaced: two replicas that
/// create a key at the same moment both keep theirs, and the key manager reads every element back.
/// </para>
/// </remarks>
public sealed partial class BlobXmlRepository : IXmlRepository
{
    /// <summary>Where the elements are kept in the container.</summary>
    public const string Prefix = "dataprotection/keys/";

    private const string Extension = ".xml";

    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private readonly IBlobStore _store;
    private readonly string _container;
    private readonly ILogger _logger;

    /// <param name="store">The cluster's store (Azure stores come wrapped in the resilience pipeline).</param>
    /// <param name="container">The container the keys live in, e.g. the grain state container.</param>
    /// <param name="logger">For elements stored under another name than asked.</param>
    public BlobXmlRepository(IBlobStore store, string container, ILogger<BlobXmlRepository> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _container = container;
        _logger = logger;
    }

    public IReadOnlyCollection<XElement> GetAllElements() => RunSynchronously(GetAllElementsAsync);

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        RunSynchronously(async cancellationToken =>
        {
            await StoreElementAsync(element, friendlyName, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Every element under <see cref="Prefix"/>, in name order.</summary>
    /// <exception cref="InvalidDataException">A blob is not XML; it names the blob.</exception>
    public async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync(CancellationToken cancellationToken = default)
    {
        var elements = new List<XElement>();
        await foreach (var item in _store.ListAsync(_container, Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!item.Name.EndsWith(Extension, StringComparison.Ordinal))
            {
                continue;
            }

            // Nothing deletes keys today, but a blob gone between the listing and the read is simply not there.
            if (await _store.ReadAsync(_container, item.Name, cancellationToken).ConfigureAwait(false) is { } content)
            {
                elements.Add(Parse(item.Name, content.Content));
            }
        }

        return elements.AsReadOnly();
    }

    /// <summary>Creates the blob for <paramref name="element"/>; returns its name.</summary>
    public async Task<string> StoreElementAsync(XElement element, string friendlyName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(element);
        var content = Serialize(element);
        var name = Prefix + (IsSafe(friendlyName) ? friendlyName : Guid.NewGuid().ToString("N")) + Extension;
        try
        {
            await _store.WriteAsync(_container, name, content, BlobCondition.IfNoneMatchAny, cancellationToken).ConfigureAwait(false);
            return name;
        }
        catch (BlobConditionFailedException)
        {
            // Keys are named by GUID, but revocations by time: two replicas can pick one name. Both must survive.
            var unique = $"{name[..^Extension.Length]}-{Guid.NewGuid():N}{Extension}";
            await _store.WriteAsync(_container, unique, content, BlobCondition.IfNoneMatchAny, cancellationToken).ConfigureAwait(false);
            LogStoredUnderUniqueName(_logger, name, unique);
            return unique;
        }
    }

    // IXmlRepository is synchronous. Data Protection calls it rarely (loading the key ring, a refresh about once a day
    // or on an unknown key, creating a key), so a blocked thread is cheap; running the work on the pool means no
    // continuation ever waits for the thread that is blocked. The store bounds each call (resilience timeouts,
    // file lock timeout), so this cannot hang forever.
    private static T RunSynchronously<T>(Func<CancellationToken, Task<T>> work) =>
        Task.Run(() => work(CancellationToken.None)).GetAwaiter().GetResult();

    private static ReadOnlyMemory<byte> Serialize(XElement element)
    {
        using var buffer = new MemoryStream();
        element.Save(buffer, SaveOptions.DisableFormatting);
        return buffer.ToArray();
    }

    private XElement Parse(string name, ReadOnlyMemory<byte> content)
    {
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            return XElement.Load(reader);
        }
        catch (XmlException e)
        {
            // Skipping it could drop a revocation and let a revoked key through, so the key ring fails loudly instead.
            throw new InvalidDataException($"Data Protection key blob '{_container}/{name}' is not valid XML: {e.Message}", e);
        }
    }

    // The same rule as the framework's file repository: anything else gets a random name.
    private static bool IsSafe(string? friendlyName) =>
        !string.IsNullOrEmpty(friendlyName) && friendlyName.Length <= 200 && friendlyName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection: blob {Name} already exists, element stored as {UniqueName}")]
    private static partial void LogStoredUnderUniqueName(ILogger logger, string name, string uniqueName);
}
