package dev.conveyor.schemas;

import com.microsoft.kiota.ApiException;
import dev.conveyor.schemas.DeadLetterHeaders.Poison;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * Reads why a record could not be decoded: the registry was unavailable (not the record's fault:
 * decode it again later), or the record is poison of some kind. One reading for every consumer.
 */
public final class DecodeFailures {

    private DecodeFailures() {}

    /** The registry could not be reached, or answered with a server error, a timeout or 429: try again later. */
    public static boolean registryUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException registry) {
                int status = registry.getResponseStatusCode();
                return status >= 500 || status == 429 || status == 408;
            }
            if (isNetwork(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A connection that could not be made or broke, or an answer that did not come in time. Not
     * every {@link java.io.IOException}: Avro reports truncated bytes as an {@code EOFException}.
     */
    public static boolean isNetwork(Throwable t) {
        return t instanceof SocketException
                || t instanceof SocketTimeoutException
                || t instanceof UnknownHostException
                || t instanceof HttpTimeoutException
                || t instanceof ClosedChannelException
                || t instanceof ConnectException;
    }

    /** The kind of poison: an id the registry answers 404 for is an unknown schema; anything else undecodable bytes. */
    public static Poison poisonKind(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException registry && registry.getResponseStatusCode() == 404) {
                return Poison.UNKNOWN_SCHEMA;
            }
        }
        return Poison.UNDECODABLE;
    }
}
