package dev.conveyor.sim.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response the simulator writes. Headers keep their insertion order and are added in place: a response belongs to
 * one request's flow and is built up along it, so copying on every header would only cost time on the hot path.
 */
public final class SimResponse {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>(16);
    private final byte[] body;

    SimResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    public static SimResponse json(int status, byte[] body) {
        return new SimResponse(status, body).header("content-type", "application/json");
    }

    public SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public SimResponse addHeaders(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    public int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }
}
