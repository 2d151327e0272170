package dev.conveyor.router.provider;

import java.net.URI;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request plumbing every adapter shares, for one configured provider: POSTs a JSON body through
 * the shared {@link HttpTransport}, turns an answer other than 2xx into the provider's typed error and
 * a 2xx body that is not JSON into a {@link ErrorType#SERVER_ERROR}. What differs per wire protocol
 * (URL, auth headers, request body, how errors and usage read) stays in the adapters.
 */
public final class ProviderHttp {

    /** Maps an answer other than 2xx to the provider's typed error. */
    @FunctionalInterface
    public interface ErrorMapper {
        ProviderException toException(HttpAnswer response, JsonMapper json);
    }

    /** Reads a 2xx answer, its body already parsed; Jackson's exceptions become a {@code SERVER_ERROR}. */
    @FunctionalInterface
    public interface CompletionReader {
        Completion read(JsonNode root, HttpAnswer response) throws ProviderException;
    }

    private final String provider;
    private final HttpTransport http;
    private final JsonMapper json;
    private final ErrorMapper errors;

    /**
     * @param provider the configured provider name, used in errors
     * @param errors maps the provider's error answers
     */
    public ProviderHttp(String provider, HttpTransport http, JsonMapper json, ErrorMapper errors) {
        this.provider = provider;
        this.http = http;
        this.json = json;
        this.errors = errors;
    }

    /** The configured provider name. */
    public String provider() {
        return provider;
    }

    /**
     * Adds what every call sends whatever the provider: the call's request id as {@code
     * X-Client-Request-Id} and, on a probe, {@link ProviderCall#PROBE_HEADER}.
     *
     * @return {@code headers}
     */
    public static Map<String, String> identify(Map<String, String> headers, ProviderCall call) {
        headers.put("X-Client-Request-Id", call.requestId());
        call.markProbe(headers);
        return headers;
    }

    /** {@code url} without one trailing slash, so paths can be appended to a configured base URL. */
    public static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * POSTs {@code body} as JSON and reads the answer.
     *
     * @throws ProviderException what the error mapper makes of an answer other than 2xx; {@code
     *     SERVER_ERROR} when a 2xx body is not JSON; the transport's TIMEOUT or NETWORK
     */
    public Completion post(URI uri, Map<String, String> headers, Object body, CompletionReader reader)
            throws ProviderException {
        HttpAnswer response = http.postJson(uri, headers, json.writeValueAsString(body), provider);
        if (!response.successful()) {
            throw errors.toException(response, json);
        }
        try {
            return reader.read(json.readTree(response.body()), response);
        } catch (JacksonException e) {
            throw new ProviderException(ErrorType.SERVER_ERROR, provider + " answered a body that is not JSON", e);
        }
    }
}
