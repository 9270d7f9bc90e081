using System.Diagnostics.Metrics;
using CohortGrid.Grains.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CohortGrid.Grains.Tests.Metrics;

public sealed class SiloWorkMeterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTime _time = new();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Batches_count_as_in_flight_until_finished_and_kept_tiles_add_up()
    {
        var meter = new SiloWorkMeter(Meters, _time);

        Assert.True(meter.TryStartBatch());
        Assert.True(meter.TryStartBatch());
        meter.AddTiles(32);
        meter.BatchFinished();
        meter.AddTiles(0);
        meter.AddTiles(10);

        Assert.Equal(1, meter.BatchesInFlight);
        Assert.Equal(42, meter.TilesEmbedded);
        meter.BatchFinished();
        Assert.Equal(0, meter.BatchesInFlight);
        Assert.Throws<ArgumentOutOfRangeException>(() => meter.AddTiles(-1));
    }

    [Fact]
    public void A_closed_meter_refuses_new_batches_and_lets_the_running_ones_finish()
    {
        var meter = new SiloWorkMeter(Meters, _time);
        Assert.True(meter.TryStartBatch());
        Assert.True(meter.TryStartBatch());
        meter.BatchFinished();

        Assert.Equal(1, meter.Close());
        Assert.True(meter.IsClosed);
        Assert.False(meter.TryStartBatch());
        Assert.Equal(1, meter.BatchesInFlight);
        Assert.Equal(1, meter.BatchesRefused);

        meter.BatchFinished();
        Assert.Equal(0, meter.BatchesInFlight);
        Assert.Equal(2, meter.BatchesFinished);
    }

    [Fact]
    public async Task Every_batch_racing_a_close_is_either_counted_in_flight_at_the_close_or_refused()
    {
        for (var round = 0; round < 200; round++)
        {
            var meter = new SiloWorkMeter(Meters, _time);
            using var go = new ManualResetEventSlim();
            var starters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                go.Wait(TestContext.Current.CancellationToken);
                return meter.TryStartBatch();
            })).ToList();
            var closer = Task.Run(() =>
            {
                go.Wait(TestContext.Current.CancellationToken);
                return meter.Close();
            });
            go.Set();
            var accepted = (await Task.WhenAll(starters)).Count(a => a);
            var inFlightAtClose = await closer;

            // Nothing starts after the close has read the count: what it saw is all that will ever run.
            Assert.True(accepted <= inFlightAtClose, $"round {round}: {accepted} accepted, {inFlightAtClose} seen by the close");
            Assert.Equal(accepted, meter.BatchesInFlight);
            Assert.Equal(4 - accepted, meter.BatchesRefused);
        }
    }

    [Fact]
    public void Tiles_per_second_covers_the_last_ten_seconds()
    {
        var meter = new SiloWorkMeter(Meters, _time);
        Assert.Equal(0, meter.TilesPerSecond);

        // The first batch half a second after start reads as 100 tiles in one second, not 200 in half a second.
        _time.Advance(TimeSpan.FromSeconds(0.5));
        meter.AddTiles(100);
        Assert.Equal(100, meter.TilesPerSecond, 6);

        // 50 tiles every second for 20 s: the window sees 50/s whatever came before.
        for (var second = 1; second < 20; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            meter.AddTiles(50);
        }

        _time.Advance(TimeSpan.FromSeconds(0.5)); // t = 20.0
        Assert.Equal(50, meter.TilesPerSecond, 6);

        // Nothing for more than the window: back to zero, the total kept.
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, meter.TilesPerSecond);
        Assert.Equal(100 + (19 * 50), meter.TilesEmbedded);
    }

    [Fact]
    public void The_figures_are_published_as_instruments_of_the_CohortGrid_meter()
    {
        var meters = Meters;
        var meter = new SiloWorkMeter(meters, _time);
        var seen = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: silos of other tests publish the same names from their own factories.
            if (instrument.Meter.Name == SiloWorkMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();

        Assert.True(meter.TryStartBatch());
        Assert.True(meter.TryStartBatch());
        meter.BatchFinished();
        _time.Advance(TimeSpan.FromSeconds(2));
        meter.AddTiles(30);
        listener.RecordObservableInstruments();

        Assert.Equal(30, seen[SiloWorkMeter.TilesEmbeddedInstrument]);
        Assert.Equal(1, seen[SiloWorkMeter.BatchesInFlightInstrument]);
        Assert.Equal(15, seen[SiloWorkMeter.TilesPerSecondInstrument], 6);

        void Add(string name, double value) => seen[name] = seen.GetValueOrDefault(name) + value;
    }

    public void Dispose() => _services.Dispose();

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
