package dev.conveyor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus histogram of the worker, read from its {@code /actuator/prometheus} endpoint: the
 * cumulative count per bucket bound. Two readings bracket a window; their difference is the
 * window's distribution, and a percentile of it is the bound of the bucket it falls in (an upper
 * bound, as precise as the buckets are).
 */
record WorkerHistogram(TreeMap<Double, Long> cumulative) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads histogram {@code name} (e.g. {@code conveyor_dispatch_overhead_seconds}) from {@code url}. */
    static WorkerHistogram read(String url, String name) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return parse(response.body(), name);
        } catch (IOException e) {
            throw new IllegalStateException("could not read the worker's metrics at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the worker's metrics", e);
        }
    }

    static WorkerHistogram parse(String exposition, String name) {
        Pattern bucket = Pattern.compile(
                "^" + Pattern.quote(name) + "_bucket\\{(?:[^}]*,)?le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$",
                Pattern.MULTILINE);
        TreeMap<Double, Long> counts = new TreeMap<>();
        Matcher m = bucket.matcher(exposition);
        while (m.find()) {
            double bound = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            counts.merge(bound, (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException("the worker exposes no histogram " + name);
        }
        return new WorkerHistogram(counts);
    }

    /** The observations made after {@code earlier} was read. */
    WorkerHistogram since(WorkerHistogram earlier) {
        TreeMap<Double, Long> delta = new TreeMap<>();
        cumulative.forEach((bound, count) -> delta.put(bound, count - earlier.cumulative.getOrDefault(bound, 0L)));
        return new WorkerHistogram(delta);
    }

    long count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The bucket bound (in the histogram's unit) below which {@code p} percent of observations fall; NaN if none. */
    double percentile(double p) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
