package org.mailferry.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.mailferry.util.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A signed JWT (RS256) for the JWT-bearer grant (RFC 7523) as Google's domain-wide delegation
 * wants it: issued by the service account, on behalf of ({@code sub}) the mailbox user, for a
 * scope, addressed to the token endpoint, valid for one hour.
 */
final class JwtBearerAssertion {

    static final Duration LIFETIME = Duration.ofHours(1);

    private JwtBearerAssertion() {
    }

    static String sign(GoogleServiceAccountKey key, String subject, String scope, Instant now)
            throws GeneralSecurityException {
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (!key.keyId().isEmpty()) {
            header.put("kid", key.keyId());
        }
        ObjectNode claims = Json.MAPPER.createObjectNode()
                .put("iss", key.clientEmail())
                .put("sub", subject)
                .put("scope", scope)
                .put("aud", key.tokenUri().toString())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(LIFETIME).getEpochSecond());
        String signingInput = b64(Json.MAPPER.writeValueAsBytes(header)) + "." + b64(Json.MAPPER.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.privateKey());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(rsa.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
