package dev.conveyor.sim.dialect;

import dev.conveyor.sim.batch.BatchRequest;
import dev.conveyor.sim.server.SimRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;

/** The synchronous call each request of a batch stands for. */
final class BatchCalls {

    private BatchCalls() {}

    /** The named headers of the call that created the batch (its key, its API version), kept for its requests. */
    static HttpHeaders headersOf(SimRequest request, String... names) {
        var headers = new DefaultHttpHeaders();
        for (String name : names) {
            String value = request.nonBlankHeader(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        return headers;
    }

    /** The request as a call to {@code path}, keyed in the ledger by its {@code custom_id}. */
    static SimRequest request(String path, HttpHeaders batchHeaders, BatchRequest request) {
        var headers = batchHeaders.copy().set("x-client-request-id", request.customId());
        return new SimRequest("POST", path, Map.of(), headers, request.body());
    }
}
