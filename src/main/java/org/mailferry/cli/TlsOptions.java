package org.mailferry.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.imap.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Certificate checks: verified by default, extra trusted certificates, and the loud escape hatch. */
public final class TlsOptions {

    private static final Logger LOG = LoggerFactory.getLogger(TlsOptions.class);

    @Option(names = "--trust-cert", paramLabel = "FILE", description = "Also trust this server certificate (PEM), e.g. a self-signed one. Repeatable.")
    List<Path> trustCerts = new ArrayList<>();

    @Option(names = "--insecure", description = "Do not verify server certificates or host names. DANGEROUS: anyone on the path can read the mail and the password. For throwaway test servers only.")
    boolean insecure;

    public TlsSettings settings(java.io.PrintWriter err) {
        if (insecure) {
            err.println("WARNING: --insecure: TLS certificates and host names are NOT verified; the password and all mail"
                    + " can be intercepted. Use --trust-cert FILE instead.");
            err.flush();
            LOG.warn("TLS verification disabled by --insecure");
        }
        return new TlsSettings(trustCerts, insecure);
    }
}
