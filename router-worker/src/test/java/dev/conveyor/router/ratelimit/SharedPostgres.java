package dev.conveyor.router.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Postgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The test JVM's PostgreSQL with the routing schema migrated, as every worker would share it. */
final class SharedPostgres {

    private static volatile JdbcClient jdbc;

    private SharedPostgres() {}

    static JdbcClient jdbc() {
        if (jdbc == null) {
            synchronized (SharedPostgres.class) {
                if (jdbc == null) {
                    Postgres pg = Infrastructure.shared().postgres();
                    HikariDataSource ds = new HikariDataSource();
                    ds.setJdbcUrl(pg.jdbcUrl());
                    ds.setUsername(pg.username());
                    ds.setPassword(pg.password());
                    ds.setMaximumPoolSize(8);
                    Flyway.configure()
                            .dataSource(ds)
                            .schemas("routing")
                            .locations("classpath:db/migration/routing")
                            .load()
                            .migrate();
                    jdbc = JdbcClient.create(ds);
                }
            }
        }
        return jdbc;
    }
}
