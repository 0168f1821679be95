package org.mailferry.maildir;

import java.nio.file.Path;
import java.util.List;
import org.mailferry.store.FolderSourceContract;
import org.mailferry.store.SourceMessage;

/** The source contract on a Maildir archive. */
class MaildirSourceContractTest implements FolderSourceContract {

    @Override
    public Filled fill(List<SourceMessage> messages, Path work) {
        return FolderSourceContract.archive(forWriting -> MaildirStore.open(work, forWriting), messages);
    }
}
