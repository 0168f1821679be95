package org.mailferry.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.mailferry.provider.IdentityPlatform;

/** The values of {@code --oauth FLOW}: how a token is obtained, and from which identity platform. */
public enum OAuthFlow {
    DEVICE_CODE("device-code", IdentityPlatform.MICROSOFT),
    CLIENT_CREDENTIALS("client-credentials", IdentityPlatform.MICROSOFT),
    GOOGLE_REFRESH_TOKEN("google-refresh-token", IdentityPlatform.GOOGLE),
    GOOGLE_SERVICE_ACCOUNT("google-service-account", IdentityPlatform.GOOGLE);

    private final String optionValue;
    private final IdentityPlatform platform;

    OAuthFlow(String optionValue, IdentityPlatform platform) {
        this.optionValue = optionValue;
        this.platform = platform;
    }

    public String optionValue() {
        return optionValue;
    }

    public IdentityPlatform platform() {
        return platform;
    }

    public static Optional<OAuthFlow> parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.optionValue.equals(v)).findFirst();
    }

    /** "device-code, client-credentials, google-refresh-token or google-service-account". */
    public static String choices() {
        OAuthFlow[] all = values();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            sb.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].optionValue);
        }
        return sb.toString();
    }
}
