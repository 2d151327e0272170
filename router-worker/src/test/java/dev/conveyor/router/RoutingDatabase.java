package dev.conveyor.router;

import com.zaxxer.hikari.HikariDataSource;
import dev.conveyor.embedded.Infrastructure;
import dev.conveyor.embedded.Postgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The test JVM's PostgreSQL with the routing schema migrated, shared by every test that needs it. */
public final class RoutingDatabase {

    private static volatile JdbcClient jdbc;
    private static volatile HikariDataSource dataSource;

    private RoutingDatabase() {}

    /** Transactions on the same database, for code that needs them. */
    public static org.springframework.transaction.support.TransactionTemplate transactions() {
        jdbc();
        return new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
    }

    public static JdbcClient jdbc() {
        if (jdbc == null) {
            synchronized (RoutingDatabase.class) {
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
                    dataSource = ds;
                    jdbc = JdbcClient.create(ds);
                }
            }
        }
        return jdbc;
    }
}
