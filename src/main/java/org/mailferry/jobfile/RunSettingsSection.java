package org.mailferry.jobfile;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;
import org.mailferry.error.MailferryException;
import org.mailferry.job.FolderMapping;
import org.mailferry.notify.SmtpUri;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The parts of a job that tune its run, each becoming the verb's option of the same name: folder
 * selection and mapping, {@code options} (parallelism, chunking, compression, limits, mirror mode,
 * trusted certificates, shared namespaces, read-back of appends, dedupe, Gmail labels), {@code retention} and {@code notify}. Values are checked for their kind
 * here; whether the verb takes an option at all is checked against the command line itself
 * (a backup has no {@code --map}).
 */
final class RunSettingsSection {

    static final List<String> OPTION_KEYS = List.of("connections", "chunk-size", "compress", "max-messages-per-second",
            "max-bytes-per-second", "max-message-size", "delete-extra-on-target", "trust-cert", "include-shared",
            "verify-append", "dedupe", "labels");
    private static final List<String> APPEND_CHECKS = List.of("headers", "full", "none");
    private static final List<String> LABEL_MODES = List.of("folders", "primary");
    static final List<String> RETENTION_KEYS = List.of("keep-deleted-for");
    static final List<String> FILTER_KEYS = List.of("since", "before", "larger-than", "smaller-than", "search");
    static final List<String> NOTIFY_KEYS = List.of("email", "from", "smtp", "password-file", "password-env",
            "password-command");
    private static final List<String> COMPRESSIONS = List.of("zstd", "gzip", "xz");

    private RunSettingsSection() {
    }

    static void folders(YamlMapping job, JobArguments args) {
        for (YamlMapping.Scalar f : job.strings("folders", "a folder name or glob")) {
            args.add(job, "folders", f.line(), "--folders", f.value());
        }
        for (YamlMapping.Scalar f : job.strings("exclude", "a folder name or glob")) {
            args.add(job, "exclude", f.line(), "--exclude", f.value());
        }
        for (YamlMapping.Scalar m : job.strings("map", "a FROM=TO rule")) {
            try {
                FolderMapping.Rule.parse(m.value());
                args.add(job, "map", m.line(), "--map", m.value());
            } catch (MailferryException e) {
                job.problem("map", e.getMessage().replace("--map ", ""));
            }
        }
        job.string("into", "a folder name").ifPresent(i -> args.add(job, "into", job.line("into"), "--into", i));
    }

    static void options(YamlMapping o, JobArguments args) {
        o.positiveInt("connections").ifPresent(n -> args.add(o, "connections", o.line("connections"), "--connections", n.toString()));
        o.positiveInt("chunk-size").ifPresent(n -> args.add(o, "chunk-size", o.line("chunk-size"), "--chunk-size", n.toString()));
        compress(o, args);
        o.positiveNumber("max-messages-per-second").ifPresent(n -> args.add(o, "max-messages-per-second",
                o.line("max-messages-per-second"), "--max-messages-per-second", n));
        for (String size : List.of("max-bytes-per-second", "max-message-size")) {
            o.string(size, "a size such as 5MB, 35MiB or 500k")
                    .ifPresent(v -> args.add(o, size, o.line(size), "--" + size, v));
        }
        o.bool("delete-extra-on-target").filter(Boolean::booleanValue)
                .ifPresent(b -> args.flag(o, "delete-extra-on-target", "--delete-extra-on-target"));
        o.bool("include-shared").filter(Boolean::booleanValue)
                .ifPresent(b -> args.flag(o, "include-shared", "--include-shared"));
        o.string("verify-append", "headers, full or none").ifPresent(v -> {
            if (APPEND_CHECKS.contains(v)) {
                args.add(o, "verify-append", o.line("verify-append"), "--verify-append", v);
            } else {
                o.problem("verify-append", "expected headers, full or none, got '" + v + "'");
            }
        });
        o.bool("dedupe").filter(Boolean::booleanValue).ifPresent(b -> args.flag(o, "dedupe", "--dedupe"));
        o.string("labels", "folders or primary").ifPresent(v -> {
            if (LABEL_MODES.contains(v)) {
                args.add(o, "labels", o.line("labels"), "--labels", v);
            } else {
                o.problem("labels", "expected folders or primary, got '" + v + "'");
            }
        });
        for (YamlMapping.Scalar c : o.strings("trust-cert", "a PEM file")) {
            args.add(o, "trust-cert", c.line(), "--trust-cert", args.path(c.value()));
        }
        o.rejectUnknownKeys();
    }

    private static void compress(YamlMapping o, JobArguments args) {
        if (!o.has("compress")) {
            return;
        }
        String value = o.node("compress").map(n -> n instanceof ScalarNode s ? s.getValue() : "").orElse("");
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> args.add(o, "compress", o.line("compress"), "--compress", "zstd");
            case "false", "no", "off" -> { }
            default -> {
                if (COMPRESSIONS.contains(value)) {
                    args.add(o, "compress", o.line("compress"), "--compress", value);
                } else {
                    o.problem("compress", "expected zstd, gzip, xz, true (zstd) or false, got '" + value + "'");
                }
            }
        }
    }

    /** {@code filter}: which messages a backup or migrate copies ({@code --since}, ... of the verb). */
    static void filter(YamlMapping f, JobArguments args) {
        for (String day : List.of("since", "before")) {
            f.string(day, "a day such as 2026-03-01").ifPresent(d -> {
                try {
                    java.time.LocalDate.parse(d);
                    args.add(f, day, f.line(day), "--" + day, d);
                } catch (java.time.format.DateTimeParseException e) {
                    f.problem(day, "expected a day as YYYY-MM-DD, e.g. 2026-03-01, got '" + d + "'");
                }
            });
        }
        for (String size : List.of("larger-than", "smaller-than")) {
            f.string(size, "a size such as 5MB, 35MiB or 500k")
                    .ifPresent(v -> args.add(f, size, f.line(size), "--" + size, v));
        }
        f.string("search", "IMAP SEARCH keys such as 'FROM bob@example.com'").ifPresent(keys -> {
            try {
                org.mailferry.store.SearchKeys.parse(keys);
                args.add(f, "search", f.line("search"), "--search", keys);
            } catch (IllegalArgumentException e) {
                f.problem("search", e.getMessage());
            }
        });
        f.rejectUnknownKeys();
    }

    static void retention(YamlMapping r, JobArguments args) {
        r.string("keep-deleted-for", "a duration such as 90d or 12h").ifPresent(d -> {
            if (d.matches("[1-9][0-9]{0,5}[dh]")) {
                args.add(r, "keep-deleted-for", r.line("keep-deleted-for"), "--keep-deleted-for", d);
            } else {
                r.problem("keep-deleted-for", "expected a duration in days or hours such as 90d or 12h, got '" + d + "'");
            }
        });
        if (!r.has("keep-deleted-for")) {
            r.problem("keep-deleted-for", "missing: how long mail deleted on the server stays in the archive, e.g. 90d");
        }
        r.rejectUnknownKeys();
    }

    static void notify(YamlMapping n, JobArguments args) {
        n.forbid("password", "secrets never go in a job file: name where the SMTP password is with"
                + " password-file, password-env or password-command");
        for (YamlMapping.Scalar e : n.strings("email", "an e-mail address")) {
            if (address(n, "email", e.value())) {
                args.add(n, "email", e.line(), "--notify-email", e.value());
            }
        }
        if (!n.has("email")) {
            n.problem("email", "missing: who gets the report, e.g. email: [ops@example.org]");
        }
        n.string("from", "an e-mail address").filter(f -> address(n, "from", f))
                .ifPresent(f -> args.add(n, "from", n.line("from"), "--notify-from", f));
        n.string("smtp", "smtp://USER@HOST[:587] or smtps://USER@HOST[:465]").ifPresent(s -> {
            try {
                SmtpUri.parse(s);
                args.add(n, "smtp", n.line("smtp"), "--smtp", s);
            } catch (MailferryException e) {
                n.problem("smtp", e.getMessage());
            }
        });
        n.string("password-file", "a file").ifPresent(f -> args.add(n, "password-file", n.line("password-file"),
                "--smtp-password-file", args.path(f)));
        n.string("password-env", "an environment variable").ifPresent(v -> args.add(n, "password-env",
                n.line("password-env"), "--smtp-password-env", v));
        n.string("password-command", "a command").ifPresent(c -> args.add(n, "password-command",
                n.line("password-command"), "--smtp-password-command", c));
        n.rejectUnknownKeys();
    }

    private static boolean address(YamlMapping n, String key, String address) {
        try {
            new InternetAddress(address, true);
            return true;
        } catch (AddressException e) {
            n.problem(key, "'" + address + "' is not an e-mail address");
            return false;
        }
    }
}
