package org.mailferry.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what OAuth client authentication needs from PEM text: an unencrypted PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}, RSA or EC) and X.509 certificates. Other key forms get a message
 * with the openssl command that converts them.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private PemKeys() {
    }

    /** The PKCS#8 private key in {@code pem}; {@code where} names the file or field in messages. */
    static PrivateKey privateKey(String pem, String where) throws GeneralSecurityException {
        for (Block b : blocks(pem)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return decodePkcs8(b.der(), where);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new GeneralSecurityException(where + " holds a "
                        + b.type() + " (PKCS#1/SEC1); convert it: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(where + " holds an encrypted key;"
                        + " decrypt it into a chmod 600 file: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
                default -> {
                    // not a key
                }
            }
        }
        throw new GeneralSecurityException(where + " holds no private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** The certificates in {@code pem}, leaf first as written. */
    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(pem)) {
            if (b.type().equals("CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        }
        return out;
    }

    private static PrivateKey decodePkcs8(byte[] der, String where) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(where + ": the private key is neither RSA nor EC");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII))));
        }
        return out;
    }
}
