package dev.conveyor.sim.reports;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An admin report request as the simulator's HTTP layer hands it over.
 *
 * @param header a header's first value by case-insensitive name, or null
 */
public record ReportRequest(
        String method, String path, Map<String, String> query, UnaryOperator<String> header, byte[] body) {}
