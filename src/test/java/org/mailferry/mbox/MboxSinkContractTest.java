package org.mailferry.mbox;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.mailferry.archive.Compression;
import org.mailferry.store.ArchiveSinkContract;
import org.mailferry.store.Store;

/** The archive contract on an mbox archive, plain and with each compression. */
class MboxSinkContractTest implements ArchiveSinkContract {

    @Override
    public Store open(Path root, boolean forWriting) {
        return MboxStore.open(root, forWriting, Compression.NONE);
    }

    @Nested
    class Zstd implements ArchiveSinkContract {
        @Override
        public Store open(Path root, boolean forWriting) {
            return MboxStore.open(root, forWriting, Compression.ZSTD);
        }
    }

    @Nested
    class Gzip implements ArchiveSinkContract {
        @Override
        public Store open(Path root, boolean forWriting) {
            return MboxStore.open(root, forWriting, Compression.GZIP);
        }
    }

    @Nested
    class Xz implements ArchiveSinkContract {
        @Override
        public Store open(Path root, boolean forWriting) {
            return MboxStore.open(root, forWriting, Compression.XZ);
        }
    }
}
