package dev.conveyor.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Runs {@link Infrastructure} as a process of its own (the benchmark harness's broker process):
 * starts a KRaft broker in this JVM, PostgreSQL and Apicurio Registry as child processes, prints
 * where they listen as {@code KEY=VALUE} lines followed by {@code READY=1}, and runs until it is
 * stopped or the process that started it is gone.
 *
 * <pre>
 * java -cp … dev.conveyor.embedded.InfrastructureMain [PARTITIONS]
 * </pre>
 *
 * <p>The child processes' ids are printed too ({@code REGISTRY_PID}, {@code POSTGRES_PID}), so a
 * caller can stop them by id should this JVM die without running its shutdown hook.
 */
public final class InfrastructureMain {

    private static final long PARENT_CHECK_MILLIS = 500;

    private InfrastructureMain() {}

    public static void main(String[] args) throws InterruptedException {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        Infrastructure infra;
        try {
            infra = Infrastructure.start(partitions);
        } catch (RuntimeException e) {
            System.err.println("infrastructure did not start: " + e.getMessage());
            e.printStackTrace();
            // Exit: the broker's threads would keep this JVM alive; PostgreSQL stops in its own shutdown hook.
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "infrastructure-stop"));
        Postgres pg = infra.postgres();
        System.out.println("BOOTSTRAP_SERVERS=" + infra.bootstrapServers());
        System.out.println("JDBC_URL=" + pg.jdbcUrl());
        System.out.println("JDBC_USERNAME=" + pg.username());
        System.out.println("JDBC_PASSWORD=" + pg.password());
        System.out.println("REGISTRY_URL=" + infra.registry().apiUrl());
        System.out.println("REGISTRY_PID=" + infra.registry().pid());
        postmasterPid(pg).ifPresent(pid -> System.out.println("POSTGRES_PID=" + pid));
        System.out.println("PARTITIONS=" + partitions);
        System.out.println("READY=1");
        System.out.flush();
        waitWhileParentLives(parent);
        System.exit(0);
    }

    /** Returns when the starting process has exited (this process was re-parented), never if there was none. */
    private static void waitWhileParentLives(Optional<ProcessHandle> parent) throws InterruptedException {
        while (parent.isEmpty() || parent.get().isAlive()) {
            Thread.sleep(PARENT_CHECK_MILLIS);
        }
    }

    /** The server's process id, from {@code postmaster.pid} in its data directory; empty when unreadable. */
    private static Optional<Long> postmasterPid(Postgres pg) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            Path pidFile = Path.of(rs.getString(1), "postmaster.pid");
            return Optional.of(
                    Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()));
        } catch (SQLException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
