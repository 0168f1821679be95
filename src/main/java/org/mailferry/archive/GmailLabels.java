package org.mailferry.archive;

import java.util.List;
import java.util.Optional;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;

/**
 * Which folder a Gmail label is: {@code \Inbox} is INBOX, the other system labels are folders
 * under {@code [Gmail]} with their special-use role ({@code \Sent} is {@code [Gmail]/Sent Mail},
 * {@code \Draft} {@code [Gmail]/Drafts}, {@code \Starred} {@code [Gmail]/Starred}, {@code \Important}
 * {@code [Gmail]/Important}, any other {@code \X} {@code [Gmail]/X}), and a user label is the
 * folder of that name, {@code /} between levels. These are the English names; an account shown
 * in another language still gets them in the archive (its roles are what a restore maps by).
 */
public final class GmailLabels {

    private GmailLabels() {
    }

    public static FolderPath folder(String label) {
        if (label.equalsIgnoreCase("\\Inbox")) {
            return FolderPath.INBOX;
        }
        if (label.startsWith("\\")) {
            String name = switch (label.substring(1).toLowerCase(java.util.Locale.ROOT)) {
                case "sent" -> "Sent Mail";
                case "draft" -> "Drafts";
                case "starred" -> "Starred";
                case "important" -> "Important";
                default -> label.substring(1);
            };
            return new FolderPath(List.of("[Gmail]", name));
        }
        return FolderPath.parse(label, '/');
    }

    /** The special-use role of a system label's folder, if any. */
    public static Optional<SpecialUse> role(String label) {
        return switch (label.toLowerCase(java.util.Locale.ROOT)) {
            case "\\sent" -> Optional.of(SpecialUse.SENT);
            case "\\draft" -> Optional.of(SpecialUse.DRAFTS);
            case "\\starred" -> Optional.of(SpecialUse.FLAGGED);
            default -> Optional.empty();
        };
    }
}
