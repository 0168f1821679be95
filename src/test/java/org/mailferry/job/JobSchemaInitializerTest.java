package org.mailferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailferry.testing.TestPostgres;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A process SIGKILLed while it created the job database's tables leaves some of them: the next
 * start must create the rest (it once found the first table, assumed all, and every later run
 * failed with "bad SQL grammar" or "Could not obtain sequence value").
 */
class JobSchemaInitializerTest {

    private static final String BATCH_H2 = "org/springframework/batch/core/schema-h2.sql";
    private static final String INTEGRATION_H2 = "org/springframework/integration/jdbc/schema-h2.sql";

    @TempDir
    static Path dir;

    static Stream<Arguments> h2Cuts() {
        return Stream.concat(
                IntStream.range(1, statements(BATCH_H2).size()).mapToObj(n -> Arguments.of(BATCH_H2, n)),
                IntStream.range(1, statements(INTEGRATION_H2).size()).mapToObj(n -> Arguments.of(INTEGRATION_H2, n)));
    }

    @ParameterizedTest(name = "{0} cut after statement {1}")
    @MethodSource("h2Cuts")
    void aSchemaCutShortOnH2ShouldBeCompletedOnTheNextStart(String script, int cut) throws Exception {
        DataSource db = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("cut-" + script.hashCode() + "-" + cut));
        if (script.equals(INTEGRATION_H2)) {
            runFirst(db, BATCH_H2, Integer.MAX_VALUE);
            runFirst(db, "org/mailferry/job/mailferry-schema.sql", Integer.MAX_VALUE);
        }
        runFirst(db, script, cut);

        new JobSchemaInitializer(db).afterPropertiesSet();

        assertComplete(db, "h2");
    }

    @Test
    void aSchemaCutShortOnPostgresShouldBeCompletedOnTheNextStart() throws Exception {
        TestPostgres pg = TestPostgres.get();
        DataSource db = new DriverManagerDataSource(pg.newDatabase(), pg.user(), pg.password());
        runFirst(db, "org/springframework/batch/core/schema-postgresql.sql", 4);

        new JobSchemaInitializer(db).afterPropertiesSet();
        assertComplete(db, "postgresql");

        runFirst(db, "org/springframework/integration/jdbc/schema-postgresql.sql", 0); // nothing
        new JobSchemaInitializer(db).afterPropertiesSet(); // a second start: all there, nothing run
        assertComplete(db, "postgresql");
    }

    @Test
    void aCompleteSchemaShouldBeLeftAlone() throws Exception {
        DataSource db = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("complete"));
        new JobSchemaInitializer(db).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("INSERT INTO BATCH_JOB_INSTANCE VALUES (1, 0, 'kept', 'key')");

        new JobSchemaInitializer(db).afterPropertiesSet();

        assertThat(jdbc.queryForObject("SELECT JOB_NAME FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = 1", String.class))
                .isEqualTo("kept");
    }

    private static void assertComplete(DataSource db, String platform) throws SQLException {
        try (Connection c = db.getConnection()) {
            assertThat(new SchemaScript("org/springframework/batch/core/schema-" + platform + ".sql").missing(c)).isEmpty();
            assertThat(new SchemaScript("org/springframework/integration/jdbc/schema-" + platform + ".sql").missing(c)).isEmpty();
        }
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String next = platform.equals("h2") ? "SELECT NEXT VALUE FOR BATCH_JOB_INSTANCE_SEQ"
                : "SELECT nextval('BATCH_JOB_INSTANCE_SEQ')";
        assertThat(jdbc.queryForObject(next, Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION_CONTEXT", Long.class)).isZero();
    }

    /** Runs the first {@code n} statements of a schema script, as a process killed after them would have. */
    private static void runFirst(DataSource db, String script, int n) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        statements(script).stream().limit(n).forEach(jdbc::execute);
    }

    private static List<String> statements(String script) {
        String text;
        try {
            text = new String(new ClassPathResource(script).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        text = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*--.*$", "");
        List<String> statements = new ArrayList<>();
        Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(statements::add);
        return statements;
    }
}
