package org.mailferry.job;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot application behind the batch engine: a DataSource (HikariCP), the JDBC
 * JobRepository and JobOperator ({@link CopyJobs} builds each run's job on them). Only the
 * auto-configurations it needs are imported (no classpath-wide scan of conditions): a CLI pays
 * its start-up time on every run.
 * Spring Batch's observations (timers of jobs, steps, reads and writes) go to Micrometer's global
 * registry when a command configured one ({@code schedule --metrics-port}, {@code run
 * --metrics-file}); otherwise they cost nothing.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, BatchAutoConfiguration.class,
        BatchJdbcAutoConfiguration.class})
public class BatchApplication {

    @Bean
    JobSchemaInitializer jobSchemaInitializer(javax.sql.DataSource dataSource) {
        return new JobSchemaInitializer(dataSource);
    }

    @Bean
    ObservationRegistry observationRegistry() {
        if (Metrics.globalRegistry.getRegistries().isEmpty()) {
            return ObservationRegistry.NOOP;
        }
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(Metrics.globalRegistry));
        return registry;
    }
}
