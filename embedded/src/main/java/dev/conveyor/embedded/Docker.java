package dev.conveyor.embedded;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; decided once per JVM. */
final class Docker {

    private static volatile Boolean available;

    private Docker() {}

    static boolean available() {
        if (available == null) {
            boolean forcedOff = Boolean.parseBoolean(System.getProperty("conveyor.embedded.no-docker", "false"));
            available = !forcedOff && answers();
        }
        return available;
    }

    private static boolean answers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
