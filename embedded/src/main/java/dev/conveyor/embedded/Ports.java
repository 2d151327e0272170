package dev.conveyor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, so nothing in tests or the launcher uses a fixed port.
 *
 * <p>A port the kernel hands out for {@code bind(0)} is an ephemeral one: between this check and the
 * server binding it, the port can become the local end of one of the many outgoing connections a run
 * opens, and the server then fails to start ("Port ... was already in use", seen in a bench run). So
 * the port is picked below the kernel's ephemeral range, where no outgoing connection takes one.
 */
public final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 200;

    /** Ports this JVM handed out: callers that pick several before binding any get different ones. */
    private static final Set<Integer> ISSUED = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /** A loopback port nothing listens on now, below the ephemeral range where the kernel says which that is. */
    public static int free() {
        int below = ephemeralLow();
        if (below > LOWEST + 1_000) {
            for (int i = 0; i < TRIES; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!ISSUED.contains(port) && bindable(port) && ISSUED.add(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ISSUED.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (not Linux). */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: for this /proc file, whose size reads as 0, readString returned "3"
            return Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
