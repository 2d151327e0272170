package dev.conveyor.router.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport} over Apache HttpClient 5's classic (blocking) API. Each job calls on its
 * own virtual thread, so blocking I/O costs no platform thread, and a call is a write and a read on
 * a pooled connection, without the hand-offs between threads of an asynchronous client. A connection
 * keeps small buffers, since thousands of them stay open while jobs wait on slow models.
 */
public final class ApacheHttpTransport implements HttpTransport {

    /**
     * Each open connection's input and output buffer. Requests and answers of a few kilobytes take
     * a read or two more than with larger buffers, while thousands of connections waiting on slow
     * models keep 2 KiB each instead of 8: at 2,000 calls in flight that is 12 MiB less live heap.
     */
    private static final int BUFFER_BYTES = 1024;

    /** Longer announced bodies are read in chunks rather than into one array allocated up front. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final CloseableHttpClient client;
    private final Duration timeout;

    /**
     * @param maxConnections connections kept per provider host (and in all): at least the calls
     *     that may be in flight at once
     * @param timeout how long a call may wait for its answer
     */
    public ApacheHttpTransport(int maxConnections, Duration connectTimeout, Duration timeout) {
        this.timeout = timeout;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(
                                Http1Config.custom().setBufferSize(BUFFER_BYTES).build())
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(timeout))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.of(timeout))
                        .setTcpNoDelay(true)
                        .build())
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .evictExpiredConnections()
                .build();
    }

    @Override
    public HttpAnswer postJson(URI uri, Map<String, String> headers, String body, String provider)
            throws ProviderException {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try {
            return client.execute(post, response -> {
                Map<String, List<String>> names = new HashMap<>();
                for (Header header : response.getHeaders()) {
                    names.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), n -> new ArrayList<>(1))
                            .add(header.getValue());
                }
                return new HttpAnswer(response.getCode(), names, body(response.getEntity()));
            });
        } catch (SocketTimeoutException e) { // also ConnectTimeoutException
            throw new ProviderException(ErrorType.TIMEOUT, provider + " did not answer within " + timeout, e);
        } catch (ConnectException e) {
            throw new ProviderException(ErrorType.NETWORK, provider + " refused the connection", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorType.NETWORK, provider + " call interrupted", e);
        } catch (IOException e) {
            throw new ProviderException(ErrorType.NETWORK, provider + " call failed: " + e.getMessage(), e);
        }
    }

    /**
     * The body as UTF-8 text, read straight into an array of its announced length: decoding through a
     * reader would allocate kilobytes of char and byte buffers per call.
     */
    private static String body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        long length = entity.getContentLength();
        try (InputStream in = entity.getContent()) {
            byte[] bytes = length >= 0 && length <= MAX_BODY_BYTES ? in.readNBytes((int) length) : in.readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing: nothing left to do with a connection that fails to close
        }
    }
}
