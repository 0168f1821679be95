package org.mailferry.run;

import java.io.PrintWriter;
import java.util.List;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.job.FolderSelection;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.Store;
import org.mailferry.util.SafeText;

/**
 * Checks {@code --folders}/{@code --exclude} against the folders the source has, before a run is
 * recorded or its target touched: a selection of no folder at all is a usage error (exit 2)
 * listing what exists; an include that matches nothing while others do is a warning.
 */
public final class SelectionCheck {

    private static final int SHOWN = 25;

    private SelectionCheck() {
    }

    /** Lists {@code source}'s folders only when there is a selection to check. */
    public static void verify(Store store, FolderSelection selection, PrintWriter err) {
        if (selection.equals(FolderSelection.ALL)) {
            return;
        }
        String source = store.describe();
        List<FolderPath> paths = store.listFolders().stream().map(FolderInfo::path).sorted().toList();
        if (paths.stream().noneMatch(selection::matches)) {
            List<String> names = paths.stream().map(p -> SafeText.escape(p.display())).toList();
            String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())))
                    + (names.size() > SHOWN ? " (and " + (names.size() - SHOWN) + " more)" : "");
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--folders/--exclude select no folder of "
                    + source + (names.isEmpty() ? ", which has none" : "; its folders: " + shown));
        }
        for (String glob : selection.includes()) {
            FolderSelection alone = new FolderSelection(List.of(glob), selection.excludes());
            if (paths.stream().noneMatch(alone::matches)) {
                err.println("mailferry: warning: --folders '" + SafeText.escape(glob) + "' matches no folder of " + source);
            }
        }
        err.flush();
    }
}
