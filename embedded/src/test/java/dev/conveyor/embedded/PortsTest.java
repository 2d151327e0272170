package dev.conveyor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aFreePortIsBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int low = Ports.ephemeralLow();
        if (Files.isReadable(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            assertThat(low).as("the ephemeral range's first port").isGreaterThan(1024);
        }
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            if (low > 11_000) { // Linux with a usual range: never one the kernel hands to outgoing connections
                assertThat(port).isBetween(10_000, low - 1);
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void portsPickedBeforeAnyIsBoundDiffer() {
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(picked.add(Ports.free())).isTrue();
        }
    }
}
