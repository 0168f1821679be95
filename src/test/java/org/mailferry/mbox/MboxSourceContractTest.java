package org.mailferry.mbox;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.mailferry.archive.Compression;
import org.mailferry.store.FolderSourceContract;
import org.mailferry.store.SourceMessage;

/** The source contract on an mbox archive, plain and with each compression. */
class MboxSourceContractTest implements FolderSourceContract {

    @Override
    public Filled fill(List<SourceMessage> messages, Path work) {
        return FolderSourceContract.archive(forWriting -> MboxStore.open(work, forWriting, Compression.NONE), messages);
    }

    @Nested
    class Zstd implements FolderSourceContract {
        @Override
        public Filled fill(List<SourceMessage> messages, Path work) {
            return FolderSourceContract.archive(forWriting -> MboxStore.open(work, forWriting, Compression.ZSTD),
                    messages);
        }
    }

    @Nested
    class Gzip implements FolderSourceContract {
        @Override
        public Filled fill(List<SourceMessage> messages, Path work) {
            return FolderSourceContract.archive(forWriting -> MboxStore.open(work, forWriting, Compression.GZIP),
                    messages);
        }
    }

    @Nested
    class Xz implements FolderSourceContract {
        @Override
        public Filled fill(List<SourceMessage> messages, Path work) {
            return FolderSourceContract.archive(forWriting -> MboxStore.open(work, forWriting, Compression.XZ),
                    messages);
        }
    }
}
