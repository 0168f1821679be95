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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
        Set<String> haveTables = names(c, "SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA");
        Set<String> haveSequences = names(c, "SELECT UPPER(SEQUENCE_NAME) FROM INFORMATION_SCHEMA.SEQUENCES"
                + " WHERE SEQUENCE_SCHEMA = CURRENT_SCHEMA");
        List<String> missing = new ArrayList<>();
        tables.stream().filter(t -> !haveTables.contains(t)).forEach(missing::add);
        sequences.stream().filter(q -> !haveSequences.contains(q)).forEach(missing::add);
        return missing;
    }

    /** The names a one-column query returns: one round trip for all of a kind. */
    private static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String text(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
