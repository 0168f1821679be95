package org.mailferry.store;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** RFC 6154 special-use roles; folders with a role are mapped by role, not by name. */
public enum SpecialUse {
    ALL("\\All"), ARCHIVE("\\Archive"), DRAFTS("\\Drafts"), FLAGGED("\\Flagged"),
    JUNK("\\Junk"), SENT("\\Sent"), TRASH("\\Trash");

    private final String attribute;

    SpecialUse(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    /** The role named by a LIST attribute set, if any. */
    public static Optional<SpecialUse> fromAttributes(Collection<String> attributes) {
        for (String a : attributes) {
            for (SpecialUse u : values()) {
                if (u.attribute.equalsIgnoreCase(a)) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<SpecialUse> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
