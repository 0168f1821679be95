package org.mailferry.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Locale;
import javax.sql.DataSource;
import org.mailferry.job.BatchEngine;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.H2ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.messaging.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue of partition requests between a manager and its workers: a Spring Integration
 * channel whose messages live in the job database ({@code INT_CHANNEL_MESSAGE}, a
 * {@link JdbcChannelMessageStore}), so the fleet needs nothing but the database it shares. A
 * request is taken by exactly one worker: the poll (a locking SELECT and the DELETE) is one
 * transaction. Only {@link StepExecutionRequest} payloads are read back (an allow-list of
 * classes: the database is not trusted to supply objects). Another transport (Kafka, RabbitMQ)
 * would replace this class: the manager needs a {@link MessagingTemplate}, the worker a
 * {@link #take} . Thread-safe.
 */
public final class FleetChannel {

    static final String GROUP = "mailferry-fleet-requests";
    private static final String CLAIM = """
            UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', START_TIME = ?, LAST_UPDATED = ?, VERSION = VERSION + 1
             WHERE STEP_EXECUTION_ID = ? AND STATUS = 'STARTING'""";

    private final JdbcChannelMessageStore store;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final JobRepository repository;

    public FleetChannel(BatchEngine engine) {
        DataSource dataSource = engine.dataSource();
        store = new JdbcChannelMessageStore(dataSource);
        store.setRegion("mailferry");
        store.setChannelMessageStoreQueryProvider(queryProvider(dataSource));
        // a message is a GenericMessage of a StepExecutionRequest with its headers (ids, sequence numbers)
        store.addAllowedPatterns(StepExecutionRequest.class.getName(), "org.springframework.messaging.support.GenericMessage",
                "org.springframework.messaging.MessageHeaders", "java.util.UUID", "java.util.HashMap", "java.lang.Long",
                "java.lang.Integer", "java.lang.Number", "java.lang.String");
        store.afterPropertiesSet();
        transactions = new TransactionTemplate(engine.transactionManager());
        jdbc = engine.jdbc(); // same data source: joins the poll's transaction
        repository = engine.repository(); // likewise
    }

    /** Where the manager sends its requests. */
    public MessagingTemplate sender() {
        return new MessagingTemplate(new QueueChannel(new MessageGroupQueue(store, GROUP)));
    }

    /**
     * The oldest request not yet taken, removed from the queue, and its partition claimed for
     * {@code worker} in the same transaction (STARTING → STARTED, the worker's name in the
     * partition's context): a worker killed right after taking it leaves a STARTED partition that
     * names it, which the manager finds lost, never one that waits for ever for a request nobody
     * holds, nor one that still names the worker of an earlier attempt. Null when the queue is empty.
     */
    public Taken take(String worker) {
        return transactions.execute(status -> {
            Message<?> m = store.pollMessageFromGroup(GROUP);
            if (m == null) {
                return null;
            }
            StepExecutionRequest request = (StepExecutionRequest) m.getPayload();
            Timestamp now = Timestamp.valueOf(LocalDateTime.now());
            boolean claimed = jdbc.update(CLAIM, now, now, request.getStepExecutionId()) == 1;
            if (claimed) {
                StepExecution se = repository.getStepExecution(request.getStepExecutionId());
                se.getExecutionContext().putString(AccountPartitions.WORKER, worker);
                repository.updateExecutionContext(se);
            }
            return new Taken(request, claimed);
        });
    }

    /**
     * A request taken from the queue; {@code claimed} when its partition was waiting for a worker
     * and is now this one's (false: the run gave it up meanwhile, the request is stale).
     */
    public record Taken(StepExecutionRequest request, boolean claimed) {
    }

    /** Requests waiting for a worker. */
    public int waiting() {
        return store.messageGroupSize(GROUP);
    }

    private static ChannelMessageStoreQueryProvider queryProvider(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("postgres") ? new PostgresChannelMessageStoreQueryProvider()
                    : new H2ChannelMessageStoreQueryProvider();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job database's kind: " + e.getMessage(), e);
        }
    }
}
