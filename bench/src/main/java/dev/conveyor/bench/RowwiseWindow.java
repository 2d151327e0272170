package dev.conveyor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline segment of billing-ingest: the row-at-a-time consumer (bench test code) reads the
 * same topic in a group of its own into its own schema. Measured over a fixed window from its
 * first ledger row: rows whose transaction started within the window, by PostgreSQL's clock
 * ({@code ingested_at}), divided by the window; or, should it drain every event sooner, the
 * events over first to last ingest.
 */
final class RowwiseWindow {

    private static final long POLL_MILLIS = 200;

    record Settings(
            LedgerDatabase.Login database,
            String schema,
            int events,
            Duration window,
            Duration startupTimeout,
            Path workerPidFile,
            Path out) {}

    private final Settings settings;

    RowwiseWindow(Settings settings) {
        this.settings = settings;
    }

    ObjectNode run() {
        ObjectNode json = Json.object();
        json.put("segment", "rowwise");
        json.put("schema", settings.schema());
        json.put("events", settings.events());
        try (Workers worker = Workers.await(
                        settings.workerPidFile(), 1, settings.startupTimeout(), "the row-at-a-time consumer");
                LedgerDatabase ledger = LedgerDatabase.open(settings.database(), settings.schema())) {
            long started = System.nanoTime();
            Instant first = ledger.awaitFirstIngest(worker, settings.startupTimeout(), POLL_MILLIS);
            Json.put(json, "startup_s", (System.nanoTime() - started) / 1e9, 2);
            json.put("first_ingest", first.toString());
            Instant end = first.plus(settings.window());
            // A second past the window's end, so every transaction that started in it has committed.
            while (Instant.now().isBefore(end.plusSeconds(1)) && ledger.aggregatedRequests() < settings.events()) {
                worker.requireAlive();
                Workers.Pause.millis(POLL_MILLIS);
            }
            long rows = ledger.eventRows();
            if (rows >= settings.events()) {
                double seconds = Duration.between(first, ledger.lastIngest()).toNanos() / 1e9;
                json.put("mode", "all");
                json.put("ingested", rows);
                Json.put(json, "ingest_s", seconds, 3);
                Json.put(json, "events_per_s", rows / seconds, 1);
            } else {
                long inWindow = ledger.eventRowsIngestedBefore(end);
                json.put("mode", "window");
                json.put("window_s", settings.window().toSeconds());
                json.put("ingested_in_window", inWindow);
                Json.put(json, "events_per_s", inWindow / (settings.window().toNanos() / 1e9), 1);
            }
            Json.put(json, "worker_rss_mb", worker.stats().rssPeakMb(), 1);
        }
        Json.write(settings.out(), json);
        return json;
    }
}
