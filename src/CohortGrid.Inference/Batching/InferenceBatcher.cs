using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CohortGrid.Inference.Batching;

/// <summary>
/// Process-wide dynamic micro-batcher for one model. Many callers submit rows (tiles, embeddings);
/// an assembler forms batches of up to <see cref="BatcherOptions.MaxBatchSize"/> rows, waiting at most
/// <see cref="BatcherOptions.MaxWait"/> for a partly filled batch while the model is idle, and a runner
/// executes them one at a time, so the accelerator always has the next batch ready.
/// A batch made from one caller's rows runs on the caller's memory; batches mixing callers are
/// copied into a pooled buffer by the assembler while the previous batch runs. A failed run fails
/// only the callers with rows in it; cancelling a caller drops its rows not yet taken.
/// </summary>
public sealed class InferenceBatcher : IAsyncDisposable
{
    private const int BatchBuffers = 3; // one assembling, one waiting, one running

    private readonly IBatchModel _model;
    private readonly BatcherOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Request> _queue;
    private readonly Channel<Batch> _ready;
    private readonly Channel<Batch> _spare;
    private readonly Task _assembler;
    private readonly Task _runner;

    public InferenceBatcher(IBatchModel model, BatcherOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? BatcherOptions.Default;
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        Metrics = new BatcherMetrics(model.Card.Id, _options.MaxBatchSize);
        _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(_options.MaxQueuedRequests) { FullMode = BoundedChannelFullMode.Wait });
        _ready = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        _spare = Channel.CreateUnbounded<Batch>();
        for (var i = 0; i < BatchBuffers; i++)
        {
            _spare.Writer.TryWrite(new Batch(_options.MaxBatchSize, model.InputRowLength, model.OutputRowLength));
        }

        _assembler = Task.Factory.StartNew(AssembleAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _runner = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public IBatchModel Model => _model;

    public BatcherMetrics Metrics { get; }

    /// <summary>Submits rows (row-major, <see cref="IBatchModel.InputRowLength"/> floats each) and returns their outputs.</summary>
    public async Task<float[]> SubmitAsync(ReadOnlyMemory<float> input, CancellationToken cancellationToken = default)
    {
        var output = new float[RowsOf(input) * _model.OutputRowLength];
        await SubmitAsync(input, output, cancellationToken).ConfigureAwait(false);
        return output;
    }

    /// <summary>
    /// Submits rows and writes their outputs into <paramref name="output"/> (the caller's buffer, e.g. a
    /// slice of a slide's feature matrix). The input must not change until the task completes.
    /// </summary>
    public async Task SubmitAsync(ReadOnlyMemory<float> input, Memory<float> output, CancellationToken cancellationToken = default)
    {
        var rows = RowsOf(input);
        if (output.Length < rows * _model.OutputRowLength)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; {rows} rows need {rows * _model.OutputRowLength}.", nameof(output));
        }

        if (rows == 0)
        {
            return;
        }

        var request = new Request(input, output, rows);
        request.Registration = cancellationToken.Register(static state => ((Request)state!).Completion.TrySetCanceled(), request);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(InferenceBatcher), "The batcher has been shut down.");
        }

        Metrics.Submitted(rows);
        try
        {
            await request.Completion.Task.ConfigureAwait(false);
        }
        finally
        {
            await request.Registration.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops taking requests, finishes those queued, and waits for the last batch.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_assembler, _runner).ConfigureAwait(false);
        Metrics.Dispose();
    }

    private int RowsOf(ReadOnlyMemory<float> input)
    {
        if (input.Length % _model.InputRowLength != 0)
        {
            throw new ArgumentException($"Input holds {input.Length} floats, not a whole number of {_model.InputRowLength}-float rows for model '{_model.Card.Id}'.", nameof(input));
        }

        return input.Length / _model.InputRowLength;
    }

    private async Task AssembleAsync()
    {
        var reader = _queue.Reader;
        Request? carry = null;
        try
        {
            while (true)
            {
                if (carry is null)
                {
                    if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    if (!reader.TryRead(out carry))
                    {
                        continue;
                    }
                }

                var batch = await _spare.Reader.ReadAsync().ConfigureAwait(false);
                var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxWait.TotalSeconds * Stopwatch.Frequency);
                carry = Fill(batch, carry, reader);

                // Partly filled: wait for more rows until the deadline, then keep growing the batch
                // until the runner can take it, so rows arriving while the model is busy join it.
                while (batch.Rows < _options.MaxBatchSize && Stopwatch.GetTimestamp() < deadline)
                {
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (!await WaitForRowsAsync(reader, remaining).ConfigureAwait(false))
                    {
                        break;
                    }

                    carry = Fill(batch, carry, reader);
                }

                while (batch.Rows > 0 && !_ready.Writer.TryWrite(batch))
                {
                    var canHandOver = _ready.Writer.WaitToWriteAsync().AsTask();
                    if (batch.Rows < _options.MaxBatchSize && !reader.Completion.IsCompleted)
                    {
                        var moreRows = reader.WaitToReadAsync().AsTask();
                        if (await Task.WhenAny(canHandOver, moreRows).ConfigureAwait(false) == moreRows && await moreRows.ConfigureAwait(false))
                        {
                            carry = Fill(batch, carry, reader);
                            continue;
                        }
                    }

                    await canHandOver.ConfigureAwait(false);
                }

                if (batch.Rows == 0)
                {
                    _spare.Writer.TryWrite(batch);
                }
            }
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }

    /// <summary>Moves rows from the carried request and the queue into the batch until it is full or the queue is empty.</summary>
    private Request? Fill(Batch batch, Request? carry, ChannelReader<Request> reader)
    {
        while (batch.Rows < _options.MaxBatchSize)
        {
            if (carry is null && !reader.TryRead(out carry))
            {
                return null;
            }

            if (carry.Completion.Task.IsCompleted)
            {
                // Cancelled (or failed) before all its rows were taken: drop the rest.
                Metrics.Dequeued(carry.Rows - carry.Taken);
                carry = null;
                continue;
            }

            var take = Math.Min(carry.Rows - carry.Taken, _options.MaxBatchSize - batch.Rows);
            batch.Add(carry, carry.Taken, take);
            carry.Taken += take;
            Metrics.Dequeued(take);
            if (carry.Taken == carry.Rows)
            {
                carry = null;
            }
        }

        return carry;
    }

    private static async Task<bool> WaitForRowsAsync(ChannelReader<Request> reader, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var timer = new CancellationTokenSource(timeout);
        try
        {
            return await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunAsync()
    {
        await foreach (var batch in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (batch.Segments.TrueForAll(s => s.Request.Completion.Task.IsCompleted))
            {
                // Every caller gave up (cancelled) while the batch waited: do not spend the accelerator on it.
                batch.Clear();
                _spare.Writer.TryWrite(batch);
                continue;
            }

            Metrics.BatchStarted();
            var failed = false;
            try
            {
                if (batch.IsDirect)
                {
                    // One caller's contiguous rows: run on its memory, no input copy.
                    var segment = batch.Segments[0];
                    var input = segment.Request.Input.Slice(segment.Offset * _model.InputRowLength, segment.Rows * _model.InputRowLength);
                    _model.Run(input, segment.Rows, batch.Output);
                }
                else
                {
                    _model.Run(batch.Input, batch.Rows, batch.Output);
                }

                batch.Scatter(_model.OutputRowLength);
            }
            catch (Exception ex)
            {
                failed = true;
                var error = ex as InferenceException ?? new InferenceException(_model.Card.Id, ex.Message, ex);
                var callers = batch.Segments.Select(s => s.Request).Distinct().ToList();
                InferenceLog.BatchFailed(_logger, _model.Card.Id, batch.Rows, callers.Count, ex.Message);
                foreach (var request in callers)
                {
                    request.Completion.TrySetException(error);
                }
            }
            finally
            {
                Metrics.BatchFinished(batch.Rows, failed);
                batch.Clear();
                _spare.Writer.TryWrite(batch);
            }
        }
    }

    private sealed class Request(ReadOnlyMemory<float> input, Memory<float> output, int rows)
    {
        public ReadOnlyMemory<float> Input { get; } = input;

        public Memory<float> Output { get; } = output;

        public int Rows { get; } = rows;

        /// <summary>Rows handed to batches (assembler thread only).</summary>
        public int Taken { get; set; }

        /// <summary>Rows whose outputs are written (runner thread only).</summary>
        public int Done { get; set; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    private readonly record struct Segment(Request Request, int Offset, int Rows, int BatchRow);

    /// <summary>A batch's rows and its pooled buffers.</summary>
    private sealed class Batch(int capacity, int inputRowLength, int outputRowLength)
    {
        private readonly float[] _input = new float[capacity * inputRowLength];
        private readonly float[] _output = new float[capacity * outputRowLength];

        public List<Segment> Segments { get; } = new(capacity);

        public int Rows { get; private set; }

        public bool IsDirect => Segments.Count == 1;

        public ReadOnlyMemory<float> Input => _input.AsMemory(0, Rows * inputRowLength);

        public Memory<float> Output => _output.AsMemory(0, Rows * outputRowLength);

        public void Add(Request request, int offset, int rows)
        {
            var segment = new Segment(request, offset, rows, Rows);
            Segments.Add(segment);
            Rows += rows;
            // A single segment runs in place; from the second on, every segment is copied.
            if (Segments.Count == 2)
            {
                CopyIn(Segments[0]);
            }

            if (Segments.Count >= 2)
            {
                CopyIn(segment);
            }
        }

        public void Scatter(int rowLength)
        {
            foreach (var segment in Segments)
            {
                var request = segment.Request;
                if (request.Completion.Task.IsCompleted)
                {
                    continue;
                }

                _output.AsSpan(segment.BatchRow * rowLength, segment.Rows * rowLength)
                    .CopyTo(request.Output.Span[(segment.Offset * rowLength)..]);
                request.Done += segment.Rows;
                if (request.Done == request.Rows)
                {
                    request.Completion.TrySetResult();
                }
            }
        }

        public void Clear()
        {
            Segments.Clear();
            Rows = 0;
        }

        private void CopyIn(Segment segment) =>
            segment.Request.Input.Span.Slice(segment.Offset * inputRowLength, segment.Rows * inputRowLength)
                .CopyTo(_input.AsSpan(segment.BatchRow * inputRowLength));
    }
}
