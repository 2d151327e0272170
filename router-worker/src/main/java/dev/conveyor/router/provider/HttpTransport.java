package dev.conveyor.router.provider;

import java.net.URI;
import java.util.Map;

/** How adapters reach providers: one shared client, connections reused, every call bounded by a timeout. */
public interface HttpTransport extends AutoCloseable {

    /**
     * POSTs a JSON body and waits for the answer, whatever its status.
     *
     * @param provider names the provider in errors
     * @throws ProviderException TIMEOUT when no answer came within the call timeout, NETWORK when the
     *     connection could not be made or broke
     */
    HttpAnswer postJson(URI uri, Map<String, String> headers, String body, String provider) throws ProviderException;

    @Override
    void close();
}
