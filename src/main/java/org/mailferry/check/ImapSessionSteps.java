package org.mailferry.check;

import jakarta.mail.MessagingException;
import jakarta.mail.AuthenticationFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.error.TransientFailure;
import org.mailferry.imap.ImapConnection;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapNamespaces;
import org.mailferry.imap.ImapTuning;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.StoreUri;

/**
 * The steps after the raw exchanges, through the same Angus connection a job opens
 * ({@link ImapConnection#open}): login, the extensions announced after login with what they mean
 * for mailferry, NAMESPACE, LIST, and EXAMINE INBOX (read-only: a check changes nothing). Not thread-safe.
 */
final class ImapSessionSteps {

    private final CheckTarget target;
    private final CheckSettings settings;
    private final StepLog log;
    private final LoginSteps login;

    ImapSessionSteps(CheckTarget target, CheckSettings settings, StepLog log, LoginSteps login) {
        this.target = target;
        this.settings = settings;
        this.log = log;
        this.login = login;
    }

    void run() {
        if (!login.credentialsAvailable()) {
            return;
        }
        ImapConnection connection;
        try {
            connection = ImapConnection.open(new ImapEndpoint(StoreUri.parse(target.uri()), login.credentials(),
                    settings.tls(), ImapTuning.DEFAULT));
        } catch (MailferryException e) {
            if (e.getCause() instanceof AuthenticationFailedException a) {
                login.refused(a.getMessage());
            } else {
                log.fail("login", e.exitCode(), e.getMessage(), null);
            }
            return;
        }
        try (connection) {
            login.passed();
            extensions(connection);
            namespaces(connection);
            if (list(connection)) {
                examineInbox(connection);
            }
        }
    }

    private void extensions(ImapConnection c) {
        try {
            IMAPFolder root = (IMAPFolder) c.store().getDefaultFolder();
            @SuppressWarnings("unchecked")
            Map<String, String> caps = (Map<String, String>) root.doCommand(p -> p.getCapabilities());
            TreeSet<String> names = new TreeSet<>(caps.keySet());
            log.pass("extensions", "after login: " + String.join(" ", names),
                    CapabilityAdvice.imap(names, settings.provider()));
        } catch (MessagingException e) {
            log.fail("extensions", ExitCode.SERVER, "CAPABILITY after login failed: " + e.getMessage(), null);
        }
    }

    /** NAMESPACE (RFC 2342): the personal prefix mailferry removes and adds, and what it leaves out. */
    private void namespaces(ImapConnection c) {
        try {
            ImapNamespaces ns = c.namespaces();
            List<String> notes = new ArrayList<>();
            String prefix = ns.primary().prefix();
            if (!prefix.isEmpty()) {
                notes.add("folders are named without the prefix \"" + prefix + "\" in archives and on other servers"
                        + " (" + prefix + "Sent is Sent); it is added back when folders are created here");
            }
            if (!ns.otherUsers().isEmpty() || !ns.shared().isEmpty()) {
                notes.add("other users' and shared folders are left out unless --include-shared");
            }
            log.pass("NAMESPACE", ns.describe(), notes);
        } catch (MailferryException e) {
            log.fail("NAMESPACE", e.exitCode(), e.getMessage(), null);
        }
    }

    private boolean list(ImapConnection c) {
        try {
            List<FolderInfo> folders = c.listFolders();
            List<String> roles = new ArrayList<>();
            for (FolderInfo f : folders) {
                f.role().ifPresent(r -> roles.add(f.path().display() + " " + r.attribute()));
            }
            List<String> notes = new ArrayList<>();
            if (settings.provider().quirks().labelsAsFolders()) {
                notes.add("labels appear as folders: a message with several labels is in several folders");
            }
            log.pass("LIST", folders.size() + " selectable folders" + (roles.isEmpty()
                    ? "; no special-use attributes" : "; special-use: " + String.join(", ", roles)), notes);
            return true;
        } catch (MailferryException e) {
            return operationFailed("LIST", e);
        }
    }

    private void examineInbox(ImapConnection c) {
        try {
            IMAPFolder inbox = c.examine("INBOX");
            try {
                // EXAMINE is read-only, so PERMANENTFLAGS is empty here: keyword support comes from the preset
                List<String> notes = new ArrayList<>();
                if (!settings.provider().quirks().keywordsStorable()) {
                    notes.add(settings.provider().displayName() + " cannot store keywords: restore and migrate keep"
                            + " them only in the archive");
                }
                log.pass("EXAMINE INBOX", inbox.getMessageCount() + " messages, UIDVALIDITY " + inbox.getUIDValidity()
                        + ", UIDNEXT " + inbox.getUIDNext(), notes);
            } finally {
                inbox.close(false);
            }
        } catch (MailferryException e) {
            operationFailed("EXAMINE INBOX", e);
        } catch (MessagingException e) {
            log.fail("EXAMINE INBOX", ExitCode.SERVER, "reading INBOX failed: " + e.getMessage(), null);
        }
    }

    private boolean operationFailed(String step, MailferryException e) {
        ExitCode code = e instanceof TransientFailure ? e.exitCode() : ExitCode.SERVER;
        return log.fail(step, code, e.getMessage(), "the account may lack access to its mailbox; check it in webmail");
    }
}
