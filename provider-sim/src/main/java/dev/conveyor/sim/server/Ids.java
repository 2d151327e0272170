package dev.conveyor.sim.server;

import java.util.concurrent.ThreadLocalRandom;

/** Request and response ids in the providers' styles ("chatcmpl-…", "msg_…", "req_…"). */
public final class Ids {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Ids() {}

    /** The id the ledger keys a call by: the caller's {@code X-Client-Request-Id}, else its {@code x-request-id}. */
    public static String callerRequestId(SimRequest request) {
        String client = request.nonBlankHeader("x-client-request-id");
        return client != null ? client : request.nonBlankHeader("x-request-id");
    }

    public static String random(String prefix) {
        var random = ThreadLocalRandom.current();
        var id = new StringBuilder(prefix.length() + 24).append(prefix);
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
