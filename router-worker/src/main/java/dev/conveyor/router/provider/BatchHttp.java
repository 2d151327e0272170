package dev.conveyor.router.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The few HTTP requests of batch APIs (GET, a JSON POST, a multipart upload), beside the call path's
 * pooled transport: they are rare and their bodies large. Answers whatever their status; a
 * connection that fails is a {@code NETWORK} error, no answer in time a {@code TIMEOUT}.
 */
public final class BatchHttp {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String provider;

    public BatchHttp(String provider) {
        this.provider = provider;
    }

    public HttpAnswer get(URI uri, Map<String, String> headers) throws ProviderException {
        return send(request(uri, headers).GET().build());
    }

    public HttpAnswer postJson(URI uri, Map<String, String> headers, byte[] body) throws ProviderException {
        return send(request(uri, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** A {@code multipart/form-data} POST of text fields and one file. */
    public HttpAnswer postFile(
            URI uri,
            Map<String, String> headers,
            Map<String, String> fields,
            String fileField,
            String filename,
            byte[] file)
            throws ProviderException {
        String boundary = "conveyor-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
        fields.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: application/jsonl\r\n\r\n");
        body.writeBytes(file);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(request(uri, headers)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        headers.forEach(builder::header);
        return builder;
    }

    private HttpAnswer send(HttpRequest request) throws ProviderException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, java.util.List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new HttpAnswer(response.statusCode(), headers, response.body());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(ErrorType.TIMEOUT, provider + " batch API did not answer " + request.uri(), e);
        } catch (IOException e) {
            throw new ProviderException(ErrorType.NETWORK, provider + " batch API unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorType.NETWORK, "interrupted while calling " + provider + "'s batch API", e);
        }
    }
}
