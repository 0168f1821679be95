package org.mailferry.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.HomeDirectory;
import org.mailferry.util.SecretMask;

/**
 * A store named on the command line or in a job file:
 * {@code imaps://user@host[:port]}, {@code imap://user@host[:port]?starttls=required},
 * {@code maildir:PATH}, {@code mbox:PATH} ({@code ~/} is the home directory), or an archive's directory
 * alone when it holds a manifest. The user part may itself contain {@code @}
 * ({@code imaps://alice@company.com@outlook.office365.com}): the host follows the last one.
 * A password in the URI is refused: secrets never go on a command line.
 */
public record StoreUri(Kind kind, String user, String host, int port, Security security, Path path,
                       Map<String, String> options) {

    public enum Kind { IMAP, MAILDIR, MBOX }

    /** The manifest at an archive's root (written by {@code ArchiveManifest}). */
    public static final String MANIFEST_FILE = "mailferry-manifest.json";

    /** How an IMAP connection is protected. */
    public enum Security { IMPLICIT_TLS, STARTTLS, NONE }

    public static StoreUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw usage("empty store URI");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("maildir:")) {
            return archive(Kind.MAILDIR, text.substring("maildir:".length()), text);
        }
        if (lower.startsWith("mbox:")) {
            return archive(Kind.MBOX, text.substring("mbox:".length()), text);
        }
        if (lower.startsWith("imaps://")) {
            return imap(text.substring("imaps://".length()), Security.IMPLICIT_TLS, 993, text);
        }
        if (lower.startsWith("imap://")) {
            return imap(text.substring("imap://".length()), Security.STARTTLS, 143, text);
        }
        Optional<String> archive = BareStoreArgument.archiveUri(text);
        if (archive.isPresent()) {
            return parse(archive.get());
        }
        Optional<String> suggestion = BareStoreArgument.suggestion(text);
        if (suggestion.isPresent()) {
            throw usage(suggestion.get());
        }
        throw usage("unknown store '" + text + "': use imaps://USER@HOST (port 993, TLS), "
                + "imap://USER@HOST?starttls=required, maildir:DIR or mbox:DIR");
    }

    private static StoreUri archive(Kind kind, String rest, String text) {
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        if (rest.isEmpty()) {
            throw usage("'" + text + "' names no directory: write " + kind.name().toLowerCase(Locale.ROOT) + ":/path/to/archive");
        }
        return new StoreUri(kind, null, null, 0, null, Path.of(HomeDirectory.expand(rest)).toAbsolutePath().normalize(),
                Map.of());
    }

    private static StoreUri imap(String rest, Security security, int defaultPort, String text) {
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                options.put(k.toLowerCase(Locale.ROOT), v);
            }
            rest = rest.substring(0, q);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw usage("'" + text + "' names no user: write " + (security == Security.IMPLICIT_TLS ? "imaps" : "imap")
                    + "://USER@HOST, for example imaps://alice@company.com@outlook.office365.com");
        }
        String user = URLDecoder.decode(rest.substring(0, at), StandardCharsets.UTF_8);
        if (user.contains(":")) {
            throw usage("'" + SecretMask.uri(text) + "' contains a password: never put secrets on the command line; "
                    + "use --password-file, --password-env or --password-command");
        }
        String hostPort = rest.substring(at + 1);
        String host = hostPort;
        int port = defaultPort;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw usage("bad port in '" + text + "': " + hostPort.substring(colon + 1));
            }
            if (port < 1 || port > 65535) {
                throw usage("bad port in '" + text + "': " + port);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw usage("'" + text + "' names no host");
        }
        if (security == Security.STARTTLS) {
            String st = options.getOrDefault("starttls", "required").toLowerCase(Locale.ROOT);
            switch (st) {
                case "required" -> { }
                case "none", "off", "false" -> security = Security.NONE;
                default -> throw usage("starttls=" + st + " in '" + text + "': use starttls=required (default) or starttls=none");
            }
        }
        return new StoreUri(Kind.IMAP, user, host, port, security, null, Map.copyOf(options));
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }

    public boolean isImap() {
        return kind == Kind.IMAP;
    }

    /** The URI without secrets, stable across runs: it identifies the store in job parameters. */
    public String describe() {
        return switch (kind) {
            case MAILDIR -> "maildir:" + path;
            case MBOX -> "mbox:" + path;
            case IMAP -> (security == Security.IMPLICIT_TLS ? "imaps://" : "imap://") + user + "@"
                    + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                    + (security == Security.NONE ? "?starttls=none" : "");
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
