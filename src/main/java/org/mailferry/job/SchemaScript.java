package org.mailferry.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * One schema script of the job database (Spring Batch's, Spring Integration's) and the tables and
 * sequences it creates. DDL commits statement by statement, so a process killed while it ran the
 * script leaves some of them behind: {@link #ensure} runs it again, statements that meet an
 * existing object skipped, until every object is there — never "the first table exists, so all do".
 */
final class SchemaScript {

    private static final Pattern CREATE = Pattern.compile(
            "^\\s*CREATE\\s+(TABLE|SEQUENCE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private final String resource;
    private final List<String> tables = new ArrayList<>();
    private final List<String> sequences = new ArrayList<>();

    SchemaScript(String resource) {
        this.resource = resource;
        Matcher m = CREATE.matcher(text(resource));
        while (m.find()) {
            String name = m.group(2).toUpperCase(Locale.ROOT);
            (m.group(1).equalsIgnoreCase("TABLE") ? tables : sequences).add(name);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no CREATE TABLE in " + resource);
        }
    }

    /** Creates what the script creates and {@code c} lacks; fails naming what could not be created. */
    void ensure(Connection c) throws SQLException {
        if (missing(c).isEmpty()) {
            return;
        }
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(resource));
        populator.setContinueOnError(true); // objects left by a killed earlier attempt already exist
        populator.populate(c);
        List<String> still = missing(c);
        if (!still.isEmpty()) {
            throw new IllegalStateException("the job database lacks " + String.join(", ", still)
                    + " and they could not be created from " + resource);
        }
    }

    /** The tables and sequences of the script that {@code c} does not have, in script order. */
    List<String> missing(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : tables) {
            if (!exists(c, "SELECT 1 FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND UPPER(TABLE_NAME) = ?", table)) {
                missing.add(table);
            }
        }
        for (String sequence : sequences) {
            if (!exists(c, "SELECT 1 FROM INFORMATION_SCHEMA.SEQUENCES"
                    + " WHERE SEQUENCE_SCHEMA = CURRENT_SCHEMA AND UPPER(SEQUENCE_NAME) = ?", sequence)) {
                missing.add(sequence);
            }
        }
        return missing;
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String text(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
