package org.mailferry.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 job database of a state directory, opened between two runs to leave it as a killed or
 * damaged run would (documented Spring Batch schema only). Not thread-safe; close it before the
 * next run.
 */
final class JobDatabase implements AutoCloseable {

    private final Connection db;

    JobDatabase(Path stateDir) throws SQLException {
        this.db = DriverManager.getConnection("jdbc:h2:file:" + stateDir.resolve("jobs").resolve("mailferry").toAbsolutePath()
                + ";AUTO_SERVER=TRUE", "", "");
    }

    long lastExecution() throws SQLException {
        return ids("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION").get(0);
    }

    /** Marks the execution and the named steps FAILED, as a run that failed there (or was recovered) is. */
    void markFailed(long execution, String... steps) throws SQLException {
        update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED' WHERE JOB_EXECUTION_ID = ?", execution);
        update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED' WHERE JOB_EXECUTION_ID = ?"
                + " AND STEP_NAME = 'folders'", execution);
        for (String step : steps) {
            try (PreparedStatement s = db.prepareStatement("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED',"
                    + " EXIT_CODE = 'FAILED' WHERE JOB_EXECUTION_ID = ? AND STEP_NAME = ?")) {
                s.setLong(1, execution);
                s.setString(2, step);
                s.executeUpdate();
            }
        }
    }

    /**
     * Gives a worker step the context of its manager step: a context without the partition's
     * folder, as a kill at start-up can leave it.
     */
    void dropPartitionContext(long execution, String step) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                UPDATE BATCH_STEP_EXECUTION_CONTEXT C SET SHORT_CONTEXT = (
                  SELECT M.SHORT_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT M JOIN BATCH_STEP_EXECUTION E
                    ON E.STEP_EXECUTION_ID = M.STEP_EXECUTION_ID WHERE E.JOB_EXECUTION_ID = ? AND E.STEP_NAME = 'folders')
                 WHERE C.STEP_EXECUTION_ID = (SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION
                    WHERE JOB_EXECUTION_ID = ? AND STEP_NAME = ?)""")) {
            s.setLong(1, execution);
            s.setLong(2, execution);
            s.setString(3, step);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no step " + step + " in execution " + execution);
            }
        }
    }

    private void update(String sql, long id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getLong(1));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
