package dev.conveyor.router.dispatch.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The engine's meters, tagged {@code engine=<name>}; removed from the registry when the engine closes. */
final class DispatchMetrics implements AutoCloseable {

    static final String IN_FLIGHT = "conveyor.dispatch.in.flight";
    static final String PAUSED_PARTITIONS = "conveyor.dispatch.paused.partitions";
    static final String RECORDS = "conveyor.dispatch.records";
    static final String PROCESSING = "conveyor.dispatch.processing";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter processed;
    private final Counter failed;
    private final Counter poison;
    private final Timer processedTime;
    private final Timer failedTime;

    DispatchMetrics(MeterRegistry registry, String engine, IntSupplier inFlight, IntSupplier pausedPartitions) {
        this.registry = registry;
        add(Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt)
                .description("Records handed to the processor and not yet finished")
                .tag("engine", engine)
                .strongReference(true)
                .register(registry));
        add(Gauge.builder(PAUSED_PARTITIONS, pausedPartitions, IntSupplier::getAsInt)
                .description("Assigned partitions paused for back pressure")
                .tag("engine", engine)
                .strongReference(true)
                .register(registry));
        processed = add(records(engine, "processed"));
        failed = add(records(engine, "failed"));
        poison = add(records(engine, "poison"));
        processedTime = add(timer(engine, "processed"));
        failedTime = add(timer(engine, "failed"));
    }

    void processed(long nanos) {
        processed.increment();
        processedTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(long nanos) {
        failed.increment();
        failedTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void poison() {
        poison.increment();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }

    private Counter records(String engine, String outcome) {
        return Counter.builder(RECORDS)
                .description("Records finished, by outcome")
                .tags("engine", engine, "outcome", outcome)
                .register(registry);
    }

    private Timer timer(String engine, String outcome) {
        return Timer.builder(PROCESSING)
                .description("Time the processor took for one record")
                .tags("engine", engine, "outcome", outcome)
                .register(registry);
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }
}
