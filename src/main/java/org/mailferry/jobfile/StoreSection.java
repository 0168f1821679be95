package org.mailferry.jobfile;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailferry.auth.OAuthFlow;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A job's store: an archive ({@code archive: maildir:DIR}) or a mailbox, either just its URI or
 * a mapping with the URI and where its secrets are (files, variables, commands, OAuth2 settings
 * and token cache), never a secret. Becomes the verb's store option and authentication options
 * (prefixed {@code --target-} for a migration's target).
 */
final class StoreSection {

    static final List<String> MAILBOX_KEYS = List.of("uri", "provider", "password-file", "password-env",
            "password-command", "oauth");
    static final List<String> OAUTH_KEYS = List.of("flow", "tenant", "client-id", "client-secret-env",
            "client-secret-file", "certificate", "refresh-token-env", "refresh-token-file", "service-account-file",
            "token-command", "token-cache", "authority");
    private static final List<String> PASSWORD_KEYS = List.of("password-file", "password-env", "password-command");
    private static final List<String> PATH_KEYS = List.of("password-file", "client-secret-file", "certificate",
            "refresh-token-file", "service-account-file", "token-cache");
    private static final List<String> ENV_KEYS = List.of("password-env", "client-secret-env", "refresh-token-env");
    private static final List<String> PROVIDERS = List.of("office365", "gmail", "generic");
    private static final String NO_SECRETS = "secrets never go in a job file: name where the secret is with ";

    private StoreSection() {
    }

    /** Reads the store under {@code key}; returns its URI as written, or empty when it is missing or bad. */
    static Optional<String> read(YamlMapping job, String key, String option, boolean mailbox, String authPrefix,
                                 JobArguments args, Problems problems) {
        Optional<Node> node = job.node(key);
        if (node.isEmpty()) {
            job.problem(key, "missing: give " + (mailbox ? "the mailbox, e.g. imaps://alice@mail.example.org"
                    : "the archive, maildir:DIR or mbox:DIR"));
            return Optional.empty();
        }
        if (!mailbox) {
            return job.string(key, "maildir:DIR or mbox:DIR").flatMap(uri -> archive(job, key, option, uri, args));
        }
        if (!(node.get() instanceof MappingNode)) {
            return job.string(key, "a mailbox URI or a mapping with uri and its secrets")
                    .flatMap(uri -> mailboxUri(job, key, option, uri, job.line(key), args));
        }
        YamlMapping m = YamlMapping.of(node.get(), job.name(key), problems, MAILBOX_KEYS);
        m.forbid("password", NO_SECRETS + "password-file, password-env or password-command");
        Optional<String> uri = m.scalar("uri", "the mailbox URI, e.g. imaps://alice@mail.example.org")
                .flatMap(u -> mailboxUri(m, "uri", option, u.value(), u.line(), args));
        if (!m.has("uri")) {
            m.problem("uri", "missing: the mailbox URI, e.g. imaps://alice@mail.example.org");
        }
        m.string("provider", "office365, gmail or generic").ifPresent(p -> {
            if (PROVIDERS.contains(p)) {
                args.add(m, "provider", m.line("provider"), authPrefix + "provider", p);
            } else {
                m.problem("provider", "expected office365, gmail or generic, got '" + p + "'");
            }
        });
        List<String> passwords = PASSWORD_KEYS.stream().filter(m::has).toList();
        if (passwords.size() > 1) {
            m.problem(passwords.get(1), "give only one of password-file, password-env and password-command");
        }
        for (String k : PASSWORD_KEYS) {
            secretReference(m, k, authPrefix + k, args);
        }
        m.mapping("oauth", OAUTH_KEYS).ifPresent(o -> oauth(o, authPrefix, args));
        m.rejectUnknownKeys();
        return uri;
    }

    private static void oauth(YamlMapping o, String authPrefix, JobArguments args) {
        o.forbid("client-secret", NO_SECRETS + "client-secret-env or client-secret-file");
        o.forbid("refresh-token", NO_SECRETS + "refresh-token-env or refresh-token-file");
        o.forbid("access-token", NO_SECRETS + "token-command");
        o.string("flow", OAuthFlow.choices()).ifPresent(f -> {
            if (OAuthFlow.parse(f).isPresent()) {
                args.add(o, "flow", o.line("flow"), authPrefix + "oauth", f);
            } else {
                o.problem("flow", "expected one of " + OAuthFlow.choices() + ", got '" + f + "'");
            }
        });
        for (String k : OAUTH_KEYS.subList(1, OAUTH_KEYS.size())) {
            secretReference(o, k, authPrefix + "oauth-" + k, args);
        }
        o.rejectUnknownKeys();
    }

    /** A value naming a secret's place: a file (made absolute), an environment variable or a command. */
    private static void secretReference(YamlMapping m, String key, String option, JobArguments args) {
        m.scalar(key, "text").ifPresent(v -> {
            String value = v.value();
            if (PATH_KEYS.contains(key)) {
                value = args.path(value);
            } else if (ENV_KEYS.contains(key) && !value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                m.problem(key, "expected the name of an environment variable (letters, digits, _), got '" + value + "'");
                return;
            }
            args.add(m, key, v.line(), option, value);
        });
    }

    private static Optional<String> mailboxUri(YamlMapping at, String key, String option, String uri, int line,
                                               JobArguments args) {
        try {
            if (!StoreUri.parse(uri).isImap()) {
                at.problem(key, "expected a mailbox (imaps://USER@HOST or imap://USER@HOST?starttls=required), got '"
                        + uri + "'");
                return Optional.empty();
            }
        } catch (MailferryException e) {
            at.problem(key, e.getMessage());
            return Optional.empty();
        }
        args.add(at, key, line, option, uri);
        return Optional.of(uri);
    }

    private static Optional<String> archive(YamlMapping job, String key, String option, String uri, JobArguments args) {
        int colon = uri.indexOf(':');
        if (colon < 0 && !uri.isBlank()) { // a directory alone: the archive its manifest names, as on the command line
            try {
                StoreUri bare = StoreUri.parse(args.path(uri));
                if (!bare.isImap()) {
                    String absolute = bare.kind().name().toLowerCase(Locale.ROOT) + ":" + bare.path();
                    args.add(job, key, job.line(key), option, absolute);
                    return Optional.of(absolute);
                }
            } catch (MailferryException e) {
                job.problem(key, e.getMessage());
                return Optional.empty();
            }
        }
        String kind = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!kind.equals("maildir") && !kind.equals("mbox")) {
            job.problem(key, "expected an archive, maildir:DIR or mbox:DIR, got '" + uri + "'");
            return Optional.empty();
        }
        String dir = uri.substring(colon + 1);
        if (dir.startsWith("//")) {
            dir = dir.substring(2);
        }
        if (dir.isBlank()) {
            job.problem(key, "'" + uri + "' names no directory: write " + kind + ":/path/to/archive");
            return Optional.empty();
        }
        String absolute = kind + ":" + args.path(dir);
        args.add(job, key, job.line(key), option, absolute);
        return Optional.of(absolute);
    }
}
