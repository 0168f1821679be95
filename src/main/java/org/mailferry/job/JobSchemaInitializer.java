package org.mailferry.job;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's tables when the job database has none (H2 file or PostgreSQL), and
 * does nothing otherwise: cheaper on every run than Spring Boot's "always" initialisation, which
 * re-runs the whole script and ignores the errors. Then creates mailferry's own tables if
 * missing ({@code mailferry-schema.sql}) and Spring Integration's, for the requests of a fleet.
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
                if (!hasTable(c.getMetaData(), "BATCH_JOB_INSTANCE")) {
                    String platform = postgres ? "postgresql" : product.contains("h2") ? "h2" : product;
                    new ResourceDatabasePopulator(new ClassPathResource(
                            "org/springframework/batch/core/schema-" + platform + ".sql")).populate(c);
                }
                new ResourceDatabasePopulator(new ClassPathResource("org/mailferry/job/mailferry-schema.sql")).populate(c);
                if (!hasTable(c.getMetaData(), "INT_CHANNEL_MESSAGE")) {
                    // the queue of a fleet's partition requests (fleet.FleetChannel)
                    new ResourceDatabasePopulator(new ClassPathResource("org/springframework/integration/jdbc/schema-"
                            + (postgres ? "postgresql" : "h2") + ".sql")).populate(c);
                }
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

    private static boolean hasTable(DatabaseMetaData meta, String table) throws SQLException {
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
