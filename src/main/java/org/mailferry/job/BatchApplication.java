package org.mailferry.job;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application behind the batch engine: auto-configured DataSource (HikariCP),
 * JDBC JobRepository and JobOperator, plus the copy job. No component scanning: the context
 * holds exactly what is imported here.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CopyJobConfiguration.class)
public class BatchApplication {
}
