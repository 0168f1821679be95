package org.mailferry.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mailferry.auth.MailProtocol;
import org.mailferry.auth.PromptSecret;
import org.mailferry.check.CheckReport;
import org.mailferry.check.CheckReportPrinter;
import org.mailferry.check.CheckSettings;
import org.mailferry.check.CheckTarget;
import org.mailferry.check.ConnectionCheck;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry check URI}: tries an IMAP or SMTP server step by step (DNS, TCP, TLS,
 * certificate, greeting, capabilities, authentication, login, LIST, EXAMINE INBOX) and prints one
 * line per step with the cause and the fix of a failure. Exit code 0 only when every step passed,
 * else the documented code of the first failure. Changes nothing on the server.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the connection, certificate and login to an IMAP or SMTP server, step by step.",
                "Each failure names the cause and the fix. Changes nothing on the server."},
        footer = {"", "Examples:",
                "  mailferry check imaps://alice@company.com@outlook.office365.com --oauth device-code --oauth-client-id ID",
                "  mailferry check 'imap://bob@mail.example.org?starttls=required' --password-file ~/.bob-pass",
                "  mailferry check smtp://alice@company.com@smtp.office365.com:587 --oauth device-code"})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "imaps://USER@HOST[:PORT], imap://USER@HOST[:PORT]?starttls=required, smtp://USER@HOST[:587] or smtps://USER@HOST[:465].")
    String uri;

    @Option(names = "--json", description = "Print the steps as JSON on stdout.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS", description = "Wait at most this long for each answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where OAuth sign-ins are kept (default: as for backup).")
    Path stateDir;

    @Mixin
    AuthOptions auth;

    @Mixin
    TlsOptions tls;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "--timeout must be at least 1 second");
        }
        var err = spec.commandLine().getErr();
        CheckTarget target = target();
        Path state = stateDirectory();
        CheckSettings settings = new CheckSettings(tls.settings(err), Duration.ofSeconds(timeoutSeconds),
                auth.provider(target.host()),
                () -> target.protocol() == CheckTarget.Protocol.IMAP
                        ? auth.credentials(StoreUri.parse(target.uri()), state, err)
                        : auth.credentials(target.user(), target.host(), MailProtocol.SMTP, PromptSecret.available(), state,
                        err));
        CheckReport report = ConnectionCheck.run(target, settings);
        CheckReportPrinter.print(report, json, spec.commandLine().getOut());
        return report.exitCode();
    }

    private CheckTarget target() {
        CheckTarget parsed = CheckTarget.parse(uri);
        return parsed.protocol() == CheckTarget.Protocol.IMAP
                ? CheckTarget.of(auth.complete(StoreUri.parse(parsed.uri()))) : parsed;
    }

    private Path stateDirectory() {
        return stateDir != null ? stateDir.toAbsolutePath() : EngineOptions.defaultStateDir();
    }
}
