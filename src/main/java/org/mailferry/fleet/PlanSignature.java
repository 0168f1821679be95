package org.mailferry.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.PrivateFiles;

/**
 * Proves to a worker that an account's plan comes from a manager of its fleet, not from someone
 * who can write the job database: the manager signs each plan with HMAC-SHA256 under the fleet
 * key, the worker refuses a plan whose signature does not match. Also seals what must not lie in
 * the database readable — the account's secret references ({@link #seal}: AES-256-GCM under a key
 * derived from the fleet key, bound to the signed plan so it cannot be moved to another account). Without it, a row in a shared
 * PostgreSQL could make every worker read a file of its choosing and send it to a server of its
 * choosing as a password. The key is a file (mode 0600) every host of the fleet holds: created by
 * the first manager run in its state directory when missing, copied to the workers by the
 * operator. Immutable, thread-safe.
 */
public final class PlanSignature {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlanSignature.class);

    private final byte[] key;
    private final Path file;

    private PlanSignature(byte[] key, Path file) {
        this.key = key;
        this.file = file;
    }

    /** The key in {@code file}, made (32 random bytes, hex, mode 0600) when it does not exist yet. */
    public static PlanSignature createOrLoad(Path file) {
        if (!Files.exists(file)) {
            try {
                PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                PrivateFiles.writeAtomically(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE,
                        "cannot create the fleet key " + file + ": " + e.getMessage(), e);
            }
        }
        return load(file);
    }

    /**
     * The key in {@code file}; a usage error saying how to get it when it is missing or malformed;
     * a warning when others can read it (whoever holds it signs plans the workers run).
     */
    public static PlanSignature load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    || p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
                LOG.warn("the fleet key {} is readable by other users, who could sign plans for the workers; run:"
                        + " chmod 600 {}", file, file);
            }
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "no fleet key " + file
                    + ": copy the manager's (STATE/fleet.key, mode 0600) to every worker or name it with --fleet-key-file", e);
        }
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length < 16) {
                throw new IllegalArgumentException("shorter than 16 bytes");
            }
            return new PlanSignature(key, file);
        } catch (IllegalArgumentException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "the fleet key " + file + " is not 32 bytes in hex (" + e.getMessage() + ")", e);
        }
    }

    public String sign(String plan) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(plan.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** {@code text} encrypted and authenticated for the fleet's workers, bound to {@code boundTo}; hex. */
    public String seal(String text, String boundTo) {
        try {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealingKey(), new GCMParameterSpec(128, iv));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(iv) + HexFormat.of().formatHex(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** What {@link #seal} sealed; fails (exit code 2) when it was sealed under another key, for another plan, or altered. */
    public String open(String sealed, String boundTo) {
        try {
            byte[] all = HexFormat.of().parseHex(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "the secret references of this account"
                    + " cannot be opened with the fleet key " + file + ": sealed by another fleet or altered in the job"
                    + " database; not run");
        }
    }

    /** The AES key for {@link #seal}: HMAC of a fixed label under the fleet key, never the signing key itself. */
    private SecretKeySpec sealingKey() {
        return new SecretKeySpec(HexFormat.of().parseHex(sign("mailferry fleet sealing key v1")), "AES");
    }

    /** Fails (exit code 2: the fleet's configuration is wrong) unless {@code signature} is {@code plan}'s. */
    public void verify(String plan, String signature) {
        byte[] expected = sign(plan).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "the plan of this account is not signed with"
                    + " the fleet key " + file + ": it was written by another fleet (a different key) or altered in the"
                    + " job database; not run");
        }
    }
}
