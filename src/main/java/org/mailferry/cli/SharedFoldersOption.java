package org.mailferry.cli;

import picocli.CommandLine.Option;

/** {@code --include-shared}: copy the folders of other users' and shared namespaces too (RFC 2342). */
public final class SharedFoldersOption {

    @Option(names = "--include-shared", description = "Also copy folders of other users' and shared namespaces"
            + " (RFC 2342 NAMESPACE). Default: only your own folders.")
    boolean includeShared;
}
