package dev.conveyor.sim.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;

/** An HTTP request as the simulator sees it, detached from Netty's reference-counted buffers. */
public record SimRequest(String method, String path, Map<String, String> query, HttpHeaders headers, byte[] body) {

    /** The header's first value, or null; names are case-insensitive. */
    String header(String name) {
        return headers.get(name);
    }

    /** The header's value when present and not blank, else null. */
    public String nonBlankHeader(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
