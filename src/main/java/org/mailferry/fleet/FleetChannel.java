package org.mailferry.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.mailferry.job.BatchEngine;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.H2ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.messaging.Message;
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

    private final JdbcChannelMessageStore store;
    private final TransactionTemplate transactions;

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
    }

    /** Where the manager sends its requests. */
    public MessagingTemplate sender() {
        return new MessagingTemplate(new QueueChannel(new MessageGroupQueue(store, GROUP)));
    }

    /** The oldest request not yet taken, removed from the queue; null when there is none. */
    public StepExecutionRequest take() {
        Message<?> m = transactions.execute(status -> store.pollMessageFromGroup(GROUP));
        return m == null ? null : (StepExecutionRequest) m.getPayload();
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
