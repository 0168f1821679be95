package org.mailferry.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's tables and sequences that the job database lacks (H2 file or PostgreSQL),
 * also those a process killed while creating them left out ({@link SchemaScript}), and does
 * nothing when all are there: cheaper on every run than Spring Boot's "always" initialisation.
 * Then creates mailferry's own tables if missing ({@code mailferry-schema.sql}) and Spring
 * Integration's, for the requests of a fleet.
 * On PostgreSQL both happen under an advisory lock, so
 * that processes starting together on a new database do not create the tables twice.
 */
public class JobSchemaInitializer implements InitializingBean {

    /** PostgreSQL advisory lock key held while the schema is checked and created ("mailferr"). */
    private static final long SCHEMA_LOCK = 0x6d61696c66657272L;

    private final DataSource dataSource;

    public JobSchemaInitializer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            boolean postgres = product.contains("postgres");
            // Several processes may start at once on a new shared database: the first to take the
            // lock creates the tables, the others then find them.
            if (postgres) {
                execute(c, "SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
            try {
                String platform = postgres ? "postgresql" : product.contains("h2") ? "h2" : product;
                new SchemaScript("org/springframework/batch/core/schema-" + platform + ".sql").ensure(c);
                new ResourceDatabasePopulator(new ClassPathResource("org/mailferry/job/mailferry-schema.sql")).populate(c);
                // the queue of a fleet's partition requests (fleet.FleetChannel)
                new SchemaScript("org/springframework/integration/jdbc/schema-"
                        + (postgres ? "postgresql" : "h2") + ".sql").ensure(c);
            } finally {
                if (postgres) {
                    execute(c, "SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                }
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
