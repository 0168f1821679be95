package org.mailferry.store;

/**
 * Which messages of a source a run takes ({@code restore --uid}, {@code --message-id}, header
 * filters): a run with a filter copies only what matches. Implementations are immutable and
 * thread-safe.
 */
public interface MessageFilter {

    /** Every message: no filter. */
    MessageFilter ALL = new MessageFilter() {
        @Override
        public boolean mayMatch(FolderPath folder) {
            return true;
        }

        @Override
        public boolean matches(FolderPath folder, SourceMessage message) {
            return true;
        }

        @Override
        public String describe() {
            return "";
        }
    };

    /** Whether any message of {@code folder} can match (folders that cannot are not opened). */
    boolean mayMatch(FolderPath folder);

    /** Whether {@code message} of {@code folder} is taken; may read its content. */
    boolean matches(FolderPath folder, SourceMessage message);

    /** The filter in words, for the channel key and the summary; empty for {@link #ALL}. */
    String describe();
}
