package org.mailferry.job;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's tables when the job database has none (H2 file or PostgreSQL), and
 * does nothing otherwise: cheaper on every run than Spring Boot's "always" initialisation, which
 * re-runs the whole script and ignores the errors. Then creates mailferry's own tables if
 * missing ({@code mailferry-schema.sql}).
 */
public class JobSchemaInitializer implements InitializingBean {

    private final DataSource dataSource;

    public JobSchemaInitializer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        String platform = null;
        try (Connection c = dataSource.getConnection()) {
            if (!hasTable(c.getMetaData(), "BATCH_JOB_INSTANCE")) {
                String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
                platform = product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : product;
            }
        }
        if (platform != null) {
            new ResourceDatabasePopulator(new ClassPathResource(
                    "org/springframework/batch/core/schema-" + platform + ".sql")).execute(dataSource);
        }
        new ResourceDatabasePopulator(new ClassPathResource("org/mailferry/job/mailferry-schema.sql")).execute(dataSource);
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
