package org.mailferry.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The JSON key file of a Google service account (as downloaded from the Cloud console):
 * {@code client_email}, {@code private_key} (PKCS#8 PEM), {@code private_key_id} and
 * {@code token_uri}. Read when a token is requested; never logged.
 */
record GoogleServiceAccountKey(String clientEmail, String keyId, PrivateKey privateKey, URI tokenUri) {

    static GoogleServiceAccountKey read(Path file, String option) {
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (!"service_account".equals(root.path("type").asString(""))) {
                throw new GeneralSecurityException("not a service account key (\"type\" is not \"service_account\")");
            }
            String email = root.path("client_email").asString("");
            String pem = root.path("private_key").asString("");
            if (email.isEmpty() || pem.isEmpty()) {
                throw new GeneralSecurityException("client_email or private_key missing");
            }
            String tokenUri = root.path("token_uri").asString(GoogleRefreshTokenSource.GOOGLE_TOKEN_ENDPOINT.toString());
            return new GoogleServiceAccountKey(email, root.path("private_key_id").asString(""),
                    PemKeys.privateKey(pem, "private_key"), URI.create(tokenUri));
        } catch (IOException | JacksonException | GeneralSecurityException | IllegalArgumentException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, option + " " + file
                    + ": cannot read the service account key (" + e.getMessage() + ")", e);
        }
    }
}
