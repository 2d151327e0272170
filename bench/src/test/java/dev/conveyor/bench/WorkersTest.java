package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkersTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryProcessIdBenchRunWrote() throws IOException {
        Path file = Files.writeString(dir.resolve("workers.pid"), ProcessHandle.current().pid() + "\n"
                + ProcessHandle.current().pid() + "\n");

        try (Workers workers = Workers.await(file, 2, Duration.ofSeconds(5), "worker")) {
            assertThat(workers.pids()).hasSize(2).containsOnly(ProcessHandle.current().pid());
            workers.requireAlive();
        }
    }

    @Test
    void waitingForMoreProcessesThanTheFileNamesFailsAfterTheTimeout() throws IOException {
        Path file = Files.writeString(dir.resolve("workers.pid"), ProcessHandle.current().pid() + "\n");

        assertThatThrownBy(() -> Workers.await(file, 2, Duration.ofMillis(300), "worker"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 process id(s) not in");
    }

    @Test
    void aProcessThatExitedFailsTheRunUnlessItWasExpectedTo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path file = Files.writeString(dir.resolve("worker.pid"), gone.pid() + "\n");

        try (Workers workers = Workers.await(file, 1, Duration.ofSeconds(5), "the router")) {
            assertThatThrownBy(workers::requireAlive)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the router exited during the run; see its log");
        }
        try (Workers workers = Workers.await(file, 1, Duration.ofSeconds(5), "the router")) {
            workers.expectExit(gone.pid());
            workers.requireAlive();
        }
    }

    @Test
    void awaitGivesUpWithTheScenariosMessage() {
        assertThatThrownBy(() -> Driver.await(() -> false, () -> {}, () -> {}, Duration.ofMillis(50), () -> "no result"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no result");
    }
}
