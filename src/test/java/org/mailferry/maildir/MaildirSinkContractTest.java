package org.mailferry.maildir;

import java.nio.file.Path;
import org.mailferry.store.ArchiveSinkContract;
import org.mailferry.store.Store;

/** The archive contract on a Maildir archive. */
class MaildirSinkContractTest implements ArchiveSinkContract {

    @Override
    public Store open(Path root, boolean forWriting) {
        return MaildirStore.open(root, forWriting);
    }
}
