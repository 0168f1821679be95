package org.mailferry.auth;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import org.mailferry.util.PrivateFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device-code sign-in kept between runs, so a scheduled job runs unattended after one
 * interactive sign-in. MSAL reads it before and writes it after every token operation (this is
 * its {@link ITokenCacheAccessAspect}). Default place: {@code STATE/oauth/<user>.json}.
 *
 * <p>Format, version 1 (readers refuse a greater version):
 * <pre>{"version":1,"clientId":"…","tenant":"organizations","authority":"https://login.microsoftonline.com/",
 *  "msal":{ MSAL's own token cache: accounts, access and refresh tokens }}</pre>
 * The application fields let a later run refresh without {@code --oauth-client-id}. Written
 * atomically ({@code .new}, fsync, rename) with mode 0600 in a 0700 directory: it holds a refresh
 * token. Thread-safe.
 */
public final class TokenCacheFile implements ITokenCacheAccessAspect {

    static final int VERSION = 1;

    private final Path file;
    private final MicrosoftIdentity identity;

    public TokenCacheFile(Path file, MicrosoftIdentity identity) {
        this.file = file;
        this.identity = identity;
    }

    public Path file() {
        return file;
    }

    /** The application an earlier sign-in stored in {@code file}, if the file exists. */
    public static Optional<MicrosoftIdentity> storedIdentity(Path file) {
        return read(file).map(root -> new MicrosoftIdentity(URI.create(root.path("authority").asString()),
                root.path("tenant").asString(), root.path("clientId").asString()));
    }

    @Override
    public synchronized void beforeCacheAccess(ITokenCacheAccessContext context) {
        read(file).map(root -> root.get("msal")).filter(JsonNode::isObject)
                .ifPresent(msal -> context.tokenCache().deserialize(msal.toString()));
    }

    @Override
    public synchronized void afterCacheAccess(ITokenCacheAccessContext context) {
        if (!context.hasCacheChanged()) {
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("clientId", identity.clientId());
        root.put("tenant", identity.tenant());
        root.put("authority", identity.authorityHost().toString());
        root.set("msal", Json.MAPPER.readTree(context.tokenCache().serialize()));
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            PrivateFiles.writeAtomically(file, Json.PRETTY.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE, "cannot write the OAuth token cache "
                    + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<JsonNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root.path("version").asInt(0) > VERSION) {
                throw usage("the OAuth token cache " + file + " was written by a newer mailferry (version "
                        + root.path("version").asInt() + "); upgrade, or sign in again with another --oauth-token-cache");
            }
            return Optional.of(root);
        } catch (IOException | JacksonException e) {
            throw usage("cannot read the OAuth token cache " + file + " (" + e.getMessage()
                    + "): delete it and sign in again with --oauth device-code");
        }
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
